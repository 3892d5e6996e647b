// `npm run smoke`: the decisions made before any request (lib/smoke/preflight), the flow against
// a nock mock of the Management API driven by the real `auth0` ManagementClient (nock intercepts
// the global fetch the SDK uses) and of the Authentication API's /oauth/token for the login gate
// check, and the edge script run end to end without credentials, as CI runs it. Time is a fake clock: polling, Retry-After and timeouts take no real time.
import { execFile } from "node:child_process";
import { randomInt } from "node:crypto";
import nock from "nock";
import { readMessages } from "../../lib/email-templates/messages";
import {
  EnvironmentConfigError,
  type LoadedEnvironment,
  parseEnvironment,
} from "../../lib/environment";
import {
  type Credentials,
  GATE_SCOPES,
  type GateTarget,
  generatePassword,
  HELP,
  managementClientFor,
  PASSWORD_REALM_GRANT,
  type Preflight,
  preflight,
  REQUIRED_SCOPES,
  runSmoke,
  type SmokeDeps,
  type SmokeTarget,
} from "../../lib/smoke";
import { customDomainAnswer, USER_EXISTS } from "../support/auth0-answers";
import { ROOT } from "../support/paths";

const TENANT = "smoke-test.eu.auth0.com";
const USER_ID = "auth0|5e0c1a0ffee0000000000001";
const EMAIL = "smoke-0123456789ab@example.com";
const CREATED_AT = "2026-11-27T12:00:00.000Z";
const APP_NAME = "Example Portal (dev)";
const APP_CLIENT_ID = "AbCdEfGhIjKlMnOpQrStUvWxYz012345";
const CLIENT_SECRET = "m2m-client-secret";
const ACCESS_TOKEN = "mgmt-access-token";
const QUERY = `user_id:"${USER_ID}" OR user_name:"${EMAIL}"`;
const LOGS_QUERY = { page: "0", per_page: "100", sort: "date:1", include_totals: "true", q: QUERY };
const USER_PATH = `/api/v2/users/${encodeURIComponent(USER_ID)}`;
const CONNECTION = "Username-Password-Authentication";
const CONNECTION_ID = "con_SMOKE00000000000";
// The login gate check's throwaway client and what its logins return.
const LOGIN_CLIENT_ID = "SmokeLoginGateClient000000000001";
const LOGIN_CLIENT_SECRET = "login-client-secret-never-printed";
const LOGIN_ACCESS_TOKEN = "login-access-token-never-printed";
const LOGIN_ID_TOKEN = "login.id-token.never-printed";
// Two verified custom domains: the tenant then wants to be told which one a user is for.
const CUSTOM_DOMAIN = "login.example.com";
const OTHER_CUSTOM_DOMAIN = "auth.example.net";
const CONNECTIONS_QUERY = {
  include_totals: "true",
  take: "50",
  strategy: "auth0",
  name: CONNECTION,
  fields: "id,name",
  include_fields: "true",
};

// ---------------------------------------------------------------------------------------------
// Environment files and preflight

const ENVIRONMENT = {
  domain: TENANT,
  connection: {
    name: "Username-Password-Authentication",
    id: "con_SMOKE00000000000",
    passwordPolicy: { model: "flexible" },
  },
  application: {
    name: APP_NAME,
    type: "regular_web",
    loginUrl: "https://portal.example.com/login",
  },
  email: {
    from: "Portal <no-reply@portal.example.com>",
    productName: "Portal",
    supportEmail: "support@example.com",
  },
  invite: { actionName: "send-invite", skipEmailDomains: ["test.example.com"] },
  // Most of the smoke runs without the gate; the gate's cases set their own.
  loginGate: { state: "removed" },
};

function environment(
  name = "dev",
  overrides: Partial<
    Record<
      keyof typeof ENVIRONMENT | "loginGate" | "customDomain" | "languages" | "tenantLocales",
      unknown
    >
  > = {},
): LoadedEnvironment {
  const file = `environments/${name}.json`;
  const result = parseEnvironment(file, JSON.stringify({ ...ENVIRONMENT, ...overrides }));
  if (!result.ok) throw new Error(result.problems.join("\n"));
  return { name, file, config: result.config };
}

const CREDENTIALS = { AUTH0_CLIENT_ID: "m2m-client", AUTH0_CLIENT_SECRET: CLIENT_SECRET };

function decide(
  argv: string[],
  env: Record<string, string | undefined> = CREDENTIALS,
  environments: LoadedEnvironment[] = [
    environment("dev"),
    environment("prod", { domain: "acme-prod.eu.auth0.com" }),
  ],
): Preflight {
  return preflight({
    argv,
    env,
    environmentsDir: "environments",
    loadEnvironments: () => environments,
    randomHex: () => "0123456789ab",
  });
}

function exitOf(decision: Preflight) {
  if (decision.kind !== "exit") throw new Error("expected the smoke to stop before running");
  return decision;
}

function planOf(decision: Preflight) {
  if (decision.kind !== "run") throw new Error(`expected a run, got: ${exitOf(decision).message}`);
  return decision.plan;
}

// ---------------------------------------------------------------------------------------------
// The mock tenant

/** Wall clock and sleep of the flow; requests take the time the mock says they take. */
class FakeClock {
  at = Date.parse(CREATED_AT) - 1_000;
  readonly sleeps: number[] = [];
  /** Called after each sleep, with how many there were. */
  onSleep?: (count: number) => void;
  readonly now = () => this.at;
  readonly sleep = async (ms: number, signal?: AbortSignal) => {
    if (signal?.aborted) throw signal.reason;
    this.sleeps.push(ms);
    this.at += ms;
    this.onSleep?.(this.sleeps.length);
    if (signal?.aborted) throw signal.reason;
  };
}

type Log = Record<string, unknown>;

/** A log entry about the throwaway user; by default the request log the smoke waits for. */
const userLog = (overrides: Log = {}): Log => ({
  log_id: "90020261127120001834000000000000000000000000000000000001",
  type: "scpr",
  date: "2026-11-27T12:00:01.834Z",
  description: "",
  connection: "Username-Password-Authentication",
  client_id: "ClientIdCreatedByTheStack0000001",
  client_name: APP_NAME,
  user_id: USER_ID,
  user_name: EMAIL,
  ...overrides,
});

// Started once, before the first test, so the child process runs while the in-process tests do.
let edgeScriptWithoutCredentials: Promise<{ code: number | null; stdout: string; stderr: string }>;
beforeAll(() => {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => !/^(AUTH0_|SMOKE_)/.test(key) && key !== "ENVIRONMENTS_DIR",
    ),
  );
  edgeScriptWithoutCredentials = new Promise((resolve) => {
    execFile(
      process.execPath,
      ["scripts/run.mjs", "scripts/smoke.ts", "dev"],
      { env, timeout: 120_000 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === "number" ? error.code : null;
        resolve({ code, stdout, stderr });
      },
    );
  });
});

let clock: FakeClock;
let unexpected: string[];
const onNoMatch = (req: { method?: string; path?: string; href?: string }) => {
  unexpected.push(`${req.method} ${req.path ?? req.href}`);
};

beforeEach(() => {
  clock = new FakeClock();
  unexpected = [];
  nock.disableNetConnect();
  nock.emitter.on("no match", onNoMatch);
});

afterEach(() => {
  nock.emitter.removeListener("no match", onNoMatch);
  nock.cleanAll();
  nock.enableNetConnect();
});

/** Every interceptor was used and nothing else was asked for. */
function expectExactlyTheMockedRequests() {
  expect(unexpected).toEqual([]);
  expect(nock.pendingMocks()).toEqual([]);
}

/** The Management API of TENANT; `latency` is added to the fake clock per request. */
function tenant(bearer = ACCESS_TOKEN) {
  const scope = nock(`https://${TENANT}`);
  const api = nock(`https://${TENANT}`, { reqheaders: { authorization: `Bearer ${bearer}` } });
  const created: Record<string, unknown>[] = [];
  /** The tenant's verified custom domains (withCustomDomains). */
  const customDomains: string[] = [];
  /** Every request as "METHOD /path" with its auth0-custom-domain header, in order. */
  const sent: [request: string, customDomain: unknown][] = [];
  const record = (req: { method: string; path: string; headers: Record<string, unknown> }) => {
    sent.push([`${req.method} ${req.path.split("?")[0]}`, req.headers["auth0-custom-domain"]]);
  };
  scope.on("request", record);
  api.on("request", record);
  /** Bodies of the gate check's requests, in the order they arrived. */
  const gate = {
    clients: [] as Record<string, unknown>[],
    enabled: [] as unknown[],
    verified: [] as unknown[],
    logins: [] as Record<string, string>[],
  };
  const mock = {
    created,
    gate,
    sent,
    /** Verified custom domains: a create then answers as such a tenant does. */
    withCustomDomains(...domains: string[]) {
      customDomains.push(...domains);
      return mock;
    },
    token(latency = 0, reply: [number, unknown] = [200, tokenResponse()]) {
      scope
        .post("/oauth/token", (body: Record<string, string>) => {
          // The SDK sends a form; nock parses it into an object.
          return (
            body.grant_type === "client_credentials" &&
            body.client_id === "m2m-client" &&
            body.client_secret === CLIENT_SECRET &&
            body.audience === `https://${TENANT}/api/v2/`
          );
        })
        .reply(() => {
          clock.at += latency;
          return reply;
        });
      return mock;
    },
    createUser(latency = 0, reply: [number, unknown] = [201, createdUser()]) {
      api
        .post("/api/v2/users", (body: Record<string, unknown>) => {
          created.push(body);
          return true;
        })
        .reply(function () {
          clock.at += latency;
          const header = this.req.headers["auth0-custom-domain"];
          return customDomainAnswer(customDomains, header, true) ?? reply;
        });
      return mock;
    },
    /** One log search answering `logs` (or a status and body). */
    logs(logs: Log[] | [number, unknown, Record<string, string>?], latency = 0) {
      api
        .get("/api/v2/logs")
        .query(LOGS_QUERY)
        .reply(() => {
          clock.at += latency;
          if (logs.length > 0 && typeof logs[0] === "number") {
            const [status, body, headers] = logs as [number, unknown, Record<string, string>?];
            return [status, body, headers ?? {}];
          }
          return [200, { start: 0, limit: 100, length: logs.length, total: logs.length, logs }];
        });
      return mock;
    },
    emptyLogSearches(count: number) {
      for (let i = 0; i < count; i++) mock.logs([]);
      return mock;
    },
    deleteUser(latency = 0, reply: [number, unknown?] = [204]) {
      api.delete(USER_PATH).reply(() => {
        clock.at += latency;
        return reply.length === 1 ? [reply[0]] : [reply[0], reply[1]];
      });
      return mock;
    },
    createClient(latency = 0, reply: [number, unknown] = [201, createdClient()]) {
      api.post("/api/v2/clients").reply((_uri, body) => {
        gate.clients.push(body as Record<string, unknown>);
        clock.at += latency;
        return reply;
      });
      return mock;
    },
    findConnection(
      latency = 0,
      reply: [number, unknown] = [200, { connections: [{ id: CONNECTION_ID, name: CONNECTION }] }],
    ) {
      api
        .get("/api/v2/connections")
        .query(CONNECTIONS_QUERY)
        .reply(() => {
          clock.at += latency;
          return reply;
        });
      return mock;
    },
    enableClient(latency = 0, reply: [number, unknown?] = [204]) {
      api.patch(`/api/v2/connections/${CONNECTION_ID}/clients`).reply((_uri, body) => {
        gate.enabled.push(body);
        clock.at += latency;
        return reply.length === 1 ? [reply[0]] : [reply[0], reply[1]];
      });
      return mock;
    },
    verifyUser(latency = 0, reply: [number, unknown] = [200, verifiedUser()]) {
      api.patch(USER_PATH).reply((_uri, body) => {
        gate.verified.push(body);
        clock.at += latency;
        return reply;
      });
      return mock;
    },
    /** One password login at the Authentication API (no Management API token on it). */
    login(reply: [number, unknown, Record<string, string>?], latency = 0) {
      const login = nock(`https://${TENANT}`, { badheaders: ["authorization"] });
      login.on("request", record);
      login
        .post(
          "/oauth/token",
          (body: Record<string, string>) => body.grant_type === PASSWORD_REALM_GRANT,
        )
        .reply((_uri, body) => {
          const form = typeof body === "string" ? new URLSearchParams(body) : [];
          gate.logins.push(Object.fromEntries(form));
          clock.at += latency;
          return [reply[0], reply[1] as Record<string, unknown>, reply[2] ?? {}];
        });
      return mock;
    },
    deniedLogin(latency = 0) {
      return mock.login([403, GATE_DENIAL], latency);
    },
    allowedLogin(latency = 0) {
      return mock.login([200, loginTokens()], latency);
    },
    deleteClient(latency = 0, reply: [number, unknown?] = [204]) {
      api.delete(`/api/v2/clients/${LOGIN_CLIENT_ID}`).reply(() => {
        clock.at += latency;
        return reply.length === 1 ? [reply[0]] : [reply[0], reply[1]];
      });
      return mock;
    },
    /** The gate check from the client's creation to the allowed login, connection id known. */
    gateCheck() {
      return mock.createClient().enableClient().deniedLogin().verifyUser().allowedLogin();
    },
  };
  return mock;
}

/** The gate's refusal in the default language, English: the throwaway user has none. */
const DENIED_MESSAGE = readMessages(ROOT, ["login_gate_denied"]).login_gate_denied.en;
const GATE_DENIAL = { error: "access_denied", error_description: DENIED_MESSAGE };

function createdClient() {
  return {
    client_id: LOGIN_CLIENT_ID,
    client_secret: LOGIN_CLIENT_SECRET,
    name: "smoke-login-gate-0123456789ab",
    app_type: "regular_web",
    grant_types: [PASSWORD_REALM_GRANT],
  };
}

function verifiedUser() {
  return { ...createdUser(), email_verified: true };
}

function loginTokens() {
  return {
    access_token: LOGIN_ACCESS_TOKEN,
    id_token: LOGIN_ID_TOKEN,
    scope: "openid",
    expires_in: 86_400,
    token_type: "Bearer",
  };
}

function tokenResponse() {
  return { access_token: ACCESS_TOKEN, token_type: "Bearer", expires_in: 86_400 };
}

function createdUser() {
  return {
    user_id: USER_ID,
    email: EMAIL,
    email_verified: false,
    created_at: CREATED_AT,
    app_metadata: { smoke: true },
  };
}

const TARGET: SmokeTarget = {
  domain: TENANT,
  connection: "Username-Password-Authentication",
  email: EMAIL,
  expectedClient: { field: "client_name", value: APP_NAME },
  actionName: "send-invite",
  passwordLength: 40,
  timeoutMs: 120_000,
};

async function smoke(
  target: Partial<SmokeTarget> = {},
  deps: Partial<SmokeDeps> = {},
  credentials: Credentials = {
    kind: "client-credentials",
    clientId: "m2m-client",
    clientSecret: CLIENT_SECRET,
  },
) {
  const lines: string[] = [];
  const report = await runSmoke(
    { ...TARGET, ...target },
    {
      client: managementClientFor(
        { domain: TENANT, customDomain: target.customDomain },
        credentials,
      ),
      now: clock.now,
      sleep: clock.sleep,
      log: (line) => lines.push(`out: ${line}`),
      logError: (line) => lines.push(`err: ${line}`),
      ...deps,
    },
  );
  return { report, lines, output: lines.join("\n") };
}

function expectNoSecretsIn(output: string, password: unknown) {
  expect(typeof password).toBe("string");
  expect(output).not.toContain(password as string);
  expect(output).not.toContain(CLIENT_SECRET);
  expect(output).not.toContain(ACCESS_TOKEN);
  expect(output).not.toContain(LOGIN_CLIENT_SECRET);
  expect(output).not.toContain(LOGIN_ACCESS_TOKEN);
  expect(output).not.toContain(LOGIN_ID_TOKEN);
}

/** The login gate as preflight plans it for ENVIRONMENT with a connection id. */
const GATE: GateTarget = {
  actionName: "invite-login-gate",
  clientName: "smoke-login-gate-0123456789ab",
  connectionId: CONNECTION_ID,
  deniedMessage: DENIED_MESSAGE,
};

// ---------------------------------------------------------------------------------------------

describe("skipped", () => {
  it("without credentials: one message naming the variables, the tenant and the scopes, exit 0, no request", () => {
    const decision = exitOf(decide(["dev"], {}));

    expect(decision).toMatchObject({ code: 0, stream: "out" });
    expect(decision.message).toMatch(/^smoke: skipped: no Auth0 Management API credentials/);
    for (const word of [
      "AUTH0_CLIENT_ID",
      "AUTH0_CLIENT_SECRET",
      "AUTH0_API_TOKEN",
      TENANT,
      "environment dev",
      ...REQUIRED_SCOPES,
    ]) {
      expect(decision.message).toContain(word);
    }
    expect(decision.message.split("\n")).toHaveLength(1);
    expect(unexpected).toEqual([]);
  });

  it("without credentials while loginGate is bound: names the gate's scopes too", () => {
    const bound = environment("dev", { loginGate: { invitedSince: "2026-12-01T00:00:00Z" } });
    const decision = exitOf(decide(["dev"], {}, [bound]));

    expect(decision).toMatchObject({ code: 0, stream: "out" });
    expect(decision.message).toContain(
      `with the scopes ${[...REQUIRED_SCOPES, ...GATE_SCOPES].join(", ")} (the last 5 because loginGate.state is "bound").`,
    );
  });

  it("without credentials while loginGate is not bound: only the invite's scopes", () => {
    const decision = exitOf(decide(["dev"], {}));
    expect(decision.message).toContain(`with the scopes ${REQUIRED_SCOPES.join(", ")}.`);
    for (const scope of GATE_SCOPES) expect(decision.message).not.toContain(scope);
  });

  it("counts empty and blank variables as missing, as CI exports unset secrets", () => {
    const env = { AUTH0_CLIENT_ID: "", AUTH0_CLIENT_SECRET: " ", AUTH0_API_TOKEN: "" };
    expect(exitOf(decide(["dev"], env))).toMatchObject({ code: 0, stream: "out" });
  });

  it.each([
    [{ AUTH0_CLIENT_ID: "m2m-client" }, "AUTH0_CLIENT_ID is set, AUTH0_CLIENT_SECRET is not"],
    [{ AUTH0_CLIENT_SECRET: "x" }, "AUTH0_CLIENT_SECRET is set, AUTH0_CLIENT_ID is not"],
  ])("says which half of the client credentials is missing (%o)", (env, note) => {
    const decision = exitOf(decide(["dev"], env));
    expect(decision.code).toBe(0);
    expect(decision.message).toContain(note);
  });
  it.each(["unbound", "removed"])(
    "when the environment's invite.state is %s: the Action does not run, so exit 0",
    (state) => {
      const off = environment("dev", { invite: { state } });
      const decision = exitOf(decide(["dev"], CREDENTIALS, [off]));
      expect(decision).toEqual({
        kind: "exit",
        code: 0,
        stream: "out",
        message: `smoke: skipped: invite.state is "${state}" in environments/dev.json, so the invite Action does not run for new users on ${TENANT}; there is nothing to check.`,
      });
    },
  );
});

describe("stops before creating anything", () => {
  it.each<[string, string[], RegExp]>([
    ["no environment name", [], /expected exactly one environment name, got none/],
    ["two environment names", ["dev", "prod"], /got 2: dev prod/],
    ["an unknown option", ["dev", "--verbose"], /Unknown option '--verbose'/],
    [
      "a zero timeout",
      ["dev", "--timeout", "0"],
      /--timeout must be a positive number of seconds, got "0"/,
    ],
    ["a timeout that is no number", ["dev", "--timeout", "soon"], /got "soon"/],
    [
      "an unknown environment",
      ["staging"],
      /unknown environment "staging"; available in environments: dev, prod/,
    ],
  ])("with exit 2 and the usage line for %s", (_name, argv, message) => {
    const decision = exitOf(decide(argv));
    expect(decision).toMatchObject({ code: 2, stream: "err" });
    expect(decision.message).toMatch(message);
    expect(decision.message).toMatch(/\nusage: npm run smoke -- <environment>/);
  });

  it("prints the help with exit 0, explaining why example.com is a safe default", () => {
    expect(exitOf(decide(["--help"]))).toEqual({
      kind: "exit",
      code: 0,
      stream: "out",
      message: HELP,
    });
    expect(HELP).toMatch(
      /example\.com: reserved by\s+RFC 2606 and published with a null MX \(RFC 7505\)/,
    );
  });

  it("with exit 1 and the loader's own message when an environment file is invalid", () => {
    const decision = preflight({
      argv: ["dev"],
      env: CREDENTIALS,
      environmentsDir: "environments",
      loadEnvironments: () => {
        throw new EnvironmentConfigError(["environments/dev.json: domain: is required"]);
      },
    });
    expect(exitOf(decision)).toMatchObject({ code: 1, stream: "err" });
    expect(exitOf(decision).message).toContain("environments/dev.json: domain: is required");
  });

  it("refuses with exit 1 when AUTH0_DOMAIN names another tenant", () => {
    const decision = exitOf(
      decide(["dev"], { ...CREDENTIALS, AUTH0_DOMAIN: "acme-prod.eu.auth0.com" }),
    );
    expect(decision).toMatchObject({ code: 1, stream: "err" });
    expect(decision.message).toBe(
      `smoke: refusing to run: AUTH0_DOMAIN is "acme-prod.eu.auth0.com" but environments/dev.json is the tenant ${TENANT}. The smoke always uses the environment file's domain, and credentials set beside another AUTH0_DOMAIN are most likely for that other tenant. Unset AUTH0_DOMAIN or set it to ${TENANT}.`,
    );
  });

  it("accepts an AUTH0_DOMAIN that is the environment's domain written differently", () => {
    const plan = planOf(
      decide(["dev"], { ...CREDENTIALS, AUTH0_DOMAIN: `https://${TENANT.toUpperCase()}/` }),
    );
    expect(plan.target.domain).toBe(TENANT);
  });

  it("fails with exit 1 when SMOKE_EMAIL_DOMAIN is one the Action skips", () => {
    const decision = exitOf(
      decide(["dev"], { ...CREDENTIALS, SMOKE_EMAIL_DOMAIN: "Test.Example.com" }),
    );
    expect(decision).toMatchObject({ code: 1, stream: "err" });
    expect(decision.message).toContain(
      "test.example.com is listed in invite.skipEmailDomains of environments/dev.json",
    );
    expect(unexpected).toEqual([]);
  });

  it("with exit 2 when SMOKE_EMAIL_DOMAIN is no domain name", () => {
    const decision = exitOf(
      decide(["dev"], { ...CREDENTIALS, SMOKE_EMAIL_DOMAIN: "not a domain" }),
    );
    expect(decision).toMatchObject({ code: 2, stream: "err" });
  });
});

describe("plans the run from the environment file", () => {
  it("on its tenant, connection and application name, with a throwaway example.com address", () => {
    const plan = planOf(decide(["dev", "--timeout", "90"]));
    expect(plan).toEqual({
      environment: "dev",
      file: "environments/dev.json",
      credentials: {
        kind: "client-credentials",
        clientId: "m2m-client",
        clientSecret: CLIENT_SECRET,
      },
      target: {
        domain: TENANT,
        connection: "Username-Password-Authentication",
        email: "smoke-0123456789ab@example.com",
        expectedClient: { field: "client_name", value: APP_NAME },
        actionName: "send-invite",
        timeoutMs: 90_000,
        passwordLength: 40,
      },
    });
  });

  it("waits 120 s by default and takes the address domain from SMOKE_EMAIL_DOMAIN", () => {
    const plan = planOf(
      decide(["dev"], { ...CREDENTIALS, SMOKE_EMAIL_DOMAIN: "@Bounce.Example.org" }),
    );
    expect(plan.target.timeoutMs).toBe(120_000);
    expect(plan.target.email).toBe("smoke-0123456789ab@bounce.example.org");
  });

  it("uses AUTH0_API_TOKEN when it is set, like the Terraform provider", () => {
    const plan = planOf(decide(["dev"], { ...CREDENTIALS, AUTH0_API_TOKEN: "static-token" }));
    expect(plan.credentials).toEqual({ kind: "token", token: "static-token" });
  });

  it("expects an existing application's client_id, and a password as long as the policy asks", () => {
    const custom = environment("custom", {
      application: { clientId: APP_CLIENT_ID },
      connection: {
        name: "Invitees",
        passwordPolicy: { model: "legacy", strength: "excellent", minLength: 64 },
      },
    });
    const plan = planOf(decide(["custom"], CREDENTIALS, [custom]));
    expect(plan.target.expectedClient).toEqual({ field: "client_id", value: APP_CLIENT_ID });
    expect(plan.target.connection).toBe("Invitees");
    expect(plan.target.passwordLength).toBe(64);
  });

  it("with the login gate while loginGate.state is bound: its Action, a client name with the address's random part, the connection id and invitedSince", () => {
    const bound = environment("dev", { loginGate: { invitedSince: "2026-12-01T00:00:00Z" } });
    const plan = planOf(decide(["dev"], CREDENTIALS, [bound]));
    expect(plan.target.gate).toEqual({
      actionName: "invite-login-gate",
      clientName: "smoke-login-gate-0123456789ab",
      connectionId: CONNECTION_ID,
      invitedSince: "2026-12-01T00:00:00Z",
      deniedMessage: DENIED_MESSAGE,
    });
  });

  it("expects the gate's refusal in the environment's default language, as the throwaway user gets it", () => {
    const german = environment("dev", {
      languages: ["de", "en"],
      tenantLocales: ["de", "en"],
      loginGate: { invitedSince: "2026-12-01T00:00:00Z" },
    });
    const plan = planOf(decide(["dev"], CREDENTIALS, [german]));
    expect(plan.target.gate?.deniedMessage).toBe(
      readMessages(ROOT, ["login_gate_denied"]).login_gate_denied.de,
    );
    expect(plan.target.gate?.deniedMessage).not.toBe(DENIED_MESSAGE);
  });

  it("with the login gate of a connection the stack creates: no id (looked up by name), no invitedSince", () => {
    const created = environment("dev", {
      connection: { name: "Invitees" },
      loginGate: { actionName: "gate" },
    });
    const plan = planOf(decide(["dev"], CREDENTIALS, [created]));
    expect(plan.target.gate).toEqual({
      actionName: "gate",
      clientName: "smoke-login-gate-0123456789ab",
      deniedMessage: DENIED_MESSAGE,
    });
  });

  it.each<[string, Record<string, unknown>]>([
    ["unbound", { state: "unbound", invitedSince: "2026-12-01T00:00:00Z" }],
    ["removed", { state: "removed" }],
  ])("without the login gate while loginGate.state is %s", (_state, loginGate) => {
    const plan = planOf(decide(["dev"], CREDENTIALS, [environment("dev", { loginGate })]));
    expect(plan.target.gate).toBeUndefined();
  });

  it("with the login gate of an adopted connection without invitedSince: the cutoff terraform recorded at the apply lies before the throwaway user", () => {
    const plan = planOf(decide(["dev"], CREDENTIALS, [environment("dev", { loginGate: {} })]));
    expect(plan.target.gate).toEqual({
      actionName: "invite-login-gate",
      clientName: "smoke-login-gate-0123456789ab",
      connectionId: "con_SMOKE00000000000",
      deniedMessage: DENIED_MESSAGE,
    });
  });

  it("with the environment's customDomain, which the requests about the user name", () => {
    const custom = environment("dev", { customDomain: CUSTOM_DOMAIN });
    const plan = planOf(decide(["dev"], CREDENTIALS, [custom]));
    expect(plan.target).toMatchObject({ domain: TENANT, customDomain: CUSTOM_DOMAIN });
  });

  it("draws a new random address each time", () => {
    const plan = preflight({
      argv: ["dev"],
      env: CREDENTIALS,
      environmentsDir: "environments",
      loadEnvironments: () => [environment("dev")],
    });
    expect(planOf(plan).target.email).toMatch(/^smoke-[0-9a-f]{12}@example\.com$/);
  });
});

describe("passes", () => {
  it("creating the user in the connection, waiting for the scpr log, deleting the user, with timings", async () => {
    const mock = tenant()
      .token(50)
      .createUser(250)
      .logs([], 100)
      .logs([{ ...userLog(), type: "sapi", description: "Create a User" }], 100)
      .logs([userLog()], 100)
      .deleteUser(80);

    const { report, lines, output } = await smoke();

    expectExactlyTheMockedRequests();
    expect(mock.created).toEqual([
      {
        connection: "Username-Password-Authentication",
        email: EMAIL,
        password: expect.any(String),
        email_verified: false,
        verify_email: false,
        app_metadata: { smoke: true },
      },
    ]);
    const { password } = mock.created[0];
    expect(password).toMatch(/^.{40}$/);
    expectNoSecretsIn(output, password);
    expect(clock.sleeps).toEqual([2_000, 2_000]);
    expect(report).toEqual({
      outcome: "passed",
      exitCode: 0,
      userId: USER_ID,
      cleanup: "deleted",
      logType: "scpr",
      polls: 3,
      timings: {
        createMs: 300,
        visibleAfterMs: 4_300,
        loggedAfterMs: 1_834,
        deleteMs: 80,
        totalMs: 4_680,
      },
    });
    expect(lines).toEqual([
      `out: smoke: ${TENANT}: creating ${EMAIL} in Username-Password-Authentication, then waiting up to 120 s for the scpr log`,
      `out: smoke: created user ${USER_ID} in 300 ms`,
      `out: smoke: scpr for ${USER_ID} found after 4300 ms (3 log searches); Auth0 logged it 1834 ms after creating the user; made by client_name "${APP_NAME}" as expected`,
      `out: smoke: deleted user ${USER_ID} in 80 ms`,
      "out: smoke: PASSED: user created in 300 ms, scpr found 4300 ms after creation (logged after 1834 ms), user deleted in 80 ms; 4680 ms in all",
    ]);
  });

  it("authenticating with AUTH0_API_TOKEN as the bearer token, without a token request", async () => {
    tenant("static-token").createUser().logs([userLog()]).deleteUser();

    const { report } = await smoke({}, {}, { kind: "token", token: "static-token" });

    expectExactlyTheMockedRequests();
    expect(report.outcome).toBe("passed");
  });

  it("when an existing application (application.clientId) made the request", async () => {
    tenant()
      .token()
      .createUser()
      .logs([userLog({ client_id: APP_CLIENT_ID, client_name: "Renamed in the Dashboard" })])
      .deleteUser();

    const { report } = await smoke({
      expectedClient: { field: "client_id", value: APP_CLIENT_ID },
    });

    expectExactlyTheMockedRequests();
    expect(report.outcome).toBe("passed");
  });

  it("after waiting exactly as long as a 429's Retry-After asks", async () => {
    tenant()
      .token()
      .createUser()
      .logs([
        429,
        { statusCode: 429, error: "Too Many Requests", message: "Global limit has been reached" },
        { "Retry-After": "5" },
      ])
      .logs([userLog()])
      .deleteUser();

    const { report, lines } = await smoke();

    expectExactlyTheMockedRequests();
    expect(report.outcome).toBe("passed");
    expect(clock.sleeps).toEqual([5_000]);
    expect(lines).toContain("out: smoke: log search rate-limited by Auth0; waiting 5000 ms");
  });

  it("searching on through a 503 from the log search", async () => {
    tenant()
      .token()
      .createUser()
      .logs([503, { statusCode: 503, error: "Service Unavailable", message: "try later" }])
      .logs([userLog()])
      .deleteUser();

    const { report, lines } = await smoke();

    expectExactlyTheMockedRequests();
    expect(report).toMatchObject({ outcome: "passed", polls: 2 });
    expect(lines).toContain(
      "out: smoke: log search failed (HTTP 503 Service Unavailable: try later); trying again",
    );
  });

  it("only on the throwaway user's own log, whatever else a search returns", async () => {
    const otherUser = userLog({ user_id: "auth0|someone-else", user_name: "someone@example.org" });
    tenant().token().createUser().logs([otherUser]).logs([otherUser, userLog()]).deleteUser();

    const { report } = await smoke();

    expectExactlyTheMockedRequests();
    expect(report).toMatchObject({ outcome: "passed", polls: 2 });
  });
});

describe("fails, deleting the user, when", () => {
  it("no scpr log appears before the timeout", async () => {
    tenant().token().createUser().emptyLogSearches(6).deleteUser();

    const { report, lines } = await smoke({ timeoutMs: 10_000 });

    expectExactlyTheMockedRequests();
    expect(clock.sleeps).toEqual([2_000, 2_000, 2_000, 2_000, 2_000]);
    expect(report).toMatchObject({ outcome: "failed", exitCode: 1, cleanup: "deleted", polls: 6 });
    expect(lines.slice(-2)).toEqual([
      `out: smoke: deleted user ${USER_ID} in 0 ms`,
      `err: smoke: FAILED: no scpr log for ${USER_ID} within 10 s (6 log searches; log types seen for the user: none). Check that the Action "send-invite" is deployed and bound to the post-user-registration trigger and did not skip the user (its execution logs say why), or give Auth0's log search more time with --timeout.`,
    ]);
  });

  it.each<[string, Log, string]>([
    [
      "fcpr",
      // Failure logs may carry no user_id; the address still ties them to the user.
      { type: "fcpr", user_id: "", description: "Unable to send email: connection is disabled" },
      "Auth0 logged fcpr (failed change password request)",
    ],
    [
      "fn",
      { type: "fn", description: "Error sending email: provider rejected the API key" },
      "Auth0 logged fn (failed to send an email notification)",
    ],
    [
      "actions_execution_failed",
      {
        type: "actions_execution_failed",
        description: "send-invite: missing required secret(s) CLIENT_ID",
      },
      "Auth0 logged actions_execution_failed (execution of an Action failed)",
    ],
  ])("Auth0 logs %s for the user: at once, with its description", async (_type, log, what) => {
    tenant()
      .token()
      .createUser()
      .logs([])
      .logs([userLog({ ...log, client_id: "x", client_name: APP_NAME })])
      .deleteUser();

    const { report } = await smoke();

    expectExactlyTheMockedRequests();
    expect(report).toMatchObject({ outcome: "failed", cleanup: "deleted", polls: 2 });
    expect(report.failure).toBe(
      `${what} for ${USER_ID}: ${log.description} (client "${APP_NAME}", client_id x)`,
    );
  });

  it("the request came from another application than application.name", async () => {
    tenant()
      .token()
      .createUser()
      .logs([userLog({ client_name: "Some Other App", client_id: "OtherClient" })])
      .deleteUser();

    const { report } = await smoke();

    expectExactlyTheMockedRequests();
    expect(report).toMatchObject({ outcome: "failed", cleanup: "deleted", logType: "scpr" });
    expect(report.failure).toBe(
      `the scpr log for ${USER_ID} names client_name "Some Other App" (client "Some Other App", client_id OtherClient), expected "${APP_NAME}" (application.name of the environment); the Action's CLIENT_ID secret is probably another application's`,
    );
  });

  it("the request came from another client_id than application.clientId", async () => {
    tenant()
      .token()
      .createUser()
      .logs([userLog({ client_id: "OtherClient" })])
      .deleteUser();

    const { report } = await smoke({
      expectedClient: { field: "client_id", value: APP_CLIENT_ID },
    });

    expectExactlyTheMockedRequests();
    expect(report.failure).toContain(
      `names client_id "OtherClient" (client "${APP_NAME}", client_id OtherClient), expected "${APP_CLIENT_ID}" (application.clientId of the environment)`,
    );
  });

  it("the log search is forbidden: at once, naming the scopes", async () => {
    tenant()
      .token()
      .createUser()
      .logs([
        403,
        {
          statusCode: 403,
          error: "Forbidden",
          message: "Insufficient scope, expected any of: read:logs",
          errorCode: "insufficient_scope",
        },
      ])
      .deleteUser();

    const { report } = await smoke();

    expectExactlyTheMockedRequests();
    expect(report).toMatchObject({ outcome: "failed", cleanup: "deleted", polls: 1 });
    expect(report.failure).toBe(
      "searching the tenant logs failed: HTTP 403 insufficient_scope: Insufficient scope, expected any of: read:logs (the credentials need the scopes read:logs and read:logs_users)",
    );
  });

  it("interrupted (SIGINT) while waiting: stops waiting, still deletes", async () => {
    tenant().token().createUser().logs([]).deleteUser();
    const controller = new AbortController();
    clock.onSleep = () => controller.abort(new Error("SIGINT"));

    const { report } = await smoke({}, { signal: controller.signal });

    expectExactlyTheMockedRequests();
    expect(report).toMatchObject({
      outcome: "failed",
      failure: "interrupted (SIGINT)",
      cleanup: "deleted",
      polls: 1,
    });
  });
});

describe("fails without a user to delete when", () => {
  it("Auth0 refuses to create it: says nothing was created, sends no delete", async () => {
    const mock = tenant()
      .token()
      .createUser(0, [
        400,
        {
          statusCode: 400,
          error: "Bad Request",
          message: "PasswordStrengthError: Password is too weak",
          errorCode: "invalid_body",
        },
      ]);

    const { report, output } = await smoke();

    expectExactlyTheMockedRequests();
    expectNoSecretsIn(output, mock.created[0].password);
    expect(report).toMatchObject({
      outcome: "failed",
      exitCode: 1,
      cleanup: "nothing-created",
      polls: 0,
    });
    expect(report.userId).toBeUndefined();
    expect(report.failure).toBe(
      "could not create the user in Username-Password-Authentication: HTTP 400 invalid_body: PasswordStrengthError: Password is too weak. Nothing was created.",
    );
  });

  it("the tenant has several verified custom domains and the environment names none: says what to set", async () => {
    tenant().withCustomDomains(CUSTOM_DOMAIN, OTHER_CUSTOM_DOMAIN).token().createUser();

    const { report } = await smoke();

    expectExactlyTheMockedRequests();
    expect(report).toMatchObject({ outcome: "failed", exitCode: 1, cleanup: "nothing-created" });
    expect(report.failure).toBe(
      "could not create the user in Username-Password-Authentication: HTTP 409 custom_domain_conflict: The tenant has multiple verified custom domains. Set customDomain in the environment file (docs/environment.md) to the verified custom domain invitees should see. Nothing was created.",
    );
  });

  it("the address is already a user: leaves that user alone", async () => {
    tenant().token().createUser(0, [409, USER_EXISTS]);

    const { report } = await smoke();

    expectExactlyTheMockedRequests();
    expect(report).toMatchObject({ outcome: "failed", exitCode: 1, cleanup: "nothing-created" });
    expect(report.failure).toBe(
      `could not create the user in Username-Password-Authentication: HTTP 409 auth0_idp_error: The user already exists. Nothing was created: ${EMAIL} was a user before this run, so it is not the smoke's to delete.`,
    );
  });

  it("the token request is refused", async () => {
    tenant().token(0, [401, { error: "access_denied", error_description: "Unauthorized" }]);

    const { report } = await smoke();

    expectExactlyTheMockedRequests();
    expect(report).toMatchObject({ outcome: "failed", cleanup: "nothing-created" });
    expect(report.failure).toBe(
      "could not create the user in Username-Password-Authentication: token request HTTP 401 access_denied: Unauthorized. Nothing was created.",
    );
  });

  it("creating it fails with a 5xx: warns that it may exist after all", async () => {
    tenant()
      .token()
      .createUser(0, [
        503,
        { statusCode: 503, error: "Service Unavailable", message: "try later" },
      ]);

    const { report } = await smoke();

    expectExactlyTheMockedRequests();
    expect(report.failure).toContain(
      `Auth0 may have created it anyway: look for ${EMAIL} (app_metadata.smoke = true) and delete it.`,
    );
  });

  it("interrupted before anything was created", async () => {
    const controller = new AbortController();
    controller.abort(new Error("SIGTERM"));

    const { report } = await smoke({}, { signal: controller.signal });

    expectExactlyTheMockedRequests();
    expect(report).toMatchObject({ failure: "interrupted (SIGTERM)", cleanup: "nothing-created" });
  });
});

describe("fails loudly, printing the user id, when the user cannot be deleted", () => {
  it("after retrying a 500 twice, even though the check itself passed", async () => {
    const serverError = [
      500,
      { statusCode: 500, error: "Internal Server Error", message: "oops" },
    ] as [number, unknown];
    tenant()
      .token()
      .createUser()
      .logs([userLog()])
      .deleteUser(0, serverError)
      .deleteUser(0, serverError)
      .deleteUser(0, serverError);

    const { report, lines } = await smoke();

    expectExactlyTheMockedRequests();
    expect(clock.sleeps).toEqual([1_000, 2_000]);
    expect(report).toMatchObject({
      outcome: "failed",
      exitCode: 1,
      cleanup: "not-deleted",
      userId: USER_ID,
    });
    expect(lines.slice(-2)).toEqual([
      `err: smoke: COULD NOT DELETE the throwaway user ${USER_ID} (${EMAIL}): HTTP 500 Internal Server Error: oops (attempt 3). Delete it by hand: Auth0 Dashboard > User Management > Users, or DELETE https://${TENANT}/api/v2/users/auth0%7C5e0c1a0ffee0000000000001`,
      "err: smoke: FAILED: the check passed, but the throwaway user could not be deleted (see above)",
    ]);
  });

  it("without retrying a 403 (no delete:users), keeping the first failure as the reason", async () => {
    tenant()
      .token()
      .createUser()
      .logs([userLog({ client_name: "Other" })])
      .deleteUser(0, [
        403,
        {
          statusCode: 403,
          error: "Forbidden",
          message: "Insufficient scope, expected any of: delete:users",
          errorCode: "insufficient_scope",
        },
      ]);

    const { report, lines } = await smoke();

    expectExactlyTheMockedRequests();
    expect(report).toMatchObject({ exitCode: 1, cleanup: "not-deleted" });
    expect(report.failure).toMatch(/^the scpr log for .* names client_name "Other"/);
    expect(lines.join("\n")).toContain(
      `COULD NOT DELETE the throwaway user ${USER_ID} (${EMAIL}): HTTP 403 insufficient_scope: Insufficient scope, expected any of: delete:users (attempt 1)`,
    );
  });

  it("treating a 404 as already deleted", async () => {
    tenant()
      .token()
      .createUser()
      .logs([userLog()])
      .deleteUser(0, [
        404,
        { statusCode: 404, error: "Not Found", message: "The user does not exist." },
      ]);

    const { report, lines } = await smoke();

    expectExactlyTheMockedRequests();
    expect(report).toMatchObject({ outcome: "passed", cleanup: "deleted" });
    expect(lines).toContain(`out: smoke: deleted user ${USER_ID} in 0 ms (it was already gone)`);
  });
});

// ---------------------------------------------------------------------------------------------
// The login gate

describe("checks the login gate while it is bound, and passes", () => {
  it("denying the unverified user's password with the gate's message, letting them in once verified, deleting client and user, with timings", async () => {
    const mock = tenant()
      .token()
      .createUser(300)
      .logs([userLog()], 100)
      .createClient(120)
      .findConnection(40)
      .enableClient(60)
      .deniedLogin(200)
      .verifyUser(70)
      .allowedLogin(150)
      .deleteClient()
      .deleteUser();

    const { report, lines, output } = await smoke({
      gate: { ...GATE, connectionId: undefined },
    });

    expectExactlyTheMockedRequests();
    const { password } = mock.created[0];
    expectNoSecretsIn(output, password);
    expect(mock.gate.clients).toEqual([
      {
        name: "smoke-login-gate-0123456789ab",
        description: expect.stringContaining("npm run smoke"),
        app_type: "regular_web",
        grant_types: ["http://auth0.com/oauth/grant-type/password-realm"],
        token_endpoint_auth_method: "client_secret_post",
        is_first_party: true,
        oidc_conformant: true,
        client_metadata: { smoke: "true" },
      },
    ]);
    expect(mock.gate.enabled).toEqual([[{ client_id: LOGIN_CLIENT_ID, status: true }]]);
    expect(mock.gate.verified).toEqual([{ email_verified: true }]);
    const login = {
      grant_type: "http://auth0.com/oauth/grant-type/password-realm",
      realm: CONNECTION,
      username: EMAIL,
      password,
      client_id: LOGIN_CLIENT_ID,
      client_secret: LOGIN_CLIENT_SECRET,
      scope: "openid",
    };
    expect(mock.gate.logins).toEqual([login, login]);
    expect(report).toEqual({
      outcome: "passed",
      exitCode: 0,
      userId: USER_ID,
      cleanup: "deleted",
      logType: "scpr",
      polls: 1,
      gateCheck: "passed",
      loginClientId: LOGIN_CLIENT_ID,
      clientCleanup: "deleted",
      timings: {
        createMs: 300,
        visibleAfterMs: 100,
        loggedAfterMs: 1_834,
        loginClientMs: 120,
        enableConnectionMs: 100,
        deniedLoginMs: 200,
        verifyMs: 70,
        allowedLoginMs: 150,
        clientDeleteMs: 0,
        deleteMs: 0,
        totalMs: 1_040,
      },
    });
    expect(lines).toEqual([
      `out: smoke: ${TENANT}: creating ${EMAIL} in ${CONNECTION}, then waiting up to 120 s for the scpr log, then checking the login gate "invite-login-gate" with password logins`,
      `out: smoke: created user ${USER_ID} in 300 ms`,
      `out: smoke: scpr for ${USER_ID} found after 100 ms (1 log search); Auth0 logged it 1834 ms after creating the user; made by client_name "${APP_NAME}" as expected`,
      `out: smoke: created client ${LOGIN_CLIENT_ID} (smoke-login-gate-0123456789ab) with the password-realm grant in 120 ms`,
      `out: smoke: enabled ${CONNECTION} (${CONNECTION_ID}) for client ${LOGIN_CLIENT_ID} in 100 ms`,
      `out: smoke: login gate denied the password login of ${USER_ID} (email not verified) with its message, as expected, in 200 ms`,
      `out: smoke: marked ${USER_ID} verified in 70 ms`,
      `out: smoke: ${USER_ID}, now verified, logged in with the same password in 150 ms (tokens not shown)`,
      `out: smoke: deleted client ${LOGIN_CLIENT_ID} in 0 ms`,
      `out: smoke: deleted user ${USER_ID} in 0 ms`,
      "out: smoke: PASSED: user created in 300 ms, scpr found 100 ms after creation (logged after 1834 ms), login gate denied the unverified user in 200 ms and let them in once verified in 150 ms, client deleted in 0 ms, user deleted in 0 ms; 1040 ms in all",
    ]);
  });

  it("naming customDomain on the requests about the user and on no other, on a tenant with several verified custom domains", async () => {
    const mock = tenant()
      .withCustomDomains(CUSTOM_DOMAIN, OTHER_CUSTOM_DOMAIN)
      .token()
      .createUser()
      .logs([userLog()])
      .gateCheck()
      .deleteClient()
      .deleteUser();

    const { report, lines } = await smoke({ customDomain: CUSTOM_DOMAIN, gate: GATE });

    expectExactlyTheMockedRequests();
    expect(report).toMatchObject({ outcome: "passed", gateCheck: "passed", cleanup: "deleted" });
    expect(lines[0]).toMatch(
      new RegExp(`^out: smoke: ${TENANT} \\(custom domain ${CUSTOM_DOMAIN}\\): creating `),
    );
    // go-auth0's list of paths that carry the header, as far as the smoke requests them.
    expect(mock.sent).toEqual([
      ["POST /oauth/token", undefined],
      ["POST /api/v2/users", CUSTOM_DOMAIN],
      ["GET /api/v2/logs", undefined],
      ["POST /api/v2/clients", undefined],
      [`PATCH /api/v2/connections/${CONNECTION_ID}/clients`, undefined],
      ["POST /oauth/token", undefined],
      [`PATCH ${USER_PATH}`, CUSTOM_DOMAIN],
      ["POST /oauth/token", undefined],
      [`DELETE /api/v2/clients/${LOGIN_CLIENT_ID}`, undefined],
      [`DELETE ${USER_PATH}`, CUSTOM_DOMAIN],
    ]);
  });

  it("enabling the environment file's connection id without looking the connection up", async () => {
    tenant().token().createUser().logs([userLog()]).gateCheck().deleteClient().deleteUser();

    const { report } = await smoke({ gate: GATE });

    expectExactlyTheMockedRequests();
    expect(report).toMatchObject({ outcome: "passed", gateCheck: "passed" });
  });

  it("logging in again after a 503 and after a 429's Retry-After from /oauth/token", async () => {
    const mock = tenant()
      .token()
      .createUser()
      .logs([userLog()])
      .createClient()
      .enableClient()
      .login([503, { error: "server_error", error_description: "try later" }])
      .deniedLogin()
      .verifyUser()
      .login([429, { error: "too_many_requests" }, { "Retry-After": "3" }])
      .allowedLogin()
      .deleteClient()
      .deleteUser();

    const { report, lines, output } = await smoke({ gate: GATE });

    expectExactlyTheMockedRequests();
    expectNoSecretsIn(output, mock.created[0].password);
    expect(report).toMatchObject({ outcome: "passed", gateCheck: "passed" });
    expect(clock.sleeps).toEqual([1_000, 3_000]);
    expect(lines).toContain(
      "out: smoke: password login answered HTTP 503 server_error: try later; trying again in 1000 ms",
    );
  });

  it("without a login while the user was created before loginGate.invitedSince, which the gate never denies", async () => {
    tenant().token().createUser().logs([userLog()]).deleteUser();

    const { report, lines } = await smoke({
      gate: { ...GATE, invitedSince: "2026-12-01T00:00:00Z" },
    });

    expectExactlyTheMockedRequests();
    expect(report).toMatchObject({
      outcome: "passed",
      gateCheck: "skipped",
      clientCleanup: "nothing-created",
    });
    expect(lines).toContain(
      `out: smoke: login gate not checked: the user was created (${CREATED_AT}) before loginGate.invitedSince (2026-12-01T00:00:00Z), and the gate never denies such a user`,
    );
    expect(lines.at(-1)).toContain("login gate not checked (see above)");
  });
});

describe("does not touch clients or logins while the gate is not bound", () => {
  it("creating no client and logging nobody in, with a report as before", async () => {
    tenant().token().createUser().logs([userLog()]).deleteUser();

    const { report, lines } = await smoke({ gate: undefined });

    // Any request to /api/v2/clients, /api/v2/connections or /oauth/token would be unexpected.
    expectExactlyTheMockedRequests();
    expect(report.outcome).toBe("passed");
    expect(report).not.toHaveProperty("gateCheck");
    expect(report).not.toHaveProperty("clientCleanup");
    expect(lines.join("\n")).not.toMatch(/login gate|throwaway client|password login/);
  });
});

describe("fails the gate check, deleting client and user, when", () => {
  /** Up to the first login, which answers `reply`. */
  function untilTheFirstLogin(reply: [number, unknown]) {
    return tenant()
      .token()
      .createUser()
      .logs([userLog()])
      .createClient()
      .enableClient()
      .login(reply)
      .deleteClient()
      .deleteUser();
  }

  it("the gate lets the created-with password in", async () => {
    const mock = untilTheFirstLogin([200, loginTokens()]);

    const { report, lines, output } = await smoke({ gate: GATE });

    expectExactlyTheMockedRequests();
    expectNoSecretsIn(output, mock.created[0].password);
    expect(report).toMatchObject({
      outcome: "failed",
      exitCode: 1,
      gateCheck: "failed",
      cleanup: "deleted",
      clientCleanup: "deleted",
    });
    expect(report.failure).toBe(
      `the login gate let the created-with password in: check that the Action "invite-login-gate" is deployed and bound to post-login, and that its CONNECTION_NAME secret is "${CONNECTION}"; ${USER_ID} is not verified, so the gate should have denied the login`,
    );
    expect(lines.slice(-3)).toEqual([
      `out: smoke: deleted client ${LOGIN_CLIENT_ID} in 0 ms`,
      `out: smoke: deleted user ${USER_ID} in 0 ms`,
      `err: smoke: FAILED: ${report.failure}`,
    ]);
  });

  it("another Action denies the login first, with its own message", async () => {
    untilTheFirstLogin([
      403,
      { error: "access_denied", error_description: "Logins are closed for maintenance" },
    ]);

    const { report } = await smoke({ gate: GATE });

    expectExactlyTheMockedRequests();
    expect(report).toMatchObject({ outcome: "failed", clientCleanup: "deleted" });
    expect(report.failure).toBe(
      `the password login of the unverified user ${USER_ID} was denied, but not by the login gate: Auth0 answered HTTP 403 access_denied: Logins are closed for maintenance, not the gate's message. Another post-login Action bound before "invite-login-gate" (or a Rule) denied it first: Dashboard > Actions > Triggers > post-login shows the order, and the tenant log's failed login (type f) for the user shows the denial`,
    );
  });

  it.each<[string, [number, unknown], string]>([
    [
      "mfa_required (its mfa_token never printed)",
      [
        403,
        {
          error: "mfa_required",
          error_description: "Multifactor authentication required",
          mfa_token: LOGIN_ACCESS_TOKEN,
        },
      ],
      "HTTP 403 mfa_required: Multifactor authentication required. Auth0 asks for a second factor on this login",
    ],
    [
      "unauthorized_client",
      [
        403,
        {
          error: "unauthorized_client",
          error_description:
            "Grant type 'http://auth0.com/oauth/grant-type/password-realm' not allowed for the client.",
        },
      ],
      "The tenant does not allow the password-realm grant for the throwaway client",
    ],
    [
      "invalid_grant",
      [403, { error: "invalid_grant", error_description: "Wrong email or password." }],
      "HTTP 403 invalid_grant: Wrong email or password.. Auth0 refused the created-with password before any Action ran",
    ],
    [
      "too_many_attempts",
      [
        429,
        {
          error: "too_many_attempts",
          error_description:
            "Your account has been blocked after multiple consecutive login attempts.",
        },
      ],
      "Auth0's attack protection blocked the login",
    ],
  ])(
    "the login is refused with %s: says what it means, without retrying",
    async (_code, reply, meaning) => {
      const mock = untilTheFirstLogin(reply);

      const { report, output } = await smoke({ gate: GATE });

      expectExactlyTheMockedRequests();
      expectNoSecretsIn(output, mock.created[0].password);
      expect(clock.sleeps).toEqual([]);
      expect(report).toMatchObject({
        outcome: "failed",
        cleanup: "deleted",
        clientCleanup: "deleted",
      });
      expect(report.failure).toMatch(
        new RegExp(
          `^the password login of the unverified user ${USER_ID.replace("|", "\\|")} did not get the login gate's denial: HTTP`,
        ),
      );
      expect(report.failure).toContain(meaning);
    },
  );

  it("the gate still denies the user once verified", async () => {
    tenant()
      .token()
      .createUser()
      .logs([userLog()])
      .createClient()
      .enableClient()
      .deniedLogin()
      .verifyUser()
      .deniedLogin()
      .deleteClient()
      .deleteUser();

    const { report } = await smoke({ gate: GATE });

    expectExactlyTheMockedRequests();
    expect(report).toMatchObject({
      outcome: "failed",
      gateCheck: "failed",
      clientCleanup: "deleted",
    });
    expect(report.failure).toBe(
      `the login gate denied ${USER_ID} after the email was verified: the Action "invite-login-gate" on the tenant is not the one in actions/login-gate.ts, which lets a verified invitee in at once; apply the stack again`,
    );
  });

  it("creating the client is refused (403 insufficient_scope): names the gate's scopes, still deletes the user", async () => {
    tenant()
      .token()
      .createUser()
      .logs([userLog()])
      .createClient(0, [
        403,
        {
          statusCode: 403,
          error: "Forbidden",
          message: "Insufficient scope, expected any of: create:clients",
          errorCode: "insufficient_scope",
        },
      ])
      .deleteUser();

    const { report } = await smoke({ gate: GATE });

    expectExactlyTheMockedRequests();
    expect(report).toMatchObject({
      outcome: "failed",
      exitCode: 1,
      gateCheck: "failed",
      cleanup: "deleted",
      clientCleanup: "nothing-created",
    });
    expect(report).not.toHaveProperty("loginClientId");
    expect(report.failure).toBe(
      'could not create the throwaway client for the login gate check: HTTP 403 insufficient_scope: Insufficient scope, expected any of: create:clients (with loginGate.state "bound" the credentials also need the scopes create:clients, delete:clients, read:connections, update:connections, update:users).',
    );
  });

  it("creating the client fails with a 5xx: warns that it may exist after all", async () => {
    tenant()
      .token()
      .createUser()
      .logs([userLog()])
      .createClient(0, [503, { statusCode: 503, error: "Service Unavailable", message: "later" }])
      .deleteUser();

    const { report } = await smoke({ gate: GATE });

    expectExactlyTheMockedRequests();
    expect(report.failure).toContain(
      'Auth0 may have created it anyway: look for the application smoke-login-gate-0123456789ab (client_metadata.smoke = "true") and delete it.',
    );
  });

  it("enabling the connection is forbidden: names the gate's scopes, deletes the client it created", async () => {
    tenant()
      .token()
      .createUser()
      .logs([userLog()])
      .createClient()
      .enableClient(0, [
        403,
        {
          statusCode: 403,
          error: "Forbidden",
          message: "Insufficient scope, expected any of: update:connections",
          errorCode: "insufficient_scope",
        },
      ])
      .deleteClient()
      .deleteUser();

    const { report, output } = await smoke({ gate: GATE });

    expectExactlyTheMockedRequests();
    expect(output).not.toContain(LOGIN_CLIENT_SECRET);
    expect(report).toMatchObject({ clientCleanup: "deleted", loginClientId: LOGIN_CLIENT_ID });
    expect(report.failure).toBe(
      `could not enable the connection ${CONNECTION} (${CONNECTION_ID}) for the throwaway client ${LOGIN_CLIENT_ID}: HTTP 403 insufficient_scope: Insufficient scope, expected any of: update:connections (with loginGate.state "bound" the credentials also need the scopes ${GATE_SCOPES.join(", ")})`,
    );
  });

  it("the tenant has no such database connection", async () => {
    tenant()
      .token()
      .createUser()
      .logs([userLog()])
      .createClient()
      .findConnection(0, [200, { connections: [] }])
      .deleteClient()
      .deleteUser();

    const { report } = await smoke({ gate: { ...GATE, connectionId: undefined } });

    expectExactlyTheMockedRequests();
    expect(report.failure).toBe(
      `the tenant has no database connection named ${CONNECTION}, so the login gate cannot be checked`,
    );
  });

  it("marking the user verified is forbidden: names the gate's scopes", async () => {
    tenant()
      .token()
      .createUser()
      .logs([userLog()])
      .createClient()
      .enableClient()
      .deniedLogin()
      .verifyUser(0, [
        403,
        {
          statusCode: 403,
          error: "Forbidden",
          message: "Insufficient scope, expected any of: update:users",
          errorCode: "insufficient_scope",
        },
      ])
      .deleteClient()
      .deleteUser();

    const { report } = await smoke({ gate: GATE });

    expectExactlyTheMockedRequests();
    expect(report.failure).toMatch(
      /^could not mark .* verified: HTTP 403 insufficient_scope: .*update:users \(with loginGate.state "bound" the credentials also need the scopes/,
    );
  });

  it("interrupted (SIGINT) while logging in: stops, still deletes client and user", async () => {
    tenant()
      .token()
      .createUser()
      .logs([userLog()])
      .createClient()
      .enableClient()
      .login([503, { error: "server_error" }])
      .deleteClient()
      .deleteUser();
    const controller = new AbortController();
    clock.onSleep = () => controller.abort(new Error("SIGINT"));

    const { report } = await smoke({ gate: GATE }, { signal: controller.signal });

    expectExactlyTheMockedRequests();
    expect(report).toMatchObject({
      failure: "interrupted (SIGINT)",
      cleanup: "deleted",
      clientCleanup: "deleted",
    });
  });
});

describe("never prints the secrets of the gate check", () => {
  it("not even when Auth0 quotes the password and the client secret in an error", async () => {
    let password = "";
    const mock = tenant().token().createUser().logs([userLog()]).createClient().enableClient();
    nock(`https://${TENANT}`)
      .post("/oauth/token", (body: Record<string, string>) => {
        password = body.password;
        return body.grant_type === PASSWORD_REALM_GRANT;
      })
      .reply(() => [
        400,
        {
          error: "invalid_request",
          error_description: `rejected ${password} for client_secret ${LOGIN_CLIENT_SECRET}`,
        },
      ]);
    mock.deleteClient().deleteUser();

    const { report, output } = await smoke({ gate: GATE });

    expectExactlyTheMockedRequests();
    expectNoSecretsIn(output, mock.created[0].password);
    expect(report.failure).toContain("rejected [password] for client_secret [secret]");
    expect(output).toContain("rejected [password] for client_secret [secret]");
  });
});

describe("fails loudly, printing the client id, when the throwaway client cannot be deleted", () => {
  it("after retrying a 500 twice, even though the check itself passed", async () => {
    const serverError = [
      500,
      { statusCode: 500, error: "Internal Server Error", message: "oops" },
    ] as [number, unknown];
    tenant()
      .token()
      .createUser()
      .logs([userLog()])
      .gateCheck()
      .deleteClient(0, serverError)
      .deleteClient(0, serverError)
      .deleteClient(0, serverError)
      .deleteUser();

    const { report, lines } = await smoke({ gate: GATE });

    expectExactlyTheMockedRequests();
    expect(clock.sleeps).toEqual([1_000, 2_000]);
    expect(report).toMatchObject({
      outcome: "failed",
      exitCode: 1,
      gateCheck: "passed",
      cleanup: "deleted",
      clientCleanup: "not-deleted",
      loginClientId: LOGIN_CLIENT_ID,
    });
    expect(lines.slice(-3)).toEqual([
      `err: smoke: COULD NOT DELETE the throwaway client ${LOGIN_CLIENT_ID} (smoke-login-gate-0123456789ab), which can log users of ${CONNECTION} in with a password: HTTP 500 Internal Server Error: oops (attempt 3). Delete it by hand: Auth0 Dashboard > Applications > Applications, or DELETE https://${TENANT}/api/v2/clients/${LOGIN_CLIENT_ID}`,
      `out: smoke: deleted user ${USER_ID} in 0 ms`,
      "err: smoke: FAILED: the check passed, but the throwaway client could not be deleted (see above)",
    ]);
  });

  it("without retrying a 403 (no delete:clients), keeping the check's own failure as the reason", async () => {
    tenant()
      .token()
      .createUser()
      .logs([userLog()])
      .createClient()
      .enableClient()
      .login([200, loginTokens()])
      .deleteClient(0, [
        403,
        {
          statusCode: 403,
          error: "Forbidden",
          message: "Insufficient scope, expected any of: delete:clients",
          errorCode: "insufficient_scope",
        },
      ])
      .deleteUser();

    const { report, output } = await smoke({ gate: GATE });

    expectExactlyTheMockedRequests();
    expect(report).toMatchObject({ exitCode: 1, clientCleanup: "not-deleted", cleanup: "deleted" });
    expect(report.failure).toMatch(/^the login gate let the created-with password in/);
    expect(output).toContain(
      `COULD NOT DELETE the throwaway client ${LOGIN_CLIENT_ID} (smoke-login-gate-0123456789ab), which can log users of ${CONNECTION} in with a password: HTTP 403 insufficient_scope: Insufficient scope, expected any of: delete:clients (attempt 1)`,
    );
  });
});

describe("the throwaway password", () => {
  it("is long, has all four character classes and never three identical characters in a row", () => {
    const acceptable = (p: string) =>
      p.length === 40 &&
      /[a-z]/.test(p) &&
      /[A-Z]/.test(p) &&
      /[0-9]/.test(p) &&
      /[^a-zA-Z0-9]/.test(p) &&
      !/(.)\1\1/.test(p);
    const draws = Array.from({ length: 500 }, () => generatePassword());
    expect(draws.filter((p) => !acceptable(p))).toEqual([]);
    expect(new Set(draws).size).toBe(500);
  });

  it("is drawn again when a draw has three identical characters in a row", () => {
    let calls = 0;
    // The first draw (40 picks and 39 swaps) is all index 0: "aaa...", which must be rejected.
    const rigged = (max: number) => (calls++ < 79 ? 0 : randomInt(max));
    const password = generatePassword(40, rigged);
    expect(calls).toBeGreaterThan(79);
    expect(password).not.toMatch(/(.)\1\1/);
  });

  it("refuses lengths that cannot hold the four classes", () => {
    expect(() => generatePassword(3)).toThrow(RangeError);
  });
});

// Last, so the child process started before the first test has run beside all the others.
describe("skipped, end to end", () => {
  it("runs the real edge script without AUTH0_* and exits 0 with that message (what CI relies on)", async () => {
    const { code, stdout, stderr } = await edgeScriptWithoutCredentials;
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(stdout).toMatch(
      /^smoke: skipped: no Auth0 Management API credentials, so nothing was checked on \S+ \(environment dev\)\. .*AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET .* AUTH0_API_TOKEN/,
    );
  });
});
