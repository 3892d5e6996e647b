var __create = Object.create;
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __getProtoOf = Object.getPrototypeOf;
var __hasOwnProp = Object.prototype.hasOwnProperty;
var __copyProps = (to, from, except, desc) => {
  if ((from && typeof from === "object") || typeof from === "function") {
    for (const key of __getOwnPropNames(from))
      if (!__hasOwnProp.call(to, key) && key !== except)
        __defProp(to, key, {
          get: () => from[key],
          enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable,
        });
  }
  return to;
};
var __toESM = (mod, isNodeMode, target) => (
  (target = mod != null ? __create(__getProtoOf(mod)) : {}),
  __copyProps(
    // If the importer is in node compatibility mode or this is not an ESM
    // file that has been converted to a CommonJS file using a Babel-
    // compatible transform (i.e. "__esModule" has not been set), then set
    // "default" to the CommonJS "module.exports" for node compatibility.
    isNodeMode || !mod || !mod.__esModule
      ? __defProp(target, "default", { value: mod, enumerable: true })
      : target,
    mod,
  )
);

// lib/environment/load.ts
var import_jsonc_parser = require("jsonc-parser");
var v2 = __toESM(require("valibot"));

// lib/environment/extra-options.ts
var import_node_fs = require("node:fs");

// lib/environment/schema.ts
var v = __toESM(require("valibot"));

// actions/invitation.ts
function parseUtcTime(text2) {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/.test(text2)) return void 0;
  const ms = Date.parse(text2);
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 19) !== text2.slice(0, 19)) {
    return void 0;
  }
  return ms;
}

// lib/environment/schema.ts
var DEFAULT_CONNECTION_NAME = "Username-Password-Authentication";
var ADOPTED_MODEL_MESSAGE = `is required for an adopted connection (connection.id is set): say which password policy the tenant's connection uses, "flexible" (its options have password_options, as connections created since 2025 do) or "legacy" (its options have passwordPolicy); docs/adopting.md#the-password-policy shows where to look`;
var DEFAULT_LINK_LIFETIME_SECONDS = 432e3;
var MIN_LINK_LIFETIME_SECONDS = 3600;
var MAX_LINK_LIFETIME_SECONDS = 2592e3;
var APP_TYPES = ["regular_web", "spa", "native"];
var ACTION_STATES = ["bound", "unbound", "removed"];
var PASSWORD_STRENGTHS = ["none", "low", "fair", "good", "excellent"];
var RESET_PAGE_LANGUAGES = ["en"];
function isPlainObject(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
var plainObject = v.custom(isPlainObject, "must be a JSON object");
function strictObject2(entries) {
  return v.pipe(plainObject, v.strictObject(entries));
}
var LIMITS = {
  /** RFC 1035. */
  hostname: 253,
  /** RFC 5321 (also Auth0's rule for a user's email). */
  email: 254,
  /** Not documented by Auth0: the longest URL browsers and proxies keep intact. */
  url: 2048,
  /** AWS region names are short; ours, a bound well above the longest. */
  awsRegion: 32,
  /** Auth0 Management API: connection name, max length 128. */
  connectionName: 128,
  /** Not documented by Auth0 (it requires at least 1 and no < or >). */
  applicationName: 100,
  /** Ours alone: it goes into every subject line. */
  productName: 60,
  /** Not documented by Auth0. */
  actionName: 100,
  /** RFC 5321 address plus a display name on one header line. */
  from: 320,
  smtpUser: 320,
  /** Auth0 application settings: up to 100 callback, logout and web-origin URLs each. */
  urls: 100,
  /** Auth0 Actions: a secret's value is at most 2048 characters in older documentation (4096 now). */
  actionSecretValue: 2048,
  /** Auth0 custom database scripts: a script must not exceed 100 KB. */
  customScript: 100 * 1024,
  /** Not documented by Auth0: room for every custom script at its limit, and the rest. */
  extraOptions: 1024 * 1024,
};
function parsedUrl(value) {
  try {
    return new URL(value);
  } catch {
    return void 0;
  }
}
var LOOPBACK = ["localhost", "127.0.0.1"];
function urlProblem(value, kind) {
  const example = kind === "origin" ? "https://app.example.com" : "https://app.example.com/path";
  if (value.length > LIMITS.url) return `is too long; at most ${LIMITS.url} characters`;
  if (/\s/.test(value)) return "must not contain spaces or line breaks";
  const url2 = parsedUrl(value);
  if (url2 === void 0) return `must be an absolute URL such as ${example}`;
  if (["javascript:", "data:", "vbscript:"].includes(url2.protocol)) {
    return `is a ${url2.protocol} URL, which a browser runs or renders as content; only https:// URLs are allowed`;
  }
  if (url2.username || url2.password) {
    return "must not carry credentials (user:password@): anyone who sees the URL could read them";
  }
  const loopbackHttp =
    kind === "callback" && url2.protocol === "http:" && LOOPBACK.includes(url2.hostname);
  if (url2.protocol !== "https:" && !loopbackHttp) {
    if (kind === "callback") {
      return "must be an https:// URL, or http://localhost / http://127.0.0.1 for development";
    }
    return url2.protocol === "http:"
      ? "must be an https:// URL (Auth0 rejects plain http here)"
      : `must be an https:// URL, not ${url2.protocol}`;
  }
  if (kind === "callback" && url2.hash) return "must not have a #fragment (Auth0 rejects one)";
  if (kind === "origin" && url2.origin !== value) {
    return "must be an origin such as https://app.example.com (no path, no trailing slash)";
  }
  return void 0;
}
var url = (kind) =>
  v.pipe(
    v.string(),
    v.check(
      (value) => urlProblem(value, kind) === void 0,
      (issue) => urlProblem(String(issue.input), kind) ?? "",
    ),
  );
var urls = (kind) => v.pipe(v.array(url(kind)), v.maxLength(LIMITS.urls));
var FORMAT_CHARACTER = /\p{Cf}/u;
function formatCharacterProblem(value) {
  const match = FORMAT_CHARACTER.exec(value);
  if (match === null) return void 0;
  const code = match[0].codePointAt(0)?.toString(16).toUpperCase().padStart(4, "0");
  return `must not contain invisible formatting characters (U+${code} at position ${match.index + 1}): they make a name read differently from what it is`;
}
var CONTROL = /[\p{Cc}\p{Zl}\p{Zp}]/u;
var text = (what, max) =>
  v.pipe(
    v.string(),
    v.check((value) => value.trim() !== "", `must be a non-empty ${what}`),
    v.check(
      (value) => !CONTROL.test(value),
      `must be a ${what} without control characters (tabs, line breaks)`,
    ),
    v.check(
      (value) => formatCharacterProblem(value) === void 0,
      (issue) => formatCharacterProblem(String(issue.input)) ?? "",
    ),
    // Checked on the value as written (so messages show it), used without surrounding spaces.
    v.trim(),
    v.maxLength(max, `must be at most ${max} characters`),
  );
var HOSTNAME = /^(?=.{4,}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
var hostname = v.pipe(
  v.string(),
  v.maxLength(LIMITS.hostname),
  v.regex(
    HOSTNAME,
    "must be a lower-case host name such as example-dev.eu.auth0.com (no https://, no path)",
  ),
);
var EMAIL_MESSAGE = "must be an email address such as support@example.com";
var email2 = v.pipe(
  v.string(),
  v.maxLength(LIMITS.email, `must be at most ${LIMITS.email} characters`),
  v.email(EMAIL_MESSAGE),
);
var LIQUID = /\{\{|\{%/;
function senderProblem(value) {
  if (LIQUID.test(value)) {
    return "must not contain Liquid ({{ or {%): Auth0 renders the From field as Liquid for every email";
  }
  if (CONTROL.test(value)) return "must be one line without control characters";
  const named = /^([^<>"]+) <([^<>\s]+)>$/.exec(value);
  if (named) {
    const format = formatCharacterProblem(named[1]);
    if (format) return format;
  }
  if (!v.is(email2, named ? named[2] : value)) {
    return "must be an email address or `Display Name <address@example.com>`";
  }
  return void 0;
}
var sender = v.pipe(
  v.string(),
  v.maxLength(LIMITS.from),
  v.check(
    (value) => senderProblem(value) === void 0,
    (issue) => senderProblem(String(issue.input)) ?? "",
  ),
);
var int = (min, max) =>
  v.pipe(v.number(), v.integer("must be a whole number"), v.minValue(min), v.maxValue(max));
var CHARACTER_TYPES = ["uppercase", "lowercase", "number", "special"];
var CHARACTER_TYPE_RULES = ["all", "three_of_four"];
var legacyPasswordPolicy = v.strictObject({
  model: v.literal("legacy"),
  /** Auth0's strength levels; `good` = 8+ chars with 3 of 4 character classes. @default "good" */
  strength: v.optional(v.picklist(PASSWORD_STRENGTHS), "good"),
  /** @default 12 */
  minLength: v.optional(int(8, 128), 12),
  /** How many previous passwords may not be reused; 0 turns the check off. @default 5 */
  history: v.optional(int(0, 24), 5),
  /** Reject passwords containing the user's name or email. @default true */
  noPersonalInfo: v.optional(v.boolean(), true),
  /** Reject the 10,000 most common passwords. @default true */
  dictionary: v.optional(v.boolean(), true),
});
var flexiblePasswordPolicy = v.pipe(
  v.strictObject({
    model: v.literal("flexible"),
    /** Auth0 accepts 1 to 72 (its hashing reads 72 bytes); ours starts at 8. @default 12 */
    minLength: v.optional(int(8, 72), 12),
    /** The kinds of character a password is checked for. @default all four */
    characterTypes: v.optional(
      v.pipe(
        v.array(v.picklist(CHARACTER_TYPES)),
        v.minLength(1, "must name at least one character type"),
        v.check(
          (types) => new Set(types).size === types.length,
          "must name each character type once",
        ),
      ),
      [...CHARACTER_TYPES],
    ),
    /** Every listed type, or three of the four. @default "three_of_four" */
    characterTypeRule: v.optional(v.picklist(CHARACTER_TYPE_RULES), "three_of_four"),
    /** How many previous passwords may not be reused; 0 turns the check off. @default 5 */
    history: v.optional(int(0, 24), 5),
    /** Reject passwords containing the user's profile data (name, email, ...). @default true */
    noPersonalInfo: v.optional(v.boolean(), true),
    /** Reject the 100,000 most common passwords. @default true */
    dictionary: v.optional(v.boolean(), true),
  }),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const policy = dataset.value;
    if (policy.characterTypeRule !== "three_of_four") return;
    if (policy.characterTypes.length === CHARACTER_TYPES.length) return;
    addIssue({
      input: policy.characterTypeRule,
      path: [objectPathItem(policy, "characterTypeRule")],
      message: `needs all four characterTypes (${CHARACTER_TYPES.join(", ")}); with fewer, use "all"`,
    });
  }),
);
var passwordPolicy = v.pipe(
  plainObject,
  v.variant("model", [flexiblePasswordPolicy, legacyPasswordPolicy], ADOPTED_MODEL_MESSAGE),
);
var MANAGED_CONNECTION_OPTIONS = [
  "disable_signup",
  "brute_force_protection",
  "requires_username",
  "disable_self_service_change_password",
  "password_policy",
  "password_complexity_options",
  "password_history",
  "password_no_personal_info",
  "password_dictionary",
  "password_options",
];
var CONNECTION_NAME = /^[A-Za-z0-9](?:-?[A-Za-z0-9])*$/;
var connection = v.pipe(
  plainObject,
  // A connection the stack creates gets the flexible model unless the file names one; an
  // adopted one must say (the variant reports the model as missing).
  v.transform((input) => {
    const policy = input.passwordPolicy;
    if (policy === void 0) {
      return { ...input, passwordPolicy: input.id === void 0 ? { model: "flexible" } : {} };
    }
    if (input.id === void 0 && isPlainObject(policy) && !Object.hasOwn(policy, "model")) {
      return { ...input, passwordPolicy: { model: "flexible", ...policy } };
    }
    return input;
  }),
  v.strictObject({
    /** @default "Username-Password-Authentication" */
    name: v.optional(
      v.pipe(
        v.string(),
        v.maxLength(LIMITS.connectionName),
        v.regex(
          CONNECTION_NAME,
          "must be a connection name: letters, digits and single hyphens, not starting or ending with one",
        ),
      ),
      DEFAULT_CONNECTION_NAME,
    ),
    /**
     * Id (`con_...`) of the tenant's existing connection: the first apply imports it instead of
     * creating one. @default - a new connection is created
     */
    id: v.optional(
      v.pipe(
        v.string(),
        v.regex(
          /^con_[A-Za-z0-9]{16}$/,
          "must be a connection id: con_ followed by 16 letters or digits",
        ),
      ),
    ),
    /** Only admins create users; nobody can sign up. @default true */
    disableSignup: v.optional(v.boolean(), true),
    /** @default true */
    bruteForceProtection: v.optional(v.boolean(), true),
    /** Users sign in with a username besides the email. @default false */
    requiresUsername: v.optional(v.boolean(), false),
    /**
     * The password policy, in the model the connection uses: `{ "model": "flexible", ... }`
     * (Auth0's `password_options`) or `{ "model": "legacy", ... }`. Required, with its model,
     * for an adopted connection. @default - for a connection the stack creates, the flexible
     * model with every field's own default
     */
    passwordPolicy,
    /**
     * Further `options` of the auth0_connection resource, in the provider's own (snake_case,
     * Terraform JSON) form, checked against the provider schema when loading. The provider
     * replaces the whole options object on update, so an adopted connection keeps a setting only
     * if it is stated here or by a field above. @default {}
     */
    extraOptions: v.optional(
      v.pipe(
        plainObject,
        v.record(v.string(), v.unknown()),
        v.check(
          (value) => Buffer.byteLength(JSON.stringify(value)) <= LIMITS.extraOptions,
          `is too large: at most ${LIMITS.extraOptions} bytes of JSON`,
        ),
        v.rawCheck(({ dataset, addIssue }) => {
          if (!dataset.typed) return;
          const scripts = dataset.value.custom_scripts;
          if (!isPlainObject(scripts)) return;
          for (const [name, script] of Object.entries(scripts)) {
            if (typeof script !== "string") continue;
            if (Buffer.byteLength(script) <= LIMITS.customScript) continue;
            addIssue({
              input: `${script.slice(0, 40)}...`,
              path: [
                objectPathItem(dataset.value, "custom_scripts"),
                objectPathItem(scripts, name),
              ],
              message: `is too long: Auth0 runs custom database scripts of at most ${LIMITS.customScript} bytes`,
            });
          }
        }),
        v.rawCheck(({ dataset, addIssue }) => {
          if (!dataset.typed) return;
          for (const key of Object.keys(dataset.value)) {
            if (!MANAGED_CONNECTION_OPTIONS.includes(key)) continue;
            addIssue({
              input: dataset.value[key],
              path: [objectPathItem(dataset.value, key)],
              message:
                key === "password_options"
                  ? 'is not allowed here: connection.passwordPolicy sets it (with "model": "flexible")'
                  : "is not allowed here: it is set by the typed connection fields (disableSignup, bruteForceProtection, requiresUsername, passwordPolicy); self-service password change always stays on",
            });
          }
        }),
      ),
      {},
    ),
  }),
  // Checked here, not at the top level, so it is reported along with every other problem.
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const connection2 = dataset.value;
    if (connection2.name === DEFAULT_CONNECTION_NAME && connection2.id === void 0) {
      addIssue({
        input: void 0,
        path: [objectPathItem(connection2, "id")],
        message: `is required for ${DEFAULT_CONNECTION_NAME}: every tenant already has it, so it must be adopted by id (con_...), not created`,
      });
    }
  }),
);
function objectPathItem(input, key) {
  return { type: "object", origin: "value", input, key, value: input[key] };
}
var clientId = v.pipe(
  v.string(),
  v.regex(/^[A-Za-z0-9]{32}$/, "must be a client id: 32 letters or digits"),
);
var referencedApplication = strictObject2({ clientId });
var newApplication = strictObject2({
  name: v.pipe(
    text("application name", LIMITS.applicationName),
    v.regex(/^[^<>]+$/, "must not contain < or > (Auth0 refuses them in application names)"),
  ),
  type: v.picklist(APP_TYPES),
  /** Allowed callback URLs. @default [] */
  callbacks: v.optional(urls("callback"), []),
  /** Allowed logout URLs. @default [] */
  logoutUrls: v.optional(urls("callback"), []),
  /** Allowed web origins (for `spa`). @default [] */
  webOrigins: v.optional(urls("origin"), []),
  /**
   * HTTPS route of the app that starts a login (`initiate_login_uri`). After the invitee sets
   * a password, Universal Login offers to continue to it.
   */
  loginUrl: url("page"),
});
var NEW_APPLICATION_KEYS = Object.keys(newApplication.pipe[1].entries);
var REQUIRED_NEW_APPLICATION_KEYS = ["name", "type", "loginUrl"];
var application = v.pipe(
  plainObject,
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const app = dataset.value;
    if (Object.hasOwn(app, "clientId")) {
      for (const key of NEW_APPLICATION_KEYS.filter((k) => Object.hasOwn(app, k))) {
        addIssue({
          input: app[key],
          path: [objectPathItem(app, key)],
          message:
            "is not allowed together with application.clientId: an existing application is referenced, not managed",
        });
      }
      return;
    }
    for (const key of REQUIRED_NEW_APPLICATION_KEYS.filter((k) => !Object.hasOwn(app, k))) {
      addIssue({
        input: void 0,
        path: [objectPathItem(app, key)],
        message:
          "is required to create the application (or give application.clientId to use an existing one)",
      });
    }
  }),
  v.lazy((input) => (Object.hasOwn(input, "clientId") ? referencedApplication : newApplication)),
);
var defaultFromAddress = email2;
var awsRegion = v.pipe(
  v.string(),
  v.maxLength(LIMITS.awsRegion),
  v.regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "must be an AWS region such as eu-west-1"),
);
var emailProvider = v.variant("name", [
  v.strictObject({ name: v.literal("sendgrid"), defaultFromAddress }),
  v.strictObject({ name: v.literal("mandrill"), defaultFromAddress }),
  v.strictObject({
    name: v.literal("sparkpost"),
    defaultFromAddress,
    region: v.optional(v.picklist(["eu"])),
  }),
  v.strictObject({
    name: v.literal("mailgun"),
    defaultFromAddress,
    domain: hostname,
    region: v.optional(v.picklist(["eu"])),
  }),
  v.strictObject({ name: v.literal("ses"), defaultFromAddress, region: awsRegion }),
  v.strictObject({
    name: v.literal("smtp"),
    defaultFromAddress,
    smtpHost: hostname,
    smtpPort: v.picklist([25, 465, 587, 2525]),
    smtpUser: text("SMTP user name", LIMITS.smtpUser),
  }),
  v.strictObject({ name: v.literal("azure_cs"), defaultFromAddress }),
  v.strictObject({ name: v.literal("ms365"), defaultFromAddress }),
]);
var emailSettings = strictObject2({
  /** Sender of every template, e.g. `Acme <no-reply@acme.example>`. */
  from: sender,
  /** Shown in every email; escaped for HTML and made inert for Liquid on the way in. */
  productName: text("product name", LIMITS.productName),
  supportEmail: email2,
  /** Button, accent bar and (when dark enough to read on white) links. @default "#1f6feb" */
  brandColor: v.optional(
    v.pipe(v.string(), v.regex(/^#[0-9a-fA-F]{6}$/, "must be a colour as #rrggbb, e.g. #1f6feb")),
    "#1f6feb",
  ),
  /** Header logo. @default - the header shows the product name as text */
  logoUrl: v.optional(url("page")),
  /** Lifetime of the invitation (= reset) link. @default 432000 (5 days, Auth0's default) */
  linkLifetimeSeconds: v.optional(
    int(MIN_LINK_LIFETIME_SECONDS, MAX_LINK_LIFETIME_SECONDS),
    DEFAULT_LINK_LIFETIME_SECONDS,
  ),
});
var invite = strictObject2({
  /**
   * Action names are unique per tenant; change it if the tenant already has one by this name.
   * @default "send-invite"
   */
  actionName: v.optional(text("Action name", LIMITS.actionName), "send-invite"),
  /** Users whose email is in one of these domains get no invitation (e.g. test accounts). @default [] */
  skipEmailDomains: v.optional(
    v.pipe(
      v.array(hostname),
      // The Action receives them as one comma-separated secret.
      v.check(
        (domains) => domains.join(",").length <= LIMITS.actionSecretValue,
        `is too long: the domains joined with commas must fit one Action secret (at most ${LIMITS.actionSecretValue} characters)`,
      ),
    ),
    [],
  ),
  /**
   * `bound`: the Action runs for every new user. `unbound`: it stays deployed but no longer
   * runs. `removed`: it is deleted. Auth0 refuses to delete a bound Action, so removal is two
   * applies: `unbound` first, then `removed`. @default "bound"
   */
  state: v.optional(v.picklist(ACTION_STATES), "bound"),
});
var utcTime = v.pipe(
  v.string(),
  // The gate reads its INVITED_SINCE secret with this very function.
  v.check(
    (value) => parseUtcTime(value) !== void 0,
    "must be a real UTC time such as 2026-12-01T09:00:00Z",
  ),
);
var loginGate = strictObject2({
  /**
   * Action names are unique per tenant; change it if the tenant already has one by this name.
   * @default "invite-login-gate"
   */
  actionName: v.optional(text("Action name", LIMITS.actionName), "invite-login-gate"),
  /**
   * Users of the connection created before this time are never gated, verified or not: the
   * users an adopted connection had before the flow. Required to turn the gate on for an
   * adopted connection. @default - every invitee of the connection is gated
   */
  invitedSince: v.optional(utcTime),
  /**
   * As `invite.state`. @default "bound" when the gate knows whom it may gate: always for a
   * connection the stack creates, for an adopted one once `invitedSince` is set; otherwise
   * "removed"
   */
  state: v.optional(v.picklist(ACTION_STATES)),
});
var resetPage = strictObject2({
  /**
   * Manage the wording of the hosted reset-password pages. Applying replaces any wording
   * already customised for this prompt and language. @default false
   */
  manageText: v.optional(v.boolean(), false),
  /** @default "en" */
  language: v.optional(v.picklist(RESET_PAGE_LANGUAGES), "en"),
});
var backend = v.variant("type", [
  v.strictObject({ type: v.literal("local") }),
  v.strictObject({
    type: v.literal("s3"),
    bucket: v.pipe(
      v.string(),
      v.regex(
        /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
        "must be an S3 bucket name: 3-63 lower-case letters, digits, dots and hyphens",
      ),
    ),
    key: v.pipe(
      v.string(),
      v.maxLength(1024),
      v.regex(
        /^[A-Za-z0-9!_.*'()/-]+\.tfstate$/,
        "must be an object key ending in .tfstate, e.g. auth0/dev.tfstate (no spaces)",
      ),
      v.check((value) => !value.startsWith("/"), "must not start with /"),
    ),
    region: awsRegion,
    /** Server-side encryption with this KMS key. @default - the bucket's default key */
    kmsKeyId: v.optional(
      v.pipe(v.string(), v.maxLength(2048), v.regex(/^\S+$/, "must be a KMS key id, ARN or alias")),
    ),
    /** Only while moving off DynamoDB locking. @default - S3's own lock file only */
    dynamodbTable: v.optional(
      v.pipe(v.string(), v.regex(/^[A-Za-z0-9_.-]{3,255}$/, "must be a DynamoDB table name")),
    ),
  }),
  v.strictObject({
    type: v.literal("hcp"),
    organization: v.pipe(
      v.string(),
      v.maxLength(255),
      v.regex(/^[A-Za-z0-9_-]+$/, "must be an HCP Terraform organization name"),
    ),
    workspace: v.pipe(
      v.string(),
      v.regex(/^[A-Za-z0-9_-]{1,90}$/, "must be a workspace name: letters, digits, - and _"),
    ),
    /** Terraform Enterprise host. @default "app.terraform.io" */
    hostname: v.optional(hostname, "app.terraform.io"),
    /** @default - the organization's default project */
    project: v.optional(
      v.pipe(
        v.string(),
        v.regex(
          /^[A-Za-z0-9_-][A-Za-z0-9 _-]{1,38}[A-Za-z0-9_-]$/,
          "must be an HCP Terraform project name: 3 to 40 letters, digits, spaces, - and _",
        ),
      ),
    ),
  }),
]);
var environmentFields = strictObject2({
  /** For editors: a JSON schema's URL or path; not used here. */
  $schema: v.optional(v.pipe(v.string(), v.maxLength(LIMITS.url))),
  /** The tenant's domain, e.g. `example-dev.eu.auth0.com`; pinned in the provider block. */
  domain: hostname,
  /**
   * The tenant's verified custom domain invitees should see, e.g. `login.example.com`: the
   * invitation is requested on it (so its link and the reset page are on it), and Management API
   * calls that send email name it (`auth0-custom-domain`), which a tenant with several verified
   * custom domains requires. "Use Custom Domain in Emails" must be on in the tenant.
   * @default - the tenant's own domain (or, for email links, the tenant's default custom domain)
   */
  customDomain: v.optional(hostname),
  connection: v.optional(connection, {}),
  application,
  /** Manage the tenant's email provider. @default - the tenant's existing provider is left alone */
  emailProvider: v.optional(emailProvider),
  email: emailSettings,
  invite: v.optional(invite, {}),
  /** The post-login Action that keeps invitees out until they accept the invitation. */
  loginGate: v.optional(loginGate, {}),
  resetPage: v.optional(resetPage, {}),
  /**
   * Where this tenant comes in the apply workflow, which applies one tenant after another
   * and stops at the first failure: lower first, ties by name. @default 100
   */
  applyOrder: v.optional(int(0, 1e3), 100),
  /** Where Terraform keeps this tenant's state. @default { type: "local" } */
  backend: v.optional(backend, { type: "local" }),
});
function adoptsConnection(env) {
  return env.connection.id !== void 0;
}
var environmentSchema = v.pipe(
  environmentFields,
  // An adopted connection has users who logged in before the flow existed, unverified ones
  // included; the gate must know from when on a user is an invitee, or it would lock them out.
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const env = dataset.value;
    const { state, invitedSince } = env.loginGate;
    if (!adoptsConnection(env) || invitedSince !== void 0) return;
    if (state !== "bound") return;
    addIssue({
      input: void 0,
      path: [objectPathItem(env, "loginGate"), objectPathItem(env.loginGate, "invitedSince")],
      message: `is required when loginGate.state is "bound" and the connection is adopted (connection.id is set): users created before it are never gated, so the connection's existing users are not locked out. Set it to when the gate is first applied, e.g. 2026-12-01T09:00:00Z`,
    });
  }),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const env = dataset.value;
    if (env.customDomain === void 0 || env.customDomain !== env.domain) return;
    addIssue({
      input: env.customDomain,
      path: [objectPathItem(env, "customDomain")],
      message: `must not be the tenant's own domain: leave customDomain out to use ${env.domain}`,
    });
  }),
  v.transform((env) => ({
    ...env,
    loginGate: {
      ...env.loginGate,
      state:
        env.loginGate.state ??
        (!adoptsConnection(env) || env.loginGate.invitedSince !== void 0 ? "bound" : "removed"),
    },
  })),
);

// lib/environment/extra-options.ts
var PROVIDER_SCHEMA_FILE = "provider-schema/auth0.json";
var PROVIDER = "registry.terraform.io/auth0/auth0";
var cachedProviderSchema;
function readProviderSchema() {
  cachedProviderSchema ??= JSON.parse(
    (0, import_node_fs.readFileSync)(PROVIDER_SCHEMA_FILE, "utf8"),
  );
  return cachedProviderSchema;
}
function extraOptionProblems(file, extraOptions, schema) {
  const options =
    schema.provider_schemas?.[PROVIDER]?.resource_schemas?.auth0_connection?.block.block_types
      ?.options?.block;
  const at = (path) => `${file}: connection.extraOptions.${path}`;
  const problems = [];
  if (options) {
    for (const p of checkBlockValue(extraOptions, options)) {
      const unknownOption =
        (p.kind === "unknown-attribute" || p.kind === "unknown-block") && !/[.[]/.test(p.path);
      const suggestion = / did you mean .*$/.exec(p.message)?.[0] ?? "";
      const message = unknownOption
        ? `is not an option of auth0_connection (provider auth0/auth0 1.55.0; see its connection docs, options block);${suggestion}`.replace(
            /;$/,
            "",
          )
        : p.message;
      problems.push(`${at(p.path)}: ${message}`);
    }
    for (const path of sensitivePaths(options, extraOptions, [])) {
      problems.push(
        `${at(path)}: is sensitive in the provider schema; secrets never go in environment files (configure this one outside this repository)`,
      );
    }
  }
  const methods = firstBlock(extraOptions.authentication_methods);
  const passwordBlock = isPlainObject(methods) ? firstBlock(methods.password) : void 0;
  if (isPlainObject(passwordBlock) && passwordBlock.enabled === false) {
    problems.push(
      `${at("authentication_methods.password.enabled")}: false is not allowed: invited users set a password, so password sign-in must stay on`,
    );
  }
  return problems;
}
var firstBlock = (value) => (Array.isArray(value) ? value[0] : value);
function sensitivePaths(block, value, at) {
  const found = [];
  for (const [key, item] of Object.entries(value)) {
    if (own(block.attributes, key)?.sensitive) found.push([...at, key].join("."));
    const nested = own(block.block_types, key)?.block;
    if (!nested) continue;
    const items = Array.isArray(item) ? item : [item];
    items.forEach((entry, i) => {
      if (!isPlainObject(entry)) return;
      const where = Array.isArray(item) ? [...at, `${key}[${i}]`] : [...at, key];
      found.push(...sensitivePaths(nested, entry, where));
    });
  }
  return found;
}
function checkBlockValue(value, block, path = "") {
  const problems = [];
  checkBody(value, block, path, (p) => problems.push(p));
  const order = (p) => [p.path, p.kind, p.message];
  return problems.sort((a, b) => {
    const [x, y] = [order(a), order(b)];
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
    return 0;
  });
}
function own(record2, key) {
  return record2 !== void 0 && Object.hasOwn(record2, key) ? record2[key] : void 0;
}
var isUnset = (value) => value === void 0 || value === null;
var joinPath = (parent, name) => (parent === "" ? name : `${parent}.${name}`);
var indexPath = (parent, i) => `${parent}[${i}]`;
var keyPath = (parent, key) => `${parent}[${JSON.stringify(key)}]`;
function spread(value, path) {
  return Array.isArray(value)
    ? value.map((item, i) => [indexPath(path, i), item])
    : [[path, value]];
}
function checkBody(body, block, path, report) {
  const attributes = block.attributes ?? {};
  const blockTypes = block.block_types ?? {};
  for (const [key, value] of Object.entries(body)) {
    const at = joinPath(path, key);
    const attribute = own(attributes, key);
    const blockType = own(blockTypes, key);
    if (attribute) checkAttribute(value, attribute, at, report);
    else if (blockType) checkNestedBlocks(value, blockType, at, report);
    else reportUnknown(key, value, block, at, report);
  }
  for (const [name, attribute] of Object.entries(attributes)) {
    if (attribute.required && isUnset(own(body, name))) {
      report({
        path: joinPath(path, name),
        kind: "missing-required",
        message: `missing required attribute "${name}" (${describeType(attribute.type)})`,
      });
    }
  }
  for (const [name, blockType] of Object.entries(blockTypes)) {
    if ((blockType.min_items ?? 0) >= 1 && isUnset(own(body, name))) {
      report({
        path: joinPath(path, name),
        kind: "missing-required",
        message: `missing required block "${name}" (${describeCount(blockType)})`,
      });
    }
  }
}
function checkAttribute(value, attribute, path, report) {
  if (isUnset(value)) return;
  if (attribute.computed && !attribute.optional && !attribute.required) {
    report({
      path,
      kind: "computed-only",
      message: `"${path}" is computed by the provider and cannot be set in configuration`,
    });
    return;
  }
  checkValue(value, attribute.type, path, report);
}
function maxItems(blockType) {
  if (blockType.nesting_mode === "single" || blockType.nesting_mode === "group") return 1;
  return blockType.max_items ? blockType.max_items : void 0;
}
function describeCount(blockType) {
  const min = blockType.min_items ?? 0;
  const max = maxItems(blockType);
  if (max === void 0) return `at least ${min}`;
  if (min === max) return `exactly ${min}`;
  if (min === 0) return `at most ${max}`;
  return `between ${min} and ${max}`;
}
function checkNestedBlocks(value, blockType, path, report) {
  if (isUnset(value)) return;
  let bodies;
  let count;
  if (blockType.nesting_mode === "map" && isPlainObject(value)) {
    const labels = Object.entries(value);
    bodies = labels.flatMap(([label, item]) => spread(item, keyPath(path, label)));
    count = labels.length;
  } else if (blockType.nesting_mode !== "map" && (isPlainObject(value) || Array.isArray(value))) {
    bodies = spread(value, path);
    count = bodies.length;
  } else {
    const shape =
      blockType.nesting_mode === "map"
        ? "an object of blocks keyed by label"
        : "a block object or an array of block objects";
    report({
      path,
      kind: "wrong-type",
      message: `block "${path}" expects ${shape}, got ${describeJson(value)}`,
    });
    return;
  }
  for (const [bodyPath, body] of bodies) {
    if (isPlainObject(body)) checkBody(body, blockType.block, bodyPath, report);
    else
      report({
        path: bodyPath,
        kind: "wrong-type",
        message: `block "${bodyPath}" expects an object, got ${describeJson(body)}`,
      });
  }
  const min = blockType.min_items ?? 0;
  const max = maxItems(blockType);
  if (count < min || (max !== void 0 && count > max)) {
    report({
      path,
      kind: "block-count",
      message: `block "${path}" expects ${describeCount(blockType)} block(s), got ${count}`,
    });
  }
}
function reportUnknown(key, value, block, path, report) {
  const blockNames = Object.keys(block.block_types ?? {});
  const candidates = [...Object.keys(block.attributes ?? {}), ...blockNames];
  const closest = closestName(key, candidates);
  const looksLikeBlock =
    isPlainObject(value) ||
    (Array.isArray(value) && value.length > 0 && value.every((item) => isPlainObject(item)));
  const isBlock = closest !== void 0 ? blockNames.includes(closest) : looksLikeBlock;
  report({
    path,
    kind: isBlock ? "unknown-block" : "unknown-attribute",
    message: `unknown ${isBlock ? "block" : "attribute"} "${key}"; ${expectedNames(key, candidates)}`,
  });
}
var NUMBER_LITERAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
function describeType(type) {
  if (typeof type === "string") return type === "dynamic" ? "any value" : type;
  switch (type[0]) {
    case "list":
    case "set":
    case "map":
      return `${type[0]} of ${describeType(type[1])}`;
    case "object":
      return `object {${Object.keys(type[1]).sort().join(", ")}}`;
    case "tuple":
      return `tuple [${type[1].map(describeType).join(", ")}]`;
  }
}
function describeJson(value) {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "string") {
    const shown = value.length > 40 ? `${value.slice(0, 37)}...` : value;
    return `string ${JSON.stringify(shown)}`;
  }
  if (typeof value === "number" || typeof value === "boolean") return `${typeof value} ${value}`;
  return typeof value;
}
function primitiveMatches(type, value) {
  switch (type) {
    // Terraform converts numbers and bools to their string form, so they are valid strings.
    case "string":
      return typeof value === "string" || typeof value === "number" || typeof value === "boolean";
    case "number":
      return typeof value === "number" || (typeof value === "string" && NUMBER_LITERAL.test(value));
    case "bool":
      return typeof value === "boolean" || value === "true" || value === "false";
  }
}
function checkValue(value, type, path, report) {
  if (value === null || value === void 0 || type === void 0 || type === "dynamic") return;
  const wrongType = () =>
    report({
      path,
      kind: "wrong-type",
      message: `"${path}" expects ${describeType(type)}, got ${describeJson(value)}`,
    });
  if (typeof type === "string") {
    if (!primitiveMatches(type, value)) wrongType();
    return;
  }
  switch (type[0]) {
    case "list":
    case "set":
      if (!Array.isArray(value)) {
        wrongType();
        return;
      }
      value.forEach((item, i) => {
        checkValue(item, type[1], indexPath(path, i), report);
      });
      return;
    case "map":
      if (!isPlainObject(value)) {
        wrongType();
        return;
      }
      for (const [key, item] of Object.entries(value))
        checkValue(item, type[1], keyPath(path, key), report);
      return;
    case "tuple":
      if (!Array.isArray(value) || value.length !== type[1].length) {
        wrongType();
        return;
      }
      value.forEach((item, i) => {
        checkValue(item, type[1][i], indexPath(path, i), report);
      });
      return;
    case "object": {
      if (!isPlainObject(value)) {
        wrongType();
        return;
      }
      const fields = type[1];
      const optional2 = type[2] ?? [];
      for (const [key, item] of Object.entries(value)) {
        const fieldType = own(fields, key);
        if (fieldType === void 0) {
          report({
            path: joinPath(path, key),
            kind: "unknown-attribute",
            message: `unknown field "${key}" in "${path}"; ${expectedNames(key, Object.keys(fields))}`,
          });
        } else checkValue(item, fieldType, joinPath(path, key), report);
      }
      for (const name of Object.keys(fields)) {
        if (optional2.includes(name) || value[name] !== void 0) continue;
        report({
          path: joinPath(path, name),
          kind: "missing-required",
          message: `missing required field "${name}" (${describeType(fields[name])}) in "${path}"`,
        });
      }
      return;
    }
  }
}
function editDistance(a, b) {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_2, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.length][b.length];
}
var snakeCase = (name) => name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
function closestName(name, candidates) {
  if (candidates.includes(snakeCase(name))) return snakeCase(name);
  const budget = Math.max(1, Math.floor(name.length / 3));
  let best;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of [...candidates].sort()) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance <= budget && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}
function expectedNames(name, candidates) {
  const closest = closestName(name, candidates);
  if (closest !== void 0 && closest === snakeCase(name) && closest !== name) {
    return `did you mean ${JSON.stringify(closest)}? Options are written as in the provider's schema, in snake_case`;
  }
  if (closest !== void 0) return `did you mean ${JSON.stringify(closest)}?`;
  if (candidates.length === 0) return "nothing is accepted here";
  return `expected one of: ${[...candidates].sort().join(", ")}`;
}

// lib/environment/load.ts
function parseEnvironment(file, rawText, providerSchema = readProviderSchema) {
  const text2 = rawText.replace(/^\uFEFF/, "");
  if (text2.trim() === "") {
    return { ok: false, problems: [`${file}: the file is empty; expected a JSON object`] };
  }
  let data;
  try {
    data = JSON.parse(text2);
  } catch {
    return { ok: false, problems: [jsonSyntaxProblem(file, text2)] };
  }
  const problems = duplicateKeys(file, text2);
  const result = v2.safeParse(environmentSchema, data, { abortPipeEarly: true });
  if (!result.success) problems.push(...result.issues.map((issue) => describeIssue(file, issue)));
  const extraOptions = data?.connection?.extraOptions;
  if (isPlainObject(extraOptions) && Object.keys(extraOptions).length > 0) {
    problems.push(...extraOptionProblems(file, extraOptions, providerSchema()));
  }
  if (problems.length > 0 || !result.success) {
    const domain = data?.domain;
    return { ok: false, problems, ...(typeof domain === "string" ? { domain } : {}) };
  }
  return { ok: true, config: result.output };
}
function duplicateKeys(file, text2) {
  const problems = [];
  const scopes = [];
  (0, import_jsonc_parser.visit)(text2, {
    onObjectBegin: () => {
      scopes.push(/* @__PURE__ */ new Set());
    },
    onObjectEnd: () => {
      scopes.pop();
    },
    onObjectProperty: (property, _offset, _length, line, column, pathSupplier) => {
      const keys = scopes.at(-1);
      if (!keys) return;
      if (keys.has(property)) {
        const where = fieldPath([...pathSupplier(), property]);
        problems.push(
          `${file}:${line + 1}:${column + 1}: ${where}: duplicate key "${property}"; JSON would silently keep only the last value`,
        );
      }
      keys.add(property);
    },
  });
  return problems;
}
function jsonSyntaxProblem(file, text2) {
  const errors = [];
  (0, import_jsonc_parser.parse)(text2, errors, {
    disallowComments: true,
    allowTrailingComma: false,
  });
  const first = errors[0];
  if (first === void 0) return `${file}: invalid JSON`;
  const before = text2.slice(0, first.offset).split("\n");
  const line = before.length;
  const column = (before.at(-1)?.length ?? 0) + 1;
  const what = (0, import_jsonc_parser.printParseErrorCode)(first.error)
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .toLowerCase();
  return `${file}:${line}:${column}: invalid JSON: ${what}`;
}
function fieldPath(segments) {
  let out = "";
  for (const s of segments) {
    if (typeof s === "number") out += `[${s}]`;
    else out += out === "" ? String(s) : `.${String(s)}`;
  }
  return out === "" ? "(top level)" : out;
}
function show(value) {
  if (value === void 0) return "nothing";
  const json = (JSON.stringify(value) ?? String(value)).replace(
    /[\p{Cf}\p{Zl}\p{Zp}]/gu,
    (c) => `\\u${c.codePointAt(0)?.toString(16).padStart(4, "0")}`,
  );
  return json.length > 80 ? `${json.slice(0, 77)}...` : json;
}
function typeName(value) {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  return `a ${typeof value}`;
}
function choices(expected) {
  return (expected ?? "")
    .replace(/^\((.*)\)$/, "$1")
    .split(" | ")
    .join(", ");
}
function describeIssue(file, issue) {
  const keys = (issue.path ?? []).map((item) => item.key);
  const at = `${file}: ${fieldPath(keys)}`;
  const given = issue.input;
  switch (issue.type) {
    case "strict_object":
      if (issue.expected !== "never") return `${at}: is required (${expectation(issue)})`;
      return `${at}: unknown key ${show(keys.at(-1))}; allowed keys here: ${allowedKeys(issue).join(", ")}`;
    case "picklist":
    case "variant":
    case "literal":
      if (given === void 0 && issue.type === "variant" && !issue.message.startsWith("Invalid ")) {
        return `${at}: ${issue.message}`;
      }
      if (given === void 0) return `${at}: is required; one of: ${choices(issue.expected)}`;
      return `${at}: ${show(given)} is not allowed; allowed: ${choices(issue.expected)}`;
    case "min_value":
    case "max_value":
      return `${at}: ${show(given)} is out of range; must be ${issue.type === "min_value" ? "at least" : "at most"} ${String(issue.requirement)}`;
    case "max_length": {
      const max = String(issue.requirement);
      if (Array.isArray(given)) return `${at}: ${given.length} items are too many; at most ${max}`;
      return `${at}: ${show(given)} is too long; at most ${max} characters`;
    }
    case "string":
    case "number":
    case "boolean":
    case "array":
    case "object":
      if (given === void 0) return `${at}: is required (expected ${issue.expected})`;
      return `${at}: ${show(given)} is ${typeName(given)}; expected ${issue.expected}`;
    case "custom":
      if (given === void 0) return `${at}: is required (expected a JSON object)`;
      return `${at}: ${show(given)} is ${typeName(given)}; ${issue.message}`;
    default:
      if (given === void 0) return `${at}: ${issue.message}`;
      return `${at}: ${show(given)} ${issue.message}`;
  }
}
function containingObject(issue) {
  const path = issue.path ?? [];
  let schema = environmentSchema;
  for (const item of path.slice(0, -1)) {
    schema = objectSchema(schema, item.input)?.entries?.[String(item.key)];
  }
  return objectSchema(schema, path.at(-1)?.input);
}
function expectation(issue) {
  let schema = containingObject(issue)?.entries?.[String(issue.path?.at(-1)?.key)];
  while (schema?.wrapped) schema = schema.wrapped;
  const base2 = schema?.pipe?.[0] ?? schema;
  const rule = schema?.pipe?.find(
    (item) => item.kind === "validation" && typeof item.message === "string",
  );
  const type =
    base2?.expects === "Object" || base2?.expects === "unknown"
      ? "an object"
      : (base2?.expects ?? "a value");
  return rule
    ? `a ${type} that ${String(rule.message).replace(/^must be /, "is ")}`
    : `expected ${type}`;
}
function allowedKeys(issue) {
  return Object.keys(containingObject(issue)?.entries ?? {});
}
function unwrap(schema) {
  const s = schema;
  if (s?.wrapped) return unwrap(s.wrapped);
  if (s?.pipe)
    return unwrap(
      s.pipe.find((item) => {
        const step = item;
        return step.entries !== void 0 || step.type === "lazy" || step.type === "variant";
      }) ?? s.pipe[0],
    );
  return schema;
}
function objectSchema(schema, input) {
  let s = unwrap(schema);
  while (s?.type === "lazy" && s.getter) s = unwrap(s.getter(input));
  if (s?.type !== "variant") return s;
  const chosen = input?.[s.key ?? ""];
  return s.options?.map(unwrap).find((option) => option.entries?.[s.key ?? ""]?.literal === chosen);
}

// ../prof/pp.ts
var base = JSON.parse(require("node:fs").readFileSync("/work/main/environments/dev.json", "utf8"));
for (const pp of [
  void 0,
  {},
  { minLength: 14 },
  { model: "strict" },
  { model: "legacy", characterTypes: ["number"] },
  { model: "flexible", strength: "good" },
  { model: "flexible", characterTypes: ["number"] },
]) {
  const env = { ...base, connection: { ...base.connection, passwordPolicy: pp } };
  if (pp === void 0) delete env.connection.passwordPolicy;
  const r = parseEnvironment("dev.json", JSON.stringify(env));
  console.log(
    JSON.stringify(pp),
    "=>",
    r.ok ? "ok " + JSON.stringify(r.config.connection.passwordPolicy) : r.problems.join(" | "),
  );
  const created = { ...env, connection: { name: "Invitees", passwordPolicy: pp } };
  if (pp === void 0) delete created.connection.passwordPolicy;
  const r2 = parseEnvironment("dev.json", JSON.stringify(created));
  console.log(
    "   created =>",
    r2.ok ? "ok " + JSON.stringify(r2.config.connection.passwordPolicy) : r2.problems.join(" | "),
  );
}
//# sourceMappingURL=pp.js.map
