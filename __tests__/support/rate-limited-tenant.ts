// A stand-in for the parts of an Auth0 tenant the invite CLI uses, as a real HTTP server on
// 127.0.0.1, limited the way Auth0 limits the Management API: a token bucket (a burst of
// `burst`, refilled continuously at `ratePerSecond`), X-RateLimit-Limit / -Remaining / -Reset
// (epoch seconds when the bucket is full again) on every answer, and 429 with Retry-After once
// it is empty. Every answer waits `latencyMs` first. For `npm run bench` and the tests that
// need real sockets; the CLI reaches it through a fetch that rewrites the tenant's origin.
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { loadEnvironments } from "../../lib/environment";
import { runInvite } from "../../lib/invite/run";

export interface RateLimitedTenantOptions {
  burst: number;
  ratePerSecond: number;
  latencyMs: number;
}

export interface TenantUserRecord {
  user_id: string;
  email: string;
  email_verified: boolean;
  created_at: string;
  identities: { connection: string }[];
}

export interface RateLimitedTenant {
  /** http://127.0.0.1:<port> */
  origin: string;
  /** A fetch that sends https://<any tenant>/... here instead. */
  fetch: typeof fetch;
  users: Map<string, TenantUserRecord>;
  /** Passwords the create requests carried, in order. */
  passwords: string[];
  stats: {
    apiRequests: number;
    rateLimited: number;
    firstApiRequestMs?: number;
    lastApiResponseMs?: number;
  };
  close(): Promise<void>;
}

export async function startRateLimitedTenant(
  options: RateLimitedTenantOptions,
): Promise<RateLimitedTenant> {
  const { burst, ratePerSecond, latencyMs } = options;
  let tokens = burst;
  let refilledAt = performance.now();
  const users = new Map<string, TenantUserRecord>();
  const passwords: string[] = [];
  const stats: RateLimitedTenant["stats"] = { apiRequests: 0, rateLimited: 0 };

  const refill = () => {
    const now = performance.now();
    tokens = Math.min(burst, tokens + ((now - refilledAt) / 1000) * ratePerSecond);
    refilledAt = now;
  };
  const limitHeaders = (): Record<string, string> => ({
    "x-ratelimit-limit": String(burst),
    "x-ratelimit-remaining": String(Math.max(0, Math.floor(tokens))),
    "x-ratelimit-reset": String(
      Math.ceil((Date.now() + ((burst - tokens) / ratePerSecond) * 1000) / 1000),
    ),
  });

  const server = createServer((request, response) => {
    readBody(request).then((body) => {
      setTimeout(() => answer(request, response, body), latencyMs);
    });
  });

  function answer(request: IncomingMessage, response: ServerResponse, body: string) {
    const url = new URL(request.url ?? "/", "http://localhost");
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      response.writeHead(status, { "content-type": "application/json", ...headers });
      response.end(payload === undefined ? "" : JSON.stringify(payload));
    };
    if (url.pathname === "/oauth/token") {
      send(200, { access_token: "bench-access-token", token_type: "Bearer", expires_in: 86400 });
      return;
    }
    if (!url.pathname.startsWith("/api/v2/")) {
      send(404, { statusCode: 404, error: "Not Found" });
      return;
    }
    stats.apiRequests++;
    stats.firstApiRequestMs ??= performance.now();
    refill();
    if (tokens < 1) {
      stats.rateLimited++;
      const retryAfter = Math.max(1, Math.ceil((1 - tokens) / ratePerSecond));
      send(
        429,
        {
          statusCode: 429,
          error: "Too Many Requests",
          message: "Global limit has been reached",
          errorCode: "too_many_requests",
        },
        { ...limitHeaders(), "retry-after": String(retryAfter) },
      );
      stats.lastApiResponseMs = performance.now();
      return;
    }
    tokens -= 1;
    const headers = limitHeaders();
    stats.lastApiResponseMs = performance.now();
    if (request.method === "POST" && url.pathname === "/api/v2/users") {
      const user = JSON.parse(body) as { email: string; password: string; connection: string };
      const key = `${user.connection}/${user.email}`;
      if (users.has(key)) {
        send(
          409,
          {
            statusCode: 409,
            error: "Conflict",
            message: "The user already exists.",
            errorCode: "auth0_idp_error",
          },
          headers,
        );
        return;
      }
      passwords.push(user.password);
      const record: TenantUserRecord = {
        user_id: `auth0|${String(users.size + 1).padStart(24, "0")}`,
        email: user.email,
        email_verified: false,
        created_at: new Date().toISOString(),
        identities: [{ connection: user.connection }],
      };
      users.set(key, record);
      send(201, record, headers);
      return;
    }
    if (request.method === "GET" && url.pathname === "/api/v2/users-by-email") {
      const email = url.searchParams.get("email");
      send(
        200,
        [...users.values()].filter((u) => u.email === email),
        headers,
      );
      return;
    }
    send(
      404,
      { statusCode: 404, error: "Not Found", message: `${request.method} ${url.pathname}` },
      headers,
    );
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const rewrite: typeof fetch = (input, init) => {
    const url = new URL(input instanceof Request ? input.url : input);
    return fetch(`${origin}${url.pathname}${url.search}`, init);
  };
  return {
    origin,
    fetch: rewrite,
    users,
    passwords,
    stats,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

/**
 * `npm run invite -- <argv>` as scripts/invite.ts runs it, on the environment files in
 * `environmentsDir`, with its requests sent to `tenant`.
 */
export async function inviteAgainst(
  tenant: RateLimitedTenant,
  argv: string[],
  environmentsDir: string,
): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await runInvite({
    argv,
    env: { AUTH0_CLIENT_ID: "m2m-client", AUTH0_CLIENT_SECRET: "m2m-client-secret" },
    environmentsDir,
    loadEnvironments: () => loadEnvironments(environmentsDir, { warn: () => {} }),
    readFile: (file) => readFileSync(file),
    out: (text) => {
      out += text;
    },
    err: (text) => {
      err += text;
    },
    fetch: tenant.fetch,
  });
  return { code, out, err };
}
