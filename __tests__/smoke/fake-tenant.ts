// The smoke's fake tenant, shared by the smoke's test files: a nock mock of the Management API
// driven by the real `auth0` ManagementClient (nock intercepts the global fetch the SDK uses) and
// of the Authentication API's /oauth/token for the login gate check. Time is a fake clock:
// polling, Retry-After and timeouts take no real time. Importing this module gives every test of
// the importing file a fresh clock and a network that only the mock answers.
import nock from "nock";
import { readMessages } from "../../lib/email-templates/messages";
import type { Credentials } from "../../lib/operate/credentials";
import { type GateTarget, PASSWORD_REALM_GRANT } from "../../lib/smoke/gate";
import {
  managementClientFor,
  runSmoke,
  type SmokeDeps,
  type SmokeTarget,
} from "../../lib/smoke/run";
import { customDomainAnswer } from "../support/auth0-answers";
import { ROOT } from "../support/paths";

export const TENANT = "smoke-test.eu.auth0.com";
export const USER_ID = "auth0|5e0c1a0ffee0000000000001";
export const EMAIL = "smoke-0123456789ab@example.com";
export const CREATED_AT = "2026-11-27T12:00:00.000Z";
export const APP_NAME = "Example Portal (dev)";
export const APP_CLIENT_ID = "AbCdEfGhIjKlMnOpQrStUvWxYz012345";
export const CLIENT_SECRET = "m2m-client-secret";
const ACCESS_TOKEN = "mgmt-access-token";
const QUERY = `user_id:"${USER_ID}" OR user_name:"${EMAIL}"`;
const LOGS_QUERY = {
  page: "0",
  per_page: "100",
  sort: "date:1",
  include_totals: "true",
  q: QUERY,
};
export const USER_PATH = `/api/v2/users/${encodeURIComponent(USER_ID)}`;
export const CONNECTION = "Username-Password-Authentication";
export const CONNECTION_ID = "con_SMOKE00000000000";
// The login gate check's throwaway client and what its logins return.
export const LOGIN_CLIENT_ID = "SmokeLoginGateClient000000000001";
export const LOGIN_CLIENT_SECRET = "login-client-secret-never-printed";
export const LOGIN_ACCESS_TOKEN = "login-access-token-never-printed";
const LOGIN_ID_TOKEN = "login.id-token.never-printed";
// Two verified custom domains: the tenant then wants to be told which one a user is for.
export const CUSTOM_DOMAIN = "login.example.com";
export const OTHER_CUSTOM_DOMAIN = "auth.example.net";
const CONNECTIONS_QUERY = {
  include_totals: "true",
  take: "50",
  strategy: "auth0",
  name: CONNECTION,
  fields: "id,name",
  include_fields: "true",
};

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

export type Log = Record<string, unknown>;

/** A log entry about the throwaway user; by default the request log the smoke waits for. */
export const userLog = (overrides: Log = {}): Log => ({
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

/** Fresh for each test of the importing file, as is the list of requests nothing answered. */
export let clock: FakeClock;
export let unexpected: string[];
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
export function expectExactlyTheMockedRequests() {
  expect(unexpected).toEqual([]);
  expect(nock.pendingMocks()).toEqual([]);
}

/** The Management API of TENANT; `latency` is added to the fake clock per request. */
export function tenant(bearer = ACCESS_TOKEN) {
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

/** Auth0's answer to a request whose token lacks `scope`. */
export const insufficientScope = (scope: string): [number, unknown] => [
  403,
  {
    statusCode: 403,
    error: "Forbidden",
    message: `Insufficient scope, expected any of: ${scope}`,
    errorCode: "insufficient_scope",
  },
];

/** The gate's refusal in the default language, English: the throwaway user has none. */
export const DENIED_MESSAGE = readMessages(ROOT, ["login_gate_denied"]).login_gate_denied.en;
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

export function loginTokens() {
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

export async function smoke(
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

export function expectNoSecretsIn(output: string, password: unknown) {
  expect(typeof password).toBe("string");
  expect(output).not.toContain(password as string);
  expect(output).not.toContain(CLIENT_SECRET);
  expect(output).not.toContain(ACCESS_TOKEN);
  expect(output).not.toContain(LOGIN_CLIENT_SECRET);
  expect(output).not.toContain(LOGIN_ACCESS_TOKEN);
  expect(output).not.toContain(LOGIN_ID_TOKEN);
}

/** The login gate as preflight plans it for ENVIRONMENT with a connection id. */
export const GATE: GateTarget = {
  actionName: "invite-login-gate",
  clientName: "smoke-login-gate-0123456789ab",
  connectionId: CONNECTION_ID,
  deniedMessage: DENIED_MESSAGE,
};
