// The one way this program starts other processes (terraform, the stand-in provider's host),
// and the one place that ends them: whatever way this process exits, no child it started
// outlives it, and no folder it registered is left behind. The exit hook is installed by the
// first child or folder, never on import.
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";

type Env = Readonly<Record<string, string | undefined>>;

export const terraformMissing = (binary: string) =>
  `${binary} was not found on PATH: install Terraform >= 1.11 (or OpenTofu >= 1.11 and set TERRAFORM_BINARY_NAME=tofu)`;

export class TerraformNotFound extends Error {}

export interface TerraformResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const atExit = new Set<() => void>();
let hooked = false;

/** Runs `cleanup` when this process exits, unless the returned function is called first. */
export function untilExit(cleanup: () => void): () => void {
  if (!hooked) process.once("exit", endEverything);
  hooked = true;
  atExit.add(cleanup);
  return () => atExit.delete(cleanup);
}

/** What this process's exit does: ends every child it started and removes its folders. */
export function endEverything(): void {
  for (const cleanup of atExit) {
    try {
      cleanup();
    } catch {
      // Already gone.
    }
  }
  atExit.clear();
}

/**
 * Starts `command` with exactly `env` (nothing inherited), its output piped. `input`: what it
 * reads on stdin, after which its input ends; without it stdin stays open, so that a child
 * that ends itself when this process is gone sees the pipe close. `ownGroup`: a process group
 * of its own, so that a terminal's Ctrl-C, which signals the whole foreground group, reaches
 * only this process, which decides what the child is sent; it is ended with all it started
 * (Windows has no process groups). `endWith`: the signal that ends it when this process exits.
 */
export function startProcess(
  command: string,
  args: readonly string[],
  options: {
    env: Env;
    cwd?: string;
    input?: string;
    ownGroup?: boolean;
    endWith?: NodeJS.Signals;
  },
): ChildProcessWithoutNullStreams {
  const ownGroup = (options.ownGroup ?? false) && process.platform !== "win32";
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env as NodeJS.ProcessEnv,
    stdio: "pipe",
    detached: ownGroup,
  });
  // A child that exits without reading its input must not fail this process (EPIPE).
  child.stdin.on("error", () => undefined);
  if (options.input !== undefined) child.stdin.end(options.input);
  const signal = options.endWith ?? "SIGKILL";
  const forget = untilExit(() => {
    if (ownGroup && child.pid !== undefined) process.kill(-child.pid, signal);
    else child.kill(signal);
  });
  child.once("error", forget);
  child.once("close", forget);
  return child;
}

/**
 * Runs terraform in `dir` with exactly `env` (nothing inherited), collecting its output.
 * `input`: what it reads on stdin (`console` reads expressions there). `timeoutMs`: a run
 * that outlives it is killed and reported as such, never a hang; 0 for none (an operator's
 * plan or apply takes as long as it takes). `onStdout`/`onStderr` see the output as it comes.
 * Each of `interrupts`, aborted, asks terraform to stop (SIGINT): once, gracefully; twice, at
 * once. Terraform then runs in a group of its own, so it hears of an interrupt from here
 * alone, once per interrupt (a terminal's Ctrl-C reaching it too would be its second).
 */
export function runTerraform(
  binary: string,
  dir: string,
  args: readonly string[],
  env: Env,
  {
    input = "",
    timeoutMs = 120_000,
    onStdout,
    onStderr,
    interrupts = [],
  }: {
    input?: string;
    timeoutMs?: number;
    onStdout?: (text: string) => void;
    onStderr?: (text: string) => void;
    interrupts?: readonly (AbortSignal | undefined)[];
  } = {},
): Promise<TerraformResult> {
  return new Promise((resolve, reject) => {
    const child = startProcess(binary, [`-chdir=${dir}`, ...args], {
      env,
      input,
      ownGroup: interrupts.length > 0,
    });
    const forward = () => child.kill("SIGINT");
    for (const signal of interrupts) signal?.addEventListener("abort", forward, { once: true });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      onStdout?.(chunk.toString());
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      onStderr?.(chunk.toString());
    });
    const timer =
      timeoutMs === 0
        ? undefined
        : setTimeout(() => {
            stderr += `\n${binary} ${args[0]} did not finish within ${timeoutMs / 1000} s and was stopped\n`;
            child.kill("SIGKILL");
          }, timeoutMs);
    const done = () => {
      clearTimeout(timer);
      for (const signal of interrupts) signal?.removeEventListener("abort", forward);
    };
    child.on("error", (error: NodeJS.ErrnoException) => {
      done();
      reject(error.code === "ENOENT" ? new TerraformNotFound(terraformMissing(binary)) : error);
    });
    child.on("close", (code, signal) => {
      done();
      resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr });
    });
  });
}
