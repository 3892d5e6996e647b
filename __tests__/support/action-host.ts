// The program that runs an Action's code for the tests, under Node 22 as Auth0 does, whatever
// Node jest runs on. action-runner.ts starts one per test file:
//
//   fork("scripts/run.mjs", ["__tests__/support/action-host.ts", root], { execPath: node22 })
//
// and sends it one HostRequest at a time over the IPC channel; each gets one HostResponse. On
// start the host sends { type: "ready", nodeVersion }.
//
// A run evaluates the code string as Node's module wrapper would a CommonJS file, with
// `exports, require, module, console, setTimeout, clearTimeout, Date` bound: `require` sees
// Node's builtins and the declared dependencies only, console is recorded, and the timers and
// Date are a virtual clock. Requests go to nock's mock of Auth0 (nock is the repository's,
// required here, in this process). Nothing else is replaced: fetch, AbortController and nock
// run for real. The clock jumps to the next timer only when no reply is on its way (every
// request in flight is one the test made hang), so a 3 s timeout or a 2 s Retry-After takes no
// real time and cannot fire before a reply that is coming anyway.
//
// Also reported as problems (the runner fails the run on any): a request the mock did not
// expect, an unhandled rejection, an exception thrown by a timer callback, a timer left
// pending, a log line without the Action's prefix or with the user's email address, and any
// use of the `api` object beyond what the trigger allows (post-login: api.access.deny).
import { createRequire, isBuiltin } from "node:module";
import path from "node:path";
import vm from "node:vm";

export type Trigger = "post-user-registration" | "post-login";

export type Reply =
  | { status: number; body?: string | Record<string, unknown>; headers?: Record<string, string> }
  /** The server accepts the request and never answers. */
  | { hang: true }
  /** The request fails below HTTP, e.g. ECONNREFUSED. */
  | { networkError: string }
  /** The status and headers arrive, the body never does (until the request is aborted). */
  | { status: number; headers?: Record<string, string>; stalledBody: true };

/** Marks a mocked reply whose body the fetch below replaces with one that never arrives. */
const STALL_HEADER = "x-test-stalled-body";

export interface RecordedRequest {
  /** Virtual milliseconds since the run started. */
  at: number;
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

export interface HostRequest {
  type: "run";
  id: number;
  trigger: Trigger;
  /** The built CommonJS code, as Auth0 receives it. */
  code: string;
  /** Package names the Action declares (Auth0 installs these); resolved from the repository. */
  dependencies: readonly string[];
  /** Every log line must start with this, e.g. "send-invite:". */
  logPrefix: string;
  event: unknown;
  /** The mocked endpoint: POSTs to it get `replies`, in order; every other request is unexpected. */
  mock: { origin: string; path: string; replies: readonly Reply[] };
}

export interface HostRunResult {
  outcome: "resolved" | "rejected";
  error?: { name: string; message: string; stack?: string };
  /** Each console call as "log: ..." or "error: ...". */
  logs: string[];
  requests: RecordedRequest[];
  /** Virtual milliseconds from invocation to settling. */
  elapsedMs: number;
  /** The reasons passed to api.access.deny, in order. */
  denied: string[];
  /** What api.user.setAppMetadata set, key by key, in order (Auth0 saves it after the Action). */
  appMetadata: [key: string, value: unknown][];
  /** What must not happen in any run; empty when nothing did. */
  problems: string[];
  /** This process's `process.version`. */
  nodeVersion: string;
}

export type HostResponse =
  | { type: "ready"; nodeVersion: string }
  | { type: "result"; id: number; result: HostRunResult }
  /** The run could not be carried out (the code does not load, the Action never settles...). */
  | { type: "failed"; id: number; message: string };

const HANDLERS: Record<Trigger, string> = {
  "post-user-registration": "onExecutePostUserRegistration",
  "post-login": "onExecutePostLogin",
};

/** The members of `api` each trigger's Action may use; anything else is a problem. */
const API_MEMBERS: Record<Trigger, Record<string, readonly string[]>> = {
  "post-user-registration": {},
  "post-login": { access: ["deny"], user: ["setAppMetadata"] },
};

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

type Handler = (event: unknown, api: unknown) => Promise<void>;
type ModuleFunction = (...bindings: unknown[]) => void;

/** What the current run collects from listeners that live as long as the process. */
interface RunState {
  clock: VirtualClock;
  started: number;
  requests: RecordedRequest[];
  unexpected: string[];
  unhandled: unknown[];
  inFlight: number;
  hanging: number;
}

export function startHost(root: string): void {
  const requireFromRoot = createRequire(path.join(root, "package.json"));
  const nock = requireFromRoot("nock") as typeof import("nock");
  if (!nock.isActive()) nock.activate();
  nock.disableNetConnect();

  let current: RunState | undefined;
  nock.emitter.on("no match", (req: { method?: string; path?: string; host?: string }) => {
    current?.unexpected.push(`${req.method} ${req.host ?? ""}${req.path}`);
  });
  process.on("unhandledRejection", (reason) => {
    current?.unhandled.push(reason);
  });

  // Counts what is in flight, so the clock knows whether a reply is on its way. The body is
  // buffered before fetch resolves, as if it came with the headers: otherwise the clock could
  // jump (and a timeout fire) while the body is still streaming in.
  const nockedFetch = globalThis.fetch;
  globalThis.fetch = async (input, init) => {
    const run = current;
    if (run) run.inFlight++;
    try {
      const response = await nockedFetch(input, init);
      // Awaited here, so it still counts as in flight while nock's body is read.
      if (response.headers.has(STALL_HEADER)) return await stalledBody(response, run, init?.signal);
      const body = [101, 204, 205, 304].includes(response.status)
        ? null
        : await response.arrayBuffer();
      return new Response(body, response);
    } catch (error) {
      if (run && init?.signal?.aborted && run.hanging > 0) run.hanging--;
      throw error;
    } finally {
      if (run) run.inFlight--;
    }
  };

  // The response with a body that hangs like a request nobody answers (so the clock may move
  // on) and fails, as fetch's own body does, when the request's signal aborts.
  async function stalledBody(
    response: Response,
    run: RunState | undefined,
    signal: AbortSignal | null | undefined,
  ): Promise<Response> {
    await response.arrayBuffer();
    const headers = new Headers(response.headers);
    headers.delete(STALL_HEADER);
    let waiting = true;
    const settle = () => {
      if (run && waiting) run.hanging--;
      waiting = false;
    };
    if (run) run.hanging++;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        signal?.addEventListener(
          "abort",
          () => {
            settle();
            controller.error(signal.reason);
          },
          { once: true },
        );
      },
      cancel: settle,
    });
    return new Response(body, { status: response.status, headers });
  }

  const compiled = new Map<string, ModuleFunction>();

  async function run(request: HostRequest): Promise<HostRunResult> {
    const clock = new VirtualClock();
    const state: RunState = {
      clock,
      started: clock.now,
      requests: [],
      unexpected: [],
      unhandled: [],
      inFlight: 0,
      hanging: 0,
    };
    const logs: string[] = [];
    const timerErrors: unknown[] = [];
    const { api, denied, appMetadata, misuse } = recordingApi(request.trigger);

    const scope = nock(request.mock.origin);
    for (const reply of request.mock.replies) {
      const interceptor = scope.post(request.mock.path);
      if ("hang" in reply) {
        interceptor.reply(() => {
          state.hanging++;
          return new Promise<never>(() => {});
        });
      } else if ("stalledBody" in reply) {
        interceptor.reply(reply.status, "", { ...reply.headers, [STALL_HEADER]: "1" });
      } else if ("networkError" in reply) {
        const host = new URL(request.mock.origin).host;
        const error = new Error(`connect ${reply.networkError} ${host}:443`);
        interceptor.replyWithError(Object.assign(error, { code: reply.networkError }));
      } else {
        interceptor.reply(reply.status, reply.body, reply.headers);
      }
    }
    scope.on("request", (req, _interceptor, body: string) => {
      state.requests.push({
        at: clock.now - state.started,
        method: req.method,
        path: req.path,
        headers: { ...req.headers },
        body: parseJson(body),
      });
    });

    current = state;
    let settled: { outcome: "resolved" } | { outcome: "rejected"; error: unknown } | undefined;
    try {
      const handler = loadAction(request, clock, logs, compiled, requireFromRoot);
      handler(request.event, api).then(
        () => {
          settled = { outcome: "resolved" };
        },
        (error: unknown) => {
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
        quietTurns = state.inFlight > state.hanging ? 0 : quietTurns + 1;
        if (quietTurns < 3) continue;
        let fired: boolean;
        try {
          fired = clock.fireNext();
        } catch (error) {
          timerErrors.push(error);
          fired = true;
        }
        if (fired) {
          idleTurns = 0;
          quietTurns = 0;
        } else if (++idleTurns > 100) {
          throw new Error("the Action hangs: no request in flight and no timer pending");
        }
      }
      // A rejection nobody handles is reported after the turn it happens in.
      for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
    } finally {
      current = undefined;
      nock.abortPendingRequests();
      nock.cleanAll();
    }

    const email = emailOf(request.event);
    const prefix = new RegExp(`^(log|error): ${escapeRegExp(request.logPrefix)} `);
    const problems = [
      ...state.unexpected.map((r) => `unexpected request ${r}`),
      ...state.unhandled.map((r) => `unhandled rejection: ${String(r)}`),
      ...timerErrors.map((e) => `a timer callback threw: ${String(e)}`),
      ...(clock.pendingTimers > 0 ? [`${clock.pendingTimers} timer(s) left pending`] : []),
      ...misuse.map((m) => `the Action used ${m}, which the test's api does not offer`),
      ...logs
        .filter((line) => !prefix.test(line))
        .map((line) => `log line without the ${request.logPrefix} prefix: ${line}`),
      ...(email === undefined
        ? []
        : logs
            .filter((line) => line.toLowerCase().includes(email))
            .map((line) => `log line with the email address: ${line}`)),
    ];
    return {
      outcome: settled.outcome,
      ...(settled.outcome === "rejected" ? { error: serializeError(settled.error) } : {}),
      logs,
      requests: state.requests,
      elapsedMs: clock.now - state.started,
      denied,
      appMetadata,
      problems,
      nodeVersion: process.version,
    };
  }

  // One run at a time: the clock, nock's interceptors and the listeners are per process.
  let queue: Promise<unknown> = Promise.resolve();
  process.on("message", (message: HostRequest) => {
    if (message?.type !== "run") return;
    queue = queue.then(async () => {
      let response: HostResponse;
      try {
        response = { type: "result", id: message.id, result: await run(message) };
      } catch (error) {
        response = { type: "failed", id: message.id, message: String(error) };
      }
      process.send?.(response);
    });
  });
  process.send?.({ type: "ready", nodeVersion: process.version } satisfies HostResponse);
}

function loadAction(
  request: HostRequest,
  clock: VirtualClock,
  logs: string[],
  compiled: Map<string, ModuleFunction>,
  requireFromRoot: NodeJS.Require,
): Handler {
  const allowed = new Set(request.dependencies);
  // Auth0 installs only the declared dependencies; anything else must fail here as it would there.
  const actionRequire = (id: string): unknown => {
    const name = id.startsWith("@") ? id.split("/").slice(0, 2).join("/") : id.split("/")[0];
    if (!isBuiltin(id) && !allowed.has(name)) {
      throw new Error(`the Action requires ${id}, which is not a declared dependency`);
    }
    return requireFromRoot(id);
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
  // Compiled once per distinct code string; each run evaluates the module afresh.
  let evaluate = compiled.get(request.code);
  if (!evaluate) {
    evaluate = vm.compileFunction(request.code, [
      "exports",
      "require",
      "module",
      "console",
      "setTimeout",
      "clearTimeout",
      "Date",
    ]) as ModuleFunction;
    compiled.set(request.code, evaluate);
  }
  const module = { exports: {} as Record<string, unknown> };
  evaluate(
    module.exports,
    actionRequire,
    module,
    console,
    clock.setTimeout,
    clock.clearTimeout,
    VirtualDate,
  );
  const name = HANDLERS[request.trigger];
  const handler = module.exports[name];
  if (typeof handler !== "function") {
    throw new Error(`the Action code does not export ${name}`);
  }
  return handler as Handler;
}

/**
 * An `api` that offers only the trigger's allowed members. api.access.deny(reason) records the
 * reason and returns the api, as Auth0's does; any other member read or written is recorded as
 * misuse (and reads as undefined, so calling it throws in the Action too).
 */
function recordingApi(trigger: Trigger): {
  api: object;
  denied: string[];
  appMetadata: [string, unknown][];
  misuse: string[];
} {
  const denied: string[] = [];
  const appMetadata: [string, unknown][] = [];
  const misuse: string[] = [];
  const strict = (target: Record<string, unknown>, name: string): object =>
    new Proxy(target, {
      get(object, key) {
        // Promise resolution looks for `then`, inspection for symbols: neither is a use.
        if (typeof key === "symbol" || key === "then") return undefined;
        if (Object.hasOwn(object, key)) return object[key];
        misuse.push(`${name}.${key}`);
        return undefined;
      },
      set(_object, key) {
        misuse.push(`${name}.${String(key)} = ...`);
        return true;
      },
    });
  let api: object = {};
  const members: Record<string, (...args: unknown[]) => unknown> = {
    "access.deny": (...args: unknown[]) => {
      if (args.length !== 1 || typeof args[0] !== "string") {
        misuse.push(`api.access.deny(${args.map((a) => typeof a).join(", ")})`);
      }
      denied.push(String(args[0]));
      return api;
    },
    "user.setAppMetadata": (...args: unknown[]) => {
      if (args.length !== 2 || typeof args[0] !== "string") {
        misuse.push(`api.user.setAppMetadata(${args.map((a) => typeof a).join(", ")})`);
      }
      appMetadata.push([String(args[0]), args[1]]);
      return api;
    },
  };
  const namespaces = Object.fromEntries(
    Object.entries(API_MEMBERS[trigger]).map(([namespace, methods]) => [
      namespace,
      strict(
        Object.fromEntries(methods.map((m) => [m, members[`${namespace}.${m}`]])),
        `api.${namespace}`,
      ),
    ]),
  );
  api = strict(namespaces, "api");
  return { api, denied, appMetadata, misuse };
}

/** The event user's email address, lower-cased, when it has a non-blank one. */
function emailOf(event: unknown): string | undefined {
  const email = (event as { user?: { email?: unknown } } | undefined)?.user?.email;
  return typeof email === "string" && email.trim() !== "" ? email.toLowerCase() : undefined;
}

function serializeError(error: unknown): { name: string; message: string; stack?: string } {
  if (error instanceof Error)
    return { name: error.name, message: error.message, stack: error.stack };
  return { name: "NonError", message: String(error) };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

// As a program (`node scripts/run.mjs __tests__/support/action-host.ts <root>` with IPC):
// serve runs until the parent disconnects.
if (process.argv[1] === __filename && /[\\/]action-host\.js$/.test(__filename) && process.send) {
  const root = path.resolve(process.argv[2] ?? process.cwd());
  process.on("disconnect", () => process.exit(0));
  startHost(root);
}
