// What every caller of Auth0's APIs shares about failures: how to describe an error from the
// Management SDK or from fetch in one line, and how long Auth0 asks to wait.
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

function causeOf(error: Error): string {
  const cause = error.cause as { code?: unknown; message?: unknown } | undefined;
  if (typeof cause?.code === "string") return ` (${cause.code})`;
  if (typeof cause?.message === "string" && cause.message !== "") return ` (${cause.message})`;
  return "";
}

function firstLine(text: string): string {
  return text.split("\n")[0];
}
