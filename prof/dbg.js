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

// ../prof/dbg.ts
var import_node_fs4 = require("node:fs");

// lib/operate/rehearse.ts
var import_node_fs3 = require("node:fs");
var import_node_os2 = require("node:os");
var import_node_path2 = __toESM(require("node:path"));

// lib/environment/load.ts
var import_jsonc_parser = require("jsonc-parser");
var v2 = __toESM(require("valibot"));

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
  /**
   * The "Redirect To" URL a template already has on an adopted tenant, by template name, so
   * that plans converge: the provider can neither clear one nor leave it unmanaged without a
   * change in every plan. Never needed otherwise: Universal Login ignores it for resets, and
   * tenants created since May 5, 2026 without an enterprise subscription may not set one.
   * @default {} (none set)
   */
  redirectTo: v.optional(
    strictObject2({
      reset_email: v.optional(url("page")),
      welcome_email: v.optional(url("page")),
      verify_email: v.optional(url("page")),
    }),
    {},
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

// lib/provider/stand-in/launch.ts
var import_node_child_process = require("node:child_process");
var import_node_fs = require("node:fs");
var import_node_net = require("node:net");
var import_node_os = require("node:os");
var import_node_path = __toESM(require("node:path"));
var SHARED_HOSTS_ENV = "AUTH0_STAND_IN_HOSTS";
var hostOfThisProcess;
var ownedHosts = /* @__PURE__ */ new Map();
var exitHookInstalled = false;
async function startStandInProvider(root, tenantFile, { dedicated = false, timeoutMs = 6e4 } = {}) {
  const host = dedicated
    ? await startHost(root, ownControlPath(), timeoutMs, "dedicated")
    : await sharedHost(root, timeoutMs);
  let log = "";
  const connection2 = await openSession(host, tenantFile, timeoutMs, (line) => {
    log += `${line}
`;
  });
  const closed = new Promise((resolve) => connection2.socket.once("close", () => resolve()));
  let stopped;
  const stop = () => {
    stopped ??= (async () => {
      connection2.socket.ref();
      connection2.socket.end();
      await closed;
      if (host.child) await endHost(host.child);
    })();
    return stopped;
  };
  return {
    tenantFile,
    env: { TF_REATTACH_PROVIDERS: connection2.reattach },
    stderr: () => log + host.stderr(),
    stop,
  };
}
function ownControlPath() {
  return import_node_path.default.join(
    (0, import_node_fs.mkdtempSync)(
      import_node_path.default.join((0, import_node_os.tmpdir)(), "auth0-stand-in-host-"),
    ),
    "control.sock",
  );
}
function sharedHost(root, timeoutMs) {
  const folder = process.env[SHARED_HOSTS_ENV];
  hostOfThisProcess ??= (
    folder
      ? workerHost(root, folder, timeoutMs)
      : startHost(root, ownControlPath(), timeoutMs, "process")
  ).catch((error) => {
    hostOfThisProcess = void 0;
    throw error;
  });
  return hostOfThisProcess;
}
async function workerHost(root, folder, timeoutMs) {
  (0, import_node_fs.mkdirSync)(folder, { recursive: true });
  const control = import_node_path.default.join(
    folder,
    `host-${process.env.JEST_WORKER_ID ?? process.pid}.sock`,
  );
  if (await answers(control)) return { control, stderr: () => "" };
  return startHost(root, control, timeoutMs, "worker");
}
function answers(control) {
  return new Promise((resolve) => {
    const socket = (0, import_node_net.connect)(control);
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}
async function startHost(root, control, timeoutMs, owner) {
  (0, import_node_fs.rmSync)(control, { force: true });
  const child = (0, import_node_child_process.spawn)(
    process.execPath,
    [
      import_node_path.default.join(root, "scripts", "run.mjs"),
      "scripts/stand-in-provider.ts",
      "--control",
      control,
    ],
    { cwd: root, stdio: ["pipe", "pipe", "pipe"], env: { ...process.env, NODE_OPTIONS: "" } },
  );
  let stderr = "";
  child.stderr?.on("data", (chunk) => {
    stderr += chunk.toString();
  });
  if (owner !== "worker") {
    ownedHosts.set(child, import_node_path.default.dirname(control));
    if (!exitHookInstalled) {
      exitHookInstalled = true;
      process.once("exit", () => {
        for (const [host, dir] of ownedHosts) {
          host.kill("SIGTERM");
          (0, import_node_fs.rmSync)(dir, { recursive: true, force: true });
        }
      });
    }
  }
  await new Promise((resolve, reject) => {
    let out = "";
    const fail = (why) => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(
        new Error(`the stand-in auth0 provider ${why}
${stderr}`),
      );
    };
    const timer = setTimeout(() => fail(`did not start within ${timeoutMs} ms`), timeoutMs);
    child.stdout?.on("data", (chunk) => {
      out += chunk.toString();
      if (out.includes("\n")) {
        clearTimeout(timer);
        child.removeAllListeners("exit");
        resolve();
      }
    });
    child.once("exit", (code, signal) =>
      fail(`exited before it was ready (${signal ?? `exit ${code}`})`),
    );
    child.once("error", (error) => fail(`could not be started: ${error.message}`));
  });
  if (owner === "dedicated") return { control, child, stderr: () => stderr };
  child.unref();
  for (const stream of [child.stdin, child.stdout, child.stderr]) {
    stream?.unref?.();
  }
  return { control, stderr: () => stderr };
}
async function endHost(child) {
  const dir = ownedHosts.get(child);
  ownedHosts.delete(child);
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child.once("exit", () => resolve()));
    child.stdin?.end();
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 2e3);
    await exited;
    clearTimeout(timer);
  }
  if (dir) (0, import_node_fs.rmSync)(dir, { recursive: true, force: true });
}
function openSession(host, tenantFile, timeoutMs, log) {
  return new Promise((resolve, reject) => {
    const socket = (0, import_node_net.connect)(host.control);
    let buffered = "";
    let settled = false;
    const fail = (why) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      reject(
        new Error(`the stand-in auth0 provider ${why}
${host.stderr()}`),
      );
    };
    const timer = setTimeout(() => fail(`did not answer within ${timeoutMs} ms`), timeoutMs);
    socket.on("data", (chunk) => {
      buffered += chunk.toString();
      let newline = buffered.indexOf("\n");
      while (newline >= 0) {
        const message = JSON.parse(buffered.slice(0, newline));
        buffered = buffered.slice(newline + 1);
        newline = buffered.indexOf("\n");
        if (message.log !== void 0) log(message.log);
        else if (message.error !== void 0) fail(`refused the tenant: ${message.error}`);
        else if (message.reattach && !settled) {
          settled = true;
          clearTimeout(timer);
          resolve({ socket, reattach: JSON.stringify(message.reattach) });
        }
      }
    });
    socket.once("error", (error) => fail(`is not reachable: ${error.message}`));
    socket.once("close", () => fail("closed the session before it was ready"));
    socket.once("connect", () =>
      socket.write(`${JSON.stringify({ tenant: tenantFile })}
`),
    );
    socket.unref();
  });
}

// lib/provider/stand-in/seed.ts
var OTHER_ACTION_ID = "0e8d0c6a-5b1f-4c2e-9d3a-7f6e5d4c3b2a";
var OTHER_BINDING_ID = `post-user-registration::${OTHER_ACTION_ID}`;
var OTHER_LOGIN_ACTION_ID = "5c4b3a29-1807-4f6e-8d5c-4b3a29180706";
var OTHER_LOGIN_BINDING_ID = `post-login::${OTHER_LOGIN_ACTION_ID}`;

// lib/provider/stand-in/tenant.ts
var import_node_fs2 = require("node:fs");

// lib/provider/stand-in/values.ts
var import_msgpack = require("@msgpack/msgpack");
var UNKNOWN = /* @__PURE__ */ Symbol("unknown");
var UNKNOWN_EXT = 0;
var REFINED_UNKNOWN_EXT = 12;
var codec = new import_msgpack.ExtensionCodec();
codec.register({
  type: UNKNOWN_EXT,
  encode: (input) => (input === UNKNOWN ? new Uint8Array([0]) : null),
  decode: () => UNKNOWN,
});
codec.register({ type: REFINED_UNKNOWN_EXT, encode: () => null, decode: () => UNKNOWN });
var encoder = new import_msgpack.Encoder({ extensionCodec: codec, ignoreUndefined: false });

// lib/provider/stand-in/tenant.ts
function readTenant(file) {
  const parsed = JSON.parse((0, import_node_fs2.readFileSync)(file, "utf8"));
  return { ...parsed, resources: parsed.resources ?? {} };
}
function writeTenant(file, tenant) {
  const tmp = `${file}.${process.pid}.tmp`;
  (0, import_node_fs2.writeFileSync)(
    tmp,
    `${JSON.stringify(tenant, null, 2)}
`,
  );
  (0, import_node_fs2.renameSync)(tmp, file);
}

// lib/operate/plan/format.ts
var v3 = __toESM(require("valibot"));
var PLAN_ACTIONS = ["no-op", "create", "read", "update", "delete", "forget"];
var actions = v3.pipe(
  v3.array(
    v3.picklist(
      PLAN_ACTIONS,
      (issue) =>
        // An unknown verb could be a new way of destroying something: refusing beats guessing.
        `unknown action ${issue.received} (this summary knows ${PLAN_ACTIONS.join(", ")}); update lib/operate/plan/format.ts before trusting the plan`,
    ),
  ),
  v3.minLength(1, "is empty; every change names at least one action"),
);
var path2 = v3.array(v3.union([v3.string(), v3.number()], "path steps are strings or numbers"));
var change = v3.looseObject({
  actions,
  // Values are never validated or printed: they are whatever the provider holds, secrets too.
  before: v3.optional(v3.unknown()),
  after: v3.optional(v3.unknown()),
  after_unknown: v3.optional(v3.unknown()),
  before_sensitive: v3.optional(v3.unknown()),
  after_sensitive: v3.optional(v3.unknown()),
  replace_paths: v3.nullish(v3.array(path2)),
  importing: v3.nullish(
    v3.looseObject({
      id: v3.optional(v3.string()),
      unknown: v3.optional(v3.boolean()),
    }),
  ),
});
var resourceChange = v3.looseObject({
  address: v3.pipe(v3.string(), v3.nonEmpty("is empty")),
  previous_address: v3.optional(v3.string()),
  module_address: v3.optional(v3.string()),
  mode: v3.picklist(["managed", "data"]),
  type: v3.pipe(v3.string(), v3.nonEmpty("is empty")),
  name: v3.string(),
  deposed: v3.optional(v3.string()),
  action_reason: v3.optional(v3.string()),
  change,
});
var outputChange = v3.looseObject({ actions });
var plan = v3.looseObject({
  format_version: v3.pipe(
    v3.string(),
    v3.regex(/^\d+\.\d+$/, (issue) => `expected "<major>.<minor>", got ${issue.received}`),
    v3.check(
      // The regex above reports malformed versions; this one only judges the major.
      (version) => !/^\d+\.\d+$/.test(version) || version.split(".")[0] === "1",
      (issue) =>
        `${issue.received} is not supported: this summary reads the JSON plan format 1.x, and a new major version is incompatible by definition`,
    ),
  ),
  terraform_version: v3.optional(v3.string()),
  // Terraform omits these when empty (Go `omitempty`), so absent means "none".
  resource_changes: v3.nullish(v3.array(resourceChange)),
  resource_drift: v3.nullish(v3.array(resourceChange)),
  output_changes: v3.nullish(v3.record(v3.string(), outputChange)),
  errored: v3.optional(v3.boolean()),
  complete: v3.optional(v3.boolean()),
  applyable: v3.optional(v3.boolean()),
});

// lib/operate/terraform-process.ts
var import_node_child_process2 = require("node:child_process");
var terraformMissing = (binary) =>
  `${binary} was not found on PATH: install Terraform >= 1.11 (or OpenTofu >= 1.11 and set TERRAFORM_BINARY_NAME=tofu)`;
var TerraformNotFound = class extends Error {};
var running = /* @__PURE__ */ new Set();
function killTerraforms() {
  for (const child of running) child.kill("SIGKILL");
}
process.once("exit", killTerraforms);
function runTerraform(binary, dir, args, env, { timeoutMs = 12e4 } = {}) {
  return new Promise((resolve, reject) => {
    const child = (0, import_node_child_process2.spawn)(binary, [`-chdir=${dir}`, ...args], {
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    running.add(child);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk.toString();
    });
    const timer = setTimeout(() => {
      stderr += `
${binary} ${args[0]} did not finish within ${timeoutMs / 1e3} s and was stopped
`;
      child.kill("SIGKILL");
    }, timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      running.delete(child);
      reject(error.code === "ENOENT" ? new TerraformNotFound(terraformMissing(binary)) : error);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      running.delete(child);
      resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr });
    });
  });
}

// lib/operate/rehearse.ts
var openDirs = /* @__PURE__ */ new Set();
process.once("exit", () => {
  for (const dir of openDirs) (0, import_node_fs3.rmSync)(dir, { recursive: true, force: true });
});
var initialized = /* @__PURE__ */ new Map();
function filesUnder(root, folder) {
  return (0, import_node_fs3.readdirSync)(import_node_path2.default.join(root, folder), {
    recursive: true,
    encoding: "utf8",
  })
    .map((file) => import_node_path2.default.join(folder, file))
    .filter((file) =>
      (0, import_node_fs3.statSync)(import_node_path2.default.join(root, file)).isFile(),
    )
    .map((file) => [
      file,
      (0, import_node_fs3.readFileSync)(import_node_path2.default.join(root, file)),
    ]);
}
var PLACEHOLDER = "rehearsal-placeholder";
var Rehearsal = class _Rehearsal {
  constructor(dir, env, provider, binary, ownsProvider) {
    this.dir = dir;
    this.env = env;
    this.provider = provider;
    this.binary = binary;
    this.ownsProvider = ownsProvider;
  }
  dir;
  env;
  provider;
  binary;
  ownsProvider;
  static async open(options) {
    const dir = (0, import_node_fs3.mkdtempSync)(
      import_node_path2.default.join((0, import_node_os2.tmpdir)(), "auth0-rehearsal-"),
    );
    openDirs.add(dir);
    try {
      const tenantFile =
        options.provider?.tenantFile ?? import_node_path2.default.join(dir, "tenant.json");
      writeTenant(tenantFile, options.tenant);
      const cliConfig = import_node_path2.default.join(dir, "terraform.rc");
      (0, import_node_fs3.writeFileSync)(cliConfig, "disable_checkpoint = true\n");
      const provider = options.provider ?? (await startStandInProvider(options.root, tenantFile));
      const env = {
        PATH: process.env.PATH ?? "",
        HOME: dir,
        TF_CLI_CONFIG_FILE: cliConfig,
        CHECKPOINT_DISABLE: "1",
        TF_IN_AUTOMATION: "1",
        TF_INPUT: "0",
        ...provider.env,
      };
      const rehearsal = new _Rehearsal(
        dir,
        env,
        provider,
        options.binary ?? "terraform",
        options.provider === void 0,
      );
      rehearsal.writeStack(options.stack);
      return rehearsal;
    } catch (error) {
      (0, import_node_fs3.rmSync)(dir, { recursive: true, force: true });
      openDirs.delete(dir);
      throw error;
    }
  }
  /** Writes the stack's JSON, with its state kept in this directory whatever backend it names. */
  writeStack(stack) {
    const json = structuredClone(stack);
    json.terraform = { ...json.terraform, backend: { local: { path: "terraform.tfstate" } } };
    delete json.terraform.cloud;
    (0, import_node_fs3.writeFileSync)(
      import_node_path2.default.join(this.dir, "cdk.tf.json"),
      `${JSON.stringify(json, null, 2)}
`,
    );
    this.variables = Object.fromEntries(
      Object.keys(json.variable ?? {}).map((v4) => [`TF_VAR_${v4}`, PLACEHOLDER]),
    );
  }
  /** TF_VAR_<name> = PLACEHOLDER for every variable the stack declares. */
  variables = {};
  /**
   * `terraform init` here, run for real once per process and binary: every rehearsal has the
   * same local backend and attaches to the stand-in, so what init writes (`.terraform/`, the
   * backend's settings) is the same for all, and later workspaces get a copy of it.
   */
  async init() {
    const known = await initialized.get(this.binary);
    if (known) {
      for (const [file, contents] of known) {
        (0, import_node_fs3.mkdirSync)(
          import_node_path2.default.dirname(import_node_path2.default.join(this.dir, file)),
          { recursive: true },
        );
        (0, import_node_fs3.writeFileSync)(
          import_node_path2.default.join(this.dir, file),
          contents,
        );
      }
      return { code: 0, stdout: "", stderr: "" };
    }
    const result = this.terraform(["init", "-input=false", "-no-color"]);
    const written = result.then((r) =>
      r.code === 0 ? filesUnder(this.dir, ".terraform") : void 0,
    );
    if (!initialized.has(this.binary)) {
      initialized.set(this.binary, written);
      written.then(
        (files) => files ?? initialized.delete(this.binary),
        () => initialized.delete(this.binary),
      );
    }
    return result;
  }
  /** Runs terraform here; `env` adds to (or overrides) the rehearsal's environment. */
  terraform(args, env = {}) {
    return runTerraform(this.binary, this.dir, args, { ...this.variables, ...this.env, ...env });
  }
  /** The simulated tenant's file, which its stand-in reads on every call. */
  get tenantFile() {
    return this.provider.tenantFile;
  }
  tenant() {
    return readTenant(this.tenantFile);
  }
  setTenant(tenant) {
    writeTenant(this.tenantFile, tenant);
  }
  /**
   * What the stand-in wrote to the tenant that the plan did not show (tenant.ts `unplanned`),
   * one line each, named by Terraform address where the state knows the object.
   */
  unplannedChanges() {
    const changes = this.tenant().unplanned ?? [];
    if (changes.length === 0) return [];
    const addresses = /* @__PURE__ */ new Map();
    const statePath = import_node_path2.default.join(this.dir, "terraform.tfstate");
    if ((0, import_node_fs3.existsSync)(statePath)) {
      const state = JSON.parse((0, import_node_fs3.readFileSync)(statePath, "utf8"));
      for (const r of state.resources ?? []) {
        for (const instance of r.instances) {
          if (instance.attributes?.id) {
            addresses.set(`${r.type}\0${instance.attributes.id}`, `${r.type}.${r.name}`);
          }
        }
      }
    }
    const show = (value) => {
      const text2 = JSON.stringify(value) ?? "null";
      return text2.length > 100 ? `${text2.slice(0, 97)}...` : text2;
    };
    return changes.map(
      (c) =>
        `${addresses.get(`${c.type}\0${c.id}`) ?? `${c.type} ${c.id}`}: ${c.path}: planned ${show(c.planned)}, the tenant holds ${show(c.stored)}`,
    );
  }
  providerLog() {
    return this.provider.stderr();
  }
  async close() {
    if (this.ownsProvider) await this.provider.stop();
    (0, import_node_fs3.rmSync)(this.dir, { recursive: true, force: true });
    openDirs.delete(this.dir);
  }
};

// ../prof/dbg.ts
async function main() {
  const stack = JSON.parse(
    (0, import_node_fs4.readFileSync)("/work/main/cdktf.out/stacks/dev/cdk.tf.json", "utf8"),
  );
  const tenant = JSON.parse(
    (0, import_node_fs4.readFileSync)(
      "/work/main/__tests__/fixtures/tenants/older-tenant.json",
      "utf8",
    ),
  );
  const r = await Rehearsal.open({ root: "/work/main", stack, tenant });
  await r.init();
  const a = await r.terraform(["apply", "-input=false", "-auto-approve", "-no-color"]);
  console.log("apply", a.code, a.stderr.slice(0, 500));
  console.log("unplanned", JSON.stringify(r.tenant().unplanned, null, 1)?.slice(0, 2e3));
  await r.terraform(["plan", "-input=false", "-out=tfplan", "-no-color"]);
  const s = await r.terraform(["show", "-json", "tfplan"]);
  const plan2 = JSON.parse(s.stdout);
  for (const rc of plan2.resource_changes)
    if (rc.change.actions[0] !== "no-op") {
      const b = rc.change.before,
        af = rc.change.after;
      for (const k of Object.keys(af))
        if (JSON.stringify(b[k]) !== JSON.stringify(af[k]))
          console.log(
            rc.address,
            k,
            JSON.stringify(b[k])?.slice(0, 100),
            "->",
            JSON.stringify(af[k])?.slice(0, 100),
          );
    }
  await r.close();
}
main();
//# sourceMappingURL=dbg.js.map
