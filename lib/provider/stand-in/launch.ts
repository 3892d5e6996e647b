import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export interface StandInProvider {
  /** The simulated tenant it serves. */
  readonly tenantFile: string;
  /** Environment for every Terraform run that should use the stand-in. */
  readonly env: Readonly<Record<string, string>>;
  /** What the provider wrote to stderr: its log, and the reason when it died. */
  stderr(): string;
  /** Ends the process and removes its socket; safe to call twice. */
  stop(): Promise<void>;
}

const live = new Set<() => void>();
// Whatever way this process ends, no provider it started outlives it.
process.once("exit", () => {
  for (const kill of live) kill();
});

/**
 * Starts the stand-in auth0 provider on a fresh unix socket, serving `tenantFile`. Resolves
 * once Terraform can attach (TF_REATTACH_PROVIDERS): no registry, no lock-file entry.
 */
export async function startStandInProvider(
  root: string,
  tenantFile: string,
  { timeoutMs = 15_000 }: { timeoutMs?: number } = {},
): Promise<StandInProvider> {
  const dir = mkdtempSync(path.join(tmpdir(), "auth0-stand-in-"));
  const socket = path.join(dir, "provider.sock");
  const child: ChildProcess = spawn(
    process.execPath,
    [
      path.join(root, "scripts", "run.mjs"),
      "scripts/stand-in-provider.ts",
      "--tenant",
      tenantFile,
      "--socket",
      socket,
    ],
    { cwd: root, stdio: ["pipe", "pipe", "pipe"], env: { ...process.env, NODE_OPTIONS: "" } },
  );
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const kill = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  };
  live.add(kill);

  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null) resolve();
    else child.once("exit", () => resolve());
  });
  const stop = async () => {
    live.delete(kill);
    if (child.exitCode === null && child.signalCode === null) {
      child.stdin?.end();
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 2_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };

  const reattach = await new Promise<string>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => fail(`did not start within ${timeoutMs} ms`), timeoutMs);
    const fail = (why: string) => {
      clearTimeout(timer);
      void stop().then(() => reject(new Error(`the stand-in auth0 provider ${why}\n${stderr}`)));
    };
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const newline = out.indexOf("\n");
      if (newline >= 0) {
        clearTimeout(timer);
        resolve(out.slice(0, newline));
      }
    });
    child.once("exit", (code, signal) =>
      fail(`exited before it was ready (${signal ?? `exit ${code}`})`),
    );
    child.once("error", (error) => fail(`could not be started: ${error.message}`));
  });

  return {
    tenantFile,
    env: { TF_REATTACH_PROVIDERS: reattach },
    stderr: () => stderr,
    stop,
  };
}
