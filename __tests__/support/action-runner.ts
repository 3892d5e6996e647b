// Runs the shipped Action code the way Auth0 does (a CommonJS module whose `require` sees only
// the declared dependencies) against nock's mock of Auth0, on a virtual clock.
//
// Realm: the code, the SDK and nock run in Node's own context, outside jest's module sandbox.
// The SDK's CommonJS build requires openid-client, an ES module, which Node (>= 20.19, and
// Auth0's node22) loads but jest's require cannot; and fetch must be the one nock patches.
//
// Time: the code is evaluated with `setTimeout`, `clearTimeout` and `Date` bound to a
// VirtualClock, the way Node's module wrapper binds `require`. Nothing else is replaced: the
// SDK, fetch and nock run for real. The clock jumps to the next timer only when no reply is
// on its way (every request in flight is one the test made hang), so a 3 s timeout or a 2 s
// Retry-After takes no real time and cannot fire before a reply that is coming anyway.
import { isBuiltin } from "node:module";
import path from "node:path";
import vm from "node:vm";
import { inviteActionDependencies } from "../../lib/action";
import { shippedActionCode } from "./shipped";

/** The code under test: what the synthesized stack hands Auth0. */
export function actionCode(): string {
  return shippedActionCode();
}

const nodeGlobal = vm.runInThisContext("globalThis") as typeof globalThis;
// jest hands tests its own `module` builtin, whose createRequire is jest's require.
const nodeModule = nodeGlobal.process.getBuiltinModule(
  "node:module",
) as typeof import("node:module");
const nodeRequire = nodeModule.createRequire(path.join(process.cwd(), "package.json"));
const nock = nodeRequire("nock") as typeof import("nock");

export const TENANT = "example-dev.eu.auth0.com";
export const CLIENT_ID = "client-0123456789";
export const CONNECTION = "Username-Password-Authentication";
export const USER_ID = "auth0|665f1c0ffee0000000000001";
export const EMAIL = "New.User@Example.com";
export const CHANGE_PASSWORD = "/dbconnections/change_password";
/** Auth0's answer to a change-password request, whether or not the user exists. */
export const CONFIRMATION = "We've just sent you an email to reset your password.";

import type { RegistrationEvent } from "../../actions/auth0-event";

export type { RegistrationEvent };

/** A post-user-registration event for a new, unverified user of the database connection. */
export function registration(
  overrides: {
    user?: Partial<RegistrationEvent["user"]>;
    connection?: string;
    secrets?: Record<string, string | undefined>;
  } = {},
): RegistrationEvent {
  const secrets: Record<string, string | undefined> = {
    DOMAIN: TENANT,
    CLIENT_ID,
    CONNECTION_NAME: CONNECTION,
    ...overrides.secrets,
  };
  for (const [name, value] of Object.entries(secrets)) {
    if (value === undefined) delete secrets[name];
  }
  return {
    user: {
      user_id: USER_ID,
      email: EMAIL,
      email_verified: false,
      app_metadata: {},
      ...overrides.user,
    },
    connection: { name: overrides.connection ?? CONNECTION },
    secrets,
  };
}

type TimerCallback = () => void;

export class VirtualClock {
  now: number;
  private readonly timers = new Map<number, { at: number; callback: TimerCallback }>();
  private nextId = 1;

  constructor(start = Date.UTC(2026, 10, 27, 12, 0, 0)) {
    this.now = start;
  }

  readonly setTimeout = (callback: TimerCallback, ms = 0): number => {
    const id = this.nextId++;
    this.timers.set(id, { at: this.now + Math.max(0, ms), callback });
    return id;
  };

  readonly clearTimeout = (id: number | undefined): void => {
    if (id !== undefined) this.timers.delete(id);
  };

  get pendingTimers(): number {
    return this.timers.size;
  }

  /** Moves to the earliest timer and runs it; false when there is none. */
  fireNext(): boolean {
    let next: [number, { at: number; callback: TimerCallback }] | undefined;
    for (const entry of this.timers) {
      if (!next || entry[1].at < next[1].at) next = entry;
    }
    if (!next) return false;
    this.timers.delete(next[0]);
    this.now = Math.max(this.now, next[1].at);
    next[1].callback();
    return true;
  }
}

export type Reply =
  | { status: number; body?: string | Record<string, unknown>; headers?: Record<string, string> }
  /** The server accepts the request and never answers. */
  | { hang: true }
  /** The request fails below HTTP, e.g. ECONNREFUSED. */
  | { networkError: string };

export const sent: Reply = { status: 200, body: CONFIRMATION };

export interface RecordedRequest {
  /** Virtual milliseconds since the run started. */
  at: number;
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

export interface RunResult {
  outcome: "resolved" | "rejected";
  error?: Error;
  /** Each console call as "log: ..." or "error: ...". */
  logs: string[];
  requests: RecordedRequest[];
  /** Virtual milliseconds from invocation to settling. */
  elapsedMs: number;
}

/**
 * One invocation of the Action against a mock Auth0 answering with `replies` in order.
 * Also checks what must hold for every run: no request the mock did not expect, no unhandled
 * rejection, no timer left behind, every log line prefixed and free of the email address.
 */
export async function runAction(
  event: RegistrationEvent,
  replies: readonly Reply[] = [],
  code: string = actionCode(),
): Promise<RunResult> {
  const clock = new VirtualClock();
  const started = clock.now;
  const logs: string[] = [];
  const requests: RecordedRequest[] = [];
  const unexpected: string[] = [];
  const unhandled: unknown[] = [];
  let inFlight = 0;
  let hanging = 0;

  if (!nock.isActive()) nock.activate();
  nock.disableNetConnect();
  const scope = nock(`https://${TENANT}`);
  for (const reply of replies) {
    const interceptor = scope.post(CHANGE_PASSWORD);
    if ("hang" in reply) {
      interceptor.reply(() => {
        hanging++;
        return new Promise<never>(() => {});
      });
    } else if ("networkError" in reply) {
      // An Error of nock's realm: one from jest's would not pass nock's instanceof check.
      const error = new nodeGlobal.Error(`connect ${reply.networkError} ${TENANT}:443`);
      interceptor.replyWithError(Object.assign(error, { code: reply.networkError }));
    } else {
      interceptor.reply(reply.status, reply.body, reply.headers);
    }
  }
  scope.on("request", (req, _interceptor, body: string) => {
    requests.push({
      at: clock.now - started,
      method: req.method,
      path: req.path,
      headers: { ...req.headers },
      body: parseJson(body),
    });
  });
  const onNoMatch = (req: { method?: string; path?: string }) => {
    unexpected.push(`${req.method} ${req.path}`);
  };
  const onUnhandled = (reason: unknown) => {
    unhandled.push(reason);
  };
  nock.emitter.on("no match", onNoMatch);
  nodeGlobal.process.on("unhandledRejection", onUnhandled);

  const realFetch = nodeGlobal.fetch;
  nodeGlobal.fetch = async (input, init) => {
    inFlight++;
    try {
      const response = await realFetch(input, init);
      // Buffered before fetch resolves, as if the body came with the headers: otherwise the
      // clock could jump (and a timeout fire) while the body is still streaming in.
      const body = [101, 204, 205, 304].includes(response.status)
        ? null
        : await response.arrayBuffer();
      return new nodeGlobal.Response(body, response);
    } catch (error) {
      if (init?.signal?.aborted && hanging > 0) hanging--;
      throw error;
    } finally {
      inFlight--;
    }
  };

  let settled: { outcome: "resolved" } | { outcome: "rejected"; error: Error } | undefined;
  try {
    const handler = loadAction(code, clock, logs);
    handler(event, {}).then(
      () => {
        settled = { outcome: "resolved" };
      },
      (error: Error) => {
        settled = { outcome: "rejected", error };
      },
    );
    // Time moves only after a few turns of the event loop in which no reply was on its way,
    // so work that is merely queued (a body being read, a promise chain) finishes first.
    let quietTurns = 0;
    let idleTurns = 0;
    for (let turn = 0; settled === undefined; turn++) {
      if (turn > 20_000) throw new Error("the Action never settled: a reply never arrived");
      await new Promise((resolve) => setImmediate(resolve));
      if (settled !== undefined) break;
      quietTurns = inFlight > hanging ? 0 : quietTurns + 1;
      if (quietTurns < 3) continue;
      if (clock.fireNext()) {
        idleTurns = 0;
        quietTurns = 0;
      } else if (++idleTurns > 100) {
        throw new Error("the Action hangs: no request in flight and no timer pending");
      }
    }
    // A rejection nobody handles is reported after the turn it happens in.
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
  } finally {
    nodeGlobal.fetch = realFetch;
    nock.emitter.removeListener("no match", onNoMatch);
    nodeGlobal.process.removeListener("unhandledRejection", onUnhandled);
    nock.abortPendingRequests();
    nock.cleanAll();
    nock.enableNetConnect();
    // Leaves the worker's http and fetch as they were for whichever test file runs next.
    nock.restore();
  }

  const problems = [
    ...unexpected.map((r) => `unexpected request ${r}`),
    ...unhandled.map((r) => `unhandled rejection: ${String(r)}`),
    ...(clock.pendingTimers > 0 ? [`${clock.pendingTimers} timer(s) left pending`] : []),
    ...logs
      .filter((line) => !/^(log|error): send-invite: /.test(line))
      .map((line) => `log line without the send-invite: prefix: ${line}`),
    ...logs
      .filter((line) => line.toLowerCase().includes(EMAIL.toLowerCase()))
      .map((line) => `log line with the email address: ${line}`),
  ];
  if (problems.length > 0) throw new Error(problems.join("\n"));
  return { ...settled, logs, requests, elapsedMs: clock.now - started };
}

type Handler = (event: RegistrationEvent, api: unknown) => Promise<void>;

function loadAction(code: string, clock: VirtualClock, logs: string[]): Handler {
  const allowed = new Set(inviteActionDependencies().map((d) => d.name));
  // Auth0 installs only the declared dependencies; anything else must fail here as it would there.
  const actionRequire = (id: string): unknown => {
    const name = id.startsWith("@") ? id.split("/").slice(0, 2).join("/") : id.split("/")[0];
    if (!isBuiltin(id) && !allowed.has(name)) {
      throw new Error(`the Action requires ${id}, which is not a declared dependency`);
    }
    return nodeRequire(id);
  };
  const record =
    (level: string) =>
    (...args: unknown[]) =>
      logs.push(`${level}: ${args.map(String).join(" ")}`);
  const console = {
    log: record("log"),
    info: record("log"),
    warn: record("error"),
    error: record("error"),
  };
  // Date keeps its behaviour except that "now" is the clock's.
  const VirtualDate = class extends Date {
    static override now() {
      return clock.now;
    }
  };
  const module = { exports: {} as { onExecutePostUserRegistration?: Handler } };
  const evaluate = vm.compileFunction(code, [
    "exports",
    "require",
    "module",
    "console",
    "setTimeout",
    "clearTimeout",
    "Date",
  ]);
  evaluate(
    module.exports,
    actionRequire,
    module,
    console,
    clock.setTimeout,
    clock.clearTimeout,
    VirtualDate,
  );
  const handler = module.exports.onExecutePostUserRegistration;
  if (typeof handler !== "function") {
    throw new Error("the Action code does not export onExecutePostUserRegistration");
  }
  return handler;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
