import { type ChildProcess, spawn } from "node:child_process";

export const terraformMissing = (binary: string) =>
  `${binary} was not found on PATH: install Terraform >= 1.11 (or OpenTofu >= 1.11 and set TERRAFORM_BINARY_NAME=tofu)`;

export class TerraformNotFound extends Error {}

export interface TerraformResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const running = new Set<ChildProcess>();
/** Ends every terraform this process started (Ctrl-C, a test's timeout). */
export function killTerraforms(): void {
  for (const child of running) child.kill("SIGKILL");
}
process.once("exit", killTerraforms);

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
    const child = spawn(binary, [`-chdir=${dir}`, ...args], {
      env: env as NodeJS.ProcessEnv,
      stdio: ["pipe", "pipe", "pipe"],
    });
    // A terraform that exits without reading its input must not fail this process (EPIPE).
    child.stdin.on("error", () => undefined);
    child.stdin.end(input ?? "");
    running.add(child);
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
      running.delete(child);
      reject(error.code === "ENOENT" ? new TerraformNotFound(terraformMissing(binary)) : error);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      running.delete(child);
      resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr });
    });
  });
}
