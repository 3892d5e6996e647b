// What every caller of Auth0's APIs shares about failures: how to describe an error from the
// Management SDK or from fetch in one line, how long Auth0 asks to wait, and what Auth0's
// refusal of a user create means.
import { ManagementError } from "auth0";

export function statusOf(error: unknown): number | undefined {
  return error instanceof ManagementError ? error.statusCode : undefined;
}

/** Retry-After (seconds or an HTTP date), else Auth0's X-RateLimit-Reset (epoch seconds). */
export function retryAfterMs(error: unknown, nowMs: number): number | undefined {
  const headers = error instanceof ManagementError ? error.rawResponse?.headers : undefined;
  return headers === undefined ? undefined : retryAfterFromHeaders(headers, nowMs);
}

/** As retryAfterMs, from a response's headers. */
export function retryAfterFromHeaders(headers: Headers, nowMs: number): number | undefined {
  const retryAfter = headers.get("retry-after")?.trim();
  if (retryAfter) {
    if (/^\d+$/.test(retryAfter)) return Number(retryAfter) * 1000;
    const at = Date.parse(retryAfter);
    if (!Number.isNaN(at)) return Math.max(0, at - nowMs);
  }
  const reset = headers.get("x-ratelimit-reset")?.trim();
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

/**
 * What a failed POST /api/v2/users means, read by what Auth0 says rather than by its status
 * alone:
 * - "user-exists": the address is already a user of the connection, so there is nothing to do;
 * - "refused": any other client error (Conflict included), so nothing was created;
 * - "unknown": a server error or a lost answer, after which the user may exist all the same.
 * `message` is describeError's line, plus what to change where Auth0's answer says that the
 * environment file is wrong.
 */
export type UserCreateError =
  | { kind: "user-exists"; message: string }
  | { kind: "refused"; message: string }
  | { kind: "unknown"; message: string };

export function classifyUserCreateError(error: unknown): UserCreateError {
  const status = statusOf(error);
  const message = withAdvice(describeError(error), error);
  if (userExists(error)) return { kind: "user-exists", message };
  if (status !== undefined && status >= 400 && status < 500) return { kind: "refused", message };
  return { kind: "unknown", message };
}

/**
 * Auth0's "The user already exists.": a Conflict whose errorCode is auth0_idp_error and whose
 * message says the user already exists. The docs list that code with "user already exists" for
 * a create (https://auth0.com/docs/authenticate/database-connections/custom-db/error-handling).
 * Code and wording must both match, because Auth0 answers Conflict for other reasons too: a
 * tenant with several verified custom domains answers custom_domain_conflict to a create that
 * names none (recorded in terraform-provider-auth0's TestAccUserCustomDomains). The advice on
 * auth0/auth0-python#118 is to match the code, never the message; but auth0_idp_error says
 * that the connection's identity store failed, not how, so the code alone could turn another
 * failure into "existing". Should Auth0 reword the message, creating an existing user fails
 * visibly instead; a false "existing" would hide a user who was never created.
 */
function userExists(error: unknown): boolean {
  if (!(error instanceof ManagementError) || error.statusCode !== 409) return false;
  const { errorCode, message } = fieldsOf(error);
  return (
    errorCode === "auth0_idp_error" &&
    typeof message === "string" &&
    /\buser already exists\b/i.test(message)
  );
}

/**
 * What to change in the environment file when Auth0's answer is about the custom domain. These
 * are the errors Auth0 documents for the auth0-custom-domain header
 * (https://auth0.com/docs/customize/custom-domains/multiple-custom-domains). The conflict's code
 * is recorded; the two Bad Requests are documented by their wording only, so that is what
 * recognises them.
 */
function withAdvice(line: string, error: unknown): string {
  if (!(error instanceof ManagementError)) return line;
  const { errorCode, message } = fieldsOf(error);
  if (error.statusCode === 409 && errorCode === "custom_domain_conflict") {
    return `${sentence(line)} Set customDomain in the environment file (docs/environment.md) to the verified custom domain invitees should see`;
  }
  if (
    error.statusCode === 400 &&
    typeof message === "string" &&
    /custom[ -]domain/i.test(message)
  ) {
    return `${sentence(line)} customDomain in the environment file (docs/environment.md) must be one of the tenant's verified custom domains`;
  }
  return line;
}

function fieldsOf(error: ManagementError): { errorCode?: unknown; message?: unknown } {
  const { body } = error;
  return typeof body === "object" && body !== null ? body : {};
}

/** A line that more text follows: Auth0's messages end with a full stop or without one. */
export function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
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
