// Runs the shipped Actions' code the way Auth0 does: a CommonJS module on Node 22 whose
// `require` sees only Node's builtins and the declared dependencies, here against nock's mock
// of Auth0 on a virtual clock. The code runs in a child process under Node 22 (node22.ts
// finds it; the machine's Node, and jest's, may be 20), one per test file, started on the first
// run and stopped after the file's tests; action-host.ts is that program and describes what a
// run does and checks.
//
// Every run fails (the returned promise rejects) if anything happened that must not happen in
// any run: a request the mock did not expect, an unhandled rejection, a timer left pending, a
// log line without the Action's prefix or with the email address, a use of `api` beyond what
// the trigger offers, or a Node other than 22.
import { type ChildProcess, fork } from "node:child_process";
import path from "node:path";
import type { LoginEvent, RegistrationEvent } from "../../actions/auth0-event";
import type {
  HostRequest,
  HostResponse,
  HostRunResult,
  RecordedRequest,
  Reply,
  Trigger,
} from "./action-host";
import { node22 } from "./node22";
import { shippedActionCode, shippedEnvironmentNames, shippedStack } from "./shipped";

export type { LoginEvent, RecordedRequest, RegistrationEvent, Reply };

const root = path.resolve(__dirname, "../..");

export const TENANT = "example-dev.eu.auth0.com";
export const CLIENT_ID = "client-0123456789";
export const CONNECTION = "Username-Password-Authentication";
export const USER_ID = "auth0|665f1c0ffee0000000000001";
export const EMAIL = "New.User@Example.com";
/** When the test users were created: before the virtual clock's start (2026-11-27 12:00 UTC). */
export const CREATED_AT = "2026-11-27T11:00:00.000Z";
export const CHANGE_PASSWORD = "/dbconnections/change_password";
/** Auth0's answer to a change-password request, whether or not the user exists. */
export const CONFIRMATION = "We've just sent you an email to reset your password.";

export const sent: Reply = { status: 200, body: CONFIRMATION };

/** Code to run and the npm packages its auth0_action declares (which alone it may require). */
export interface ActionCode {
  code: string;
  dependencies: readonly string[];
}

export type ActionId = "send_invite" | "login_gate";

const shipped = new Map<ActionId, ActionCode>();

/**
 * The code under test: what the synthesized stack hands Auth0 as `auth0_action.<logicalId>`,
 * from the first environment (dev first) that ships that Action. Every environment ships the
 * same build (send-invite.test.ts checks it against buildAction).
 */
export function actionCode(logicalId: ActionId = "send_invite"): ActionCode {
  const known = shipped.get(logicalId);
  if (known) return known;
  const names = shippedEnvironmentNames();
  const env = ["dev", ...names].find(
    (name) => names.includes(name) && shippedStack(name).resource?.auth0_action?.[logicalId],
  );
  if (env === undefined) {
    throw new Error(`no shipped environment has an auth0_action.${logicalId}`);
  }
  const declared = (shippedStack(env).resource.auth0_action[logicalId].dependencies ?? []) as {
    name: string;
  }[];
  const action = {
    code: shippedActionCode(env, logicalId),
    dependencies: declared.map((d) => d.name),
  };
  shipped.set(logicalId, action);
  return action;
}

/** Secrets with the undefined ones left out, as Auth0 would not send a secret that is unset. */
function secretsOf(
  defaults: Record<string, string>,
  overrides: Record<string, string | undefined> = {},
): Record<string, string | undefined> {
  const secrets: Record<string, string | undefined> = { ...defaults, ...overrides };
  for (const [name, value] of Object.entries(secrets)) {
    if (value === undefined) delete secrets[name];
  }
  return secrets;
}

/** A post-user-registration event for a new, unverified user of the database connection. */
export function registration(
  overrides: {
    user?: Partial<RegistrationEvent["user"]>;
    connection?: string;
    secrets?: Record<string, string | undefined>;
  } = {},
): RegistrationEvent {
  return {
    user: {
      user_id: USER_ID,
      email: EMAIL,
      email_verified: false,
      app_metadata: {},
      ...overrides.user,
    },
    connection: { name: overrides.connection ?? CONNECTION },
    secrets: secretsOf(
      { DOMAIN: TENANT, CLIENT_ID, CONNECTION_NAME: CONNECTION },
      overrides.secrets,
    ),
  };
}

/**
 * A post-login event: the same new, unverified user of the database connection logging in
 * with a password at the login page. An override given as undefined (authentication,
 * transaction) leaves that part out of the event.
 */
export function login(
  overrides: {
    user?: Partial<LoginEvent["user"]>;
    connection?: string | Partial<LoginEvent["connection"]>;
    authentication?: LoginEvent["authentication"];
    transaction?: LoginEvent["transaction"];
    secrets?: Record<string, string | undefined>;
  } = {},
): LoginEvent {
  const connection =
    typeof overrides.connection === "string"
      ? { name: overrides.connection }
      : overrides.connection;
  const event: LoginEvent = {
    user: {
      user_id: USER_ID,
      email: EMAIL,
      email_verified: false,
      app_metadata: {},
      created_at: CREATED_AT,
      ...overrides.user,
    },
    connection: { name: CONNECTION, strategy: "auth0", ...connection },
    authentication: { methods: [{ name: "pwd" }] },
    transaction: { protocol: "oidc-basic-profile" },
    secrets: secretsOf({ CONNECTION_NAME: CONNECTION }, overrides.secrets),
  };
  for (const key of ["authentication", "transaction"] as const) {
    if (key in overrides) {
      if (overrides[key] === undefined) delete event[key];
      else event[key] = overrides[key] as never;
    }
  }
  return event;
}

/** A run as the host reported it, its problems already checked and its error revived. */
export type RunResult = Omit<HostRunResult, "error" | "problems"> & { error?: Error };

/**
 * One invocation of the invite Action (post-user-registration) against a mock Auth0 answering
 * with `replies` in order.
 */
export function runAction(
  event: RegistrationEvent,
  replies: readonly Reply[] = [],
  code?: string | ActionCode,
): Promise<RunResult> {
  return run("post-user-registration", "send-invite:", event, replies, () =>
    code === undefined ? actionCode("send_invite") : code,
  );
}

/** One invocation of the login gate (post-login). Any request it makes fails the run. */
export function runLoginGate(event: LoginEvent, code?: string | ActionCode): Promise<RunResult> {
  return run("post-login", "login-gate:", event, [], () =>
    code === undefined ? actionCode("login_gate") : code,
  );
}

/** The `process.version` of the Node the Actions run under in this test file. */
export async function actionNodeVersion(): Promise<string> {
  return host().ready;
}

async function run(
  trigger: Trigger,
  logPrefix: string,
  event: RegistrationEvent | LoginEvent,
  replies: readonly Reply[],
  codeOf: () => string | ActionCode,
): Promise<RunResult> {
  // The host boots while the code is being found (possibly a synth).
  const child = host();
  const code = codeOf();
  const action = typeof code === "string" ? { code, dependencies: [] } : code;
  const result = await child.run({
    trigger,
    code: action.code,
    dependencies: action.dependencies,
    logPrefix,
    event,
    mock: { origin: `https://${TENANT}`, path: CHANGE_PASSWORD, replies },
  });
  const problems = [...result.problems];
  if (!result.nodeVersion.startsWith("v22.")) {
    problems.push(`the Action ran under Node ${result.nodeVersion}, not 22`);
  }
  if (problems.length > 0) throw new Error(problems.join("\n"));
  const { error, problems: _problems, ...rest } = result;
  return error ? { ...rest, error: revive(error) } : rest;
}

function revive(serialized: NonNullable<HostRunResult["error"]>): Error {
  const error = new Error(serialized.message);
  error.name = serialized.name;
  if (serialized.stack) error.stack = serialized.stack;
  return error;
}

type Pending = { resolve: (result: HostRunResult) => void; reject: (error: Error) => void };

/** One action-host.ts process under Node 22 and its conversation. */
class ActionHost {
  readonly ready: Promise<string>;
  private readonly child: ChildProcess;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private output = "";
  private exited: Error | undefined;

  constructor() {
    const node = node22();
    this.child = fork(
      path.join(root, "scripts/run.mjs"),
      [path.join(root, "__tests__/support/action-host.ts"), root],
      {
        cwd: root,
        execPath: node.path,
        execArgv: [],
        stdio: ["ignore", "pipe", "pipe", "ipc"],
      },
    );
    const collect = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString("utf8")).slice(-4000);
    };
    this.child.stdout?.on("data", collect);
    this.child.stderr?.on("data", collect);
    this.ready = new Promise<string>((resolve, reject) => {
      const fail = (error: Error) => {
        this.exited = error;
        reject(error);
        for (const { reject: rejectRun } of this.pending.values()) rejectRun(error);
        this.pending.clear();
      };
      this.child.on("error", (error) =>
        fail(new Error(`cannot start ${node.path} (${node.source}): ${error.message}`)),
      );
      this.child.on("exit", (code, signal) =>
        fail(
          new Error(
            `the action host under ${node.path} (${node.source}) exited (${signal ?? `code ${code}`}):\n${this.output}`,
          ),
        ),
      );
      this.child.on("message", (message: HostResponse) => {
        if (message.type === "ready") {
          if (!message.nodeVersion.startsWith("v22.")) {
            fail(
              new Error(
                `${node.path} (${node.source}) runs Node ${message.nodeVersion}, not 22; set ACTIONS_NODE=/path/to/node22`,
              ),
            );
            this.child.kill();
          } else {
            resolve(message.nodeVersion);
          }
          return;
        }
        const waiting = this.pending.get(message.id);
        if (!waiting) return;
        this.pending.delete(message.id);
        if (message.type === "result") waiting.resolve(message.result);
        else waiting.reject(new Error(message.message));
      });
    });
    // Rejections are delivered to each run; none is left unhandled here.
    this.ready.catch(() => {});
    // The IPC channel and pipes must not keep jest's worker alive if stop() is never called.
    this.child.unref();
    for (const handle of [this.child.channel, this.child.stdout, this.child.stderr]) {
      (handle as { unref?: () => void } | null | undefined)?.unref?.();
    }
  }

  /** True once the process is gone (crashed, or killed by an Action's code). */
  get dead(): boolean {
    return this.exited !== undefined;
  }

  async run(request: Omit<HostRequest, "type" | "id">): Promise<HostRunResult> {
    await this.ready;
    if (this.exited) throw this.exited;
    const id = this.nextId++;
    return new Promise<HostRunResult>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.send({ type: "run", id, ...request } satisfies HostRequest);
    });
  }

  /** Ends the process and waits for it, so that nothing keeps the jest worker after the file. */
  async stop(): Promise<void> {
    this.child.removeAllListeners("exit");
    const running = this.child.exitCode === null && this.child.signalCode === null;
    const exited = new Promise<void>((resolve) => {
      if (running) this.child.once("exit", () => resolve());
      else resolve();
    });
    if (this.child.connected) this.child.disconnect();
    if (running) this.child.kill();
    await exited;
  }
}

let current: ActionHost | undefined;

/** This test file's host, started on first use, and again if a run took the last one down. */
function host(): ActionHost {
  if (!current || current.dead) current = new ActionHost();
  return current;
}

/** Stops this test file's host; registered with afterAll for every file that imports this. */
export async function stopActionHost(): Promise<void> {
  const stopping = current?.stop();
  current = undefined;
  await stopping;
}

if (typeof afterAll === "function") afterAll(stopActionHost);
