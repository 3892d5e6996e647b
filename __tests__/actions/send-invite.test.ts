// The post-user-registration Action, run from the code the synthesized stack ships, under
// Node 22 (Auth0's node22; a child process even where jest runs on Node 20), against a nock
// mock of Auth0 on a virtual clock (see support/action-runner.ts). Every run also checks that
// nothing unexpected was requested, no rejection went unhandled, no timer was left behind, no
// log line carries the email address and the code ran under Node 22.
import { buildAction, INVITE_ACTION } from "../../lib/action";
import {
  actionNodeVersion,
  CHANGE_PASSWORD,
  CLIENT_ID,
  CONNECTION,
  EMAIL,
  type Reply,
  registration,
  runAction,
  sent,
  TENANT,
  USER_ID,
} from "../support/action-runner";
import { shippedEnvironmentNames, shippedStack, terraformUnescape } from "../support/shipped";

const sentLine = (attempt: number) =>
  `log: send-invite: invite email requested for user ${USER_ID} (attempt ${attempt})`;
const retryLine = (attempt: number, reason: string) =>
  new RegExp(
    `^log: send-invite: attempt ${attempt} for user ${escapeRegExp(USER_ID)} failed \\(${escapeRegExp(reason)}\\); retrying in \\d+ ms$`,
  );
const failLine = (attempts: number, reason: string) =>
  `error: send-invite: invite email for user ${USER_ID} failed after ${attempts} attempt(s): ${reason}`;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The wait the Action announced before each retry, in order. */
function announcedWaits(logs: string[]): number[] {
  return logs.flatMap((line) => {
    const match = / retrying in (\d+) ms$/.exec(line);
    return match ? [Number(match[1])] : [];
  });
}

const unavailable: Reply = {
  status: 503,
  body: { error: "server_error", error_description: "try later" },
};
const rateLimited = (headers: Record<string, string> = {}): Reply => ({
  status: 429,
  body: { error: "too_many_requests", error_description: "Too many requests" },
  headers,
});

const SECRETS = INVITE_ACTION.secrets;

describe("runs", () => {
  it("under Node 22, as Auth0's node22 runtime does", async () => {
    expect(await actionNodeVersion()).toMatch(/^v22\./);
    const run = await runAction(registration(), [sent]);
    expect(run.nodeVersion).toMatch(/^v22\./);
  });
});

describe("sends", () => {
  it("needs no optional secret", () => {
    expect(Object.keys(registration().secrets).sort()).toEqual([...SECRETS.required].sort());
  });

  it("asks Auth0 once for the change-password email with client_id, email and connection", async () => {
    const run = await runAction(registration(), [sent]);

    expect(run.outcome).toBe("resolved");
    expect(run.requests).toHaveLength(1);
    const [request] = run.requests;
    expect(request.method).toBe("POST");
    expect(request.path).toBe(CHANGE_PASSWORD);
    expect(request.body).toEqual({ client_id: CLIENT_ID, email: EMAIL, connection: CONNECTION });
    // Exactly the headers the Action sets (nock sees the request before fetch adds its own
    // defaults, such as user-agent and accept): the JSON content type, no SDK telemetry
    // (Auth0-Client) and no credentials; the endpoint is public.
    expect(request.headers).toEqual({ host: TENANT, "content-type": "application/json" });
    expect(run.logs).toEqual([sentLine(1)]);
    expect(run.elapsedMs).toBe(0);
  });

  it("sends one request per registration for users created one after another", async () => {
    const users = ["auth0|a1", "auth0|a2", "auth0|a3"];
    for (const [i, user_id] of users.entries()) {
      const email = `user${i}@example.com`;
      const run = await runAction(registration({ user: { user_id, email } }), [sent]);
      expect(run.requests.map((r) => r.body)).toEqual([
        { client_id: CLIENT_ID, email, connection: CONNECTION },
      ]);
      expect(run.logs).toEqual([
        `log: send-invite: invite email requested for user ${user_id} (attempt 1)`,
      ]);
    }
  });

  it("uses CONNECTION_NAME both to pick the users and in the request", async () => {
    const event = registration({
      connection: "Invitees",
      secrets: { CONNECTION_NAME: "Invitees" },
    });
    const run = await runAction(event, [sent]);
    expect(run.requests.map((r) => r.body)).toEqual([
      { client_id: CLIENT_ID, email: EMAIL, connection: "Invitees" },
    ]);
  });

  it("sends when SKIP_EMAIL_DOMAINS lists only other domains", async () => {
    const event = registration({
      secrets: { SKIP_EMAIL_DOMAINS: "example.org, service.example.com" },
    });
    const run = await runAction(event, [sent]);
    expect(run.requests).toHaveLength(1);
    expect(run.logs).toEqual([sentLine(1)]);
  });

  it.each<[string, Reply]>([
    ["an empty body", { status: 200, body: "" }],
    ["a JSON body instead of the plain-text confirmation", { status: 200, body: { ok: true } }],
    ["a 204", { status: 204 }],
    ["a body that never finishes (it is not waited for)", { status: 200, stalledBody: true }],
  ])("counts any 2xx as sent, even with %s", async (_name, reply) => {
    const run = await runAction(registration(), [reply]);
    expect(run.outcome).toBe("resolved");
    expect(run.requests).toHaveLength(1);
    expect(run.logs).toEqual([sentLine(1)]);
  });
});

describe("skips, with one log line and no request,", () => {
  it.each<[string, Parameters<typeof registration>[0], string]>([
    [
      "a user of another connection",
      { connection: "Partners" },
      `connection Partners is not ${CONNECTION}`,
    ],
    ["a user without an email", { user: { email: undefined } }, "no email address"],
    ["a user whose email is blank", { user: { email: "  " } }, "no email address"],
    [
      "an imported user whose email is verified",
      { user: { email_verified: true } },
      "email already verified",
    ],
    [
      "a user an admin opted out with app_metadata.invite = false",
      { user: { app_metadata: { invite: false } } },
      "app_metadata.invite is false",
    ],
    [
      "a user whose email domain is in SKIP_EMAIL_DOMAINS (case-insensitive, spaces, @ allowed)",
      { secrets: { SKIP_EMAIL_DOMAINS: "example.org , @EXAMPLE.COM" } },
      "email domain is listed in SKIP_EMAIL_DOMAINS",
    ],
  ])("for %s", async (_name, overrides, reason) => {
    const run = await runAction(registration(overrides));
    expect(run.outcome).toBe("resolved");
    expect(run.requests).toEqual([]);
    expect(run.logs).toEqual([`log: send-invite: skipped user ${USER_ID}: ${reason}`]);
  });

  it("does not skip for app_metadata.invite values other than false", async () => {
    const run = await runAction(registration({ user: { app_metadata: { invite: true } } }), [sent]);
    expect(run.logs).toEqual([sentLine(1)]);
  });
});

describe("retries", () => {
  it("after a 429, waiting exactly the Retry-After seconds, then sends", async () => {
    const run = await runAction(registration(), [rateLimited({ "Retry-After": "2" }), sent]);
    expect(run.outcome).toBe("resolved");
    expect(run.requests.map((r) => r.at)).toEqual([0, 2000]);
    expect(run.logs).toEqual([
      `log: send-invite: attempt 1 for user ${USER_ID} failed (HTTP 429 too_many_requests: Too many requests); retrying in 2000 ms`,
      sentLine(2),
    ]);
  });

  it("after a 429 whose Retry-After is an HTTP date", async () => {
    const inThreeSeconds = new Date(Date.UTC(2026, 10, 27, 12, 0, 3)).toUTCString();
    const run = await runAction(registration(), [
      rateLimited({ "Retry-After": inThreeSeconds }),
      sent,
    ]);
    expect(run.requests.map((r) => r.at)).toEqual([0, 3000]);
  });

  it("after a 429 carrying Auth0's X-RateLimit-Reset instead of Retry-After", async () => {
    const resetAt = String(Date.UTC(2026, 10, 27, 12, 0, 1) / 1000);
    const run = await runAction(registration(), [
      rateLimited({ "X-RateLimit-Reset": resetAt }),
      sent,
    ]);
    expect(run.requests.map((r) => r.at)).toEqual([0, 1000]);
  });

  it("after a 429 without a usable Retry-After, with the 150-300 ms first backoff", async () => {
    const run = await runAction(registration(), [rateLimited({ "Retry-After": "soon" }), sent]);
    expect(run.outcome).toBe("resolved");
    const [wait] = announcedWaits(run.logs);
    expect(wait).toBeGreaterThanOrEqual(150);
    expect(wait).toBeLessThanOrEqual(300);
    expect(run.requests.map((r) => r.at)).toEqual([0, wait]);
  });

  it("after a 5xx, then sends", async () => {
    const run = await runAction(registration(), [unavailable, sent]);
    expect(run.outcome).toBe("resolved");
    expect(run.requests).toHaveLength(2);
    expect(run.logs[0]).toMatch(retryLine(1, "HTTP 503 server_error: try later"));
    expect(run.logs[1]).toBe(sentLine(2));
  });

  it("after a malformed 5xx (a proxy's HTML page), then sends", async () => {
    const badGateway: Reply = { status: 502, body: "<html><body>Bad Gateway</body></html>" };
    const run = await runAction(registration(), [badGateway, sent]);
    expect(run.outcome).toBe("resolved");
    expect(run.logs[0]).toMatch(retryLine(1, "HTTP 502"));
    expect(run.logs[1]).toBe(sentLine(2));
  });

  it("after a request Auth0 never answers, aborting it at 3 s, then sends", async () => {
    const run = await runAction(registration(), [{ hang: true }, sent]);
    expect(run.outcome).toBe("resolved");
    const [wait] = announcedWaits(run.logs);
    expect(run.requests.map((r) => r.at)).toEqual([0, 3000 + wait]);
    expect(run.logs[0]).toMatch(retryLine(1, "no response within 3000 ms"));
    expect(run.logs[1]).toBe(sentLine(2));
  });

  it("after a 5xx whose body never finishes, aborting it at 3 s, then sends", async () => {
    const run = await runAction(registration(), [{ status: 503, stalledBody: true }, sent]);
    expect(run.outcome).toBe("resolved");
    const [wait] = announcedWaits(run.logs);
    expect(run.requests.map((r) => r.at)).toEqual([0, 3000 + wait]);
    expect(run.logs[0]).toMatch(retryLine(1, "HTTP 503"));
    expect(run.logs[1]).toBe(sentLine(2));
  });

  it("after a refused connection, then sends", async () => {
    const run = await runAction(registration(), [{ networkError: "ECONNREFUSED" }, sent]);
    expect(run.outcome).toBe("resolved");
    expect(run.requests).toHaveLength(2);
    expect(run.logs[0]).toMatch(retryLine(1, "network error (ECONNREFUSED)"));
    expect(run.logs[1]).toBe(sentLine(2));
  });

  it("with growing, jittered backoff: 150-300, 300-600, 600-1200 ms", async () => {
    const run = await runAction(registration(), [unavailable, unavailable, unavailable, sent]);
    expect(run.outcome).toBe("resolved");
    const waits = announcedWaits(run.logs);
    expect(waits).toHaveLength(3);
    for (const [i, wait] of waits.entries()) {
      expect(wait).toBeGreaterThanOrEqual(150 * 2 ** i);
      expect(wait).toBeLessThanOrEqual(300 * 2 ** i);
    }
  });
});

describe("fails, logging the user id and rejecting,", () => {
  it("when Auth0 rate-limits every attempt, after 4 attempts", async () => {
    const run = await runAction(registration(), Array(4).fill(rateLimited({ "Retry-After": "1" })));
    expect(run.outcome).toBe("rejected");
    expect(run.requests.map((r) => r.at)).toEqual([0, 1000, 2000, 3000]);
    const reason = "HTTP 429 too_many_requests: Too many requests; no attempts left";
    expect(run.logs.at(-1)).toBe(failLine(4, reason));
    expect(run.error?.message).toBe(
      `send-invite: invite email for user ${USER_ID} failed after 4 attempt(s): ${reason}`,
    );
  });

  it("at once when Retry-After asks for longer than the 5 s the Action may wait", async () => {
    const run = await runAction(registration(), [rateLimited({ "Retry-After": "60" })]);
    expect(run.outcome).toBe("rejected");
    expect(run.requests).toHaveLength(1);
    expect(run.logs).toEqual([
      failLine(
        1,
        "HTTP 429 too_many_requests: Too many requests; Auth0 asks to wait 60 s, longer than this Action may wait",
      ),
    ]);
  });

  it("when Auth0 answers 5xx every time, after 4 attempts", async () => {
    const run = await runAction(registration(), Array(4).fill(unavailable));
    expect(run.outcome).toBe("rejected");
    expect(run.requests).toHaveLength(4);
    expect(run.logs.at(-1)).toBe(failLine(4, "HTTP 503 server_error: try later; no attempts left"));
  });

  it("when no request is ever answered, within the 10 s budget", async () => {
    const run = await runAction(registration(), Array(4).fill({ hang: true }));
    expect(run.outcome).toBe("rejected");
    // 3 s + backoff + 3 s + backoff + 3 s leaves no room for a fourth attempt.
    expect(run.requests).toHaveLength(3);
    expect(run.elapsedMs).toBeLessThanOrEqual(10_000);
    expect(run.logs.at(-1)).toBe(
      failLine(3, "no response within 3000 ms; no time left for a retry"),
    );
  });

  it("when the connection is refused every time, after 4 attempts", async () => {
    const run = await runAction(registration(), Array(4).fill({ networkError: "ECONNREFUSED" }));
    expect(run.outcome).toBe("rejected");
    expect(run.requests).toHaveLength(4);
    expect(run.logs.at(-1)).toBe(failLine(4, "network error (ECONNREFUSED); no attempts left"));
  });

  it("on a 400 without retrying, with the email redacted from Auth0's description", async () => {
    const badRequest: Reply = {
      status: 400,
      body: { error: "invalid_request", error_description: `no such user: ${EMAIL.toLowerCase()}` },
    };
    const run = await runAction(registration(), [badRequest]);
    expect(run.outcome).toBe("rejected");
    expect(run.requests).toHaveLength(1);
    expect(run.logs).toEqual([failLine(1, "HTTP 400 invalid_request: no such user: [email]")]);
    expect(run.error?.message).not.toContain(EMAIL.toLowerCase());
  });

  it("on a 4xx whose body never finishes, after the 3 s timeout, without retrying", async () => {
    const run = await runAction(registration(), [{ status: 400, stalledBody: true }]);
    expect(run.outcome).toBe("rejected");
    expect(run.requests).toHaveLength(1);
    expect(run.elapsedMs).toBe(3000);
    expect(run.logs).toEqual([failLine(1, "HTTP 400")]);
  });

  it("on a redirect, without following it (a followed POST would become a GET)", async () => {
    const moved: Reply = { status: 302, headers: { location: `https://${TENANT}/elsewhere` } };
    const run = await runAction(registration(), [moved]);
    expect(run.outcome).toBe("rejected");
    expect(run.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`POST ${CHANGE_PASSWORD}`]);
    expect(run.logs).toEqual([failLine(1, "HTTP 302")]);
  });

  it("on a malformed 4xx (not Auth0's JSON error) without retrying", async () => {
    const run = await runAction(registration(), [{ status: 403, body: "<html>Forbidden</html>" }]);
    expect(run.outcome).toBe("rejected");
    expect(run.requests).toHaveLength(1);
    expect(run.logs).toEqual([failLine(1, "HTTP 403")]);
  });

  it.each([
    ["missing", undefined],
    ["empty", ""],
    ["blank", "   "],
  ])("when a required secret is %s, naming it, before any request", async (_name, value) => {
    for (const secret of SECRETS.required) {
      const run = await runAction(registration({ secrets: { [secret]: value } }));
      const message = `send-invite: missing required secret(s) ${secret}; set them on the Action`;
      expect(run.outcome).toBe("rejected");
      expect(run.error?.message).toBe(message);
      expect(run.logs).toEqual([`error: ${message}`]);
      expect(run.requests).toEqual([]);
    }
  });

  it("when every required secret is missing, naming them all", async () => {
    const secrets = Object.fromEntries(SECRETS.required.map((n) => [n, undefined]));
    const run = await runAction(registration({ secrets }));
    expect(run.error?.message).toBe(
      `send-invite: missing required secret(s) ${SECRETS.required.join(", ")}; set them on the Action`,
    );
  });

  it("when a misconfigured Action sees a user it would skip anyway", async () => {
    const run = await runAction(
      registration({ connection: "Partners", secrets: { CLIENT_ID: "" } }),
    );
    expect(run.outcome).toBe("rejected");
    expect(run.error?.message).toContain("missing required secret(s) CLIENT_ID");
  });

  it("when DOMAIN is a URL rather than a host name", async () => {
    const run = await runAction(registration({ secrets: { DOMAIN: `https://${TENANT}/` } }));
    expect(run.outcome).toBe("rejected");
    expect(run.error?.message).toBe(
      `send-invite: secret DOMAIN must be a host name such as example.eu.auth0.com, got "https://${TENANT}/"`,
    );
    expect(run.requests).toEqual([]);
  });
});

/** `${` and `%{` that Terraform would read as interpolation or directive (not `$${`, `%%{`). */
function liveTemplateSequences(text: string): string[] {
  const found: string[] = [];
  for (let i = 0; i < text.length - 1; i++) {
    const sigil = text[i];
    if (sigil !== "$" && sigil !== "%") continue;
    if (text[i + 1] === sigil && text[i + 2] === "{") i += 2;
    else if (text[i + 1] === "{") found.push(text.slice(i, i + 30));
  }
  return found;
}

describe.each(shippedEnvironmentNames())("the invite Action shipped in %s", (env) => {
  // biome-ignore lint/suspicious/noExplicitAny: Terraform JSON is untyped by nature.
  const action = () => shippedStack(env).resource?.auth0_action?.send_invite as any;

  it("is auth0_action.send_invite, whose code Terraform hands Auth0 verbatim as the build", () => {
    expect(action()).toBeDefined();
    const raw: string = action().code;
    expect(liveTemplateSequences(raw)).toEqual([]);
    // The code has template literals, so the escaping was exercised, not vacuous.
    expect(raw).toContain("$${");
    expect(terraformUnescape(raw)).toBe(buildAction(INVITE_ACTION));
  });

  it("runs on node22 for post-user-registration", () => {
    expect(action().runtime).toBe("node22");
    expect(action().supported_triggers).toMatchObject({ id: "post-user-registration" });
  });

  // Auth0 would install declared packages at every cold start; the code uses fetch instead, and
  // the runner lets it require only what is declared.
  it("declares no dependencies", () => {
    expect(action().dependencies ?? []).toEqual([]);
  });
});
