import { type ChildProcess, type ChildProcessByStdio, spawn } from "node:child_process";
import type { Readable, Writable } from "node:stream";

export const terraformMissing = (binary: string) =>
  `${binary} was not found on PATH: install Terraform >= 1.11 (or OpenTofu >= 1.11 and set TERRAFORM_BINARY_NAME=tofu)`;

export class TerraformNotFound extends Error {}

export interface TerraformResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Every terraform this process started and that is still running: in its own group or not. */
const running = new Map<ChildProcess, { ownGroup: boolean }>();
/** Ends every terraform this process started (Ctrl-C, a test's timeout, this process's exit). */
export function killTerraforms(): void {
  for (const [child, { ownGroup }] of running) {
    try {
      // A terraform in a group of its own goes with the providers it started.
      if (ownGroup && child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
      else child.kill("SIGKILL");
    } catch {
      // Already gone.
    }
  }
}
process.once("exit", killTerraforms);

/**
 * Starts terraform in `dir` with exactly `env` (nothing inherited), its output piped. It is
 * killed if this process exits first. `ownGroup` starts it in a process group of its own, so
 * that a terminal's Ctrl-C, which signals the whole foreground group, reaches only this
 * process, which then decides what terraform is sent. (Windows has no process groups, and no
 * signals to pass on: there it runs as any other child.)
 */
export function startTerraform(
  binary: string,
  dir: string,
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  options: { ownGroup?: boolean; input?: string } = {},
): ChildProcessByStdio<Writable | null, Readable, Readable> {
  const ownGroup = (options.ownGroup ?? false) && process.platform !== "win32";
  const child = spawn(binary, [`-chdir=${dir}`, ...args], {
    env: env as NodeJS.ProcessEnv,
    stdio: [options.input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
    detached: ownGroup,
  }) as ChildProcessByStdio<Writable | null, Readable, Readable>;
  if (options.input !== undefined && child.stdin) {
    // A terraform that exits without reading its input must not fail this process (EPIPE).
    child.stdin.on("error", () => undefined);
    child.stdin.end(options.input);
  }
  running.set(child, { ownGroup });
  const forget = () => running.delete(child);
  child.once("error", forget);
  child.once("close", forget);
  return child;
}

/**
 * Runs terraform in `dir` with exactly `env` (nothing inherited), collecting its output;
 * `input` is what it reads on stdin (`console` reads expressions there), else nothing.
 * A run that outlives `timeoutMs` is killed and reported as such: never a hang.
 */
export function runTerraform(
  binary: string,
  dir: string,
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  { timeoutMs = 120_000, input }: { timeoutMs?: number; input?: string } = {},
): Promise<TerraformResult> {
  return new Promise((resolve, reject) => {
    const child = startTerraform(binary, dir, args, env, { input });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const timer = setTimeout(() => {
      stderr += `\n${binary} ${args[0]} did not finish within ${timeoutMs / 1000} s and was stopped\n`;
      child.kill("SIGKILL");
    }, timeoutMs);
    child.on("error", (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(error.code === "ENOENT" ? new TerraformNotFound(terraformMissing(binary)) : error);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr });
    });
  });
}
