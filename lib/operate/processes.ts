// The one way this program starts processes (terraform, the stand-in's host) and the one place
// that ends them: no child or registered folder outlives this process, however it exits. The
// exit hook is installed by the first of them, never on import.
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";

export type Env = Readonly<Record<string, string | undefined>>;

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
 * Starts `command` with exactly `env`. Without `input` stdin stays open, so that a child that
 * watches it sees it close when this process is gone. `ownGroup`: a terminal's Ctrl-C, which
 * signals the foreground group, reaches only this process, which decides what the child is
 * sent; the group is ended as a whole. `endWith`: the signal that ends it at this exit.
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
 * Runs terraform in `dir` with exactly `env`, collecting its output. `timeoutMs`: a run that
 * outlives it is killed and reported, never a hang; 0 for none (an operator's plan or apply).
 * Each of `interrupts`, aborted, sends terraform SIGINT (once: stop gracefully; twice: at
 * once); it then runs in a group of its own, so that a terminal's Ctrl-C is not a second one.
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
