import type { ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { connect, type Socket } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { startProcess, untilExit } from "../../operate/processes";

export interface StandInProvider {
  /** The simulated tenant it serves. */
  readonly tenantFile: string;
  /** Environment for every Terraform run that should use the stand-in. */
  readonly env: Readonly<Record<string, string>>;
  /** What the provider logged for this tenant, and the reason when it died. */
  stderr(): string;
  /** Ends this provider (its socket and folder); safe to call twice. */
  stop(): Promise<void>;
}

export interface StandInOptions {
  /**
   * A stand-in process of its own, ended by `stop()`, instead of a session of the process's
   * shared host. For a tenant file with a "crash" fault, or to watch the process itself.
   * @default false
   */
  readonly dedicated?: boolean;
  /** A ceiling for a hang, not a budget. @default 60_000 */
  readonly timeoutMs?: number;
}

/**
 * Where hosts shared beyond one process are kept: a folder whose `host-<key>.sock` are the
 * control sockets of running hosts. The jest global setup sets it, so that every test file of
 * one worker talks to one host (see `__tests__/support/global-setup.ts`).
 */
export const SHARED_HOSTS_ENV = "AUTH0_STAND_IN_HOSTS";

interface Host {
  readonly control: string;
  /** Ends a dedicated host, and removes the folder of its control socket. */
  readonly end?: () => Promise<void>;
  stderr(): string;
}

let hostOfThisProcess: Promise<Host> | undefined;

/**
 * Starts a stand-in auth0 provider serving `tenantFile` and resolves once Terraform can attach
 * to it (TF_REATTACH_PROVIDERS): no registry, no lock-file entry. By default it is a session of
 * the one stand-in process this process (or this jest worker) shares, with a socket and a
 * tenant file of its own.
 */
export async function startStandInProvider(
  root: string,
  tenantFile: string,
  { dedicated = false, timeoutMs = 60_000 }: StandInOptions = {},
): Promise<StandInProvider> {
  const host = dedicated
    ? await startHost(root, ownControlPath(), timeoutMs, "dedicated")
    : await sharedHost(root, timeoutMs);
  let log = "";
  const connection = await openSession(host, tenantFile, timeoutMs, (line) => {
    log += `${line}\n`;
  });
  const closed = new Promise<void>((resolve) => connection.socket.once("close", () => resolve()));
  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= (async () => {
      // Unref'd while open (see openSession); closing it is work this process waits for.
      connection.socket.ref();
      connection.socket.end();
      await closed;
      await host.end?.();
    })();
    return stopped;
  };
  return {
    tenantFile,
    env: { TF_REATTACH_PROVIDERS: connection.reattach },
    stderr: () => log + host.stderr(),
    stop,
  };
}

function ownControlPath(): string {
  return path.join(mkdtempSync(path.join(tmpdir(), "auth0-stand-in-host-")), "control.sock");
}

/**
 * The host this process shares: the jest worker's, or one started for this process; looked up
 * once per process (once per test file under jest).
 */
function sharedHost(root: string, timeoutMs: number): Promise<Host> {
  const folder = process.env[SHARED_HOSTS_ENV];
  hostOfThisProcess ??= (
    folder
      ? workerHost(root, folder, timeoutMs)
      : startHost(root, ownControlPath(), timeoutMs, "process")
  ).catch((error: unknown) => {
    hostOfThisProcess = undefined;
    throw error;
  });
  return hostOfThisProcess;
}

/**
 * The host of this jest worker: found by its control socket, or started when there is none
 * yet (the first test file of the worker that needs one). It outlives the test file that
 * started it; it ends with the worker, or with the global teardown.
 */
async function workerHost(root: string, folder: string, timeoutMs: number): Promise<Host> {
  mkdirSync(folder, { recursive: true });
  const control = path.join(folder, `host-${process.env.JEST_WORKER_ID ?? process.pid}.sock`);
  if (await answers(control)) return { control, stderr: () => "" };
  return startHost(root, control, timeoutMs, "worker");
}

function answers(control: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(control);
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/**
 * Starts a host process listening on `control`. Whose it is decides how it ends: a dedicated
 * host is ended by its provider's `stop()`; the process's own host when this process exits;
 * a worker's host when the worker exits (its stdin closes), after the test file that started
 * it is long gone.
 */
async function startHost(
  root: string,
  control: string,
  timeoutMs: number,
  owner: "dedicated" | "process" | "worker",
): Promise<Host> {
  rmSync(control, { force: true });
  // The host is lib/provider/stand-in/main.ts, run as every entry point is. Whatever way this
  // process ends, the host ends too (SIGTERM lets it remove its sessions' sockets); a worker's
  // host also ends by itself when the worker is gone.
  const child = startProcess(
    process.execPath,
    [
      path.join(root, "scripts", "run.mjs"),
      path.join(root, "lib", "provider", "stand-in", "main.ts"),
      "--control",
      control,
    ],
    { cwd: root, env: { ...process.env, NODE_OPTIONS: "" }, endWith: "SIGTERM" },
  );
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const removeDir = () => rmSync(path.dirname(control), { recursive: true, force: true });
  const forget = owner === "worker" ? () => false : untilExit(removeDir);
  await new Promise<void>((resolve, reject) => {
    let out = "";
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(new Error(`the stand-in auth0 provider ${why}\n${stderr}`));
    };
    const timer = setTimeout(() => fail(`did not start within ${timeoutMs} ms`), timeoutMs);
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes("\n")) {
        clearTimeout(timer);
        child.removeAllListeners("exit");
        resolve();
      }
    });
    child.once("exit", (code, signal) =>
      fail(`exited before it was ready (${signal ?? `exit ${code}`})`),
    );
    child.once("error", (error) => fail(`could not be started: ${error.message}`));
  });
  if (owner === "dedicated") {
    const end = async () => {
      await endHost(child);
      forget();
      removeDir();
    };
    return { control, end, stderr: () => stderr };
  }
  // A shared host must not keep this process (or the jest worker) running once its own work
  // is done.
  child.unref();
  for (const stream of [child.stdin, child.stdout, child.stderr]) {
    (stream as unknown as { unref?: () => void } | null)?.unref?.();
  }
  return { control, stderr: () => stderr };
}

async function endHost(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.stdin?.end();
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 2_000);
  await exited;
  clearTimeout(timer);
}

function openSession(
  host: Host,
  tenantFile: string,
  timeoutMs: number,
  log: (line: string) => void,
): Promise<{ socket: Socket; reattach: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(host.control);
    let buffered = "";
    let settled = false;
    const fail = (why: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      reject(new Error(`the stand-in auth0 provider ${why}\n${host.stderr()}`));
    };
    const timer = setTimeout(() => fail(`did not answer within ${timeoutMs} ms`), timeoutMs);
    socket.on("data", (chunk: Buffer) => {
      buffered += chunk.toString();
      let newline = buffered.indexOf("\n");
      while (newline >= 0) {
        const message = JSON.parse(buffered.slice(0, newline)) as {
          reattach?: object;
          log?: string;
          error?: string;
        };
        buffered = buffered.slice(newline + 1);
        newline = buffered.indexOf("\n");
        if (message.log !== undefined) log(message.log);
        else if (message.error !== undefined) fail(`refused the tenant: ${message.error}`);
        else if (message.reattach && !settled) {
          settled = true;
          clearTimeout(timer);
          resolve({ socket, reattach: JSON.stringify(message.reattach) });
        }
      }
    });
    socket.once("error", (error) => fail(`is not reachable: ${error.message}`));
    socket.once("close", () => fail("closed the session before it was ready"));
    socket.once("connect", () => socket.write(`${JSON.stringify({ tenant: tenantFile })}\n`));
    // An open session keeps nothing running (a test that never stops it must not keep its
    // jest worker from ending): the terraform runs and the timer above are the work.
    socket.unref();
  });
}
