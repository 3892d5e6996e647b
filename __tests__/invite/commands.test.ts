// `npm run invite`: every command through lib/invite/run.ts as the script runs it, with the real
// auth0 SDK against a nock mock of the Management and Authentication APIs
// (__tests__/support/nock-tenant.ts). Time is a fake clock, so Retry-After and pacing take no
// real time. What is asserted is what an admin and the tenant see: the output, the exit code,
// and the requests made.
import { Writable } from "node:stream";
import nock from "nock";
import { type LoadedEnvironment, parseEnvironment } from "../../lib/environment";
import { runInvite } from "../../lib/invite/run";
import { USER_EXISTS } from "../support/auth0-answers";
import { MUTATING, NockTenant } from "../support/nock-tenant";

const TENANT = "invite-test.eu.auth0.com";
const CONNECTION = "Username-Password-Authentication";
const APP_CLIENT_ID = "AppClientId000000000000000000001";
const APP_NAME = "Example Portal (test)";
const NOW = Date.parse("2026-12-10T12:00:00.000Z");
const INVITED_SINCE = "2026-12-01T00:00:00Z";
const DAY = 86_400_000;
const LIFETIME_SECONDS = 7 * 86_400;
const CREDENTIALS = { AUTH0_CLIENT_ID: "m2m-client", AUTH0_CLIENT_SECRET: "m2m-client-secret" };
// Two verified custom domains: the tenant then wants to be told which one a user is for.
const CUSTOM_DOMAIN = "login.example.com";
const OTHER_CUSTOM_DOMAIN = "auth.example.net";

const BASE = {
  domain: TENANT,
  connection: {
    name: CONNECTION,
    id: "con_TEST000000000000",
    passwordPolicy: { model: "flexible" },
  },
  application: { clientId: APP_CLIENT_ID },
  email: {
    from: "Portal <no-reply@portal.example.com>",
    productName: "Portal",
    supportEmail: "support@example.com",
    linkLifetimeSeconds: LIFETIME_SECONDS,
  },
  invite: { skipEmailDomains: ["test.example.com"] },
  loginGate: { invitedSince: INVITED_SINCE },
};

function environment(name: string, overrides: Record<string, unknown> = {}): LoadedEnvironment {
  const file = `environments/${name}.json`;
  const result = parseEnvironment(file, JSON.stringify({ ...BASE, ...overrides }));
  if (!result.ok) throw new Error(result.problems.join("\n"));
  return { name, file, config: result.config };
}

const ENVIRONMENTS = [
  environment("dev"),
  environment("prod", { domain: "acme-prod.eu.auth0.com" }),
  environment("unbound", { invite: { state: "unbound" } }),
  environment("by-name", {
    application: {
      name: APP_NAME,
      type: "regular_web",
      loginUrl: "https://portal.example.com/login",
    },
  }),
  environment("no-cutoff", { loginGate: {} }),
  environment("custom-domain", {
    customDomain: CUSTOM_DOMAIN,
    application: {
      name: APP_NAME,
      type: "regular_web",
      loginUrl: "https://portal.example.com/login",
    },
  }),
  environment("unverified-domain", { customDomain: "login.example.org" }),
  environment("multilingual", {
    languages: ["en", "de", "fr", "es"],
    tenantLocales: ["en", "de", "fr-FR", "es"],
  }),
];

let clock: number;
let tenant: NockTenant;

beforeEach(() => {
  clock = NOW;
  nock.disableNetConnect();
  tenant = new NockTenant(TENANT, () => clock).start();
});

afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

interface Run {
  code: number;
  out: string;
  err: string;
  /** stdout parsed, for --json runs. */
  json: () => Record<string, unknown>;
}

async function invite(
  argv: string[],
  options: {
    env?: Record<string, string | undefined>;
    /** CSV files by name: text (written as UTF-8) or the bytes themselves. */
    files?: Record<string, string | Uint8Array>;
    progressStream?: NodeJS.WritableStream;
    recordedCutoff?: { value: unknown } | { missing: string };
  } = {},
): Promise<Run> {
  let out = "";
  let err = "";
  const code = await runInvite({
    argv,
    env: options.env ?? CREDENTIALS,
    environmentsDir: "environments",
    loadEnvironments: () => ENVIRONMENTS,
    readFile: (file) => {
      const content = options.files?.[file];
      if (content === undefined) {
        throw new Error(`ENOENT: no such file or directory, open '${file}'`);
      }
      return typeof content === "string" ? Buffer.from(content) : content;
    },
    out: (text) => {
      out += text;
    },
    err: (text) => {
      err += text;
    },
    now: () => clock,
    sleep: async (ms) => {
      clock += ms;
    },
    ...(options.progressStream ? { progressStream: options.progressStream } : {}),
    ...(options.recordedCutoff
      ? { recordedCutoff: async () => options.recordedCutoff as { missing: string } }
      : {}),
  });
  return { code, out, err, json: () => JSON.parse(out) };
}

const invitee = (i: number) => `invitee-${String(i).padStart(3, "0")}@example.org`;

/** The request bodies sent to Auth0, with the endpoint. */
const createBodies = () =>
  tenant.requestsTo("POST /api/v2/users").map((r) => JSON.parse(r.body) as Record<string, unknown>);

describe("add", () => {
  describe("creates each invitee so that the invite Action sends the one email", () => {
    it("in the environment's connection, unverified, with verify_email false and a password of its own", async () => {
      const run = await invite(["add", "dev", "Alice@Example.org", "bob@example.org"]);

      expect(run.code).toBe(0);
      const bodies = createBodies();
      expect(bodies.map(({ password, ...rest }) => rest)).toEqual([
        {
          connection: CONNECTION,
          email: "alice@example.org",
          email_verified: false,
          verify_email: false,
        },
        {
          connection: CONNECTION,
          email: "bob@example.org",
          email_verified: false,
          verify_email: false,
        },
      ]);
      const passwords = bodies.map((b) => b.password as string);
      for (const password of passwords) expect(password.length).toBeGreaterThanOrEqual(32);
      expect(new Set(passwords).size).toBe(2);
      // Nothing that would stop the login gate from recognising them: no invite: false.
      expect(bodies.every((b) => b.app_metadata === undefined)).toBe(true);
      expect(tenant.requestsTo("POST /dbconnections/change_password")).toEqual([]);
      expect(run.out).toMatch(/^created\s+alice@example\.org\s+auth0\|/m);
      expect(run.out).toMatch(
        /created\s+existing\s+re-sent\s+revoked\s+skipped\s+failed\n\s+2\s+0\s+0\s+0\s+0\s+0$/m,
      );
    });

    it("with the names from a CSV file", async () => {
      const csv =
        "email,name,given_name,family_name\ncarol@example.org,Carol Danvers,Carol,Danvers\n";
      const run = await invite(["add", "dev", "--csv", "team.csv"], { files: { "team.csv": csv } });

      expect(run.code).toBe(0);
      expect(createBodies()[0]).toMatchObject({
        email: "carol@example.org",
        name: "Carol Danvers",
        given_name: "Carol",
        family_name: "Danvers",
      });
    });

    it("in each invitee's language: a CSV language column reaches the create request's user_metadata, written canonically", async () => {
      const csv = [
        "email,name,language",
        "anna@example.org,Anna Huber,de-at",
        "claire@example.org,Claire Martin,fr",
        "diego@example.org,,ES-419",
        "emma@example.org,Emma Smith,",
      ].join("\n");
      const run = await invite(["add", "multilingual", "--csv", "team.csv"], {
        files: { "team.csv": csv },
      });

      expect(run.code).toBe(0);
      expect(createBodies().map((b) => [b.email, b.user_metadata])).toEqual([
        ["anna@example.org", { language: "de-AT" }],
        ["claire@example.org", { language: "fr" }],
        ["diego@example.org", { language: "es-419" }],
        // No language: none is stored, and the environment's default applies.
        ["emma@example.org", undefined],
      ]);
      expect(tenant.byEmail("anna@example.org")?.user_metadata).toEqual({ language: "de-AT" });
    });

    it("with --language for every address, and for the CSV rows that name none", async () => {
      await invite(["add", "multilingual", "--language", "de", "a@example.org", "b@example.org"]);
      const csv = "email,language\nc@example.org,fr\nd@example.org,\n";
      await invite(["add", "multilingual", "--language", "es", "--csv", "team.csv"], {
        files: { "team.csv": csv },
      });
      expect(createBodies().map((b) => [b.email, b.user_metadata])).toEqual([
        ["a@example.org", { language: "de" }],
        ["b@example.org", { language: "de" }],
        ["c@example.org", { language: "fr" }],
        ["d@example.org", { language: "es" }],
      ]);
    });

    it("with a password long enough for the connection's policy when it asks for more", async () => {
      ENVIRONMENTS.push(
        environment("strict", {
          connection: {
            ...BASE.connection,
            passwordPolicy: { model: "legacy", strength: "excellent", minLength: 64 },
          },
        }),
      );
      try {
        await invite(["add", "strict", "dave@example.org"]);
        expect((createBodies()[0].password as string).length).toBe(64);
      } finally {
        ENVIRONMENTS.pop();
      }
    });
  });

  describe("refuses a language the environment does not serve, creating nobody", () => {
    it("naming the CSV row of a tag that is no BCP 47 tag or no language of the environment", async () => {
      const csv = "email,language\na@example.org,de\nb@example.org,it\nc@example.org,de_AT\n";
      const run = await invite(["add", "multilingual", "--csv", "team.csv"], {
        files: { "team.csv": csv },
      });

      expect(run.code).toBe(2);
      expect(run.err).toContain(
        'team.csv: row 3: language "it" is not one the environment serves (languages: en, de, fr, es); its users would get the default, en',
      );
      expect(run.err).toContain(
        'team.csv: row 4: language "de_AT" is not a BCP 47 language tag such as de or de-AT',
      );
      expect(tenant.requestsTo("POST /api/v2/users")).toEqual([]);
    });

    it("naming --language, whatever the environment's default is", async () => {
      const run = await invite(["add", "dev", "--language", "de", "a@example.org"]);
      expect(run.code).toBe(2);
      expect(run.err).toContain(
        '--language: language "de" is not one the environment serves (languages: en); its users would get the default, en',
      );
      expect(tenant.requestsTo("POST /api/v2/users")).toEqual([]);
    });
  });

  describe("is idempotent", () => {
    const CSV = ["email", ...Array.from({ length: 120 }, (_, i) => invitee(i))].join("\n");

    it("reports users already in the connection as existing, not failed, and re-running creates nothing twice", async () => {
      for (let i = 0; i < 120; i += 13) tenant.addUser(invitee(i), CONNECTION);
      const first = await invite(["add", "dev", "--csv", "team.csv", "--json"], {
        files: { "team.csv": CSV },
      });

      expect(first.code).toBe(0);
      expect(first.json().summary).toEqual({
        created: 110,
        existing: 10,
        resent: 0,
        revoked: 0,
        skipped: 0,
        failed: 0,
      });
      expect(tenant.users).toHaveLength(120);

      const again = await invite(["add", "dev", "--csv", "team.csv", "--json"], {
        files: { "team.csv": CSV },
      });
      expect(again.code).toBe(0);
      expect(again.json().summary).toMatchObject({ created: 0, existing: 120, failed: 0 });
      expect(tenant.users).toHaveLength(120);
    });

    it("finishes an interrupted run when run again: rows that failed are created, the others reported existing", async () => {
      const csv = ["email", ...Array.from({ length: 40 }, (_, i) => invitee(i))].join("\n");
      tenant.fail("POST /api/v2/users", { status: 503 }, 3);
      const first = await invite(
        ["add", "dev", "--csv", "team.csv", "--json", "--concurrency", "1"],
        {
          files: { "team.csv": csv },
        },
      );
      expect(first.code).toBe(1);
      expect(first.json().summary).toMatchObject({ created: 37, failed: 3 });
      // A create is not repeated after a 5xx: the user may exist; the next run finds out.
      expect(tenant.requestsTo("POST /api/v2/users")).toHaveLength(40);

      const again = await invite(["add", "dev", "--csv", "team.csv", "--json"], {
        files: { "team.csv": csv },
      });
      expect(again.code).toBe(0);
      expect(again.json().summary).toMatchObject({ created: 3, existing: 37, failed: 0 });
    });
  });

  describe("reads Auth0's refusals by what they say", () => {
    it.each([
      [
        "a Conflict of the user store that says something else",
        { ...USER_EXISTS, message: "The connection is not able to create this user." },
      ],
      [
        "a Conflict saying the user exists without Auth0's errorCode",
        { ...USER_EXISTS, errorCode: undefined },
      ],
    ])("fails the row, not as existing, on %s", async (_what, body) => {
      tenant.fail("POST /api/v2/users", { status: 409, body });
      const run = await invite(["add", "dev", invitee(1), "--json"]);

      expect(run.code).toBe(1);
      expect(run.json()).toMatchObject({
        results: [
          {
            email: invitee(1),
            outcome: "failed",
            detail: `HTTP 409 ${body.errorCode ?? "Conflict"}: ${body.message}`,
          },
        ],
        summary: { existing: 0, failed: 1 },
      });
    });

    it("fails the row with Auth0's own message on another client error, and goes on with the others", async () => {
      const invalidEmail = {
        statusCode: 400,
        error: "Bad Request",
        message: `Payload validation error: 'Object didn't pass validation for format email: ${invitee(1)}' on property email (The user's email).`,
        errorCode: "invalid_body",
      };
      tenant.fail("POST /api/v2/users", { status: 400, body: invalidEmail });
      const run = await invite([
        "add",
        "dev",
        invitee(1),
        invitee(2),
        "--json",
        "--concurrency",
        "1",
      ]);

      expect(run.code).toBe(1);
      expect(run.json().results).toEqual([
        {
          email: invitee(1),
          outcome: "failed",
          detail: `HTTP 400 invalid_body: ${invalidEmail.message}`,
        },
        { email: invitee(2), outcome: "created", userId: expect.any(String) },
      ]);
    });
  });

  describe("on a tenant with several verified custom domains", () => {
    beforeEach(() => {
      tenant.withCustomDomains(CUSTOM_DOMAIN, OTHER_CUSTOM_DOMAIN);
      tenant.clients.push({ client_id: "ByNameApp00000000000000000000001", name: APP_NAME });
    });

    it("without customDomain, fails every row with Auth0's message and what to set, reports nobody as existing, and exits 1", async () => {
      const run = await invite(["add", "dev", invitee(1), invitee(2), "--json"]);

      expect(run.code).toBe(1);
      const detail =
        "HTTP 409 custom_domain_conflict: The tenant has multiple verified custom domains. Set customDomain in the environment file (docs/environment.md) to the verified custom domain invitees should see";
      expect(run.json()).toMatchObject({
        results: [
          { email: invitee(1), outcome: "failed", detail },
          { email: invitee(2), outcome: "failed", detail },
        ],
        summary: { created: 0, existing: 0, failed: 2 },
      });
      expect(tenant.users).toEqual([]);
      expect(tenant.requestsTo("POST /dbconnections/change_password")).toEqual([]);
    });

    it("with customDomain, creates every row, naming the custom domain on each create", async () => {
      const run = await invite(["add", "custom-domain", invitee(1), invitee(2)]);

      expect(run.code).toBe(0);
      expect(tenant.users.map((u) => u.email)).toEqual([invitee(1), invitee(2)]);
      const creates = tenant.requestsTo("POST /api/v2/users");
      expect(creates.map((r) => [r.host, r.headers["auth0-custom-domain"]])).toEqual([
        [TENANT, CUSTOM_DOMAIN],
        [TENANT, CUSTOM_DOMAIN],
      ]);
    });

    it("names the custom domain on the Management API's user paths only, whatever the command", async () => {
      clock = NOW - 8 * DAY;
      tenant.addUser("expired@example.org", CONNECTION);
      clock = NOW;
      await invite(["add", "custom-domain", "typo@exmaple.org"]);
      await invite(["status", "custom-domain"]);
      await invite(["resend", "custom-domain", "--expired"]);
      await invite(["revoke", "custom-domain", "typo@exmaple.org"]);

      // Each endpoint with the header values it was sent with: go-auth0's list of paths that
      // carry it, as far as the CLI requests them, and nothing else.
      const sentWith = new Map<string, Set<unknown>>();
      for (const request of tenant.requests) {
        const endpoint = `${request.method} ${request.path.split("?")[0].replace(/\/users\/.+/, "/users/*")}`;
        const values = sentWith.get(endpoint) ?? new Set();
        sentWith.set(endpoint, values.add(request.headers["auth0-custom-domain"]));
      }
      expect(
        Object.fromEntries([...sentWith].map(([endpoint, values]) => [endpoint, [...values]])),
      ).toEqual({
        "POST /api/v2/users": [CUSTOM_DOMAIN],
        "GET /api/v2/users": [CUSTOM_DOMAIN],
        "PATCH /api/v2/users/*": [CUSTOM_DOMAIN],
        "DELETE /api/v2/users/*": [CUSTOM_DOMAIN],
        "POST /oauth/token": [undefined],
        "GET /api/v2/users-by-email": [undefined],
        "GET /api/v2/clients": [undefined],
        "POST /dbconnections/change_password": [undefined],
      });
    });

    it("reports a user already in the connection as existing, and a re-run creates nobody twice", async () => {
      tenant.addUser(invitee(1), CONNECTION);
      const first = await invite(["add", "custom-domain", invitee(1), invitee(2), "--json"]);

      expect(first.code).toBe(0);
      expect(first.json().summary).toMatchObject({ created: 1, existing: 1, failed: 0 });
      const again = await invite(["add", "custom-domain", invitee(1), invitee(2), "--json"]);
      expect(again.code).toBe(0);
      expect(again.json().summary).toMatchObject({ created: 0, existing: 2, failed: 0 });
      expect(tenant.users).toHaveLength(2);
    });

    it("fails the row with Auth0's answer when customDomain is not one of the tenant's verified domains", async () => {
      const run = await invite(["add", "unverified-domain", invitee(1)]);

      expect(run.code).toBe(1);
      expect(run.out).toContain(
        `failed  ${invitee(1)}  HTTP 400 Bad Request: The custom domain does not exist for the tenant. customDomain in the environment file (docs/environment.md) must be one of the tenant's verified custom domains\n`,
      );
      expect(tenant.users).toEqual([]);
    });
  });

  describe("stays within the tenant's rate limit", () => {
    it("waits out a 429 storm for Retry-After and then creates every row", async () => {
      tenant.fail(
        "POST /api/v2/users",
        {
          status: 429,
          headers: { "retry-after": "2", "x-ratelimit-limit": "50", "x-ratelimit-remaining": "0" },
        },
        9,
      );
      const started = clock;
      const run = await invite(["add", "dev", invitee(1), invitee(2), invitee(3)]);

      expect(run.code).toBe(0);
      expect(tenant.users).toHaveLength(3);
      expect(tenant.requestsTo("POST /api/v2/users")).toHaveLength(12);
      expect(clock - started).toBeGreaterThanOrEqual(2_000);
      expect(run.err).toContain("the tenant answered 429 to 9 of");
    });

    it("fails the row, not the run, when the 429s do not stop", async () => {
      tenant.fail("POST /api/v2/users", { status: 429, headers: { "retry-after": "1" } }, 11);
      const run = await invite([
        "add",
        "dev",
        invitee(1),
        invitee(2),
        "--concurrency",
        "1",
        "--json",
      ]);

      expect(run.code).toBe(1);
      const { results } = run.json() as {
        results: { email: string; outcome: string; detail?: string }[];
      };
      expect(results[0]).toMatchObject({ email: invitee(1), outcome: "failed" });
      expect(results[0].detail).toContain("429");
      expect(results[1]).toMatchObject({ email: invitee(2), outcome: "created" });
    });
  });

  describe("with --dry-run", () => {
    it("makes no mutating request and sends no email, and says what it would do", async () => {
      tenant.addUser("existing@example.org", CONNECTION);
      const run = await invite([
        "add",
        "dev",
        "new@example.org",
        "existing@example.org",
        "--dry-run",
      ]);

      expect(run.code).toBe(0);
      expect(MUTATING.flatMap((endpoint) => tenant.requestsTo(endpoint))).toEqual([]);
      expect(tenant.requestsTo("GET /api/v2/users-by-email")).toHaveLength(2);
      expect(run.out).toMatch(/^would create\s+new@example\.org$/m);
      expect(run.out).toMatch(/^existing\s+existing@example\.org/m);
      expect(run.out).toContain("dry run: nothing was changed and no email was sent");
    });
  });

  describe("keeps the password to the create request", () => {
    it("never prints, logs or sends it anywhere else, also when the create fails", async () => {
      // An API that quotes the request back: in its message, and as a whole text body.
      const echo = (request: string) => ({
        statusCode: 400,
        error: "Bad Request",
        message: `PasswordStrengthError: ${JSON.parse(request).password} is too weak`,
      });
      tenant.fail("POST /api/v2/users", { status: 400, body: echo });
      tenant.fail("POST /api/v2/users", { status: 400, body: (request: string) => `x${request}` });
      const logged: string[] = [];
      const spies = (["log", "error", "warn", "info", "debug"] as const).map((level) =>
        jest.spyOn(console, level).mockImplementation((...args: unknown[]) => {
          logged.push(args.map(String).join(" "));
        }),
      );
      try {
        const text = await invite(["add", "dev", invitee(1), invitee(2), "--concurrency", "1"]);
        const json = await invite(["add", "dev", invitee(3), "--json"]);
        expect(text.code).toBe(1);
        expect(text.out).toMatch(
          /^failed\s+invitee-001@example\.org\s+HTTP 400 .*\[password\] is too weak/m,
        );

        const passwords = createBodies().map((b) => b.password as string);
        expect(passwords).toHaveLength(3);
        const elsewhere = [
          text.out,
          text.err,
          json.out,
          json.err,
          ...logged,
          ...tenant.requests
            .filter((r) => r.method !== "POST" || r.path !== "/api/v2/users")
            .map((r) => r.body),
          ...tenant.requests.map((r) => JSON.stringify(r.headers)),
          ...tenant.requests.map((r) => r.path),
        ].join("\n");
        for (const password of passwords) expect(elsewhere).not.toContain(password);
      } finally {
        for (const spy of spies) spy.mockRestore();
      }
    });
  });

  describe("checks all of the input before sending anything", () => {
    it("lists every problem of a 500-row CSV with duplicates and bad rows, with row numbers, and exits 2", async () => {
      const rows = Array.from({ length: 500 }, (_, i) => invitee(i));
      rows[9] = invitee(3).toUpperCase(); // row 11 repeats row 5
      rows[99] = "not-an-address";
      rows[249] = "someone@test.example.com";
      rows[499] = "";
      const csv = ["email,name", ...rows.map((r, i) => `${r},Person ${i}`)].join("\n");
      const run = await invite(["add", "dev", "--csv", "team.csv"], { files: { "team.csv": csv } });

      expect(run.code).toBe(2);
      expect(tenant.requests).toEqual([]);
      expect(run.err).toContain("4 problems in the input; nothing was sent:");
      expect(run.err).toContain(`team.csv: row 11: ${invitee(3)} is also on row 5`);
      expect(run.err).toContain('team.csv: row 101: email "not-an-address"');
      expect(run.err).toContain(
        "team.csv: row 251: someone@test.example.com: test.example.com is listed in invite.skipEmailDomains",
      );
      expect(run.err).toContain("team.csv: row 501: email is empty");
    });

    it.each([
      ["an unknown column", "email,phone\na@example.org,123\n", 'unknown column "phone"'],
      ["no email column", "name\nAlice\n", "no email column"],
      ["an empty file", "", "team.csv: is empty"],
      ["only a header", "email,name\n", "team.csv: has a header row but no invitees"],
    ])("refuses a CSV with %s", async (_what, csv, message) => {
      const run = await invite(["add", "dev", "--csv", "team.csv"], { files: { "team.csv": csv } });
      expect(run.code).toBe(2);
      expect(run.err).toContain(message);
      expect(tenant.requests).toEqual([]);
    });

    it("names a CSV file it cannot read", async () => {
      const run = await invite(["add", "dev", "--csv", "missing.csv"]);
      expect(run.code).toBe(2);
      expect(run.err).toContain("missing.csv: cannot read the file (ENOENT");
    });

    it("names the environments there are when the environment is unknown", async () => {
      const run = await invite(["add", "staging", "a@example.org"]);
      expect(run.code).toBe(2);
      expect(run.err).toBe(
        'invite: unknown environment "staging"; the environments in environments are: dev, prod, unbound, by-name, no-cutoff, custom-domain, unverified-domain, multilingual\n',
      );
      expect(tenant.requests).toEqual([]);
    });

    it.each([
      [{}, "AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET are not set"],
      [{ AUTH0_CLIENT_ID: "m2m-client" }, "AUTH0_CLIENT_SECRET is not set (AUTH0_CLIENT_ID is)"],
      [{ AUTH0_CLIENT_SECRET: "s" }, "AUTH0_CLIENT_ID is not set (AUTH0_CLIENT_SECRET is)"],
    ])("names a missing credential (%o)", async (env, message) => {
      const run = await invite(["add", "dev", "a@example.org"], { env });
      expect(run.code).toBe(2);
      expect(run.err).toContain(message);
      expect(tenant.requests).toEqual([]);
    });

    it("takes the tenant from the environment file only, refusing another AUTH0_DOMAIN", async () => {
      const run = await invite(["add", "dev", "a@example.org"], {
        env: { ...CREDENTIALS, AUTH0_DOMAIN: "acme-prod.eu.auth0.com" },
      });
      expect(run.code).toBe(2);
      expect(run.err).toContain(
        'AUTH0_DOMAIN is "acme-prod.eu.auth0.com" but environments/dev.json is the tenant invite-test.eu.auth0.com',
      );
      const same = await invite(["add", "dev", "a@example.org"], {
        env: { ...CREDENTIALS, AUTH0_DOMAIN: `https://${TENANT}/` },
      });
      expect(same.code).toBe(0);
    });

    it.each([
      [["add", "dev"], "give at least one address, or --csv <file>"],
      [["add", "dev", "a@example.org", "--csv", "x.csv"], "give addresses or --csv, not both"],
      [
        ["add", "dev", "a@example.org", "--concurrency", "0"],
        "must be a whole number from 1 to 20",
      ],
      [["add", "dev", "a@example.org", "--frobnicate"], "unknown option '--frobnicate'"],
      [["add"], "missing required argument 'env'"],
    ])("exits 2 on bad usage: %j", async (argv, message) => {
      const run = await invite(argv);
      expect(run.code).toBe(2);
      expect(run.err).toContain(message);
      expect(tenant.requests).toEqual([]);
    });
  });

  describe("refuses, creating nothing", () => {
    it("while the invite Action is not bound: nobody would get an invitation", async () => {
      const run = await invite(["add", "unbound", "a@example.org"]);
      expect(run.code).toBe(1);
      expect(run.err).toContain('invite.state is "unbound" in environments/unbound.json');
      expect(tenant.requests).toEqual([]);
    });

    it("while loginGate.invitedSince is in the future: the new users would not count as invitees", async () => {
      clock = Date.parse(INVITED_SINCE) - 1;
      const run = await invite(["add", "dev", "a@example.org"]);
      expect(run.code).toBe(1);
      expect(run.err).toContain(
        "loginGate.invitedSince in environments/dev.json is 2026-12-01T00:00:00.000Z, in the future",
      );
      expect(tenant.requestsTo("POST /api/v2/users")).toEqual([]);
    });
  });

  describe("reports", () => {
    it("with --json, only one JSON document on stdout and nothing on stderr", async () => {
      const run = await invite(["add", "dev", "a@example.org", "--json"]);
      expect(run.err).toBe("");
      expect(run.json()).toMatchObject({
        command: "add",
        environment: "dev",
        dryRun: false,
        results: [{ email: "a@example.org", outcome: "created" }],
        summary: { created: 1, failed: 0 },
      });
    });

    it.each([
      [["add", "dev", "--json"], "give at least one address, or --csv <file>"],
      [
        ["add", "dev", "a@example.org", "--json", "--concurrency", "0"],
        "must be a whole number from 1 to 20",
      ],
    ])("usage errors as JSON too with --json: %j", async (argv, message) => {
      const run = await invite(argv);
      expect(run.code).toBe(2);
      expect(run.err).toBe("");
      expect(run.json()).toMatchObject({ command: "add", error: expect.stringContaining(message) });
    });

    it("input problems as JSON too with --json", async () => {
      const run = await invite(["add", "dev", "nope", "--json"]);
      expect(run.code).toBe(2);
      expect(run.err).toBe("");
      expect(run.json()).toMatchObject({
        command: "add",
        problems: ['argument 1: email "nope" must be an email address such as support@example.com'],
      });
    });

    it("progress on a terminal only", async () => {
      let drawn = "";
      const terminal = Object.assign(
        new Writable({
          write(chunk, _encoding, done) {
            drawn += String(chunk);
            done();
          },
        }),
        {
          isTTY: true,
          columns: 100,
          cursorTo: () => true,
          clearLine: () => true,
          moveCursor: () => true,
        },
      );
      const onTerminal = await invite(["add", "dev", invitee(1), invitee(2)], {
        progressStream: terminal,
      });
      expect(drawn).toContain("add [");
      expect(onTerminal.err).toBe("");

      const onPipe = await invite(["add", "dev", invitee(3), invitee(4)]);
      expect(onPipe.err).toBe("");
      expect(onPipe.out).not.toContain("[");
    });
  });
});

describe("what the environment alone refuses comes before the input and the credentials", () => {
  const NO_CREDENTIALS = {};

  it.each<[string, string[], string]>([
    ["an unbound invite Action", ["add", "unbound", "a@example.org"], 'invite.state is "unbound"'],
    [
      "an adopted connection without a cutoff, for status",
      ["status", "no-cutoff"],
      "sets no loginGate.invitedSince",
    ],
    [
      "an adopted connection without a cutoff, for resend --expired",
      ["resend", "no-cutoff", "--expired"],
      "sets no loginGate.invitedSince",
    ],
  ])("refuses %s without asking for credentials, exiting 1", async (_, argv, refusal) => {
    const run = await invite(argv, { env: NO_CREDENTIALS });
    expect(run.code).toBe(1);
    expect(run.err).toContain(refusal);
    expect(run.err).not.toContain("AUTH0_CLIENT_ID");
    expect(tenant.requests).toEqual([]);
  });

  it("refuses a connection that requires usernames without asking for credentials", async () => {
    ENVIRONMENTS.push(
      environment("usernames", { connection: { ...BASE.connection, requiresUsername: true } }),
    );
    try {
      const run = await invite(["add", "usernames", "a@example.org"], { env: NO_CREDENTIALS });
      expect(run.code).toBe(1);
      expect(run.err).toContain(
        "connection.requiresUsername is true in environments/usernames.json",
      );
      expect(run.err).not.toContain("AUTH0_CLIENT_ID");
    } finally {
      ENVIRONMENTS.pop();
    }
  });

  it("refuses a cutoff in the future without asking for credentials", async () => {
    clock = Date.parse(INVITED_SINCE) - 1;
    const run = await invite(["add", "dev", "a@example.org"], { env: NO_CREDENTIALS });
    expect(run.code).toBe(1);
    expect(run.err).toContain("loginGate.invitedSince in environments/dev.json is");
    expect(run.err).not.toContain("AUTH0_CLIENT_ID");
  });

  it("refuses before reading the CSV file, so its problems do not hide the refusal", async () => {
    const run = await invite(["add", "unbound", "--csv", "missing.csv"], { env: NO_CREDENTIALS });
    expect(run.code).toBe(1);
    expect(run.err).toContain('invite.state is "unbound"');
  });
});

describe("what the CLI prints from its input is safe for a terminal", () => {
  it("spells out an escape sequence in a CSV header cell", async () => {
    const run = await invite(["add", "dev", "--csv", "team.csv"], {
      files: { "team.csv": "email,\u001b[2J\u001b[3J\nada@example.org,x\n" },
    });
    expect(run.code).toBe(2);
    expect(run.err).toContain('unknown column "\\u001b[2J\\u001b[3J"');
    expect(run.err).not.toContain("\u001b");
  });

  it("spells out what it echoes from the command line, in text and in JSON", async () => {
    const env = "dev\u001b]0;pwned\u0007\u202e";
    const text = await invite(["add", env, "a@example.org"]);
    expect(text.code).toBe(2);
    expect(text.err).toContain('unknown environment "dev\\u001b]0;pwned\\u0007\\u202e"');
    expect(text.err).not.toMatch(/(?!\n)[\p{Cc}\p{Cf}]/u);

    const json = await invite(["add", env, "a@example.org", "--json"]);
    expect(json.out).not.toMatch(/(?!\n)[\p{Cc}\p{Cf}]/u);
    expect(json.json().error).toContain(`unknown environment "${env}"`);
  });

  it("names a UTF-16 CSV file's encoding instead of printing its NUL bytes", async () => {
    const run = await invite(["add", "dev", "--csv", "team.csv"], {
      files: { "team.csv": Buffer.from("\ufeffemail\r\nada@example.org\r\n", "utf16le") },
    });
    expect(run.code).toBe(2);
    expect(run.err).toContain("team.csv: is UTF-16 (little-endian) encoded, not UTF-8");
    expect(run.err).not.toContain("\u0000");
  });

  it("says to put an address that starts with - after --, and takes it there", async () => {
    const refused = await invite(["add", "dev", "-x@example.org"]);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain(
      '-x@example.org is read as an option because it starts with "-"; to give it as an address, put it after --: npm run invite -- add dev -- -x@example.org',
    );
    const taken = await invite(["add", "dev", "--", "-x@example.org"]);
    expect(taken.code).toBe(0);
    expect(createBodies()[0]).toMatchObject({ email: "-x@example.org" });
  });
});

describe("status", () => {
  function seed() {
    clock = NOW - 20 * DAY;
    tenant.addUser("old-unverified@example.org", CONNECTION); // before invitedSince
    clock = NOW - 8 * DAY;
    tenant.addUser("expired@example.org", CONNECTION);
    tenant.addUser("resent@example.org", CONNECTION, {
      app_metadata: { invite_resent_at: new Date(NOW - DAY).toISOString() },
    });
    tenant.addUser("accepted@example.org", CONNECTION, { email_verified: true, logins_count: 3 });
    clock = NOW - 2 * DAY;
    tenant.addUser("pending@example.org", CONNECTION);
    tenant.addUser("opted-out@example.org", CONNECTION, { app_metadata: { invite: false } });
    tenant.addUser("someone@test.example.com", CONNECTION);
    tenant.addUser("other-connection@example.org", "Other-Database");
    clock = NOW;
  }

  it("lists each invitee with state, when invited and when the link expires, and counts per state", async () => {
    seed();
    const run = await invite(["status", "dev", "--json"]);

    expect(run.code).toBe(0);
    const report = run.json() as { invitees: Record<string, string>[]; counts: unknown };
    expect(report.invitees.map((i) => [i.email, i.state, i.invitedAt])).toEqual([
      ["expired@example.org", "expired", new Date(NOW - 8 * DAY).toISOString()],
      ["resent@example.org", "pending", new Date(NOW - DAY).toISOString()],
      ["accepted@example.org", "accepted", new Date(NOW - 8 * DAY).toISOString()],
      ["pending@example.org", "pending", new Date(NOW - 2 * DAY).toISOString()],
    ]);
    expect(report.invitees[0].expiresAt).toBe(new Date(NOW - DAY).toISOString());
    expect(report.counts).toEqual({ pending: 2, expired: 1, accepted: 1 });
  });

  it("filters by state, keeping the counts of all", async () => {
    seed();
    const run = await invite(["status", "dev", "--expired", "--accepted"]);

    expect(run.code).toBe(0);
    expect(run.out).toMatch(/^expired\s+expired@example\.org/m);
    expect(run.out).toMatch(/^accepted\s+accepted@example\.org/m);
    expect(run.out).not.toContain("pending@example.org");
    expect(run.out).toMatch(/pending\s+expired\s+accepted\s+total\n\s+2\s+1\s+1\s+4$/m);
  });

  it("looks up named addresses, and says why one is not an invitee", async () => {
    seed();
    const run = await invite([
      "status",
      "dev",
      "pending@example.org",
      "old-unverified@example.org",
      "nobody@example.org",
      "--json",
    ]);

    expect(run.code).toBe(0);
    const report = run.json() as { invitees: { email: string }[]; notInvitees: unknown };
    expect(report.invitees.map((i) => i.email)).toEqual(["pending@example.org"]);
    expect(report.notInvitees).toEqual([
      {
        email: "old-unverified@example.org",
        reason: "created before loginGate.invitedSince, so not invited by this flow",
      },
      { email: "nobody@example.org", reason: `not a user of ${CONNECTION}` },
    ]);
  });

  it("pages past the user search's 1000-result window", async () => {
    for (let i = 0; i < 1_500; i++) {
      clock = NOW - DAY + i * 1_000;
      tenant.addUser(`bulk-${i}@example.org`, CONNECTION);
    }
    clock = NOW;
    const run = await invite(["status", "dev", "--json"]);

    expect(run.code).toBe(0);
    const report = run.json() as { invitees: { email: string }[]; counts: unknown };
    expect(report.invitees).toHaveLength(1_500);
    expect(new Set(report.invitees.map((i) => i.email)).size).toBe(1_500);
    expect(report.counts).toEqual({ pending: 1_500, expired: 0, accepted: 0 });
  });

  it("says from when users count as invitees: the file's loginGate.invitedSince", async () => {
    seed();
    const text = await invite(["status", "dev"]);
    expect(text.out).toMatch(
      /^invitees: users created since 2026-12-01T00:00:00\.000Z \(loginGate\.invitedSince\)\n/,
    );
    const json = await invite(["status", "dev", "--json"]);
    expect(json.json().invitedSince).toEqual({
      at: "2026-12-01T00:00:00.000Z",
      source: "environment",
    });
  });

  it("without invitedSince on an adopted connection, counts from the cutoff terraform recorded at the gate's first apply", async () => {
    seed();
    const recordedCutoff = { value: INVITED_SINCE };
    const run = await invite(["status", "no-cutoff", "--json"], { recordedCutoff });
    expect(run.code).toBe(0);
    const report = run.json() as { invitees: { email: string }[]; invitedSince: unknown };
    expect(report.invitedSince).toEqual({ at: "2026-12-01T00:00:00.000Z", source: "recorded" });
    expect(report.invitees.map((i) => i.email)).not.toContain("old-unverified@example.org");
    const named = await invite(["status", "no-cutoff", "old-unverified@example.org"], {
      recordedCutoff,
    });
    expect(named.out).toContain(
      "not an invitee: old-unverified@example.org: created before the login gate was first applied, so not invited by this flow",
    );
  });

  it("refuses to list when the recorded cutoff cannot be read, saying why", async () => {
    seed();
    const run = await invite(["status", "no-cutoff"], {
      recordedCutoff: { missing: "terraform.no-cutoff.tfstate does not exist" },
    });
    expect(run.code).toBe(1);
    expect(run.err).toContain(
      "sets no loginGate.invitedSince, and the cutoff terraform records when it first applies the gate could not be read (terraform.no-cutoff.tfstate does not exist)",
    );
    expect(tenant.requestsTo("GET /api/v2/users")).toEqual([]);
  });

  it("refuses to list an adopted connection without loginGate.invitedSince: its old users are not invitees", async () => {
    seed();
    const run = await invite(["status", "no-cutoff"]);
    expect(run.code).toBe(1);
    expect(run.err).toContain("sets no loginGate.invitedSince");
    expect(tenant.requestsTo("GET /api/v2/users")).toEqual([]);
  });
});

describe("resend", () => {
  it("sends the invitation again to unverified invitees and refuses verified and unknown addresses, naming each", async () => {
    const pending = tenant.addUser("pending@example.org", CONNECTION);
    tenant.addUser("accepted@example.org", CONNECTION, { email_verified: true });
    const run = await invite([
      "resend",
      "dev",
      "pending@example.org",
      "accepted@example.org",
      "nobody@example.org",
    ]);

    expect(run.code).toBe(1);
    expect(
      tenant.requestsTo("POST /dbconnections/change_password").map((r) => JSON.parse(r.body)),
    ).toEqual([{ client_id: APP_CLIENT_ID, email: "pending@example.org", connection: CONNECTION }]);
    expect(pending.app_metadata).toEqual({ invite_resent_at: new Date(NOW).toISOString() });
    expect(run.out).toMatch(/^resent\s+pending@example\.org/m);
    expect(run.out).toMatch(
      /^skipped\s+accepted@example\.org\s+auth0\|\S+\s+has accepted the invitation \(email already verified\)/m,
    );
    expect(run.out).toMatch(
      new RegExp(`^skipped\\s+nobody@example\\.org\\s+not a user of ${CONNECTION}$`, "m"),
    );
  });

  it("keeps each user's language when it is not told another", async () => {
    const anna = tenant.addUser("anna@example.org", CONNECTION, {
      user_metadata: { language: "de-AT", theme: "dark" },
    });
    const run = await invite(["resend", "multilingual", "anna@example.org"]);
    expect(run.code).toBe(0);
    expect(anna.user_metadata).toEqual({ language: "de-AT", theme: "dark" });
    expect(
      tenant.requestsTo("PATCH /api/v2/users/*").map((r) => Object.keys(JSON.parse(r.body))),
    ).toEqual([["app_metadata"]]);
  });

  it("with --language, sets the named users' language before their invitation goes out, keeping the rest of user_metadata", async () => {
    const anna = tenant.addUser("anna@example.org", CONNECTION, {
      user_metadata: { language: "en", theme: "dark" },
    });
    const run = await invite(["resend", "multilingual", "--language", "fr-ca", "anna@example.org"]);

    expect(run.code).toBe(0);
    expect(anna.user_metadata).toEqual({ language: "fr-CA", theme: "dark" });
    const order = tenant.requests
      .filter((r) => r.method !== "GET" && r.path !== "/oauth/token")
      .map((r) => `${r.method} ${r.path.split("/").slice(0, 4).join("/")} ${r.body}`);
    expect(order[0]).toMatch(/^PATCH \/api\/v2\/users .*"user_metadata":\{"language":"fr-CA"\}/);
    expect(order[1]).toMatch(/^POST \/dbconnections\/change_password /);
    expect(run.out).toMatch(/^resent\s+anna@example\.org\s+\S+\s+language set to fr-CA$/m);
  });

  it("refuses --language with --expired: it changes the languages of the users it names", async () => {
    const run = await invite(["resend", "multilingual", "--expired", "--language", "de"]);
    expect(run.code).toBe(2);
    expect(run.err).toContain("--language changes the named users' language");
    expect(tenant.requests).toEqual([]);
  });

  it("exits 0 when every named address was re-sent", async () => {
    tenant.addUser("pending@example.org", CONNECTION);
    const run = await invite(["resend", "dev", "pending@example.org"]);
    expect(run.code).toBe(0);
  });

  it("with --expired, re-sends to every invitee whose link expired, who then count as pending", async () => {
    clock = NOW - 8 * DAY;
    tenant.addUser("expired@example.org", CONNECTION);
    clock = NOW - DAY;
    tenant.addUser("pending@example.org", CONNECTION);
    tenant.addUser("accepted@example.org", CONNECTION, { email_verified: true });
    clock = NOW;

    const run = await invite(["resend", "dev", "--expired"]);
    expect(run.code).toBe(0);
    expect(
      tenant.requestsTo("POST /dbconnections/change_password").map((r) => JSON.parse(r.body).email),
    ).toEqual(["expired@example.org"]);
    const after = await invite(["status", "dev", "--json"]);
    expect(after.json().counts).toEqual({ pending: 2, expired: 0, accepted: 1 });
  });

  it("asks for the invitation on customDomain when the environment has one, as the invite Action does", async () => {
    tenant.withCustomDomains(CUSTOM_DOMAIN);
    tenant.clients.push({ client_id: "ByNameApp00000000000000000000001", name: APP_NAME });
    tenant.addUser("pending@example.org", CONNECTION);
    const run = await invite(["resend", "custom-domain", "pending@example.org"]);

    expect(run.code).toBe(0);
    expect(
      tenant
        .requestsTo("POST /dbconnections/change_password")
        .map((r) => [r.host, JSON.parse(r.body).email]),
    ).toEqual([[CUSTOM_DOMAIN, "pending@example.org"]]);
  });

  it("finds the application's client id by name when the environment creates the application", async () => {
    tenant.clients.push(
      { client_id: "OtherApp000000000000000000000001", name: "Other" },
      { client_id: "ByNameApp00000000000000000000001", name: APP_NAME },
    );
    tenant.addUser("pending@example.org", CONNECTION);
    const run = await invite(["resend", "by-name", "pending@example.org"]);

    expect(run.code).toBe(0);
    expect(
      JSON.parse(tenant.requestsTo("POST /dbconnections/change_password")[0].body).client_id,
    ).toBe("ByNameApp00000000000000000000001");
  });

  it.each([[[]], [["--dry-run"]]])(
    "stops before the first address when no application has that name yet (%j)",
    async (options) => {
      tenant.addUser("pending@example.org", CONNECTION);
      const run = await invite(["resend", "by-name", "pending@example.org", ...options]);
      expect(run.code).toBe(1);
      expect(run.err).toContain(
        `no application named "${APP_NAME}" on ${TENANT}: apply the environment first`,
      );
      expect(tenant.requestsTo("GET /api/v2/users-by-email")).toEqual([]);
      expect(tenant.requestsTo("POST /dbconnections/change_password")).toEqual([]);
    },
  );

  describe("respects the change-password limit per address", () => {
    it("waits once for Retry-After when Auth0 limits the address, then sends", async () => {
      tenant.addUser("pending@example.org", CONNECTION);
      tenant.fail("POST /dbconnections/change_password", {
        status: 429,
        headers: { "retry-after": "60" },
        body: { error: "too_many_requests" },
      });
      const started = clock;
      const run = await invite(["resend", "dev", "pending@example.org"]);

      expect(run.code).toBe(0);
      expect(clock - started).toBeGreaterThanOrEqual(60_000);
      expect(tenant.requestsTo("POST /dbconnections/change_password")).toHaveLength(2);
    });

    it("fails the row, naming the limit, when the address is still limited after that", async () => {
      tenant.addUser("pending@example.org", CONNECTION);
      tenant.fail(
        "POST /dbconnections/change_password",
        { status: 429, headers: { "retry-after": "60" } },
        2,
      );
      const run = await invite(["resend", "dev", "pending@example.org"]);

      expect(run.code).toBe(1);
      expect(run.out).toContain(
        "a burst of 10 change-password requests per address, then 1 per minute",
      );
    });

    it("does not send twice when the same address is named twice", async () => {
      const run = await invite(["resend", "dev", "a@example.org", "A@example.org"]);
      expect(run.code).toBe(2);
      expect(run.err).toContain("argument 2: a@example.org is also argument 1");
    });

    it("does not repeat a change-password request whose answer was a 5xx: it may have sent an email", async () => {
      tenant.addUser("pending@example.org", CONNECTION);
      tenant.fail("POST /dbconnections/change_password", { status: 503 });
      const run = await invite(["resend", "dev", "pending@example.org"]);
      expect(run.code).toBe(1);
      expect(tenant.requestsTo("POST /dbconnections/change_password")).toHaveLength(1);
    });
  });

  it("warns, exiting 1, when the email was sent but the time could not be recorded", async () => {
    tenant.addUser("pending@example.org", CONNECTION);
    tenant.fail("PATCH /api/v2/users/*", {
      status: 403,
      body: {
        statusCode: 403,
        error: "Forbidden",
        message: "Insufficient scope, expected any of: update:users",
        errorCode: "insufficient_scope",
      },
    });
    const run = await invite(["resend", "dev", "pending@example.org"]);
    expect(run.code).toBe(1);
    expect(run.out).toMatch(
      /^resent\s+pending@example\.org.*warning: the invitation was sent, but recording when failed \(HTTP 403 insufficient_scope/m,
    );
  });

  it("with --dry-run, sends nothing and records nothing", async () => {
    clock = NOW - 8 * DAY;
    tenant.addUser("expired@example.org", CONNECTION);
    clock = NOW;
    const run = await invite(["resend", "dev", "--expired", "--dry-run"]);

    expect(run.code).toBe(0);
    expect(run.out).toMatch(/^would resend\s+expired@example\.org/m);
    expect(tenant.requests.filter((r) => r.method !== "GET" && r.path !== "/oauth/token")).toEqual(
      [],
    );
  });
});

describe("revoke", () => {
  it("deletes an invitee who never accepted and refuses anyone else, naming why", async () => {
    const pending = tenant.addUser("typo@exmaple.org", CONNECTION);
    tenant.addUser("accepted@example.org", CONNECTION, { email_verified: true });
    tenant.addUser("logged-in@example.org", CONNECTION, {
      logins_count: 1,
      last_login: new Date(NOW).toISOString(),
    });
    const run = await invite([
      "revoke",
      "dev",
      "typo@exmaple.org",
      "accepted@example.org",
      "logged-in@example.org",
      "nobody@example.org",
    ]);

    expect(run.code).toBe(1);
    expect(tenant.requestsTo("DELETE /api/v2/users/*").map((r) => r.path)).toEqual([
      `/api/v2/users/${encodeURIComponent(pending.user_id)}`,
    ]);
    expect(tenant.byEmail("typo@exmaple.org")).toBeUndefined();
    expect(tenant.byEmail("accepted@example.org")).toBeDefined();
    expect(run.out).toMatch(/^revoked\s+typo@exmaple\.org/m);
    expect(run.out).toMatch(/^skipped\s+accepted@example\.org.*has accepted the invitation/m);
    expect(run.out).toMatch(/^skipped\s+logged-in@example\.org.*has logged in/m);
    expect(run.out).toMatch(/^skipped\s+nobody@example\.org\s+not a user of/m);
  });

  it("succeeds when run again: an address that is no user any more has nothing to revoke", async () => {
    tenant.addUser("typo@exmaple.org", CONNECTION);
    expect((await invite(["revoke", "dev", "typo@exmaple.org"])).code).toBe(0);
    const again = await invite(["revoke", "dev", "typo@exmaple.org"]);
    expect(again.code).toBe(0);
    expect(again.out).toMatch(
      /^skipped\s+typo@exmaple\.org\s+not a user of \S+; nothing to revoke$/m,
    );
  });

  it("exits 0 when every named invitee was revoked", async () => {
    tenant.addUser("typo@exmaple.org", CONNECTION);
    expect((await invite(["revoke", "dev", "typo@exmaple.org"])).code).toBe(0);
  });

  it("with --dry-run, deletes nothing", async () => {
    tenant.addUser("typo@exmaple.org", CONNECTION);
    const run = await invite(["revoke", "dev", "typo@exmaple.org", "--dry-run"]);
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/^would revoke\s+typo@exmaple\.org/m);
    expect(tenant.requestsTo("DELETE /api/v2/users/*")).toEqual([]);
  });
});

// Auth0's sources disagree on whether completing the reset marks the email verified. Where it
// does not, the invitee's profile shows the new password only in last_password_reset.
describe("an invitee who set their password where completing the reset did not verify the email", () => {
  function seed() {
    clock = NOW - 3 * DAY;
    tenant.addUser("accepted@example.org", CONNECTION, {
      email_verified: false,
      last_password_reset: new Date(NOW - 2 * DAY).toISOString(),
    });
    clock = NOW - 8 * DAY;
    tenant.addUser("accepted-long-ago@example.org", CONNECTION, {
      email_verified: false,
      last_password_reset: new Date(NOW - 7 * DAY).toISOString(),
    });
    tenant.addUser("expired@example.org", CONNECTION);
    clock = NOW;
  }

  it("counts as accepted in status, also once the link would have expired", async () => {
    seed();
    const run = await invite(["status", "dev", "--json"]);
    expect(run.code).toBe(0);
    const report = run.json() as { invitees: Record<string, string>[]; counts: unknown };
    expect(report.invitees.map((i) => [i.email, i.state])).toEqual([
      ["accepted-long-ago@example.org", "accepted"],
      ["expired@example.org", "expired"],
      ["accepted@example.org", "accepted"],
    ]);
    expect(report.counts).toEqual({ pending: 0, expired: 1, accepted: 2 });
  });

  it("gets no new invitation: not from resend --expired, nor when named", async () => {
    seed();
    expect((await invite(["resend", "dev", "--expired"])).code).toBe(0);
    const named = await invite(["resend", "dev", "accepted@example.org"]);
    expect(named.code).toBe(1);
    expect(named.out).toMatch(
      /^skipped\s+accepted@example\.org\s+auth0\|\S+\s+has accepted the invitation \(password set after the invitation\)/m,
    );
    expect(
      tenant.requestsTo("POST /dbconnections/change_password").map((r) => JSON.parse(r.body).email),
    ).toEqual(["expired@example.org"]);
  });

  it("is not deleted by revoke", async () => {
    seed();
    const run = await invite(["revoke", "dev", "accepted@example.org"]);
    expect(run.code).toBe(1);
    expect(run.out).toContain("has accepted the invitation (password set after the invitation)");
    expect(tenant.requestsTo("DELETE /api/v2/users/*")).toEqual([]);
  });

  it("asks Auth0 for last_password_reset with the other fields it reads", async () => {
    seed();
    await invite(["status", "dev"]);
    const search = tenant.requestsTo("GET /api/v2/users")[0];
    expect(new URL(`https://${TENANT}${search.path}`).searchParams.get("fields")).toContain(
      "last_password_reset",
    );
  });
});
