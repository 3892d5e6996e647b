// Post-user-registration Action: a user created in our database connection gets Auth0's
// change-password email, which serves as the invitation (one email, one link: set a password,
// and completing it verifies the address).
//
// lib/action builds this file into the CommonJS string placed in `auth0_action.code` (runtime
// node22), and the tests run that very string against a mock of Auth0, so whatever is written
// here is what they exercise. See actions/README.md for secrets, log lines and the retry policy.
import auth0 = require("@auth0/auth0-auth-js");

import type { RegistrationEvent } from "./auth0-event";

const LOG = "send-invite:";

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

interface Config {
  domain: string;
  clientId: string;
  connection: string;
  skipDomains: string[];
}

type Outcome =
  | { sent: true }
  | { sent: false; reason: string; retry: false }
  | { sent: false; reason: string; retry: true; waitMs?: number };

exports.onExecutePostUserRegistration = async (event: RegistrationEvent): Promise<void> => {
  // A misconfigured Action must fail on every registration, not only on the ones it would send.
  const config = readConfig(event.secrets);
  const userId = event.user.user_id;
  const skip = skipReason(event, config);
  if (skip) {
    console.log(`${LOG} skipped user ${userId}: ${skip}`);
    return;
  }
  await requestInvite(config, userId, event.user.email as string);
};

function readConfig(secrets: Record<string, string | undefined>): Config {
  const value = (name: string) => (secrets[name] ?? "").trim();
  const missing = ["DOMAIN", "CLIENT_ID", "CONNECTION_NAME"].filter((name) => !value(name));
  if (missing.length > 0) {
    fail(`missing required secret(s) ${missing.join(", ")}; set them on the Action`);
  }
  const domain = value("DOMAIN");
  // The SDK prepends https:// itself; a URL here would produce https://https://...
  if (!/^[a-z0-9.-]+(:\d+)?$/i.test(domain)) {
    fail(`secret DOMAIN must be a host name such as example.eu.auth0.com, got "${domain}"`);
  }
  return {
    domain,
    clientId: value("CLIENT_ID"),
    connection: value("CONNECTION_NAME"),
    skipDomains: value("SKIP_EMAIL_DOMAINS")
      .split(",")
      .map((d) => d.trim().replace(/^@/, "").toLowerCase())
      .filter((d) => d !== ""),
  };
}

function skipReason(event: RegistrationEvent, config: Config): string | undefined {
  const { user } = event;
  if (event.connection.name !== config.connection) {
    return `connection ${event.connection.name} is not ${config.connection}`;
  }
  if (user.app_metadata?.invite === false) return "app_metadata.invite is false";
  if (typeof user.email !== "string" || user.email.trim() === "") return "no email address";
  if (user.email_verified === true) return "email already verified";
  const domain = user.email.slice(user.email.lastIndexOf("@") + 1).toLowerCase();
  // The domain is not logged: a personal domain identifies its owner.
  if (config.skipDomains.includes(domain)) return "email domain is listed in SKIP_EMAIL_DOMAINS";
  return undefined;
}

async function requestInvite(config: Config, userId: string, email: string): Promise<void> {
  const client = new auth0.AuthClient({ domain: config.domain, clientId: config.clientId });
  const deadline = Date.now() + TOTAL_BUDGET_MS;
  for (let attempt = 1; ; attempt++) {
    const timeoutMs = Math.min(REQUEST_TIMEOUT_MS, deadline - Date.now());
    const outcome = await attemptOnce(client, config.connection, email, timeoutMs);
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

async function attemptOnce(
  client: auth0.AuthClient,
  connection: string,
  email: string,
  timeoutMs: number,
): Promise<Outcome> {
  // AbortController + setTimeout rather than AbortSignal.timeout: the tests drive time through
  // the timer functions this code sees.
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  // The SDK turns every transport failure into one generic message; keep the cause for the log.
  let transportError: unknown;
  const observedFetch: typeof fetch = (input, init) =>
    fetch(input, init).catch((error: unknown) => {
      transportError = error;
      throw error;
    });
  try {
    await client.database.changePassword(
      { email, connection },
      { signal: controller.signal, customFetch: observedFetch },
    );
    return { sent: true };
  } catch (error) {
    if (controller.signal.aborted) {
      return { sent: false, retry: true, reason: `no response within ${timeoutMs} ms` };
    }
    if (!(error instanceof auth0.ChangePasswordError)) {
      return { sent: false, retry: false, reason: `unexpected error: ${describe(error)}` };
    }
    const status = error.statusCode;
    if (status === undefined) {
      // Without a status the SDK either never reached Auth0 or refused our input.
      return transportError === undefined
        ? { sent: false, retry: false, reason: error.message }
        : { sent: false, retry: true, reason: `network error (${describe(transportError)})` };
    }
    // Bodies that are not Auth0's JSON error (a proxy's HTML page) leave only the status.
    const code = error.cause?.error;
    const known = code !== undefined && code !== "unknown_error";
    const detail =
      known && error.cause?.error_description ? `: ${error.cause.error_description}` : "";
    const reason = `HTTP ${status}${known ? ` ${code}` : ""}${detail}`;
    if (status === 429) {
      return { sent: false, retry: true, reason, waitMs: retryAfterMs(error.headers) };
    }
    return { sent: false, retry: status >= 500, reason };
  } finally {
    clearTimeout(timer);
  }
}

// Retry-After (seconds or an HTTP date) is the standard header; Auth0 documents
// X-RateLimit-Reset (epoch seconds) for its rate limits, so either one is honoured.
function retryAfterMs(headers: Headers | undefined): number | undefined {
  const retryAfter = headers?.get("retry-after")?.trim();
  if (retryAfter) {
    if (/^\d+$/.test(retryAfter)) return Number(retryAfter) * 1000;
    const at = Date.parse(retryAfter);
    if (!Number.isNaN(at)) return Math.max(0, at - Date.now());
  }
  const reset = headers?.get("x-ratelimit-reset")?.trim();
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
