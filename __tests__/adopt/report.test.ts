// `npm run adopt -- <env>`: the tenant read through the Management API (the nock fake, seeded
// with tenants written from recorded answers), the report of what the first apply would do,
// and --write. What is asserted is what an operator sees and what the tenant gets: the report,
// the exit code, the file written, and that every request was a GET.
import { existsSync, readFileSync } from "node:fs";
import { AdoptWorkspace, CURRENT_FILE, DOMAIN, EMAIL, OLDER_FILE, TOKEN } from "../support/adopt";
import { devEnvironmentFile } from "../support/scenarios";

type Item = {
  resource: string;
  kind: string;
  what: string;
  changes?: string[];
  loss: boolean;
  blocks: boolean;
  keep?: string;
  written?: boolean;
};

let work: AdoptWorkspace;
beforeEach(() => {
  work = new AdoptWorkspace();
});
afterEach(() => work.remove());

const itemsOf = (run: { json: () => Record<string, unknown> }) => run.json().items as Item[];
const find = (items: Item[], resource: string, text: string) =>
  items.filter((i) => i.resource === resource && JSON.stringify(i).includes(text));

describe("on a tenant created this year", () => {
  beforeEach(() => {
    work.seed("current-tenant");
    work.write("current", CURRENT_FILE);
  });

  it("lists what the first apply imports and creates, and what the file must still say", async () => {
    const run = await work.adopt(["current", "--json"]);
    const items = itemsOf(run);
    expect(
      find(items, "auth0_connection.database", "imports Username-Password-Authentication"),
    ).toHaveLength(1);
    expect(
      find(items, "auth0_connection.database", "connection.id is not in the file")[0],
    ).toMatchObject({
      kind: "conflict",
      blocks: true,
      keep: 'connection.id: "con_EXAMPLE000000000"',
      written: true,
    });
    expect(
      find(items, "auth0_connection.database", "connection.passwordPolicy.model")[0].keep,
    ).toBe('connection.passwordPolicy.model: "flexible"');
    for (const resource of [
      "auth0_client.app",
      "auth0_email_provider.email",
      "auth0_email_template.reset_email",
      "auth0_email_template.welcome_email",
      "auth0_email_template.verify_email",
      "auth0_action.send_invite",
      "auth0_action.login_gate",
      "terraform_data.login_gate_cutoff",
    ]) {
      expect([resource, items.find((i) => i.resource === resource)?.kind]).toEqual([
        resource,
        "create",
      ]);
    }
  });

  it("lists every password setting the stack's defaults would change, each with the field that keeps it", async () => {
    const items = itemsOf(await work.adopt(["current", "--json"]));
    const losses = items.filter((i) => i.loss).map((i) => [i.changes, i.keep]);
    expect(losses).toEqual([
      [
        ["options.password_options.complexity.min_length: 15 -> 12"],
        "connection.passwordPolicy.minLength: 15",
      ],
      [
        ["options.password_options.dictionary.active: false -> true"],
        "connection.passwordPolicy.dictionary: false",
      ],
      [
        [
          "options.password_options.history.active: false -> true",
          "options.password_options.history.size: 3 -> 5",
        ],
        "connection.passwordPolicy.history: 0",
      ],
      [
        ["options.password_options.profile_data.active: false -> true"],
        "connection.passwordPolicy.noPersonalInfo: false",
      ],
    ]);
  });

  it("says what no field can keep (no kind of character required), which the plan shows and is no loss", async () => {
    const items = itemsOf(await work.adopt(["current", "--json"]));
    const types = find(items, "auth0_connection.database", "complexity.character_types")[0];
    expect(types).toMatchObject({ kind: "overwrite", loss: false });
    expect(types.changes?.[0]).toBe(
      'options.password_options.complexity.character_types: [] -> ["lowercase","number","special","uppercase"]',
    );
    expect(types.keep).toBe(
      "nothing keeps it: the file cannot state the tenant's [] in connection.passwordPolicy.characterTypes",
    );
  });

  it("exits 1 until the file keeps what the tenant has; --write keeps it, showing the diff, and then nothing is lost", async () => {
    const before = await work.adopt(["current"]);
    expect(before.code).toBe(1);
    expect(before.out).toContain("BLOCKS ADOPTION");
    const written = await work.adopt(["current", "--write"]);
    expect(written.out).toMatch(/current\.json written:\n/);
    expect(written.out).toContain('+       "minLength": 15,');
    expect(written.out).toContain('+       "model": "flexible",');
    expect(written.code).toBe(0);
    expect(written.out).toMatch(/0 losses, 0 blockers\n/);
    expect(JSON.parse(work.read("current")).connection).toEqual({
      id: "con_EXAMPLE000000000",
      passwordPolicy: {
        model: "flexible",
        minLength: 15,
        history: 0,
        dictionary: false,
        noPersonalInfo: false,
      },
      bruteForceProtection: true,
    });
    const again = await work.adopt(["current", "--write"]);
    expect(again.out).toContain("already keeps what the tenant has: nothing to write");
    expect(again.code).toBe(0);
  });
});

describe("on a tenant created this year with flexible identifiers and one-time codes for email", () => {
  // As recorded in TestAccConnectionOptionsAttrEmail (provider v1.55.0).
  const attributes = {
    email: {
      identifier: { active: true, default_method: "email_otp" },
      profile_required: true,
      signup: { status: "required", verification: { active: false } },
      verification_method: "otp",
    },
  };

  it("reports the attributes dropped, and --write keeps them with links instead of codes, which the flow needs", async () => {
    work.seed("current-tenant", (tenant) => {
      Object.assign(tenant.connections[0].options as object, { attributes });
    });
    work.write("current", CURRENT_FILE);
    const before = find(
      itemsOf(await work.adopt(["current", "--json"])),
      "auth0_connection.database",
      "options.attributes",
    )[0];
    expect(before).toMatchObject({ kind: "drop", loss: true, written: true });
    expect(before.keep).toMatch(/^connection\.extraOptions\.attributes: /);

    expect((await work.adopt(["current", "--write"])).code).toBe(0);
    expect(JSON.parse(work.read("current")).connection.extraOptions.attributes).toEqual({
      email: { ...attributes.email, verification_method: "link" },
    });
    const after = find(
      itemsOf(await work.adopt(["current", "--json"])),
      "auth0_connection.database",
      "options.attributes",
    );
    expect(after).toEqual([
      expect.objectContaining({
        kind: "overwrite",
        loss: false,
        what: "the flow sets options.attributes.email.verification_method: with one-time codes Auth0 would send the Change Password (Code) email instead of the invitation link",
        changes: ['options.attributes.email.verification_method: "otp" -> "link"'],
      }),
    ]);
  });
});

describe("on an older tenant", () => {
  let items: Item[];
  let code: number;
  beforeEach(async () => {
    work.seed("older-tenant");
    work.write("older", OLDER_FILE);
    const run = await work.adopt(["older", "--json"]);
    items = itemsOf(run);
    code = run.code;
  });

  it("lists the connection options the first apply would drop or change, no plan showing the drops", () => {
    const connection = items.filter((i) => i.resource === "auth0_connection.database" && i.loss);
    expect(
      connection.map((i) => [i.kind, i.changes?.[0]?.split(":")[0], i.keep?.split(":")[0]]),
    ).toEqual([
      ["drop", "options.custom_scripts", "connection.extraOptions.custom_scripts"],
      ["overwrite", "options.disable_signup", "connection.disableSignup"],
      [
        "overwrite",
        "options.enabled_database_customization",
        "connection.extraOptions.enabled_database_customization",
      ],
      [
        "overwrite",
        "options.password_complexity_options.min_length",
        "connection.passwordPolicy.minLength",
      ],
      ["overwrite", "options.password_dictionary.enable", "connection.passwordPolicy.dictionary"],
      ["overwrite", "options.password_history.size", "connection.passwordPolicy.history"],
      ["overwrite", "options.password_policy", "connection.passwordPolicy.strength"],
    ]);
    expect(connection.every((i) => i.written)).toBe(true);
    expect(
      find(items, "auth0_connection.database", "connection.passwordPolicy.model")[0].keep,
    ).toBe('connection.passwordPolicy.model: "legacy"');
  });

  it("lists the 409 the Action named send-invite would cause half-way through the apply, blocking the adoption", () => {
    expect(find(items, "auth0_action.send_invite", "409")[0]).toMatchObject({
      kind: "conflict",
      blocks: true,
      keep: 'invite.actionName: "send-invite-2"',
      written: true,
    });
    expect(code).toBe(1);
  });

  it("lists the templates it takes over with a short diff, their Redirect To and the reset link's lifetime", () => {
    const reset = items.filter((i) => i.resource === "auth0_email_template.reset_email");
    expect(reset.map((i) => [i.kind, i.loss, i.blocks])).toEqual([
      ["take-over", true, false],
      ["overwrite", true, false],
      ["stuck", false, true],
    ]);
    expect(reset[0].changes).toEqual(
      expect.arrayContaining([
        'subject: "Reset your Example password" -> "{% assign accepted = false %}{% for entry in user.app_me...',
        'from: "Example IT <it@example.com>" -> "Example Portal <no-reply@example.com>"',
        "body:",
        '  - <html><body><p>Someone asked to reset your Example password.</p><p><a href="{{ url }}">Reset it...',
        "  + <!DOCTYPE html>",
        "url_lifetime_in_seconds: 86400 -> 432000",
      ]),
    );
    expect(reset[1].keep).toBe("email.linkLifetimeSeconds: 86400");
    expect(reset[2].keep).toBe(
      'email.redirectTo.reset_email: "https://portal.example.com/signed-in"',
    );
    const welcome = items.filter((i) => i.resource === "auth0_email_template.welcome_email");
    expect(welcome[0].changes).toContain("enabled: true -> false");
    expect(welcome[1].keep).toBe('email.redirectTo.welcome_email: "https://portal.example.com/"');
    expect(items.find((i) => i.resource === "auth0_email_template.verify_email")?.kind).toBe(
      "create",
    );
  });

  it("leaves the SendGrid provider and the reset pages' text alone when the file does not name them", () => {
    expect(find(items, "email provider", "sendgrid")[0]).toMatchObject({
      kind: "beside",
      loss: false,
    });
    expect(find(items, "reset-password page text", "stays")[0].kind).toBe("beside");
  });

  it("notes the Action bound to post-login and the two custom domains invitations need to choose from", () => {
    expect(find(items, "post-login trigger", "add-roles-claim stays bound")).toHaveLength(1);
    expect(find(items, "custom domains", "2 verified custom domains")[0].keep).toBe(
      "customDomain: one of login.example.com, id.example.com",
    );
  });

  it("--write keeps the connection, the Redirect To URLs and the lifetime, and renames the Action; the templates it takes over stay the only loss, which --accept-loss accepts", async () => {
    const written = await work.adopt(["older", "--write"]);
    expect(written.code).toBe(1);
    const file = JSON.parse(work.read("older"));
    expect(Object.keys(file)).toEqual(["domain", "connection", "application", "email", "invite"]);
    expect(file.connection.extraOptions.custom_scripts.login).toContain(
      "`${configuration.LEGACY_API}/login`",
    );
    expect(file.connection.passwordPolicy).toEqual({
      model: "legacy",
      strength: "fair",
      minLength: 10,
      history: 3,
      noPersonalInfo: true,
      dictionary: false,
    });
    expect(file.email.redirectTo).toEqual({
      reset_email: "https://portal.example.com/signed-in",
      welcome_email: "https://portal.example.com/",
    });
    expect(file.email.linkLifetimeSeconds).toBe(86400);
    expect(file.invite).toEqual({ actionName: "send-invite-2" });
    const after = itemsOf(await work.adopt(["older", "--json"]));
    expect(after.filter((i) => i.loss).map((i) => [i.resource, i.kind])).toEqual([
      ["auth0_email_template.reset_email", "take-over"],
      ["auth0_email_template.welcome_email", "take-over"],
    ]);
    expect(after.filter((i) => i.blocks)).toEqual([]);
    expect((await work.adopt(["older", "--accept-loss"])).code).toBe(0);
  });
});

describe("a file copied from dev.json, on the older tenant", () => {
  it("would replace the tenant's SendGrid settings and its reset pages' text: both losses, kept by leaving the fields out", async () => {
    work.seed("older-tenant");
    const { loginGate: _cutoff, ...dev } = devEnvironmentFile();
    work.write("copied", { ...dev, domain: DOMAIN });
    const run = await work.adopt(["copied", "--json"]);
    const items = itemsOf(run);
    expect(
      find(items, "auth0_email_provider.email", "replaces the tenant's sendgrid provider")[0],
    ).toMatchObject({
      kind: "take-over",
      loss: true,
      keep: "emailProvider: leave it out of the file to keep the tenant's",
    });
    expect(find(items, "auth0_prompt_custom_text.reset_password_en", "replaces")[0]).toMatchObject({
      loss: true,
      keep: "resetPage.manageText: false",
    });
    expect(
      find(items, "auth0_prompt_custom_text.reset_password_en", "replaces")[0].changes,
    ).toContain('reset-password.title: "Choose a new password for Example" -> "Set your password"');
    // The file states the other model: the tenant's settings go, and no plan shows them going.
    expect(
      find(items, "auth0_connection.database", "legacy password policy is dropped")[0],
    ).toMatchObject({
      kind: "drop",
      loss: true,
      keep: 'connection.passwordPolicy.model: "legacy"',
    });
    expect(run.code).toBe(1);
  });
});

describe("the read", () => {
  it("is read-only: with a token every request is a GET, reporting, writing and snapshotting alike", async () => {
    const tenant = work.seed("older-tenant");
    work.write("older", OLDER_FILE);
    await work.adopt(["older"]);
    await work.adopt(["older", "--write", "--snapshot", work.path("older-tenant.json")]);
    expect(tenant.requests.length).toBeGreaterThan(0);
    expect(tenant.requests.filter((r) => r.method !== "GET")).toEqual([]);
  });

  it("with client credentials, asks for a token and otherwise only GETs", async () => {
    const tenant = work.seed("current-tenant");
    work.write("current", CURRENT_FILE);
    await work.adopt(["current"], { AUTH0_CLIENT_ID: "m2m", AUTH0_CLIENT_SECRET: "m2m-secret" });
    expect(
      tenant.requests.filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.path}`),
    ).toEqual(["POST /oauth/token"]);
  });

  it("names the scope a refusal (403) says is missing, and exits 1", async () => {
    const tenant = work.seed("current-tenant");
    tenant.fail("GET /api/v2/actions/actions", {
      status: 403,
      body: {
        statusCode: 403,
        error: "Forbidden",
        message: "Insufficient scope, expected any of: read:actions",
        errorCode: "insufficient_scope",
      },
    });
    work.write("current", CURRENT_FILE);
    const run = await work.adopt(["current"]);
    expect(run.code).toBe(1);
    expect(run.err).toBe(
      "adopt: reading Actions: HTTP 403 insufficient_scope: Insufficient scope, expected any of: read:actions (the client needs read:actions)\n",
    );
  });
});

describe("secrets", () => {
  it("never appear: not in the report, its JSON, the written file or the snapshot; a secret option lost is named by its keys", async () => {
    work.seed("older-tenant", (tenant) => {
      // What Auth0 could answer and must go no further: a custom database's settings, a key.
      Object.assign(tenant.connections[0].options as object, {
        configuration: { LEGACY_API_KEY: "secret-from-the-connection" },
      });
      Object.assign(tenant.emailProvider as object, {
        credentials: { api_key: "secret-from-the-provider" },
      });
    });
    work.write("older", OLDER_FILE);
    const text = await work.adopt(["older"]);
    const json = await work.adopt(["older", "--json", "--summary-file", work.path("summary.md")]);
    const written = await work.adopt([
      "older",
      "--write",
      "--snapshot",
      work.path("snapshot.json"),
    ]);
    const everything = [
      text.out,
      text.err,
      json.out,
      written.out,
      written.err,
      work.read("older"),
      readFileSync(work.path("snapshot.json"), "utf8"),
      readFileSync(work.path("summary.md"), "utf8"),
    ].join("\n");
    for (const secret of [
      "secret-from-the-connection",
      "secret-from-the-provider",
      TOKEN.AUTH0_API_TOKEN,
    ]) {
      expect(everything).not.toContain(secret);
    }
    expect(
      find(itemsOf(json), "auth0_connection.database", "options.configuration (LEGACY_API_KEY)")[0],
    ).toMatchObject({
      kind: "drop",
      loss: true,
    });
  });
});

describe("refuses bad usage and input with exit 2, reading nothing and writing nothing", () => {
  beforeEach(() => {
    work.seed("older-tenant");
  });
  afterEach(() => {
    expect(work.tenant.requests).toEqual([]);
  });

  it("an unknown option, as text or, with --json, as one JSON document", async () => {
    const text = await work.adopt(["older", "--writ"]);
    expect(text.code).toBe(2);
    expect(text.err).toContain("error: unknown option '--writ'");
    const json = await work.adopt(["older", "--writ", "--json"]);
    expect(json.code).toBe(2);
    expect(json.err).toBe("");
    expect(json.json()).toEqual({
      command: "adopt",
      error: "unknown option '--writ'\n(Did you mean --write?)",
      problems: ["unknown option '--writ'\n(Did you mean --write?)"],
    });
  });

  it("an environment without a file, naming what to write", async () => {
    const run = await work.adopt(["prod"]);
    expect(run.code).toBe(2);
    expect(run.err).toContain(
      "prod.json does not exist: write it with at least domain, application and email",
    );
  });

  it("a file with a problem the tenant cannot settle: file, field, value and what is allowed", async () => {
    work.write("older", { ...OLDER_FILE, email: { ...EMAIL, brandColor: "blue" } });
    const run = await work.adopt(["older"]);
    expect(run.code).toBe(2);
    expect(run.err).toContain(
      'older.json: email.brandColor: "blue" must be a colour as #rrggbb, e.g. #1f6feb',
    );
  });

  it("a password model the file gets wrong, which the tenant does not settle", async () => {
    work.write("older", { ...OLDER_FILE, connection: { passwordPolicy: { model: "flex" } } });
    const run = await work.adopt(["older"]);
    expect(run.code).toBe(2);
    expect(run.err).toContain(
      'older.json: connection.passwordPolicy.model: "flex" is not allowed; allowed: "flexible", "legacy"',
    );
  });

  it("a snapshot or summary in a folder that does not exist", async () => {
    work.write("older", OLDER_FILE);
    const run = await work.adopt(["older", "--snapshot", work.path("nowhere/tenant.json")]);
    expect(run.code).toBe(2);
    expect(run.err).toContain("--snapshot");
    expect(run.err).toContain("nowhere does not exist");
  });

  it("no credentials, or AUTH0_DOMAIN naming another tenant", async () => {
    work.write("older", OLDER_FILE);
    const none = await work.adopt(["older"], {});
    expect(none.code).toBe(2);
    expect(none.err).toContain("AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET are not set");
    const other = await work.adopt(["older"], { ...TOKEN, AUTH0_DOMAIN: "other.eu.auth0.com" });
    expect(other.code).toBe(2);
    expect(other.err).toContain(`AUTH0_DOMAIN is "other.eu.auth0.com" but`);
  });
});

describe("--write", () => {
  it("writes nothing when the file it would write is not valid, saying why", async () => {
    work.seed("older-tenant", (tenant) => {
      // A Redirect To Auth0 took before the environment's rule (https only) existed.
      tenant.emailTemplates.reset_email.resultUrl = "http://portal.example.com/signed-in";
    });
    work.write("older", OLDER_FILE);
    const before = work.read("older");
    const run = await work.adopt(["older", "--write", "--snapshot", work.path("snapshot.json")]);
    expect(run.code).toBe(2);
    expect(run.err).toContain("as --write would write it has problems, so nothing was written");
    expect(run.err).toContain(
      'email.redirectTo.reset_email: "http://portal.example.com/signed-in" must be an https:// URL',
    );
    expect(work.read("older")).toBe(before);
    expect(existsSync(work.path("snapshot.json"))).toBe(false);
  });

  it("--summary-file writes the report as Markdown for the pull request, blockers first", async () => {
    work.seed("older-tenant");
    work.write("older", OLDER_FILE);
    await work.adopt(["older", "--summary-file", work.path("summary.md")]);
    const markdown = readFileSync(work.path("summary.md"), "utf8");
    expect(markdown).toMatch(/^### Adoption report: `older`\n/);
    expect(markdown).toContain(
      "> **Something blocks the adoption: the apply would fail or the flow would not work.**",
    );
    expect(markdown).toContain("| conflict | `auth0_action.send_invite` |");
    expect(markdown.length).toBeLessThan(20_000);
  });
});
