// The smoke check itself: one throwaway user through the real tenant, then gone again.
// Typed inputs, injected clock, sleep and output, so tests drive it against a mock of the
// Management API without waiting.
import { setTimeout as delay } from "node:timers/promises";
import { type Management, ManagementClient, ManagementError } from "auth0";
import type { Credentials } from "../operate/credentials";
import { CHANGE_PASSWORD_REQUEST_SUCCESS, FAILURE_LOG_TYPES } from "./log-types";
import { generatePassword } from "./password";

/** How the change-password request must identify the environment's application. */
export interface ExpectedClient {
  field: "client_id" | "client_name";
  value: string;
}

export interface SmokeTarget {
  /** The tenant; only for messages, the client already points at it. */
  domain: string;
  connection: string;
  email: string;
  expectedClient: ExpectedClient;
  /** Named in the hints when no log appears. */
  actionName: string;
  /** How long after the user exists the request log may take to show up in the log search. */
  timeoutMs: number;
  pollIntervalMs?: number;
  /** Long enough for the connection's password policy. */
  passwordLength: number;
}

export interface SmokeDeps {
  client: ManagementClient;
  now?: () => number;
  /** Must reject when `signal` aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  log?: (line: string) => void;
  logError?: (line: string) => void;
  /** Aborting stops the waiting; the user is still deleted. */
  signal?: AbortSignal;
}

export interface SmokeTimings {
  /** users.create, including the token request that precedes the first call. */
  createMs?: number;
  /** From the user's creation until a log search returned the request log. */
  visibleAfterMs?: number;
  /** The log's own timestamp minus the user's created_at (both Auth0's clock). */
  loggedAfterMs?: number;
  deleteMs?: number;
  totalMs: number;
}

export interface SmokeReport {
  outcome: "passed" | "failed";
  exitCode: 0 | 1;
  failure?: string;
  userId?: string;
  /** "not-deleted": a user exists that an operator has to delete. */
  cleanup: "deleted" | "nothing-created" | "not-deleted";
  logType?: string;
  /** Log searches made. */
  polls: number;
  timings: SmokeTimings;
}

export const DEFAULT_POLL_INTERVAL_MS = 2_000;
const REQUEST_TIMEOUT_SECONDS = 30;
const DELETE_ATTEMPTS = 3;
const DELETE_TIMEOUT_SECONDS = 5;
const SCPR = CHANGE_PASSWORD_REQUEST_SUCCESS;

type Log = Management.Log;

/** The Management API client for `domain`, with the credentials the smoke was given. */
export function managementClientFor(domain: string, credentials: Credentials): ManagementClient {
  const common = { domain, timeoutInSeconds: REQUEST_TIMEOUT_SECONDS };
  return credentials.kind === "token"
    ? new ManagementClient({ ...common, token: credentials.token })
    : new ManagementClient({
        ...common,
        clientId: credentials.clientId,
        clientSecret: credentials.clientSecret,
      });
}

/** A step failed; the message is the whole explanation. */
class SmokeFailure extends Error {}

export async function runSmoke(target: SmokeTarget, deps: SmokeDeps): Promise<SmokeReport> {
  const { client, signal } = deps;
  const now = deps.now ?? Date.now;
  const sleep =
    deps.sleep ?? ((ms: number, s?: AbortSignal) => delay(ms, undefined, { signal: s }));
  const password = generatePassword(target.passwordLength);
  // Nothing prints the password; this also keeps an error message that quoted it from doing so.
  const redact = (line: string) => line.split(password).join("[password]");
  const log = (line: string) => (deps.log ?? console.log)(redact(`smoke: ${line}`));
  const logError = (line: string) => (deps.logError ?? console.error)(redact(`smoke: ${line}`));
  const pollIntervalMs = target.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;

  const started = now();
  const timings: SmokeTimings = { totalMs: 0 };
  let userId: string | undefined;
  let cleanup: SmokeReport["cleanup"] = "nothing-created";
  let failure: string | undefined;
  let logType: string | undefined;
  let polls = 0;

  const interrupted = () =>
    new SmokeFailure(`interrupted (${describeError(signal?.reason ?? "aborted")})`);

  log(
    `${target.domain}: creating ${target.email} in ${target.connection}, then waiting up to ${seconds(target.timeoutMs)} s for the ${SCPR} log`,
  );
  try {
    if (signal?.aborted) throw interrupted();

    // 1. The user. No retry: a retried create whose first response was lost answers 409,
    // and the id of the user that does exist would be lost with it.
    const createStarted = now();
    let user: Management.CreateUserResponseContent;
    try {
      user = await client.users.create(
        {
          connection: target.connection,
          email: target.email,
          password,
          email_verified: false,
          verify_email: false,
          // Marks leftovers as the smoke's. (app_metadata.invite = false would make the
          // Action skip the user.)
          app_metadata: { smoke: true },
        },
        { maxRetries: 0 },
      );
    } catch (error) {
      const status = statusOf(error);
      const aftermath =
        status === undefined || status >= 500
          ? `Auth0 may have created it anyway: look for ${target.email} (app_metadata.smoke = true) and delete it.`
          : "Nothing was created.";
      throw new SmokeFailure(
        `could not create the user in ${target.connection}: ${describeError(error)}. ${aftermath}`,
      );
    }
    const createdAt = now();
    timings.createMs = createdAt - createStarted;
    cleanup = "not-deleted";
    if (!user.user_id) {
      throw new SmokeFailure(
        `Auth0 created ${target.email} but returned no user_id, so it cannot be deleted here; delete it by hand`,
      );
    }
    userId = user.user_id;
    log(`created user ${userId} in ${timings.createMs} ms`);

    // 2. The request log.
    const deadline = createdAt + target.timeoutMs;
    // Matched on the address too: failure logs may carry an empty or invalid user_id
    // (https://auth0.com/docs/tenant-logs/user-fail/fcpr), and user_name holds the email.
    const query = `user_id:"${lucene(userId)}" OR user_name:"${lucene(target.email)}"`;
    const seenTypes = new Set<string>();
    for (;;) {
      if (signal?.aborted) throw interrupted();
      polls++;
      let waitMs = pollIntervalMs;
      let entries: Log[] | undefined;
      try {
        entries = await searchLogs(client, query, userId, target.email, signal);
      } catch (error) {
        if (signal?.aborted) throw interrupted();
        const status = statusOf(error);
        if (status === 429) {
          waitMs = retryAfterMs(error, now()) ?? pollIntervalMs;
          log(`log search rate-limited by Auth0; waiting ${waitMs} ms`);
        } else if (status === undefined || status >= 500) {
          log(`log search failed (${describeError(error)}); trying again`);
        } else {
          const hint =
            status === 401 || status === 403
              ? ` (the credentials need the scopes read:logs and read:logs_users)`
              : "";
          throw new SmokeFailure(
            `searching the tenant logs failed: ${describeError(error)}${hint}`,
          );
        }
      }
      if (entries !== undefined) {
        for (const entry of entries) if (entry.type) seenTypes.add(entry.type);
        const failed = entries.find((e) => e.type !== undefined && e.type in FAILURE_LOG_TYPES);
        if (failed?.type !== undefined) {
          throw new SmokeFailure(
            `Auth0 logged ${failed.type} (${FAILURE_LOG_TYPES[failed.type]}) for ${userId}: ${failed.description || "(no description)"}${clientOf(failed)}`,
          );
        }
        const request = entries.find((e) => e.type === SCPR);
        if (request !== undefined) {
          timings.visibleAfterMs = now() - createdAt;
          timings.loggedAfterMs = millisBetween(user.created_at, request.date);
          logType = SCPR;
          checkClient(request, target.expectedClient, userId);
          log(
            `${SCPR} for ${userId} found after ${timings.visibleAfterMs} ms (${searches(polls)})${timings.loggedAfterMs === undefined ? "" : `; Auth0 logged it ${timings.loggedAfterMs} ms after creating the user`}; made by ${target.expectedClient.field} "${target.expectedClient.value}" as expected`,
          );
          break;
        }
      }
      const remaining = deadline - now();
      if (remaining <= 0) {
        const seen = [...seenTypes].join(", ") || "none";
        throw new SmokeFailure(
          `no ${SCPR} log for ${userId} within ${seconds(target.timeoutMs)} s (${searches(polls)}; log types seen for the user: ${seen}). Check that the Action "${target.actionName}" is deployed and bound to the post-user-registration trigger and did not skip the user (its execution logs say why), or give Auth0's log search more time with --timeout.`,
        );
      }
      try {
        await sleep(Math.min(waitMs, remaining), signal);
      } catch (error) {
        if (signal?.aborted) throw interrupted();
        throw error;
      }
    }
  } catch (error) {
    failure =
      error instanceof SmokeFailure ? error.message : `unexpected error: ${describeError(error)}`;
  } finally {
    // 3. Always: the user goes, whatever happened above. The abort signal is not passed on:
    // an interrupted run still cleans up.
    if (userId !== undefined) {
      const deleteStarted = now();
      const deleted = await deleteUser(client, userId, sleep, now);
      if (deleted.ok) {
        timings.deleteMs = now() - deleteStarted;
        cleanup = "deleted";
        log(`deleted user ${userId} in ${timings.deleteMs} ms${deleted.note}`);
      } else {
        logError(
          `COULD NOT DELETE the throwaway user ${userId} (${target.email}): ${deleted.reason}. Delete it by hand: Auth0 Dashboard > User Management > Users, or DELETE https://${target.domain}/api/v2/users/${encodeURIComponent(userId)}`,
        );
      }
    }
  }

  timings.totalMs = now() - started;
  if (failure === undefined && cleanup !== "deleted") {
    failure = "the check passed, but the throwaway user could not be deleted (see above)";
  }
  if (failure !== undefined) {
    logError(`FAILED: ${failure}`);
    return { outcome: "failed", exitCode: 1, failure, userId, cleanup, logType, polls, timings };
  }
  log(
    `PASSED: user created in ${timings.createMs} ms, ${SCPR} found ${timings.visibleAfterMs} ms after creation${timings.loggedAfterMs === undefined ? "" : ` (logged after ${timings.loggedAfterMs} ms)`}, user deleted in ${timings.deleteMs} ms; ${timings.totalMs} ms in all`,
  );
  return { outcome: "passed", exitCode: 0, userId, cleanup, logType, polls, timings };
}

// The SDK (7.1.0) sends its `search` field as `search=`, which the log search rejects; the
// documented parameter is `q` (https://auth0.com/docs/api/management/v2/logs/get-logs,
// https://github.com/auth0/auth0-java/issues/842 for the same generated code in Java).
async function searchLogs(
  client: ManagementClient,
  query: string,
  userId: string,
  email: string,
  signal: AbortSignal | undefined,
): Promise<Log[]> {
  const page = await client.logs.list(
    { per_page: 100, sort: "date:1" },
    // Waiting between searches is this loop's job, with the injected sleep and the deadline.
    { queryParams: { q: query }, maxRetries: 0, abortSignal: signal },
  );
  // The SDK asks for include_totals (an object holding `logs`); read a bare array too, since
  // Auth0 deprecated include_totals for this endpoint.
  const body: unknown = page.response;
  const entries = Array.isArray(body) ? (body as Log[]) : page.data;
  // A search that ignored the query would return every tenant log; only this user's count.
  const address = email.toLowerCase();
  return entries.filter((e) => e.user_id === userId || e.user_name?.toLowerCase() === address);
}

function checkClient(entry: Log, expected: ExpectedClient, userId: string): void {
  const found = entry[expected.field];
  if (found === expected.value) return;
  const source = expected.field === "client_id" ? "application.clientId" : "application.name";
  throw new SmokeFailure(
    `the ${SCPR} log for ${userId} names ${expected.field} "${found ?? ""}"${clientOf(entry)}, expected "${expected.value}" (${source} of the environment); the Action's CLIENT_ID secret is probably another application's`,
  );
}

function clientOf(entry: Log): string {
  if (!entry.client_id && !entry.client_name) return "";
  return ` (client "${entry.client_name ?? ""}", client_id ${entry.client_id ?? "none"})`;
}

async function deleteUser(
  client: ManagementClient,
  userId: string,
  sleep: (ms: number) => Promise<void>,
  now: () => number,
): Promise<{ ok: true; note: string } | { ok: false; reason: string }> {
  for (let attempt = 1; ; attempt++) {
    try {
      // Retried here rather than by the SDK, whose waits ignore the injected sleep.
      // Short: a cancelled CI job gives the process seconds, not minutes, before SIGKILL.
      await client.users.delete(userId, {
        maxRetries: 0,
        timeoutInSeconds: DELETE_TIMEOUT_SECONDS,
      });
      return { ok: true, note: attempt === 1 ? "" : ` (attempt ${attempt})` };
    } catch (error) {
      const status = statusOf(error);
      if (status === 404) return { ok: true, note: " (it was already gone)" };
      const transient = status === undefined || status === 429 || status >= 500;
      if (!transient || attempt >= DELETE_ATTEMPTS) {
        return { ok: false, reason: `${describeError(error)} (attempt ${attempt})` };
      }
      await sleep(retryAfterMs(error, now()) ?? 1_000 * attempt);
    }
  }
}

function statusOf(error: unknown): number | undefined {
  return error instanceof ManagementError ? error.statusCode : undefined;
}

/** Retry-After (seconds or an HTTP date), else Auth0's X-RateLimit-Reset (epoch seconds). */
export function retryAfterMs(error: unknown, nowMs: number): number | undefined {
  const headers = error instanceof ManagementError ? error.rawResponse?.headers : undefined;
  const retryAfter = headers?.get("retry-after")?.trim();
  if (retryAfter) {
    if (/^\d+$/.test(retryAfter)) return Number(retryAfter) * 1000;
    const at = Date.parse(retryAfter);
    if (!Number.isNaN(at)) return Math.max(0, at - nowMs);
  }
  const reset = headers?.get("x-ratelimit-reset")?.trim();
  if (reset && /^\d+$/.test(reset)) return Math.max(0, Number(reset) * 1000 - nowMs);
  return undefined;
}

/** One line: HTTP status, Auth0's error code and message, or the transport failure. */
export function describeError(error: unknown): string {
  if (error instanceof ManagementError) {
    const body = error.body;
    const field = (key: string): string | undefined => {
      const value = (body as Record<string, unknown> | null | undefined)?.[key];
      return typeof body === "object" && typeof value === "string" && value !== ""
        ? value
        : undefined;
    };
    const token = error.message.startsWith("ManagementClient: token request")
      ? "token request "
      : "";
    if (error.statusCode === undefined)
      return `${token}${firstLine(error.message)}${causeOf(error)}`;
    const code = field("errorCode") ?? field("error");
    const detail =
      field("message") ??
      field("error_description") ??
      (typeof body === "string" && body.trim() !== "" ? body.trim().slice(0, 200) : undefined);
    return `${token}HTTP ${error.statusCode}${code ? ` ${code}` : ""}${detail ? `: ${detail}` : ""}`;
  }
  if (error instanceof Error) return `${firstLine(error.message)}${causeOf(error)}`;
  return String(error);
}

function causeOf(error: Error): string {
  const cause = error.cause as { code?: unknown; message?: unknown } | undefined;
  if (typeof cause?.code === "string") return ` (${cause.code})`;
  if (typeof cause?.message === "string" && cause.message !== "") return ` (${cause.message})`;
  return "";
}

function firstLine(text: string): string {
  return text.split("\n")[0];
}

/** Inside a quoted Lucene term only `"` and `\` are special. */
function lucene(value: string): string {
  return value.replace(/["\\]/g, "\\$&");
}

function millisBetween(from: unknown, to: unknown): number | undefined {
  if (typeof from !== "string" || typeof to !== "string") return undefined;
  const difference = Date.parse(to) - Date.parse(from);
  return Number.isNaN(difference) ? undefined : difference;
}

function searches(count: number): string {
  return `${count} log search${count === 1 ? "" : "es"}`;
}

function seconds(ms: number): string {
  return String(Math.round(ms / 100) / 10);
}
