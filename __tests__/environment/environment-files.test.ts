import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  EnvironmentConfigError,
  invitedSinceProblem,
  loadEnvironments,
  parseEnvironment,
} from "../../lib/environment";
import { ROOT } from "../support/paths";

// biome-ignore lint/suspicious/noExplicitAny: environment files are edited freely here.
type Json = Record<string, any>;

const example: Json = JSON.parse(readFileSync(path.join(ROOT, "environments/dev.json"), "utf8"));
const FILE = "environments/dev.json";

/** The problems reported for the example file after `edit`. */
function problemsAfter(edit: (env: Json) => void): string[] {
  const env = structuredClone(example);
  edit(env);
  const result = parseEnvironment(FILE, JSON.stringify(env, null, 2));
  return result.ok ? [] : result.problems;
}

describe("a valid environment file", () => {
  it("is accepted: the committed example", () => {
    expect(problemsAfter(() => {})).toEqual([]);
  });

  it("gets the safe defaults for everything left out", () => {
    const result = parseEnvironment(
      FILE,
      JSON.stringify({
        domain: "tenant.us.auth0.com",
        connection: { id: "con_0123456789abcdef", passwordPolicy: { model: "legacy" } },
        application: { clientId: "0123456789abcdefABCDEF0123456789" },
        email: {
          from: "no-reply@example.com",
          productName: "Portal",
          supportEmail: "help@example.com",
        },
      }),
    );
    if (!result.ok) throw new Error(result.problems.join("\n"));
    expect(result.config.connection).toEqual({
      name: "Username-Password-Authentication",
      id: "con_0123456789abcdef",
      disableSignup: true,
      bruteForceProtection: true,
      requiresUsername: false,
      passwordPolicy: {
        model: "legacy",
        strength: "good",
        minLength: 12,
        history: 5,
        noPersonalInfo: true,
        dictionary: true,
      },
      extraOptions: {},
    });
    expect(result.config.email.linkLifetimeSeconds).toBe(432000);
    expect(result.config.emailProvider).toBeUndefined();
    expect(result.config.resetPage).toEqual({ manageText: false });
    expect(result.config.languages).toEqual(["en"]);
    expect(result.config.tenantLocales).toBeUndefined();
    expect(result.config.invite).toEqual({
      actionName: "send-invite",
      skipEmailDomains: [],
      state: "bound",
    });
    expect(result.config.backend).toEqual({ type: "local" });
    expect(result.config.applyOrder).toBe(100);
    // The connection is adopted and no cutoff is given: terraform records it at the apply.
    expect(result.config.loginGate).toEqual({ actionName: "invite-login-gate", state: "bound" });
  });
});

describe("the login gate's settings", () => {
  const gateOf = (edit: (env: Json) => void) => {
    const env = structuredClone(example);
    edit(env);
    const result = parseEnvironment(FILE, JSON.stringify(env));
    if (!result.ok) throw new Error(result.problems.join("\n"));
    return result.config.loginGate;
  };

  it("turn the gate on for a created connection without any cutoff", () => {
    const gate = gateOf((env) => {
      env.connection = { name: "Invitees" };
      delete env.loginGate;
    });
    expect(gate).toEqual({ actionName: "invite-login-gate", state: "bound" });
  });

  it("turn it on for an adopted connection once invitedSince is set", () => {
    expect(gateOf(() => {})).toEqual({
      actionName: "invite-login-gate",
      invitedSince: "2026-12-01T00:00:00Z",
      state: "bound",
    });
  });

  it("turn it on for an adopted connection without invitedSince too: terraform records the cutoff at the apply", () => {
    expect(gateOf((env) => delete env.loginGate)).toEqual({
      actionName: "invite-login-gate",
      state: "bound",
    });
  });

  it("let an explicit state win over the default, e.g. to remove it in two applies", () => {
    expect(gateOf((env) => (env.loginGate.state = "unbound")).state).toBe("unbound");
    const created = gateOf((env) => {
      env.connection = { name: "Invitees" };
      env.loginGate = { state: "removed" };
    });
    expect(created.state).toBe("removed");
  });

  it("accept milliseconds in invitedSince", () => {
    const since = "2026-12-01T09:30:00.250Z";
    expect(gateOf((env) => (env.loginGate.invitedSince = since)).invitedSince).toBe(since);
  });
});

describe("the languages", () => {
  const configOf = (edit: (env: Json) => void) => {
    const env = structuredClone(example);
    edit(env);
    const result = parseEnvironment(FILE, JSON.stringify(env));
    if (!result.ok) throw new Error(result.problems.join("\n"));
    return result.config;
  };

  it("are the default first, with the tenant's enabled locales stated", () => {
    const config = configOf((env) => {
      env.languages = ["de", "en", "fr"];
      env.tenantLocales = ["en", "de", "fr-FR", "fr-CA", "ja"];
    });
    expect(config.languages).toEqual(["de", "en", "fr"]);
    expect(config.tenantLocales).toEqual(["en", "de", "fr-FR", "fr-CA", "ja"]);
  });

  it("still accept resetPage.language when it names the default language", () => {
    expect(configOf((env) => (env.resetPage.language = "en")).resetPage.language).toBe("en");
  });

  it("must be language subtags, each once", () => {
    expect(
      problemsAfter((env) => (env.languages = ["en", "de-AT", "EN", "xx-", "de", "de"])),
    ).toEqual([
      `${FILE}: languages[1]: "de-AT" names more than a language; list de, which serves de-AT and every other de-... tag`,
      `${FILE}: languages[2]: "EN" must be written en`,
      `${FILE}: languages[3]: "xx-" is not a BCP 47 language tag; name a language such as de or fr`,
    ]);
    expect(problemsAfter((env) => (env.languages = ["en", "de", "de"]))).toEqual([
      `${FILE}: languages: ["en","de","de"] must name each language once`,
    ]);
    expect(problemsAfter((env) => (env.languages = []))).toEqual([
      `${FILE}: languages: [] must name at least one language (the first is the default)`,
    ]);
  });

  it("need the tenant's enabled locales stated once they are not the default: they are tenant-wide", () => {
    const problems = problemsAfter((env) => (env.languages = ["en", "de"]));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /^environments\/dev\.json: tenantLocales: is required when languages is not \["en"\]: list the languages enabled in the tenant's settings/,
    );
    expect(problems[0]).toContain("They apply to every application of the tenant");
  });

  it("each need an enabled locale, or the reset page is in another language", () => {
    expect(
      problemsAfter((env) => {
        env.languages = ["en", "de", "fr"];
        env.tenantLocales = ["en", "ja"];
      }),
    ).toEqual([
      `${FILE}: tenantLocales: ["en","ja"] has no locale for de, fr, which languages names: the reset page would be in another language for those invitees. Enable one in the tenant's settings (tenant-wide) and list it here, or take the language out of languages`,
    ]);
    expect(problemsAfter((env) => (env.tenantLocales = ["en", "fr-BE"]))[0]).toMatch(
      /tenantLocales\[1\]: "fr-BE" is not allowed; allowed: "am", .*"fr-CA", "fr-FR"/,
    );
  });

  it("supersede resetPage.language, which may only name the default", () => {
    expect(
      problemsAfter((env) => {
        env.languages = ["de", "en"];
        env.tenantLocales = ["de", "en"];
        env.resetPage.language = "en";
      }),
    ).toEqual([
      `${FILE}: resetPage.language: "en" is superseded by languages, which the reset page text follows (default de); remove it`,
    ]);
  });
});

describe("a valid environment file may also", () => {
  it("name an S3 or HCP Terraform backend for its state", () => {
    for (const backend of [
      { type: "s3", bucket: "acme-tfstate", key: "auth0/dev.tfstate", region: "eu-west-1" },
      { type: "hcp", organization: "acme", workspace: "auth0-dev" },
    ]) {
      expect(problemsAfter((env) => (env.backend = backend))).toEqual([]);
    }
  });

  it("keep further connection options, checked against the provider schema", () => {
    expect(
      problemsAfter((env) => {
        env.connection.extraOptions = {
          mfa: { active: true, return_enroll_settings: false },
          precedence: ["email"],
        };
      }),
    ).toEqual([]);
  });

  it("surround text with spaces, which are dropped", () => {
    const result = parseEnvironment(
      FILE,
      JSON.stringify({ ...example, email: { ...example.email, productName: "  Acme  " } }),
    );
    expect(result.ok && result.config.email.productName).toBe("Acme");
  });

  it("start with a byte-order mark", () => {
    expect(parseEnvironment(FILE, `\uFEFF${JSON.stringify(example)}`).ok).toBe(true);
  });
});

describe("fails with one line per problem, naming file, field, value and what is allowed, when", () => {
  it("a key is misspelled", () => {
    expect(
      problemsAfter((env) => {
        env.email.productname = env.email.productName;
        delete env.email.productName;
      }),
    ).toEqual([
      `${FILE}: email.productName: is required (a string that is a non-empty product name)`,
      `${FILE}: email.productname: unknown key "productname"; allowed keys here: from, productName, supportEmail, brandColor, logoUrl, linkLifetimeSeconds, redirectTo`,
    ]);
  });

  it("a required field is missing", () => {
    expect(problemsAfter((env) => delete env.domain)).toEqual([
      `${FILE}: domain: is required (a string that is a lower-case host name such as example-dev.eu.auth0.com (no https://, no path))`,
    ]);
  });

  it("the domain is a URL instead of a host name", () => {
    expect(problemsAfter((env) => (env.domain = "https://example-dev.eu.auth0.com/"))).toEqual([
      `${FILE}: domain: "https://example-dev.eu.auth0.com/" must be a lower-case host name such as example-dev.eu.auth0.com (no https://, no path)`,
    ]);
  });

  it("a URL Auth0 requires to be HTTPS is plain http", () => {
    expect(
      problemsAfter((env) => {
        env.application.loginUrl = "http://portal.dev.example.com/login";
        env.email.logoUrl = "http://portal.dev.example.com/logo.png";
      }),
    ).toEqual([
      `${FILE}: application.loginUrl: "http://portal.dev.example.com/login" must be an https:// URL (Auth0 requires https for the Application Login URI)`,
      `${FILE}: email.logoUrl: "http://portal.dev.example.com/logo.png" must be an https:// URL (a logo loaded over plain http can be replaced on the way, and mail clients block it)`,
    ]);
  });

  it("a callback is plain http on a host other than localhost", () => {
    expect(
      problemsAfter((env) => env.application.callbacks.push("http://portal.example.com/cb")),
    ).toEqual([
      `${FILE}: application.callbacks[2]: "http://portal.example.com/cb" must be an https:// URL, or http://localhost / http://127.0.0.1 for development`,
    ]);
  });

  it("an email address is invalid", () => {
    expect(
      problemsAfter((env) => {
        env.email.supportEmail = "support(at)example.com";
        env.email.from = "Example Portal <no-reply>";
      }),
    ).toEqual([
      `${FILE}: email.from: "Example Portal <no-reply>" has no email address in <>: "no-reply" must be an email address such as support@example.com`,
      `${FILE}: email.supportEmail: "support(at)example.com" must be an email address such as support@example.com`,
    ]);
  });

  it("the link lifetime is out of range", () => {
    expect(problemsAfter((env) => (env.email.linkLifetimeSeconds = 60))).toEqual([
      `${FILE}: email.linkLifetimeSeconds: 60 is out of range; must be at least 3600`,
    ]);
    expect(problemsAfter((env) => (env.email.linkLifetimeSeconds = 3_000_000))).toEqual([
      `${FILE}: email.linkLifetimeSeconds: 3000000 is out of range; must be at most 2592000`,
    ]);
  });

  it("the email provider name is unknown", () => {
    expect(problemsAfter((env) => (env.emailProvider.name = "postmark"))).toEqual([
      `${FILE}: emailProvider.name: "postmark" is not allowed; allowed: "sendgrid", "mandrill", "sparkpost", "mailgun", "ses", "smtp", "azure_cs", "ms365"`,
    ]);
  });

  it("an email provider setting does not belong to the chosen provider", () => {
    expect(problemsAfter((env) => (env.emailProvider.smtpHost = "smtp.example.com"))).toEqual([
      `${FILE}: emailProvider.smtpHost: unknown key "smtpHost"; allowed keys here: name, defaultFromAddress`,
    ]);
  });

  it("a backend type is unknown, or a backend holds credentials", () => {
    expect(problemsAfter((env) => (env.backend = { type: "gcs", bucket: "b" }))).toEqual([
      `${FILE}: backend.type: "gcs" is not allowed; allowed: "local", "s3", "hcp"`,
    ]);
    expect(
      problemsAfter(
        (env) =>
          (env.backend = {
            type: "s3",
            bucket: "acme-tfstate",
            key: "auth0/dev.tfstate",
            region: "eu-west-1",
            access_key: "AKIAEXAMPLE",
          }),
      ),
    ).toEqual([
      `${FILE}: backend.access_key: unknown key "access_key"; allowed keys here: type, bucket, key, region, kmsKeyId, dynamodbTable`,
    ]);
  });

  it("an unknown key names the keys of the object the value chose, however the schema is built", () => {
    // The keys are read off the schema: through a choice made on the value (a referenced or a
    // new application, each password policy model) and an optional object.
    const unknownKey = (where: string, edit: (env: Json) => void, known: string) =>
      expect(problemsAfter(edit)).toEqual([
        expect.stringMatching(
          new RegExp(
            `^${FILE}: ${where}\\.bogus: unknown key "bogus"; allowed keys here: .*\\b${known}\\b`,
          ),
        ),
      ]);
    unknownKey("application", (env) => (env.application.bogus = 1), "loginUrl");
    unknownKey(
      "application",
      (env) => (env.application = { clientId: "a".repeat(32), bogus: 1 }),
      "clientId",
    );
    unknownKey(
      "connection.passwordPolicy",
      (env) => (env.connection.passwordPolicy.bogus = 1),
      "characterTypes",
    );
    unknownKey(
      "connection.passwordPolicy",
      (env) => (env.connection.passwordPolicy = { model: "legacy", bogus: 1 }),
      "strength",
    );
    unknownKey("email.redirectTo", (env) => (env.email.redirectTo = { bogus: 1 }), "reset_email");
  });

  it("an S3 state key does not end in .tfstate", () => {
    expect(
      problemsAfter(
        (env) =>
          (env.backend = {
            type: "s3",
            bucket: "acme-tfstate",
            key: "auth0/dev",
            region: "eu-west-1",
          }),
      ),
    ).toEqual([
      `${FILE}: backend.key: "auth0/dev" must be an object key ending in .tfstate, e.g. auth0/dev.tfstate (no spaces)`,
    ]);
  });

  it("the invite state is not one of bound, unbound, removed", () => {
    expect(problemsAfter((env) => (env.invite.state = "off"))).toEqual([
      `${FILE}: invite.state: "off" is not allowed; allowed: "bound", "unbound", "removed"`,
    ]);
  });

  it("invitedSince is still to come: the gate would let in every user created until then", () => {
    const future = new Date(Date.now() + 86_400_000).toISOString().replace(/\.\d{3}Z$/, "Z");
    for (const since of [future, "9999-12-31T00:00:00Z"]) {
      expect(problemsAfter((env) => (env.loginGate.invitedSince = since))).toEqual([
        expect.stringMatching(
          new RegExp(
            `^${FILE}: loginGate\\.invitedSince: "${since}" is in the future \\(it is now [\\d:.TZ-]+\\): until then the gate would let every invitee in\\. Set it to a time that has passed, or leave it out and terraform records the moment the gate is first applied$`,
          ),
        ),
      ]);
    }
    // However long ago: a committed file must never start failing as time passes.
    expect(problemsAfter((env) => (env.loginGate.invitedSince = "1970-01-01T00:00:00Z"))).toEqual(
      [],
    );
  });

  it("invitedSince is not a UTC time, or not a real one", () => {
    for (const since of [
      "2026-12-01",
      "2026-12-01T09:00:00+01:00",
      "yesterday",
      "2026-02-30T09:00:00Z",
      "2026-12-01T24:00:00Z",
    ]) {
      expect(problemsAfter((env) => (env.loginGate.invitedSince = since))).toEqual([
        `${FILE}: loginGate.invitedSince: "${since}" must be a real UTC time such as 2026-12-01T09:00:00Z`,
      ]);
    }
  });

  it("a secret is put in the file instead of a Terraform variable", () => {
    expect(problemsAfter((env) => (env.emailProvider.apiKey = "SG.not-a-real-key"))).toEqual([
      `${FILE}: emailProvider.apiKey: unknown key "apiKey"; allowed keys here: name, defaultFromAddress`,
    ]);
  });

  it("the application type is unknown", () => {
    expect(problemsAfter((env) => (env.application.type = "webapp"))).toEqual([
      `${FILE}: application.type: "webapp" is not allowed; allowed: "regular_web", "spa", "native"`,
    ]);
  });

  it("the brand colour is not #rrggbb", () => {
    expect(problemsAfter((env) => (env.email.brandColor = "blue"))).toEqual([
      `${FILE}: email.brandColor: "blue" must be a colour as #rrggbb, e.g. #1f6feb`,
    ]);
  });

  it("the connection id has the wrong shape", () => {
    expect(problemsAfter((env) => (env.connection.id = "12345"))).toEqual([
      `${FILE}: connection.id: "12345" must be a connection id: con_ followed by 16 letters or digits`,
    ]);
  });

  it("the default connection has no id to adopt it by", () => {
    expect(problemsAfter((env) => delete env.connection.id)).toEqual([
      `${FILE}: connection.id: is required for Username-Password-Authentication: every tenant already has it, so it must be adopted by id (con_...), not created`,
    ]);
  });

  it("a value has the wrong type", () => {
    expect(problemsAfter((env) => (env.connection.disableSignup = "yes"))).toEqual([
      `${FILE}: connection.disableSignup: "yes" is a string; expected boolean`,
    ]);
  });

  it("an existing client id is combined with settings for a new application", () => {
    expect(
      problemsAfter(
        (env) => (env.application = { clientId: "0123456789abcdefABCDEF0123456789", name: "X" }),
      ),
    ).toEqual([
      `${FILE}: application.name: "X" is not allowed together with application.clientId: an existing application is referenced, not managed`,
    ]);
  });

  it("a callback has a fragment, or a web origin has a path", () => {
    expect(
      problemsAfter((env) => {
        env.application.callbacks = ["https://portal.example.com/cb#top"];
        env.application.webOrigins = ["https://portal.example.com/app"];
      }),
    ).toEqual([
      `${FILE}: application.callbacks[0]: "https://portal.example.com/cb#top" must not have a #fragment, not even an empty one: Auth0 drops everything after the # of a redirect URL (OAuth 2.0, RFC 6749 section 3.1.2)`,
      `${FILE}: application.webOrigins[0]: "https://portal.example.com/app" must be an origin such as https://app.example.com (no path, query or fragment); Auth0 ignores them here or fails the match`,
    ]);
  });

  it("a text that reaches email headers holds control characters", () => {
    expect(
      problemsAfter((env) => (env.email.productName = "Portal\r\nBcc: x@evil.example")),
    ).toEqual([
      `${FILE}: email.productName: "Portal\\r\\nBcc: x@evil.example" must be a product name without control characters (tabs, line breaks)`,
    ]);
  });

  it("the connection name is not one Auth0 accepts", () => {
    expect(problemsAfter((env) => (env.connection.name = "my_connection"))).toEqual([
      `${FILE}: connection.name: "my_connection" must be a connection name: letters, digits and single hyphens, not starting or ending with one`,
    ]);
  });

  it("extraOptions sets an option the typed fields manage", () => {
    expect(
      problemsAfter((env) => (env.connection.extraOptions = { disable_signup: false })),
    ).toEqual([
      `${FILE}: connection.extraOptions.disable_signup: false is not allowed here: it is set by the typed connection fields (disableSignup, bruteForceProtection, requiresUsername, passwordPolicy); self-service password change always stays on`,
    ]);
  });

  it("extraOptions names an option the provider does not have, or gives the wrong type", () => {
    expect(
      problemsAfter(
        (env) => (env.connection.extraOptions = { mfa: { active: "yes" }, mfa_on: true }),
      ),
    ).toEqual([
      `${FILE}: connection.extraOptions.mfa.active: "mfa.active" expects bool, got string "yes"`,
      `${FILE}: connection.extraOptions.mfa_on: is not an option of auth0_connection (provider auth0/auth0 1.55.0; see its connection docs, options block)`,
    ]);
  });

  it("extraOptions holds a value the provider marks sensitive (a secret)", () => {
    expect(
      problemsAfter(
        (env) => (env.connection.extraOptions = { configuration: { API_KEY: "s3cret" } }),
      ),
    ).toEqual([
      `${FILE}: connection.extraOptions.configuration: is sensitive in the provider schema; secrets never go in environment files (configure this one outside this repository)`,
    ]);
  });

  it.each([
    ["an object", { password: { enabled: false } }],
    ["a list", [{ password: [{ enabled: false }] }]],
  ])("extraOptions turns password sign-in off (blocks as %s)", (_form, methods) => {
    expect(
      problemsAfter((env) => (env.connection.extraOptions = { authentication_methods: methods })),
    ).toEqual([
      `${FILE}: connection.extraOptions.authentication_methods.password.enabled: false is not allowed: invited users set a password, so password sign-in must stay on`,
    ]);
  });

  it("extraOptions asks for one-time codes for email, which turn the invitation into a code email", () => {
    expect(
      problemsAfter(
        (env) =>
          (env.connection.extraOptions = {
            attributes: { email: { identifier: { active: true }, verification_method: "otp" } },
          }),
      ),
    ).toEqual([
      `${FILE}: connection.extraOptions.attributes.email.verification_method: "otp" is not allowed: with one-time codes Auth0 sends the Change Password (Code) email instead of the invitation link; use "link"`,
    ]);
    expect(
      problemsAfter(
        (env) =>
          (env.connection.extraOptions = {
            attributes: { email: { identifier: { active: true }, verification_method: "link" } },
          }),
      ),
    ).toEqual([]);
  });

  it("several things are wrong at once: all are reported in one round", () => {
    const text = JSON.stringify({
      ...example,
      email: { ...example.email, brandColor: "blue" },
      connection: { ...example.connection, extraOptions: { mfa_on: true } },
    }).replace('"domain":', '"domain": "other.eu.auth0.com", "domain":');
    const result = parseEnvironment(FILE, text);
    expect(result.ok ? [] : result.problems).toEqual([
      `${FILE}:1:78: domain: duplicate key "domain"; JSON would silently keep only the last value`,
      `${FILE}: email.brandColor: "blue" must be a colour as #rrggbb, e.g. #1f6feb`,
      `${FILE}: connection.extraOptions.mfa_on: is not an option of auth0_connection (provider auth0/auth0 1.55.0; see its connection docs, options block)`,
    ]);
  });

  it("a key appears twice (JSON would keep only the last)", () => {
    const text = JSON.stringify(example, null, 2).replace(
      '"domain": "example-dev.eu.auth0.com",',
      '"domain": "example-dev.eu.auth0.com",\n  "domain": "example-prod.eu.auth0.com",',
    );
    expect(parseEnvironment(FILE, text)).toEqual({
      ok: false,
      problems: [
        `${FILE}:4:3: domain: duplicate key "domain"; JSON would silently keep only the last value`,
      ],
      domain: "example-prod.eu.auth0.com",
    });
  });

  it("the file is empty", () => {
    expect(parseEnvironment(FILE, " \n")).toEqual({
      ok: false,
      problems: [`${FILE}: the file is empty; expected a JSON object`],
    });
  });

  it("the file is not valid JSON, with line and column", () => {
    expect(parseEnvironment(FILE, '{\n  "domain": "a.auth0.com",\n  "email": ,\n}')).toEqual({
      ok: false,
      problems: [`${FILE}:3:12: invalid JSON: value expected`],
    });
  });

  it("the file holds something other than an object", () => {
    expect(parseEnvironment(FILE, "[]")).toEqual({
      ok: false,
      problems: [`${FILE}: (top level): [] is an array; must be a JSON object`],
    });
    expect(problemsAfter((env) => (env.connection = []))).toEqual([
      `${FILE}: connection: [] is an array; must be a JSON object`,
    ]);
  });
});

describe("loading the environments directory", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "environments-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, env: Json | string) =>
    writeFileSync(path.join(dir, name), typeof env === "string" ? env : JSON.stringify(env));
  const problems = () => {
    try {
      loadEnvironments(dir);
    } catch (error) {
      if (error instanceof EnvironmentConfigError) return error.problems;
      throw error;
    }
    return [];
  };

  it("names each stack after its file, in a stable order", () => {
    write("prod.json", { ...example, domain: "example-prod.eu.auth0.com" });
    write("dev.json", example);
    expect(loadEnvironments(dir).map((e) => [e.name, e.file])).toEqual([
      ["dev", path.join(dir, "dev.json")],
      ["prod", path.join(dir, "prod.json")],
    ]);
  });

  it("refuses, by name, a file meant as an environment but not named <name>.json", () => {
    write("dev.json", example);
    for (const name of ["prod.JSON", "stage.jsonc", "qa.json.bak"]) write(name, example);
    expect(problems()).toEqual(
      ["prod.JSON", "qa.json.bak", "stage.jsonc"].map(
        (name) =>
          `${path.join(dir, name)}: is not read as an environment: environment files are named <stack-name>.json, with .json in lower case and nothing after it`,
      ),
    );
  });

  it("warns about, by name, and skips any other file", () => {
    write("dev.json", example);
    write("README.md", "not an environment");
    const warnings: string[] = [];
    const loaded = loadEnvironments(dir, { warn: (message) => warnings.push(message) });
    expect(loaded.map((e) => e.name)).toEqual(["dev"]);
    expect(warnings).toEqual([
      `${path.join(dir, "README.md")}: ignored: only <stack-name>.json files in ${dir} are environments`,
    ]);
  });

  it("reports every problem of every file at once", () => {
    write("a.json", "");
    write("b.json", { ...example, domain: "NOPE" });
    expect(problems()).toEqual([
      `${path.join(dir, "a.json")}: the file is empty; expected a JSON object`,
      `${path.join(dir, "b.json")}: domain: "NOPE" must be a lower-case host name such as example-dev.eu.auth0.com (no https://, no path)`,
    ]);
  });

  it("blames the file whose name differs from another's only in case, not the good one", () => {
    write("dev.json", example);
    write("Dev.json", example);
    expect(problems()).toEqual([
      `${path.join(dir, "Dev.json")}: file name "Dev" is not a valid stack name: use lower-case letters, digits and "-" (at most 63), starting with a letter or digit; beside ${path.join(dir, "dev.json")} it would be the same file on a case-insensitive file system (macOS, Windows)`,
    ]);
  });

  it("fails on two stacks for one tenant", () => {
    write("dev.json", example);
    write("dev2.json", example);
    expect(problems()).toEqual([
      `${path.join(dir, "dev2.json")}: domain: "example-dev.eu.auth0.com" is also the domain of ${path.join(dir, "dev.json")}; two stacks on one tenant would overwrite each other`,
    ]);
  });

  it("fails on an entry that cannot be read as a file", () => {
    write("dev.json", example);
    mkdirSync(path.join(dir, "broken.json"));
    expect(problems()).toEqual([
      expect.stringMatching(
        new RegExp(`^${path.join(dir, "broken.json")}: cannot read the file \\(EISDIR`),
      ),
    ]);
  });

  it("reports a shared domain together with the files' other problems", () => {
    write("dev.json", example);
    write("dev2.json", { ...example, email: { ...example.email, brandColor: "blue" } });
    expect(problems()).toEqual([
      `${path.join(dir, "dev2.json")}: domain: "example-dev.eu.auth0.com" is also the domain of ${path.join(dir, "dev.json")}; two stacks on one tenant would overwrite each other`,
      `${path.join(dir, "dev2.json")}: email.brandColor: "blue" must be a colour as #rrggbb, e.g. #1f6feb`,
    ]);
  });

  it("fails when there is no environment file", () => {
    expect(problems()).toEqual([`${dir}: no environment files (*.json) found`]);
  });

  it("fails when the directory does not exist", () => {
    const missing = path.join(dir, "missing");
    expect(() => loadEnvironments(missing)).toThrow(`${missing}: cannot read the directory`);
  });
});

describe("one rule for every URL field", () => {
  const URL_FIELDS: [string, (env: Json, url: string) => void][] = [
    ["application.loginUrl", (env, url) => (env.application.loginUrl = url)],
    ["application.callbacks[0]", (env, url) => (env.application.callbacks = [url])],
    ["application.logoutUrls[0]", (env, url) => (env.application.logoutUrls = [url])],
    ["application.webOrigins[0]", (env, url) => (env.application.webOrigins = [url])],
    ["email.logoUrl", (env, url) => (env.email.logoUrl = url)],
  ];

  it.each(URL_FIELDS)("refuses credentials in %s", (field, set) => {
    const url = "https://user:secret@portal.dev.example.com";
    expect(problemsAfter((env) => set(env, url))).toEqual([
      `${FILE}: ${field}: "${url}" must not carry credentials (user:password@): anyone who sees the URL could read them`,
    ]);
  });

  it.each(URL_FIELDS)("refuses a javascript: or data: URL in %s, saying why", (field, set) => {
    expect(problemsAfter((env) => set(env, "javascript:alert(document.cookie)"))).toEqual([
      `${FILE}: ${field}: "javascript:alert(document.cookie)" is a javascript: URL, which a browser runs or renders as content; only https:// URLs are allowed`,
    ]);
    expect(problemsAfter((env) => set(env, "data:text/html,<b>hi</b>"))[0]).toContain(
      "is a data: URL, which a browser runs or renders as content",
    );
  });

  it.each(URL_FIELDS)("refuses a URL with spaces, or over 2048 characters, in %s", (field, set) => {
    expect(problemsAfter((env) => set(env, "https://portal.dev.example.com/a b"))).toEqual([
      `${FILE}: ${field}: "https://portal.dev.example.com/a b" must not contain spaces, line breaks or control characters`,
    ]);
    const long = `https://portal.dev.example.com/${"a".repeat(2048)}`;
    expect(problemsAfter((env) => set(env, long))[0]).toMatch(
      new RegExp(
        `^${FILE}: ${field.replace(/[.[\]]/g, "\\$&")}: "https://portal\\.dev.*\\.\\.\\. is too long; at most 2048 characters$`,
      ),
    );
  });

  it("allows plain http only for a loopback callback, during development", () => {
    expect(
      problemsAfter((env) => {
        env.application.callbacks = ["http://localhost:3000/cb", "http://127.0.0.1:8080/cb"];
        env.application.logoutUrls = ["http://localhost:3000/"];
      }),
    ).toEqual([]);
    expect(problemsAfter((env) => (env.email.logoUrl = "http://localhost/logo.png"))).toEqual([
      `${FILE}: email.logoUrl: "http://localhost/logo.png" must be an https:// URL (a logo loaded over plain http can be replaced on the way, and mail clients block it)`,
    ]);
  });
});

describe("values that land in an email", () => {
  it("refuses Liquid in the From field, which Auth0 renders for every email", () => {
    for (const from of [
      "{{ user.email }} <no-reply@dev.example.com>",
      "Portal {% raw %} <a@b.example>",
    ]) {
      expect(problemsAfter((env) => (env.email.from = from))).toEqual([
        `${FILE}: email.from: ${JSON.stringify(from)} must not contain Liquid ({{ or {%): Auth0 renders the From field as Liquid for every email`,
      ]);
    }
  });

  it("accepts Liquid and Terraform sequences in the product name: the build escapes both", () => {
    expect(problemsAfter((env) => (env.email.productName = "Portal {{ x }} ${y} %{z}"))).toEqual(
      [],
    );
  });

  it.each([
    ["an empty product name", (env: Json) => (env.email.productName = " "), "email.productName"],
    [
      "a support address that is no address",
      (env: Json) => (env.email.supportEmail = "help"),
      "email.supportEmail",
    ],
    [
      "a support address with markup",
      (env: Json) => (env.email.supportEmail = '"><b>@x.example'),
      "email.supportEmail",
    ],
    [
      "a colour that is not #rrggbb",
      (env: Json) => (env.email.brandColor = "blue"),
      "email.brandColor",
    ],
    [
      "a colour smuggling CSS",
      (env: Json) => (env.email.brandColor = "#000000; background:url(x)"),
      "email.brandColor",
    ],
    [
      "a fractional link lifetime",
      (env: Json) => (env.email.linkLifetimeSeconds = 3600.5),
      "email.linkLifetimeSeconds",
    ],
    [
      "a connection name that would end the Liquid string",
      (env: Json) => (env.connection.name = 'x" or true or "'),
      "connection.name",
    ],
    [
      "a connection name with Liquid in it",
      (env: Json) => (env.connection.name = "{{ url }}"),
      "connection.name",
    ],
    [
      "a connection name with a space",
      (env: Json) => (env.connection.name = "Acme Staff"),
      "connection.name",
    ],
    [
      "a connection name with a double hyphen",
      (env: Json) => (env.connection.name = "Acme--Staff"),
      "connection.name",
    ],
    [
      "a connection name of 129 characters",
      (env: Json) => (env.connection.name = "a".repeat(129)),
      "connection.name",
    ],
  ])("refuses %s", (_, edit, field) => {
    const problems = problemsAfter(edit);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^${FILE}: ${field.replace(".", "\\.")}: `));
  });
});

describe("names shown to people", () => {
  const FIELDS: [string, (env: Json, value: string) => void][] = [
    ["email.productName", (env, value) => (env.email.productName = value)],
    ["application.name", (env, value) => (env.application.name = value)],
    ["invite.actionName", (env, value) => (env.invite.actionName = value)],
    ["loginGate.actionName", (env, value) => (env.loginGate.actionName = value)],
  ];

  it.each(FIELDS)("refuse invisible formatting characters in %s, shown escaped", (field, set) => {
    // U+202E RIGHT-TO-LEFT OVERRIDE would show "Portalexe.txt" as "Portaltxt.exe".
    expect(problemsAfter((env) => set(env, "Portal\u202Etxt.exe"))).toEqual([
      `${FILE}: ${field}: "Portal\\u202etxt.exe" must not contain invisible formatting characters (U+202E at position 7): they make a name read differently from what it is`,
    ]);
    expect(problemsAfter((env) => set(env, "Por\u200Btal"))[0]).toContain("(U+200B at position 4)");
  });

  it("refuse them in the From field's display name", () => {
    expect(
      problemsAfter((env) => (env.email.from = "Port\u2066al <a@dev.example.com>"))[0],
    ).toContain("email.from: ");
  });

  it("refuse < and > in the application name, as Auth0 does", () => {
    expect(problemsAfter((env) => (env.application.name = "Portal <beta>"))).toEqual([
      `${FILE}: application.name: "Portal <beta>" must not contain < or > (Auth0 refuses them in application names)`,
    ]);
  });
});

describe("length limits stop a runaway value before it reaches an apply", () => {
  const huge = "a".repeat(1_000_000);

  it.each([
    ["email.supportEmail", 254, (env: Json) => (env.email.supportEmail = `${huge}@example.com`)],
    ["email.from", 320, (env: Json) => (env.email.from = `${huge} <a@example.com>`)],
    ["email.productName", 60, (env: Json) => (env.email.productName = huge)],
    ["application.name", 100, (env: Json) => (env.application.name = huge)],
    ["invite.actionName", 100, (env: Json) => (env.invite.actionName = huge)],
  ])("%s: at most %s characters, said in one short line", (field, max, edit) => {
    const problems = problemsAfter(edit);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      new RegExp(
        `^${FILE}: ${field.replace(".", "\\.")}: "a{70,}\\.\\.\\. is too long; at most ${max} characters$`,
      ),
    );
  });

  it("at most 100 URLs per list (Auth0's limit)", () => {
    const urls = Array.from({ length: 101 }, (_, i) => `https://portal.dev.example.com/${i}`);
    expect(problemsAfter((env) => (env.application.callbacks = urls))[0]).toMatch(
      /application\.callbacks: 101 items are too many; at most 100$/,
    );
  });

  it("skipped domains must fit in one Action secret", () => {
    const domains = Array.from({ length: 200 }, (_, i) => `test${i}.example.com`);
    expect(problemsAfter((env) => (env.invite.skipEmailDomains = domains))[0]).toMatch(
      /invite\.skipEmailDomains: .* is too long: the domains joined with commas must fit one Action secret \(at most 2048 characters\)$/,
    );
  });

  it("a custom database script is at most 100 KB (Auth0's limit)", () => {
    const problems = problemsAfter(
      (env) => (env.connection.extraOptions = { custom_scripts: { login: `// ${huge}` } }),
    );
    expect(problems).toEqual([
      expect.stringMatching(
        /connection\.extraOptions\.custom_scripts\.login: ".*" is too long: Auth0 runs custom database scripts of at most 102400 bytes$/,
      ),
    ]);
    expect(problems[0].length).toBeLessThan(300);
  });
});

describe("messages a person understands", () => {
  it("an email provider without a name asks for one, listing the names", () => {
    expect(problemsAfter((env) => delete env.emailProvider.name)).toEqual([
      `${FILE}: emailProvider.name: is required; one of: "sendgrid", "mandrill", "sparkpost", "mailgun", "ses", "smtp", "azure_cs", "ms365"`,
    ]);
  });

  it("a camelCase option in extraOptions gets its snake_case name suggested", () => {
    expect(
      problemsAfter((env) => (env.connection.extraOptions = { customScripts: { login: "x" } })),
    ).toEqual([
      `${FILE}: connection.extraOptions.customScripts: is not an option of auth0_connection (provider auth0/auth0 1.55.0; see its connection docs, options block); did you mean "custom_scripts"? Options are written as in the provider's schema, in snake_case`,
    ]);
  });

  it("a __proto__ key anywhere is named in one short line", () => {
    const text = JSON.stringify(example)
      .replace('"domain"', '"__proto__": {"polluted": true}, "domain"')
      .replace('"name":"Example Portal (dev)"', '"__proto__": [1], "name":"Example Portal (dev)"')
      .replace('"disableSignup"', '"extraOptions": {"__proto__": {"a": 1}}, "disableSignup"');
    const result = parseEnvironment(FILE, text);
    const problems = result.ok ? [] : result.problems;
    expect(problems).toHaveLength(3);
    for (const problem of problems) {
      expect(problem).toContain("__proto__");
      expect(problem.length).toBeLessThan(250);
    }
    expect(({} as Json).polluted).toBeUndefined();
  });
});

describe("text that reaches an email header", () => {
  it.each([
    ["a NUL", "\u0000"],
    ["a line separator", "\u2028"],
    ["a next-line character", "\u0085"],
  ])("refuses %s in the product name and the From field", (_, character) => {
    expect(problemsAfter((env) => (env.email.productName = `Acme${character}Portal`))).toEqual([
      expect.stringMatching(
        /email\.productName: .* without control characters \(tabs, line breaks\)$/,
      ),
    ]);
    expect(
      problemsAfter((env) => (env.email.from = `Acme${character}Portal <a@dev.example.com>`)),
    ).toEqual([
      expect.stringMatching(/email\.from: .* must be one line without control characters$/),
    ]);
  });
});

describe("every problem in one round", () => {
  it("reports the default connection's missing id together with the file's other problems", () => {
    expect(
      problemsAfter((env) => {
        delete env.connection.id;
        env.email.brandColor = "blue";
      }),
    ).toEqual([
      `${FILE}: connection.id: is required for Username-Password-Authentication: every tenant already has it, so it must be adopted by id (con_...), not created`,
      `${FILE}: email.brandColor: "blue" must be a colour as #rrggbb, e.g. #1f6feb`,
    ]);
  });

  it("asks for the default connection's id when the connection is left out entirely", () => {
    expect(problemsAfter((env) => delete env.connection)).toEqual([
      `${FILE}: connection.id: is required for Username-Password-Authentication: every tenant already has it, so it must be adopted by id (con_...), not created`,
    ]);
  });
});

describe("limits on the remaining strings", () => {
  it("a $schema reference is at most 2048 characters", () => {
    expect(problemsAfter((env) => (env.$schema = "x".repeat(2049)))[0]).toMatch(
      /\$schema: .* is too long; at most 2048 characters$/,
    );
  });

  it("an AWS region is at most 32 characters", () => {
    expect(
      problemsAfter(
        (env) =>
          (env.emailProvider = {
            name: "ses",
            defaultFromAddress: "a@dev.example.com",
            region: `eu-${"west-".repeat(10)}1`,
          }),
      )[0],
    ).toMatch(/emailProvider\.region: .* is too long; at most 32 characters$/);
  });

  it("a host name is at most 253 characters", () => {
    const long = `${`${"a".repeat(60)}.`.repeat(5)}com`;
    expect(problemsAfter((env) => (env.domain = long))[0]).toMatch(
      /domain: .* is too long; at most 253 characters$/,
    );
  });
});

describe("a URL is parsed once and accepted only as the URL parser reads it", () => {
  it.each([
    [
      "https:///login",
      "has no host: after https: come two slashes and the host, as in https://app.example.com/path",
    ],
    [
      "https:/portal.dev.example.com/login",
      "needs two slashes after https:, as in https://app.example.com/path",
    ],
    [
      "https:\\\\portal.dev.example.com\\login",
      "must not contain a backslash (\\): URLs use /, as in https://app.example.com/path",
    ],
    [
      "https://portal.dev.example.com:99999/login",
      "has port 99999, which does not exist: ports go up to 65535",
    ],
    [
      "HTTPS://PORTAL.dev.example.com/login",
      "is read by a URL parser as https://portal.dev.example.com/login; write it that way, so the file shows what Auth0 gets",
    ],
    [
      "https://portal.dev.example.com:443/login",
      "is read by a URL parser as https://portal.dev.example.com/login; write it that way, so the file shows what Auth0 gets",
    ],
    [
      "https://portal.dev.example.com/a/../login",
      "is read by a URL parser as https://portal.dev.example.com/login; write it that way, so the file shows what Auth0 gets",
    ],
    [
      "https://bücher.example/login",
      "is read by a URL parser as https://xn--bcher-kva.example/login; write it that way, so the file shows what Auth0 gets",
    ],
    [
      'https://portal.dev.example.com/login"><script>',
      'must not contain ", <, > or `: a URL holds them only percent-encoded (the URL parser reads this one as https://portal.dev.example.com/login%22%3E%3Cscript%3E)',
    ],
  ])("refuses the login URL %j, saying why and what to write", (url, message) => {
    expect(problemsAfter((env) => (env.application.loginUrl = url))).toEqual([
      `${FILE}: application.loginUrl: ${JSON.stringify(url)} ${message}`,
    ]);
  });

  it("refuses a malformed callback or logo URL the parser would silently repair", () => {
    expect(
      problemsAfter((env) => {
        env.application.callbacks = ["https:///callback"];
        env.email.logoUrl = "https:///logo.png";
      }),
    ).toEqual([
      `${FILE}: application.callbacks[0]: "https:///callback" has no host: after https: come two slashes and the host, as in https://app.example.com/path`,
      `${FILE}: email.logoUrl: "https:///logo.png" has no host: after https: come two slashes and the host, as in https://app.example.com/path`,
    ]);
  });

  it("accepts a URL without the / of an empty path, and Auth0's wildcards and placeholders", () => {
    expect(
      problemsAfter((env) => {
        env.application.callbacks = [
          "http://localhost:5173",
          "https://*.dev.example.com/callback",
          "https://{organization_name}.example.com/callback",
        ];
        env.application.logoutUrls = ["https://portal.dev.example.com"];
      }),
    ).toEqual([]);
  });

  it("hands the stack each URL exactly as written, which is what was checked", () => {
    const urls = {
      loginUrl: "https://portal.dev.example.com/login?from=invite",
      callbacks: ["https://portal.dev.example.com/callback", "http://localhost:3000"],
      webOrigins: ["https://portal.dev.example.com"],
    };
    const result = parseEnvironment(
      FILE,
      JSON.stringify({ ...example, application: { ...example.application, ...urls } }),
    );
    if (!result.ok) throw new Error(result.problems.join("\n"));
    expect(result.config.application).toMatchObject(urls);
  });
});

describe("where each kind of URL may point", () => {
  it("refuses a login URL on localhost, as Auth0 does", () => {
    expect(problemsAfter((env) => (env.application.loginUrl = "https://localhost/login"))).toEqual([
      `${FILE}: application.loginUrl: "https://localhost/login" must not point to localhost: Auth0 requires the Application Login URI to be https and not localhost`,
    ]);
  });

  it("refuses a logo on localhost: each invitee's mail client would look on its own machine", () => {
    expect(problemsAfter((env) => (env.email.logoUrl = "https://127.0.0.1/logo.png"))[0]).toContain(
      "must not point to localhost",
    );
  });

  it("accepts a plain-http web origin on localhost for development, as Auth0's SPA quickstarts set it", () => {
    expect(
      problemsAfter((env) => {
        env.application.type = "spa";
        env.application.webOrigins = ["http://localhost:3000", "http://127.0.0.1:5173"];
      }),
    ).toEqual([]);
    expect(
      problemsAfter((env) => (env.application.webOrigins = ["http://portal.dev.example.com"])),
    ).toEqual([
      `${FILE}: application.webOrigins[0]: "http://portal.dev.example.com" must be an https:// URL, or http://localhost / http://127.0.0.1 for development`,
    ]);
  });

  it("names why a web origin in capitals, with the default port or a trailing slash is refused", () => {
    expect(
      problemsAfter(
        (env) =>
          (env.application.webOrigins = [
            "HTTPS://PORTAL.dev.example.com",
            "https://portal.dev.example.com:443",
            "https://portal.dev.example.com/",
          ]),
      ),
    ).toEqual(
      [0, 1, 2].map((i) =>
        expect.stringMatching(
          new RegExp(
            `^${FILE}: application\\.webOrigins\\[${i}\\]: ".*" is read as the origin https://portal\\.dev\\.example\\.com; write it that way \\(lower case, no default port, no trailing slash\\)$`,
          ),
        ),
      ),
    );
  });

  it("refuses a callback with an empty fragment too", () => {
    expect(
      problemsAfter(
        (env) => (env.application.callbacks = ["https://portal.dev.example.com/callback#"]),
      ),
    ).toEqual([
      `${FILE}: application.callbacks[0]: "https://portal.dev.example.com/callback#" must not have a #fragment, not even an empty one: Auth0 drops everything after the # of a redirect URL (OAuth 2.0, RFC 6749 section 3.1.2)`,
    ]);
  });

  it("accepts a custom-scheme callback for a native application, its scheme's case as written", () => {
    const callbacks = [
      "com.example.app://callback",
      "com.example.MyApp://example-dev.eu.auth0.com/ios/com.example.MyApp/callback",
    ];
    const result = parseEnvironment(
      FILE,
      JSON.stringify({
        ...example,
        application: { ...example.application, type: "native", callbacks, logoutUrls: callbacks },
      }),
    );
    if (!result.ok) throw new Error(result.problems.join("\n"));
    expect(result.config.application).toMatchObject({ callbacks, logoutUrls: callbacks });
  });

  it.each(["regular_web", "spa"])(
    "refuses a custom-scheme callback for a %s application",
    (type) => {
      expect(
        problemsAfter((env) => {
          env.application.type = type;
          env.application.callbacks = ["com.example.app://callback"];
        }),
      ).toEqual([
        `${FILE}: application.callbacks[0]: "com.example.app://callback" has a custom scheme, which only a native application receives redirects on (application.type is "${type}"); use an https:// URL`,
      ]);
    },
  );

  it("refuses a custom scheme where only https will do", () => {
    expect(problemsAfter((env) => (env.application.loginUrl = "com.example.app://login"))).toEqual([
      `${FILE}: application.loginUrl: "com.example.app://login" must be an https:// URL, not com.example.app:`,
    ]);
  });
});

describe("names shown to people count characters as written, emoji included", () => {
  it("accepts 31 rocket emoji in a product name of at most 60 characters", () => {
    expect(problemsAfter((env) => (env.email.productName = "🚀".repeat(31)))).toEqual([]);
  });

  it("counts code points, so 61 of them are too many", () => {
    expect(problemsAfter((env) => (env.email.productName = "🚀".repeat(61)))).toEqual([
      `${FILE}: email.productName: "${"🚀".repeat(61)}" is too long; at most 60 characters`,
    ]);
  });

  it("accepts emoji joined by a zero-width joiner and flags, tag sequences included", () => {
    expect(
      problemsAfter((env) => {
        env.email.productName = "👩‍💻 Portal 🏴󠁧󠁢󠁳󠁣󠁴󠁿 🇩🇪";
        env.application.name = "Team 👨‍👩‍👧 (dev)";
      }),
    ).toEqual([]);
  });

  it("still refuses a bidi control beside an emoji, and a joiner outside one", () => {
    expect(problemsAfter((env) => (env.email.productName = "👩‍💻 Portal\u202Eexe"))).toEqual([
      `${FILE}: email.productName: "👩‍💻 Portal\\u202eexe" must not contain invisible formatting characters (U+202E at position 11): they make a name read differently from what it is`,
    ]);
    expect(problemsAfter((env) => (env.email.productName = "Port\u200Dal"))[0]).toContain(
      "(U+200D at position 5)",
    );
  });
});

describe("email addresses", () => {
  it("accepts punycode and hyphenated domains, and the characters RFC 5322 allows before the @", () => {
    expect(
      problemsAfter((env) => {
        env.email.supportEmail = "support@xn--bcher-kva.example";
        env.emailProvider.defaultFromAddress = "no-reply@a--b.example.com";
        env.email.from = "O'Brien <o'brien+portal@Dev.Example.com>";
      }),
    ).toEqual([]);
  });

  it("refuses a domain in Unicode with its punycode form to write", () => {
    expect(problemsAfter((env) => (env.email.supportEmail = "support@bücher.example"))).toEqual([
      `${FILE}: email.supportEmail: "support@bücher.example" must be written in ASCII: write the domain in its punycode form, support@xn--bcher-kva.example`,
    ]);
  });

  it.each([
    "support@localhost",
    "sup..port@example.com",
    ".support@example.com",
    "support@-example.com",
  ])("refuses %s, which no mail server delivers to", (address) => {
    expect(problemsAfter((env) => (env.email.supportEmail = address))).toEqual([
      `${FILE}: email.supportEmail: ${JSON.stringify(address)} must be an email address such as support@example.com`,
    ]);
  });
});

describe("host names", () => {
  it("refuses a host in Unicode with its punycode form to write", () => {
    expect(problemsAfter((env) => (env.customDomain = "login.bücher.example"))).toEqual([
      `${FILE}: customDomain: "login.bücher.example" must be written in ASCII: write its punycode form "login.xn--bcher-kva.example"`,
    ]);
  });

  it("refuses a host in capitals with its lower-case form to write", () => {
    expect(problemsAfter((env) => (env.domain = "Example-Dev.EU.auth0.com"))).toEqual([
      `${FILE}: domain: "Example-Dev.EU.auth0.com" must be in lower case: write "example-dev.eu.auth0.com"`,
    ]);
  });

  it("accepts punycode labels, a punycode top-level label included", () => {
    expect(
      problemsAfter(
        (env) => (env.invite.skipEmailDomains = ["xn--bcher-kva.example", "a.xn--p1ai"]),
      ),
    ).toEqual([]);
  });
});

describe("the sender of the emails", () => {
  it("refuses an unquoted comma in the display name, with the quoted form to write", () => {
    expect(
      problemsAfter((env) => (env.email.from = "Portal, Inc <no-reply@dev.example.com>")),
    ).toEqual([
      `${FILE}: email.from: "Portal, Inc <no-reply@dev.example.com>" has a comma in the display name: an unquoted comma separates two addresses in a From header; put the name in double quotes: "Portal, Inc" <no-reply@dev.example.com>`,
    ]);
  });

  it("accepts the quoted form RFC 5322 asks for, escaped quotes included", () => {
    for (const from of [
      '"Portal, Inc" <no-reply@dev.example.com>',
      '"The \\"Portal\\"" <no-reply@dev.example.com>',
      "Portal Inc. <no-reply@dev.example.com>",
    ]) {
      expect(problemsAfter((env) => (env.email.from = from))).toEqual([]);
    }
  });

  it("refuses the other characters that may only appear quoted", () => {
    expect(
      problemsAfter((env) => (env.email.from = "Portal: Dev <no-reply@dev.example.com>")),
    ).toEqual([
      `${FILE}: email.from: "Portal: Dev <no-reply@dev.example.com>" has : in the display name: : may only appear in a quoted name; put the name in double quotes: "Portal: Dev" <no-reply@dev.example.com>`,
    ]);
  });
});

describe("the login gate's cutoff", () => {
  it("refuses a cutoff in the future, which would leave the gate off until then", () => {
    expect(problemsAfter((env) => (env.loginGate.invitedSince = "9999-12-31T23:59:59Z"))).toEqual([
      expect.stringMatching(
        /^environments\/dev\.json: loginGate\.invitedSince: "9999-12-31T23:59:59Z" is in the future \(it is now \d{4}-\d\d-\d\dT[\d:.]+Z\): until then the gate would let every invitee in\. Set it to a time that has passed, or leave it out and terraform records the moment the gate is first applied$/,
      ),
    ]);
  });

  it("accepts any time in the past, however long ago", () => {
    for (const since of ["1970-01-01T00:00:00Z", "2000-02-29T12:00:00.5Z"]) {
      expect(problemsAfter((env) => (env.loginGate.invitedSince = since))).toEqual([]);
    }
  });

  it("only ever becomes acceptable as time passes, never the other way round", () => {
    const since = "2030-06-01T00:00:00Z";
    const before = Date.parse(since) - 1;
    const after = Date.parse(since) + 1;
    expect(invitedSinceProblem(since, before)).toMatch(/^is in the future/);
    expect(invitedSinceProblem(since, Date.parse(since))).toBeUndefined();
    expect(invitedSinceProblem(since, after)).toBeUndefined();
    expect(invitedSinceProblem(since, after + 100 * 365 * 86_400_000)).toBeUndefined();
  });
});

describe("the two Actions", () => {
  it("may not share a name: a tenant holds one Action per name", () => {
    expect(problemsAfter((env) => (env.loginGate.actionName = "send-invite"))).toEqual([
      `${FILE}: loginGate.actionName: "send-invite" is also invite.actionName: a tenant has one Action per name, so the second Action could not be created; give the login gate its own name (by default "invite-login-gate")`,
    ]);
  });
});

describe("what JSON.parse lets through but no environment can hold", () => {
  const withText = (from: string, to: string) => {
    const text = JSON.stringify(example, null, 2).replace(from, to);
    expect(text).not.toBe(JSON.stringify(example, null, 2));
    const result = parseEnvironment(FILE, text);
    return result.ok ? [] : result.problems;
  };

  it("a number too large for a double, with its line and column", () => {
    expect(withText('"linkLifetimeSeconds": 604800', '"linkLifetimeSeconds": 1e309')).toEqual([
      `${FILE}:40:28: email.linkLifetimeSeconds: 1e309 is too large to be a number; use a number in the field's range`,
    ]);
  });

  it("a lone surrogate in a value or a key, spelled out", () => {
    expect(withText('"productName": "Example Portal"', '"productName": "Portal\\ud800"')).toEqual([
      `${FILE}:36:20: email.productName: "Portal\\ud800" holds a lone surrogate (half of a character written as a \\u escape), which is not text; write the whole character`,
    ]);
    expect(withText('"manageText"', '"manage\\udc00Text"')[0]).toMatch(
      /^environments\/dev\.json:\d+:\d+: resetPage\.manage\\udc00Text: the key "manage\\udc00Text" holds a lone surrogate/,
    );
  });

  it("a number written as a string, said to be a number", () => {
    expect(
      problemsAfter(
        (env) =>
          (env.emailProvider = {
            name: "smtp",
            defaultFromAddress: "no-reply@dev.example.com",
            smtpHost: "smtp.example.com",
            smtpPort: "587",
            smtpUser: "portal",
          }),
      ),
    ).toEqual([
      `${FILE}: emailProvider.smtpPort: "587" is a string; must be a number, one of: 25, 465, 587, 2525 (written without quotes)`,
    ]);
  });

  it("nesting thousands deep, named with the file instead of overflowing the stack", () => {
    const deep = `${"[".repeat(5000)}${"]".repeat(5000)}`;
    expect(withText('"disableSignup"', `"extraOptions": {"a": ${deep}}, "disableSignup"`)).toEqual([
      `${FILE}:7:88: objects and arrays are nested more than 64 deep; no environment file needs that many levels`,
    ]);
  });
});

describe("reading the environment files", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "environments-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, content: Json | string | Buffer) =>
    writeFileSync(
      path.join(dir, name),
      typeof content === "string" || Buffer.isBuffer(content) ? content : JSON.stringify(content),
    );
  const problems = (options: { root?: string } = {}) => {
    try {
      loadEnvironments(dir, { warn: () => {}, ...options });
    } catch (error) {
      if (error instanceof EnvironmentConfigError) return error.problems;
      throw error;
    }
    return [];
  };

  it("skips an editor's swap, lock and backup files with a note, so synth works while a file is open", () => {
    write("dev.json", example);
    const editorFiles = [".dev.json.swp", ".dev.json.swo", "dev.json~", "#dev.json#", ".#dev.json"];
    for (const name of editorFiles) write(name, "\u0000binary swap data");
    const warnings: string[] = [];
    const loaded = loadEnvironments(dir, { warn: (message) => warnings.push(message) });
    expect(loaded.map((e) => e.name)).toEqual(["dev"]);
    expect(warnings.sort()).toEqual(
      editorFiles
        .map(
          (name) =>
            `${path.join(dir, name)}: ignored: an editor's swap, lock or backup file, not an environment`,
        )
        .sort(),
    );
  });

  it("refuses a byte that is not UTF-8, with its line and column, instead of a \ufffd in the subject", () => {
    const text = JSON.stringify(example, null, 2).replace('Example Portal"', 'B\u00fccher Portal"');
    write("dev.json", Buffer.from(text, "latin1"));
    expect(problems()).toEqual([
      `${path.join(dir, "dev.json")}:36:22: byte 0xFC is not UTF-8 (the file was saved in another encoding, such as Latin-1 or Windows-1252); save the file as UTF-8`,
    ]);
  });

  it("reads a letter such as ü written as UTF-8", () => {
    write("dev.json", { ...example, email: { ...example.email, productName: "Bücher Portal" } });
    expect(loadEnvironments(dir, { warn: () => {} })[0].config.email.productName).toBe(
      "Bücher Portal",
    );
  });

  it.each([
    ["with a byte-order mark", "\ufeff", "UTF-16 (little-endian)"],
    ["without one", "", "UTF-16 (little-endian)"],
  ])("refuses a UTF-16 file %s, by name", (_, bom, encoding) => {
    write("dev.json", Buffer.from(`${bom}${JSON.stringify(example)}`, "utf16le"));
    expect(problems()).toEqual([
      `${path.join(dir, "dev.json")}: is ${encoding} encoded, not UTF-8; save the file as UTF-8`,
    ]);
  });

  it("refuses a symbolic link to a file outside the repository", () => {
    const outside = mkdtempSync(path.join(tmpdir(), "elsewhere-"));
    try {
      writeFileSync(path.join(outside, "dev.json"), JSON.stringify(example));
      symlinkSync(path.join(outside, "dev.json"), path.join(dir, "dev.json"));
      expect(problems({ root: dir })).toEqual([
        `${path.join(dir, "dev.json")}: is a symbolic link to ${realpathSync(path.join(outside, "dev.json"))}, outside the repository (${realpathSync(dir)}): plans would depend on a file no pull request shows; put the file itself here`,
      ]);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it("follows a symbolic link to a file inside the repository", () => {
    mkdirSync(path.join(dir, "shared"));
    mkdirSync(path.join(dir, "environments"));
    writeFileSync(path.join(dir, "shared", "dev.json"), JSON.stringify(example));
    symlinkSync(path.join("..", "shared", "dev.json"), path.join(dir, "environments", "dev.json"));
    const loaded = loadEnvironments(path.join(dir, "environments"), { warn: () => {} });
    expect(loaded.map((e) => e.config.domain)).toEqual([example.domain]);
  });
});

describe("messages are safe to print, whatever a file holds", () => {
  it("spells out an escape sequence and a bidi control in a value", () => {
    const [problem] = problemsAfter((env) => (env.email.productName = "Portal\u001b[2J\u202e"));
    expect(problem).toBe(
      `${FILE}: email.productName: "Portal\\u001b[2J\\u202e" must be a product name without control characters (tabs, line breaks)`,
    );
  });

  it("spells out control characters in an unknown key", () => {
    const result = parseEnvironment(
      FILE,
      JSON.stringify({ ...example, "x\u001b]0;pwned\u0007": 1 }),
    );
    expect(result.ok ? [] : result.problems).toEqual([
      expect.stringMatching(
        /^environments\/dev\.json: x\\u001b\]0;pwned\\u0007: unknown key "x\\u001b\]0;pwned\\u0007"; allowed keys here: /,
      ),
    ]);
  });

  it("spells out control characters in a file name, so the whole report is safe", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "environments-"));
    try {
      writeFileSync(path.join(dir, "\u001b[2Jdev.json"), JSON.stringify(example));
      let message = "";
      try {
        loadEnvironments(dir, { warn: () => {} });
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toContain(
        `${path.join(dir, "\\u001b[2Jdev.json")}: file name "\\u001b[2Jdev"`,
      );
      expect(message).not.toMatch(/(?!\n)\p{Cc}/u);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
