// Post-user-registration Action: a user created in our database connection gets Auth0's
// change-password email, which serves as the invitation (one email, one link: set a password,
// and completing it verifies the address).
//
// lib/action bundles this file (and invitation.ts) into the CommonJS string placed in
// `auth0_action.code` (runtime node22), and the tests run that very string under Node 22
// against a mock of Auth0, so whatever is written here is what they exercise. It needs no npm
// package: one POST with the built-in fetch. See actions/README.md for secrets, log lines and
// the retry policy.
import type { INVITE_ACTION } from "../lib/action/contract";
import type { RegistrationEvent } from "./auth0-event";
import {
  acceptedBecause,
  type InvitationRules,
  notInvitedBecause,
  parseSkipDomains,
} from "./invitation";

const LOG: typeof INVITE_ACTION.log = "send-invite:";

// Auth0 stops an Action after 20 s; everything, retries included, ends well before that.
const TOTAL_BUDGET_MS = 10_000;
const REQUEST_TIMEOUT_MS = 3_000;
const MAX_ATTEMPTS = 4;
const BACKOFF_BASE_MS = 300;
// Auth0 limits change-password requests to 1 per minute per IP and email after a burst of 10:
// waiting for such a limit to lift would only burn the execution, so longer waits are not made.
const MAX_RETRY_AFTER_MS = 5_000;
// A retry that could not get a full request's worth of time is not worth starting.
const MIN_ATTEMPT_MS = 1_000;

interface Config extends InvitationRules {
  domain: string;
  clientId: string;
}

type Outcome =
  | { sent: true }
  | { sent: false; reason: string; retry: false }
  | { sent: false; reason: string; retry: true; waitMs?: number };

export const onExecutePostUserRegistration = async (event: RegistrationEvent): Promise<void> => {
  // A misconfigured Action must fail on every registration, not only on the ones it would send.
  const config = readConfig(event.secrets);
  const userId = event.user.user_id;
  const skip =
    notInvitedBecause(event.user, event.connection.name, config) ?? acceptedBecause(event.user);
  if (skip) {
    console.log(`${LOG} skipped user ${userId}: ${skip}`);
    return;
  }
  await requestInvite(config, userId, event.user.email as string);
};

function readConfig(secrets: RegistrationEvent["secrets"]): Config {
  const value = (name: keyof typeof secrets) => (secrets[name] ?? "").trim();
  // The contract's required names (lib/action), held to it by the type checker.
  // biome-ignore format: esbuild keeps a call's line breaks, and the built code must not change
  const missing = (
    ["DOMAIN", "CLIENT_ID", "CONNECTION_NAME"] satisfies typeof INVITE_ACTION.secrets.required
  ).filter((name) => !value(name));
  if (missing.length > 0) {
    fail(`missing required secret(s) ${missing.join(", ")}; set them on the Action`);
  }
  const domain = value("DOMAIN");
  // The request URL is built from it; a URL here would produce https://https://...
  if (!/^[a-z0-9.-]+(:\d+)?$/i.test(domain)) {
    fail(`secret DOMAIN must be a host name such as example.eu.auth0.com, got "${domain}"`);
  }
  return {
    domain,
    clientId: value("CLIENT_ID"),
    connection: value("CONNECTION_NAME"),
    skipDomains: parseSkipDomains(secrets.SKIP_EMAIL_DOMAINS),
  };
}

async function requestInvite(config: Config, userId: string, email: string): Promise<void> {
  const url = `https://${config.domain}/dbconnections/change_password`;
  const body = JSON.stringify({
    client_id: config.clientId,
    email,
    connection: config.connection,
  });
  const deadline = Date.now() + TOTAL_BUDGET_MS;
  for (let attempt = 1; ; attempt++) {
    const timeoutMs = Math.min(REQUEST_TIMEOUT_MS, deadline - Date.now());
    const outcome = await attemptOnce(url, body, timeoutMs);
    if (outcome.sent) {
      console.log(`${LOG} invite email requested for user ${userId} (attempt ${attempt})`);
      return;
    }
    const reason = redact(outcome.reason, email);
    const waitMs = outcome.retry ? (outcome.waitMs ?? backoff(attempt)) : 0;
    const stop = stopReason(outcome.retry, attempt, waitMs, deadline);
    if (stop !== undefined) {
      fail(`invite email for user ${userId} failed after ${attempt} attempt(s): ${reason}${stop}`);
    }
    console.log(
      `${LOG} attempt ${attempt} for user ${userId} failed (${reason}); retrying in ${waitMs} ms`,
    );
    await new Promise((resolve) => setTimeout(resolve, waitMs));
  }
}

// Why no retry follows this failed attempt ("" when the failure itself is final), or
// undefined when one does.
function stopReason(
  retryable: boolean,
  attempt: number,
  waitMs: number,
  deadline: number,
): string | undefined {
  if (!retryable) return "";
  if (attempt >= MAX_ATTEMPTS) return "; no attempts left";
  if (waitMs > MAX_RETRY_AFTER_MS) {
    return `; Auth0 asks to wait ${Math.ceil(waitMs / 1000)} s, longer than this Action may wait`;
  }
  if (Date.now() + waitMs + MIN_ATTEMPT_MS > deadline) return "; no time left for a retry";
  return undefined;
}

async function attemptOnce(url: string, body: string, timeoutMs: number): Promise<Outcome> {
  // AbortController + setTimeout rather than AbortSignal.timeout: the tests drive time through
  // the timer functions this code sees.
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
      signal: controller.signal,
      // Followed, a redirect turns the POST into a GET, whose 200 would not be an invitation.
      redirect: "manual",
    });
  } catch (error) {
    clearTimeout(timer);
    if (controller.signal.aborted) {
      return { sent: false, retry: true, reason: `no response within ${timeoutMs} ms` };
    }
    // fetch rejects only when no HTTP response came: DNS, refused or reset connections.
    return { sent: false, retry: true, reason: `network error (${describe(error)})` };
  }
  if (response.ok) {
    // Sent. Nothing after this may turn it into a retry, which would be a second invitation;
    // Auth0's plain-text confirmation says nothing more.
    clearTimeout(timer);
    response.body?.cancel().catch(() => {});
    return { sent: true };
  }
  // The status decides what happens; the body only adds Auth0's error code. A body that stalls
  // (the timer aborts it) or breaks off leaves the status alone.
  let text = "";
  try {
    text = await response.text();
  } catch {
    text = "";
  } finally {
    clearTimeout(timer);
  }
  const reason = `HTTP ${response.status}${auth0Error(text)}`;
  if (response.status === 429) {
    return { sent: false, retry: true, reason, waitMs: retryAfterMs(response.headers) };
  }
  return { sent: false, retry: response.status >= 500, reason };
}

// " <error>: <error_description>" from Auth0's JSON error body; "" for any other body (a
// proxy's HTML page), which leaves only the status.
function auth0Error(text: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return "";
  }
  if (typeof parsed !== "object" || parsed === null) return "";
  const { error, error_description } = parsed as Record<string, unknown>;
  if (typeof error !== "string" || error === "") return "";
  return typeof error_description === "string" && error_description !== ""
    ? ` ${error}: ${error_description}`
    : ` ${error}`;
}

// Retry-After (seconds or an HTTP date) is the standard header; Auth0 documents
// X-RateLimit-Reset (epoch seconds) for its rate limits, so either one is honoured.
function retryAfterMs(headers: Headers): number | undefined {
  const retryAfter = headers.get("retry-after")?.trim();
  if (retryAfter) {
    if (/^\d+$/.test(retryAfter)) return Number(retryAfter) * 1000;
    const at = Date.parse(retryAfter);
    if (!Number.isNaN(at)) return Math.max(0, at - Date.now());
  }
  const reset = headers.get("x-ratelimit-reset")?.trim();
  if (reset && /^\d+$/.test(reset)) return Math.max(0, Number(reset) * 1000 - Date.now());
  return undefined;
}

// Jitter keeps users created in one bulk import from retrying in lockstep.
function backoff(attempt: number): number {
  const ceiling = BACKOFF_BASE_MS * 2 ** (attempt - 1);
  return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}

function describe(error: unknown): string {
  if (typeof error !== "object" || error === null) return String(error);
  const { code, message, cause } = error as { code?: unknown; message?: unknown; cause?: unknown };
  if (typeof code === "string") return code;
  const causeCode = (cause as { code?: unknown } | undefined)?.code;
  if (typeof causeCode === "string") return causeCode;
  return typeof message === "string" ? message : String(error);
}

// Auth0's error descriptions may quote the request; the address must not reach the logs.
function redact(text: string, email: string): string {
  const quoted = email.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return text.replace(new RegExp(quoted, "gi"), "[email]").slice(0, 300);
}

function fail(message: string): never {
  console.error(`${LOG} ${message}`);
  throw new Error(`${LOG} ${message}`);
}
