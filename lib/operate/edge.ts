// Where a command meets the process: commands take a CommandIo and resolve with an exit code;
// scripts/*.ts hand them the real process (runFromProcess), tests strings and signals of their own.
import { createInterface } from "node:readline/promises";
import { Command, CommanderError } from "commander";
import type { Env } from "./processes";

/** Where a command writes: its output, and its errors and progress. */
export interface Output {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

/** What a command that runs terraform or the stand-in gets from the process that runs it. */
export interface CommandIo extends Output {
  readonly env: Env;
  /** What relative paths, environments/, cdktf.out/ and the committed lock file resolve against. */
  readonly cwd: string;
  /** The repository root (provider-schema/, scripts/run.mjs). @default cwd */
  readonly root?: string;
  /** Undefined when nobody can answer (CI, no TTY). */
  readonly ask?: (question: string) => Promise<string>;
  /** The first interrupt (its reason the signal's name): terraform is asked to stop gracefully. */
  readonly interrupt?: AbortSignal;
  /** A later interrupt: terraform is asked again, which makes it stop at once. */
  readonly interruptAgain?: AbortSignal;
}

/**
 * Repeats this soon are the same interrupt: under `npm run` one Ctrl-C reaches the script
 * twice, from the terminal (which signals the foreground group) and forwarded by npm.
 */
export const SAME_INTERRUPT_MS = 1_000;

/** Turns the signals given to `receive` into `interrupt`, then `interruptAgain`. */
export function interrupts(now: () => number = () => performance.now()) {
  const first = new AbortController();
  const again = new AbortController();
  let firstAt = 0;
  return {
    interrupt: first.signal,
    interruptAgain: again.signal,
    receive: (signal: NodeJS.Signals) => {
      if (!first.signal.aborted) {
        firstAt = now();
        first.abort(signal);
      } else if (now() - firstAt >= SAME_INTERRUPT_MS) {
        again.abort(signal);
      }
    },
  };
}

/**
 * Runs `command` with this process's arguments, environment, terminal and signals. Ctrl-C and
 * SIGTERM abort `io.interrupt` instead of ending the process, so that plan and apply can stop
 * terraform and delete the saved plan. A command that touches nothing real names itself in
 * `stopsAtOnce`: the first interrupt ends the process, and with it all it started.
 */
export function runFromProcess(
  command: (argv: readonly string[], io: CommandIo) => Promise<number>,
  stopsAtOnce?: string,
): void {
  const received = interrupts();
  process.on("SIGINT", received.receive);
  process.on("SIGTERM", received.receive);
  if (stopsAtOnce !== undefined) {
    received.interrupt.addEventListener("abort", () => {
      process.stderr.write(
        `\n${stopsAtOnce}: stopped (${received.interrupt.reason}); nothing real was touched\n`,
      );
      process.exit(130);
    });
  }
  const interactive = Boolean(process.stdin.isTTY) && !process.env.CI;
  exitWhenDone(
    command(process.argv.slice(2), {
      env: process.env,
      cwd: process.cwd(),
      ...processOutput,
      ask: interactive
        ? async (question) => {
            const rl = createInterface({ input: process.stdin, output: process.stdout });
            // While readline reads the terminal, Ctrl-C comes to it as a key, not as a signal.
            rl.on("SIGINT", () => {
              process.stdout.write("\n");
              received.receive("SIGINT");
            });
            try {
              return await rl.question(question, { signal: received.interrupt });
            } finally {
              rl.close();
            }
          }
        : undefined,
      interrupt: received.interrupt,
      interruptAgain: received.interruptAgain,
    }),
  );
}

/**
 * Exits with the code `run` resolves with (1 when it throws) once the output is written: the
 * auth0 SDK leaves its request timer running when a request fails in transport, which would
 * keep the process alive for its timeout after the report.
 */
export function exitWhenDone(run: Promise<number>): void {
  run.then(
    (code) => process.stdout.write("", () => process.stderr.write("", () => process.exit(code))),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}

/** What to run, or the exit code when there is nothing to: help printed (0), bad usage (2). */
export type Parsed<T> = { kind: "run"; request: T } | { kind: "exit"; code: 0 | 2 };

/**
 * Parses `argv` with `program`: `--help` prints `usage` to `out` (exit 0), a usage error the
 * message and `usage` to `err` (exit 2). `read` makes the request, or calls `program.error`.
 */
export function parseCommandLine<T>(
  program: Command,
  argv: readonly string[],
  io: Output,
  usage: string,
  read: () => T,
): Parsed<T> {
  program
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .configureHelp({ formatHelp: () => `${usage}\n` })
    .showHelpAfterError()
    .helpCommand(false);
  try {
    refuseValuesLikeOptions(program, argv);
    program.parse([...argv], { from: "user" });
    return { kind: "run", request: read() };
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    return { kind: "exit", code: error.exitCode === 0 ? 0 : 2 };
  }
}

/**
 * Commander would read `--summary-file --yes` as the file `--yes` and drop the flag; as with
 * node's parseArgs before it, a value that looks like an option must be written `--opt=value`.
 */
function refuseValuesLikeOptions(program: Command, argv: readonly string[]): void {
  for (const [i, arg] of argv.entries()) {
    if (arg === "--") return;
    const option = program.options.find((o) => o.required && (arg === o.long || arg === o.short));
    const value = argv[i + 1];
    if (option && value?.startsWith("-") && value !== "-") {
      program.error(
        `error: option '${option.flags}' is missing its value ('${value}' is an option; write ${arg}=${value} if it is the value)`,
        { code: "commander.optionMissingArgument" },
      );
    }
  }
}

export const processOutput: Output = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

/** parseCommandLine of this process's arguments: the request, or the process exits. */
export function parseProcessArguments<T>(program: Command, usage: string, read: () => T): T {
  const parsed = parseCommandLine(program, process.argv.slice(2), processOutput, usage, read);
  if (parsed.kind === "exit") process.exit(parsed.code);
  return parsed.request;
}

/** For a script that takes no arguments: `--help` prints `usage`, anything else is bad usage. */
export const takeNoArguments = (usage: string) =>
  parseProcessArguments(new Command(), usage, () => undefined);

/**
 * Runs `work` on each item, `jobs` at a time, each item's output held until those before it
 * have printed: parallel runs read like one after the other. Once `work` throws, no further
 * item starts, and the first error is thrown when the started ones are done.
 */
export async function inOrder<T, R>(
  items: readonly T[],
  jobs: number,
  io: CommandIo,
  work: (item: T, io: CommandIo) => Promise<R>,
): Promise<R[]> {
  const outputs = items.map(() => ({
    live: false,
    done: false,
    held: [] as [keyof Output, string][],
  }));
  // Everything up to the first unfinished item is printed; that one prints live.
  const advance = () => {
    for (const output of outputs) {
      if (!output.live) for (const [stream, text] of output.held.splice(0)) io[stream](text);
      output.live = true;
      if (!output.done) break;
    }
  };
  const ios = outputs.map((output): CommandIo => {
    const write = (stream: keyof Output) => (text: string) => {
      if (output.live) io[stream](text);
      else output.held.push([stream, text]);
    };
    return { ...io, out: write("out"), err: write("err") };
  });
  advance();
  const results: R[] = [];
  let failure: { error: unknown } | undefined;
  let next = 0;
  const worker = async () => {
    while (failure === undefined && next < items.length) {
      const i = next++;
      try {
        results[i] = await work(items[i], ios[i]);
      } catch (error) {
        failure ??= { error };
      }
      outputs[i].done = true;
      advance();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(jobs, items.length)) }, worker));
  if (failure) throw failure.error;
  return results;
}
