// The smoke check itself: one throwaway user through the real tenant, then gone again.
// Typed inputs, injected clock, sleep and output, so tests drive it against a mock of the
// Management API without waiting.
import { setTimeout as delay } from "node:timers/promises";
import type { Management, ManagementClient } from "auth0";
import { managementClient } from "../management-api/client";
import {
  classifyUserCreateError,
  describeError,
  retryAfterMs,
  sentence,
  statusOf,
} from "../management-api/errors";
import { generatePassword } from "../management-api/password";
import type { Credentials } from "../operate/credentials";
import { SmokeFailure } from "./errors";
import { checkGate, type GateTarget, type GateTimings, gateNotCheckedBecause } from "./gate";
import { CHANGE_PASSWORD_REQUEST_SUCCESS, FAILURE_LOG_TYPES } from "./log-types";

/** How the change-password request must identify the environment's application. */
export interface ExpectedClient {
  field: "client_id" | "client_name";
  value: string;
}

export interface SmokeTarget {
  /** The tenant; only for messages, the client already points at it. */
  domain: string;
  /** customDomain: the client names it on the requests about the user (managementClientFor). */
  customDomain?: string;
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
  /** Set while loginGate.state is "bound": the gate is checked after the scpr log. */
  gate?: GateTarget;
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

export interface SmokeTimings extends GateTimings {
  /** users.create, including the token request that precedes the first call. */
  createMs?: number;
  /** From the user's creation until a log search returned the request log. */
  visibleAfterMs?: number;
  /** The log's own timestamp minus the user's created_at (both Auth0's clock). */
  loggedAfterMs?: number;
  deleteMs?: number;
  /** Deleting the gate check's throwaway client (beside the user's deletion). */
  clientDeleteMs?: number;
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
  /** Only with a gate: "not-run" when an earlier step failed, "skipped" for invitedSince. */
  gateCheck?: "passed" | "failed" | "not-run" | "skipped";
  /** The gate check's throwaway client, once created. */
  loginClientId?: string;
  /** Only with a gate. "not-deleted": a client exists that an operator has to delete. */
  clientCleanup?: "deleted" | "nothing-created" | "not-deleted";
  timings: SmokeTimings;
}

export const DEFAULT_POLL_INTERVAL_MS = 2_000;
const REQUEST_TIMEOUT_SECONDS = 30;
const DELETE_ATTEMPTS = 3;
const DELETE_TIMEOUT_SECONDS = 5;
const SCPR = CHANGE_PASSWORD_REQUEST_SUCCESS;

type Log = Management.Log;

/** The Management API client for the target's tenant, with the credentials the smoke was given. */
export function managementClientFor(
  target: Pick<SmokeTarget, "domain" | "customDomain">,
  credentials: Credentials,
): ManagementClient {
  return managementClient(target.domain, credentials, {
    timeoutInSeconds: REQUEST_TIMEOUT_SECONDS,
    ...(target.customDomain === undefined ? {} : { customDomain: target.customDomain }),
  });
}

export async function runSmoke(target: SmokeTarget, deps: SmokeDeps): Promise<SmokeReport> {
  const { client, signal } = deps;
  const now = deps.now ?? Date.now;
  const sleep =
    deps.sleep ?? ((ms: number, s?: AbortSignal) => delay(ms, undefined, { signal: s }));
  const password = generatePassword(target.passwordLength);
  // Nothing prints the password, the gate check's client secret or a token; this also keeps an
  // error message that quoted one from doing so.
  const secrets: [value: string, label: string][] = [[password, "[password]"]];
  const redact = (line: string) =>
    secrets.reduce((text, [value, label]) => text.split(value).join(label), line);
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
  const { gate } = target;
  let gateCheck: SmokeReport["gateCheck"] = gate === undefined ? undefined : "not-run";
  let loginClientId: string | undefined;
  // Set from the gate check's callback, which the compiler's narrowing does not follow.
  let clientCleanup = (
    gate === undefined ? undefined : "nothing-created"
  ) as SmokeReport["clientCleanup"];

  const interrupted = () =>
    new SmokeFailure(`interrupted (${describeError(signal?.reason ?? "aborted")})`);

  log(
    `${target.domain}${target.customDomain === undefined ? "" : ` (custom domain ${target.customDomain})`}: creating ${target.email} in ${target.connection}, then waiting up to ${seconds(target.timeoutMs)} s for the ${SCPR} log${gate === undefined ? "" : `, then checking the login gate "${gate.actionName}" with password logins`}`,
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
      const answer = classifyUserCreateError(error);
      const aftermath = {
        "user-exists": `Nothing was created: ${target.email} was a user before this run, so it is not the smoke's to delete.`,
        refused: "Nothing was created.",
        unknown: `Auth0 may have created it anyway: look for ${target.email} (app_metadata.smoke = true) and delete it.`,
      }[answer.kind];
      throw new SmokeFailure(
        `could not create the user in ${target.connection}: ${sentence(answer.message)} ${aftermath}`,
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

    // 3. The login gate: denies the unverified user's password, lets the verified one in.
    if (gate !== undefined) {
      const notChecked = gateNotCheckedBecause(gate, user.created_at);
      if (notChecked !== undefined) {
        gateCheck = "skipped";
        log(`login gate not checked: ${notChecked}`);
      } else {
        if (signal?.aborted) throw interrupted();
        gateCheck = "failed";
        const createdUserId = userId;
        await checkGate({
          client,
          domain: target.domain,
          connection: target.connection,
          email: target.email,
          password,
          userId: createdUserId,
          gate,
          timings,
          now,
          sleep,
          log,
          signal,
          clientCreated: (id) => {
            loginClientId = id;
            clientCleanup = "not-deleted";
          },
          secret: (value) => {
            if (value !== "") secrets.push([value, "[secret]"]);
          },
          interrupted,
        });
        gateCheck = "passed";
      }
    }
  } catch (error) {
    failure =
      error instanceof SmokeFailure ? error.message : `unexpected error: ${describeError(error)}`;
  } finally {
    // 4. Always: the client and the user go, whatever happened above, side by side so that an
    // interrupted run needs no longer than for the user alone. The abort signal is not passed
    // on: an interrupted run still cleans up.
    const removals = [
      {
        what: "client",
        id: loginClientId,
        resource: client.clients,
        about: `(${gate?.clientName}), which can log users of ${target.connection} in with a password`,
        dashboard: "Applications > Applications",
      },
      {
        what: "user",
        id: userId,
        resource: client.users,
        about: `(${target.email})`,
        dashboard: "User Management > Users",
      },
    ] as const;
    const results = await Promise.all(
      removals.map(({ id, resource }) =>
        id === undefined
          ? undefined
          : deleteWithRetries(() => resource.delete(id, DELETE_OPTIONS), sleep, now),
      ),
    );
    for (const [i, { what, id, about, dashboard }] of removals.entries()) {
      const deleted = results[i];
      if (id === undefined || deleted === undefined) continue;
      if (!deleted.ok) {
        logError(
          `COULD NOT DELETE the throwaway ${what} ${id} ${about}: ${deleted.reason}. Delete it by hand: Auth0 Dashboard > ${dashboard}, or DELETE https://${target.domain}/api/v2/${what}s/${encodeURIComponent(id)}`,
        );
        continue;
      }
      if (what === "client") {
        timings.clientDeleteMs = deleted.ms;
        clientCleanup = "deleted";
      } else {
        timings.deleteMs = deleted.ms;
        cleanup = "deleted";
      }
      log(`deleted ${what} ${id} in ${deleted.ms} ms${deleted.note}`);
    }
  }

  timings.totalMs = now() - started;
  const leftBehind = [
    cleanup === "not-deleted" ? "user" : undefined,
    clientCleanup === "not-deleted" ? "client" : undefined,
  ].filter((what) => what !== undefined);
  if (failure === undefined && leftBehind.length > 0) {
    failure = `the check passed, but the throwaway ${leftBehind.join(" and ")} could not be deleted (see above)`;
  }
  const gateFields =
    gate === undefined
      ? {}
      : { gateCheck, clientCleanup, ...(loginClientId === undefined ? {} : { loginClientId }) };
  const report = { userId, cleanup, logType, polls, ...gateFields, timings };
  if (failure !== undefined) {
    // The report may be printed too.
    failure = redact(failure);
    logError(`FAILED: ${failure}`);
    return { outcome: "failed", exitCode: 1, failure, ...report };
  }
  const gateSummary =
    gateCheck === "passed"
      ? `, login gate denied the unverified user in ${timings.deniedLoginMs} ms and let them in once verified in ${timings.allowedLoginMs} ms, client deleted in ${timings.clientDeleteMs} ms`
      : gateCheck === "skipped"
        ? ", login gate not checked (see above)"
        : "";
  log(
    `PASSED: user created in ${timings.createMs} ms, ${SCPR} found ${timings.visibleAfterMs} ms after creation${timings.loggedAfterMs === undefined ? "" : ` (logged after ${timings.loggedAfterMs} ms)`}${gateSummary}, user deleted in ${timings.deleteMs} ms; ${timings.totalMs} ms in all`,
  );
  return { outcome: "passed", exitCode: 0, ...report };
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

// Retried here rather than by the SDK, whose waits ignore the injected sleep. Short: a
// cancelled CI job gives the process seconds, not minutes, before SIGKILL.
const DELETE_OPTIONS = { maxRetries: 0, timeoutInSeconds: DELETE_TIMEOUT_SECONDS };

type Deleted = { ok: true; note: string; ms: number } | { ok: false; reason: string };

async function deleteWithRetries(
  remove: () => Promise<unknown>,
  sleep: (ms: number) => Promise<void>,
  now: () => number,
): Promise<Deleted> {
  const started = now();
  for (let attempt = 1; ; attempt++) {
    try {
      await remove();
      return { ok: true, note: attempt === 1 ? "" : ` (attempt ${attempt})`, ms: now() - started };
    } catch (error) {
      const status = statusOf(error);
      if (status === 404) return { ok: true, note: " (it was already gone)", ms: now() - started };
      const transient = status === undefined || status === 429 || status >= 500;
      if (!transient || attempt >= DELETE_ATTEMPTS) {
        return { ok: false, reason: `${describeError(error)} (attempt ${attempt})` };
      }
      await sleep(retryAfterMs(error, now()) ?? 1_000 * attempt);
    }
  }
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
