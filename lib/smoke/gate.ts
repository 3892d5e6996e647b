// The smoke's check of the login gate (actions/login-gate.ts), without a browser: a throwaway
// client that may use the password-realm grant logs the throwaway user in with the password it
// was created with. Unverified, the gate must deny it with its message; verified, it must get in
// at once. run.ts calls this between finding the scpr log and deleting the user, and deletes
// the client whatever happens here.
import type { ManagementClient } from "auth0";
import { parseUtcTime } from "../../actions/invitation";
import { describeError, retryAfterFromHeaders, statusOf } from "../management-api/errors";
import { SmokeFailure } from "./errors";
import { GATE_SCOPES_HINT } from "./scopes";

export const PASSWORD_REALM_GRANT = "http://auth0.com/oauth/grant-type/password-realm";

export interface GateTarget {
  /** The login gate Action, named in the hints. */
  actionName: string;
  /** The throwaway client's name, smoke-login-gate-<random>. */
  clientName: string;
  /** The connection's id when the environment file has it; otherwise it is looked up by name. */
  connectionId?: string;
  /** loginGate.invitedSince: the gate lets in users created before it, so there is no check. */
  invitedSince?: string;
  /**
   * The gate's refusal as the throwaway user gets it: in the environment's default language,
   * since the user has no language of its own.
   */
  deniedMessage: string;
}

export interface GateTimings {
  /** Creating the throwaway client. */
  loginClientMs?: number;
  /** Enabling the connection for it (and looking the connection up when its id is unknown). */
  enableConnectionMs?: number;
  /** The password login the gate denied. */
  deniedLoginMs?: number;
  /** Marking the user's email verified. */
  verifyMs?: number;
  /** The password login of the verified user. */
  allowedLoginMs?: number;
}

export interface GateContext {
  client: ManagementClient;
  domain: string;
  connection: string;
  email: string;
  password: string;
  userId: string;
  gate: GateTarget;
  /** Filled in step by step. */
  timings: GateTimings;
  now: () => number;
  /** Must reject when `signal` aborts. */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  log: (line: string) => void;
  signal?: AbortSignal;
  /** Called as soon as the client exists, so that it is deleted whatever happens next. */
  clientCreated: (clientId: string) => void;
  /** A value that must never be printed: the client secret, tokens. */
  secret: (value: string) => void;
  interrupted: () => SmokeFailure;
}

const LOGIN_ATTEMPTS = 3;
const LOGIN_TIMEOUT_MS = 30_000;
/** Auth0 error text is short; a longer body is some proxy's page, not worth a log line. */
const MAX_DETAIL = 300;

/** Why the gate is not checked for a user created at `createdAt`, or undefined. */
export function gateNotCheckedBecause(gate: GateTarget, createdAt: unknown): string | undefined {
  if (gate.invitedSince === undefined) return undefined;
  const created = typeof createdAt === "string" ? Date.parse(createdAt) : Number.NaN;
  if (Number.isNaN(created)) {
    return `Auth0 returned no usable created_at to compare with loginGate.invitedSince (${gate.invitedSince}), and the gate lets such a user in`;
  }
  // Read as the gate reads its INVITED_SINCE secret (the schema has checked the value).
  if (created < (parseUtcTime(gate.invitedSince) ?? Number.NEGATIVE_INFINITY)) {
    return `the user was created (${createdAt}) before loginGate.invitedSince (${gate.invitedSince}), and the gate never denies such a user`;
  }
  return undefined;
}

export async function checkGate(ctx: GateContext): Promise<void> {
  const { gate, timings, now, log } = ctx;
  const clientStarted = now();
  const login = await createLoginClient(ctx);
  timings.loginClientMs = now() - clientStarted;
  log(
    `created client ${login.clientId} (${gate.clientName}) with the password-realm grant in ${timings.loginClientMs} ms`,
  );

  if (ctx.signal?.aborted) throw ctx.interrupted();
  const enableStarted = now();
  const connectionId = gate.connectionId ?? (await findConnectionId(ctx));
  await enableOnConnection(ctx, connectionId, login.clientId);
  timings.enableConnectionMs = now() - enableStarted;
  log(
    `enabled ${ctx.connection} (${connectionId}) for client ${login.clientId} in ${timings.enableConnectionMs} ms`,
  );

  const deniedStarted = now();
  expectDenied(ctx, await passwordLogin(ctx, login));
  timings.deniedLoginMs = now() - deniedStarted;
  log(
    `login gate denied the password login of ${ctx.userId} (email not verified) with its message, as expected, in ${timings.deniedLoginMs} ms`,
  );

  const verifyStarted = now();
  await markVerified(ctx);
  timings.verifyMs = now() - verifyStarted;
  log(`marked ${ctx.userId} verified in ${timings.verifyMs} ms`);

  const allowedStarted = now();
  expectAllowed(ctx, await passwordLogin(ctx, login));
  timings.allowedLoginMs = now() - allowedStarted;
  log(
    `${ctx.userId}, now verified, logged in with the same password in ${timings.allowedLoginMs} ms (tokens not shown)`,
  );
}

interface LoginClient {
  clientId: string;
  clientSecret: string;
}

async function createLoginClient(ctx: GateContext): Promise<LoginClient> {
  const { gate } = ctx;
  let created: { client_id?: string; client_secret?: string };
  try {
    // No retry and no abort, as for the user: a create whose response is lost leaves a client
    // whose id is unknown.
    created = await ctx.client.clients.create(
      {
        name: gate.clientName,
        description: "Throwaway client of npm run smoke (login gate check); delete it if left",
        app_type: "regular_web",
        grant_types: [PASSWORD_REALM_GRANT],
        token_endpoint_auth_method: "client_secret_post",
        is_first_party: true,
        oidc_conformant: true,
        client_metadata: { smoke: "true" },
      },
      { maxRetries: 0 },
    );
  } catch (error) {
    const status = statusOf(error);
    const aftermath =
      status === undefined || status >= 500
        ? ` Auth0 may have created it anyway: look for the application ${gate.clientName} (client_metadata.smoke = "true") and delete it.`
        : "";
    throw new SmokeFailure(
      `could not create the throwaway client for the login gate check: ${describeError(error)}${scopeHint(status)}.${aftermath}`,
    );
  }
  if (typeof created.client_secret === "string" && created.client_secret !== "") {
    ctx.secret(created.client_secret);
  }
  if (!created.client_id) {
    throw new SmokeFailure(
      `Auth0 created the client ${gate.clientName} but returned no client_id, so it cannot be deleted here; delete it by hand (Auth0 Dashboard > Applications > Applications)`,
    );
  }
  ctx.clientCreated(created.client_id);
  if (!created.client_secret) {
    throw new SmokeFailure(
      `Auth0 created the client ${created.client_id} but returned no client_secret, which the password login needs`,
    );
  }
  return { clientId: created.client_id, clientSecret: created.client_secret };
}

async function findConnectionId(ctx: GateContext): Promise<string> {
  let found: { id?: string; name?: string }[];
  try {
    const page = await ctx.client.connections.list(
      { name: ctx.connection, strategy: "auth0", fields: "id,name", include_fields: true },
      { maxRetries: 0, abortSignal: ctx.signal },
    );
    // Read a bare array too, as for the logs: the SDK reads only `{ connections }`.
    const body: unknown = page.response;
    found = Array.isArray(body) ? body : page.data;
  } catch (error) {
    if (ctx.signal?.aborted) throw ctx.interrupted();
    throw new SmokeFailure(
      `could not look up the connection ${ctx.connection}: ${describeError(error)}${scopeHint(statusOf(error))}`,
    );
  }
  const connection = found.find((c) => c.name === ctx.connection);
  if (connection?.id === undefined) {
    throw new SmokeFailure(
      `the tenant has no database connection named ${ctx.connection}, so the login gate cannot be checked`,
    );
  }
  return connection.id;
}

async function enableOnConnection(
  ctx: GateContext,
  connectionId: string,
  clientId: string,
): Promise<void> {
  try {
    // Only this client's status changes; the connection's other clients stay as they are.
    await ctx.client.connections.clients.update(
      connectionId,
      [{ client_id: clientId, status: true }],
      { maxRetries: 0, abortSignal: ctx.signal },
    );
  } catch (error) {
    if (ctx.signal?.aborted) throw ctx.interrupted();
    throw new SmokeFailure(
      `could not enable the connection ${ctx.connection} (${connectionId}) for the throwaway client ${clientId}: ${describeError(error)}${scopeHint(statusOf(error))}`,
    );
  }
}

async function markVerified(ctx: GateContext): Promise<void> {
  if (ctx.signal?.aborted) throw ctx.interrupted();
  try {
    await ctx.client.users.update(
      ctx.userId,
      { email_verified: true },
      { maxRetries: 0, abortSignal: ctx.signal },
    );
  } catch (error) {
    if (ctx.signal?.aborted) throw ctx.interrupted();
    throw new SmokeFailure(
      `could not mark ${ctx.userId} verified: ${describeError(error)}${scopeHint(statusOf(error))}`,
    );
  }
}

function scopeHint(status: number | undefined): string {
  return status === 401 || status === 403 ? ` (${GATE_SCOPES_HINT})` : "";
}

/** What the token endpoint answered; tokens only as whether there were any. */
interface LoginAnswer {
  status: number;
  error?: string;
  description?: string;
  tokens: boolean;
}

/** Auth0's Authentication API, POST /oauth/token with the password-realm grant. */
async function passwordLogin(ctx: GateContext, login: LoginClient): Promise<LoginAnswer> {
  const { signal } = ctx;
  const url = `https://${ctx.domain}/oauth/token`;
  const form = new URLSearchParams({
    grant_type: PASSWORD_REALM_GRANT,
    realm: ctx.connection,
    username: ctx.email,
    password: ctx.password,
    client_id: login.clientId,
    client_secret: login.clientSecret,
    scope: "openid",
  });
  for (let attempt = 1; ; attempt++) {
    if (signal?.aborted) throw ctx.interrupted();
    let waitMs: number;
    try {
      const timeout = AbortSignal.timeout(LOGIN_TIMEOUT_MS);
      const response = await fetch(url, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          accept: "application/json",
        },
        body: form.toString(),
        redirect: "error",
        signal: signal === undefined ? timeout : AbortSignal.any([signal, timeout]),
      });
      const answer = readAnswer(response.status, await response.text(), ctx.secret);
      // too_many_attempts is attack protection's block, which waiting seconds does not lift.
      const transient =
        answer.status >= 500 || (answer.status === 429 && answer.error !== "too_many_attempts");
      if (!transient || attempt >= LOGIN_ATTEMPTS) return answer;
      waitMs = retryAfterFromHeaders(response.headers, ctx.now()) ?? 1_000 * attempt;
      ctx.log(`password login answered ${describeAnswer(answer)}; trying again in ${waitMs} ms`);
    } catch (error) {
      if (signal?.aborted) throw ctx.interrupted();
      if (attempt >= LOGIN_ATTEMPTS) {
        throw new SmokeFailure(
          `the password login (POST ${url}) failed: ${describeError(error)} (attempt ${attempt})`,
        );
      }
      waitMs = 1_000 * attempt;
      ctx.log(`password login failed (${describeError(error)}); trying again in ${waitMs} ms`);
    }
    try {
      await ctx.sleep(waitMs, signal);
    } catch (error) {
      if (signal?.aborted) throw ctx.interrupted();
      throw error;
    }
  }
}

function readAnswer(status: number, text: string, secret: (value: string) => void): LoginAnswer {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    const detail = text.trim().slice(0, MAX_DETAIL);
    return { status, tokens: false, ...(detail === "" ? {} : { description: detail }) };
  }
  const record = (typeof body === "object" && body !== null ? body : {}) as Record<string, unknown>;
  const field = (key: string) => {
    const value = record[key];
    return typeof value === "string" && value !== "" ? value : undefined;
  };
  // Nothing prints them; redacted all the same, should an error message ever quote one.
  for (const key of ["access_token", "id_token", "refresh_token", "mfa_token"]) {
    const value = field(key);
    if (value !== undefined) secret(value);
  }
  const error = field("error");
  const description = field("error_description")?.slice(0, MAX_DETAIL);
  return {
    status,
    tokens: field("access_token") !== undefined || field("id_token") !== undefined,
    ...(error === undefined ? {} : { error }),
    ...(description === undefined ? {} : { description }),
  };
}

function describeAnswer(answer: LoginAnswer): string {
  return `HTTP ${answer.status}${answer.error ? ` ${answer.error}` : ""}${answer.description ? `: ${answer.description}` : ""}`;
}

function isGateDenial(gate: GateTarget, answer: LoginAnswer): boolean {
  return (
    answer.status === 403 &&
    answer.error === "access_denied" &&
    answer.description?.trim() === gate.deniedMessage
  );
}

function expectDenied(ctx: GateContext, answer: LoginAnswer): void {
  if (isGateDenial(ctx.gate, answer)) return;
  const action = `"${ctx.gate.actionName}"`;
  if (answer.status >= 200 && answer.status < 300) {
    throw new SmokeFailure(
      `the login gate let the created-with password in: check that the Action ${action} is deployed and bound to post-login, and that its CONNECTION_NAME secret is "${ctx.connection}"; ${ctx.userId} is not verified, so the gate should have denied the login`,
    );
  }
  if (answer.error === "access_denied") {
    throw new SmokeFailure(
      `the password login of the unverified user ${ctx.userId} was denied, but not by the login gate: Auth0 answered ${describeAnswer(answer)}, not the gate's message. Another post-login Action bound before ${action} (or a Rule) denied it first: Dashboard > Actions > Triggers > post-login shows the order, and the tenant log's failed login (type f) for the user shows the denial`,
    );
  }
  throw new SmokeFailure(
    `the password login of the unverified user ${ctx.userId} did not get the login gate's denial: ${explainRefusal(ctx, answer)}`,
  );
}

function expectAllowed(ctx: GateContext, answer: LoginAnswer): void {
  const action = `"${ctx.gate.actionName}"`;
  if (answer.status === 200) {
    if (answer.tokens) return;
    throw new SmokeFailure(
      `the password login of the verified user ${ctx.userId} answered HTTP 200 without an access_token or id_token`,
    );
  }
  if (isGateDenial(ctx.gate, answer)) {
    throw new SmokeFailure(
      `the login gate denied ${ctx.userId} after the email was verified: the Action ${action} on the tenant is not the one in actions/login-gate.ts, which lets a verified invitee in at once; apply the stack again`,
    );
  }
  if (answer.error === "access_denied") {
    throw new SmokeFailure(
      `the password login of the verified user ${ctx.userId} was denied by something other than the login gate: Auth0 answered ${describeAnswer(answer)}. Another post-login Action (or a Rule) denied it; Dashboard > Actions > Triggers > post-login shows which run`,
    );
  }
  throw new SmokeFailure(
    `the verified user ${ctx.userId} could not log in with the password: ${explainRefusal(ctx, answer)}`,
  );
}

/** What a refusal that is no Action's denial means, as far as Auth0's error code tells. */
function explainRefusal(ctx: GateContext, answer: LoginAnswer): string {
  const what = describeAnswer(answer);
  switch (answer.error) {
    case "mfa_required":
      return `${what}. Auth0 asks for a second factor on this login (the tenant's MFA policy or a post-login Action requires it), which a password login cannot give, so the smoke cannot check the gate on this tenant`;
    case "unauthorized_client":
    case "unsupported_grant_type":
      return `${what}. The tenant does not allow the password-realm grant for the throwaway client, which the smoke needs to try the password without a browser`;
    case "invalid_grant":
      return `${what}. Auth0 refused the created-with password before any Action ran: brute-force protection may have blocked the user, or the connection ${ctx.connection} is not enabled for the throwaway client`;
    case "too_many_attempts":
      return `${what}. Auth0's attack protection blocked the login (brute-force protection, or suspicious-IP throttling of this machine's address); try again later`;
    case "requires_verification":
      return `${what}. Auth0's bot detection asks for a CAPTCHA, which a login without a browser cannot solve`;
    case "invalid_request":
      return `${what}. Auth0 rejected the login request: is the connection ${ctx.connection} enabled for the throwaway client?`;
    case "invalid_client":
      return `${what}. Auth0 did not accept the throwaway client's credentials`;
    default:
      return what;
  }
}
