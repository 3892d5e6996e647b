import * as v from "valibot";

// One environment file = one Auth0 tenant. Every object is strict so a typo in a key is an
// error instead of a silently ignored setting. Defaults are the safe choice for a live tenant.
// (Valibot rather than zod: it loads in ~13 ms instead of ~65 ms, and the app command runs
// on every cdktf synth/plan/apply.)

export const DEFAULT_CONNECTION_NAME = "Username-Password-Authentication";

/** Auth0's own default; the same lifetime applies to invitations and ordinary resets. */
export const DEFAULT_LINK_LIFETIME_SECONDS = 432_000;
/** An invitee needs time to open the mail; below an hour invitations expire unread. */
export const MIN_LINK_LIFETIME_SECONDS = 3_600;
/** Auth0 caps password-change links at 30 days. */
export const MAX_LINK_LIFETIME_SECONDS = 2_592_000;

export const APP_TYPES = ["regular_web", "spa", "native"] as const;
export const INVITE_STATES = ["bound", "unbound", "removed"] as const;
export const PASSWORD_STRENGTHS = ["none", "low", "fair", "good", "excellent"] as const;

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// Valibot's object and record schemas accept arrays ([] would pass as an empty object).
const plainObject = v.custom<Record<string, unknown>>(isPlainObject, "must be a JSON object");

function strictObject<const E extends v.ObjectEntries>(entries: E) {
  return v.pipe(plainObject, v.strictObject(entries));
}

export const HOSTNAME = /^(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const hostname = v.pipe(
  v.string(),
  v.regex(
    HOSTNAME,
    "must be a lower-case host name such as example-dev.eu.auth0.com (no https://, no path)",
  ),
);

const EMAIL_MESSAGE = "must be an email address such as support@example.com";
const email = v.pipe(v.string(), v.email(EMAIL_MESSAGE));

// `Name <address>` is what Auth0 accepts in a template's From field besides a bare address.
const sender = v.pipe(
  v.string(),
  v.check((value) => {
    const named = /^[^<>"\r\n]+ <([^<>\s]+)>$/.exec(value);
    return v.is(email, named ? named[1] : value);
  }, "must be an email address or `Display Name <address@example.com>`"),
);

function parsedUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

const httpsUrl = v.pipe(
  v.string(),
  v.check(
    (value) => parsedUrl(value)?.protocol === "https:" && !/\s/.test(value),
    "must be an https:// URL without spaces (Auth0 rejects plain http here)",
  ),
);

// Web origins are scheme://host[:port] only; Auth0 rejects paths, queries and a trailing slash.
const webOrigin = v.pipe(
  v.string(),
  v.check((value) => {
    const url = parsedUrl(value);
    return url?.protocol === "https:" && url.origin === value;
  }, "must be an https origin such as https://app.example.com (no path, no trailing slash)"),
);

// Auth0 accepts http:// only for loopback callbacks during development.
const callbackUrl = v.pipe(
  v.string(),
  v.check((value) => {
    const url = parsedUrl(value);
    if (url === undefined || url.username || url.password || url.hash || /\s/.test(value)) {
      return false;
    }
    return (
      url.protocol === "https:" ||
      (url.protocol === "http:" && ["localhost", "127.0.0.1"].includes(url.hostname))
    );
  }, "must be an https:// URL (no user:password@, no #fragment), or http://localhost / http://127.0.0.1 for development"),
);

// No control characters: these values end up in email subjects and headers.
const text = (what: string, max: number) =>
  v.pipe(
    v.string(),
    v.check((value) => value.trim() !== "", `must be a non-empty ${what}`),
    v.check(
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it rejects
      (value) => !/[\u0000-\u001f\u007f]/.test(value),
      `must be a ${what} without control characters (tabs, line breaks)`,
    ),
    // Checked on the value as written (so messages show it), used without surrounding spaces.
    v.trim(),
    v.maxLength(max),
  );

const int = (min: number, max: number) =>
  v.pipe(v.number(), v.integer("must be a whole number"), v.minValue(min), v.maxValue(max));

const passwordPolicy = strictObject({
  /** Auth0's strength levels; `good` = 8+ chars with 3 of 4 character classes. */
  strength: v.optional(v.picklist(PASSWORD_STRENGTHS), "good"),
  minLength: v.optional(int(8, 128), 12),
  /** How many previous passwords may not be reused; 0 turns the check off. */
  history: v.optional(int(0, 24), 5),
  noPersonalInfo: v.optional(v.boolean(), true),
  dictionary: v.optional(v.boolean(), true),
});

/** Options the typed fields above manage; extraOptions may not set them. */
export const MANAGED_CONNECTION_OPTIONS = [
  "disable_signup",
  "brute_force_protection",
  "requires_username",
  "disable_self_service_change_password",
  "password_policy",
  "password_complexity_options",
  "password_history",
  "password_no_personal_info",
  "password_dictionary",
  // The flexible policy must not be mixed with the legacy password fields set above.
  "password_options",
] as const;

const connection = strictObject({
  // Auth0's rule for connection names; the name also goes into a Liquid string in reset_email.
  name: v.optional(
    v.pipe(
      v.string(),
      v.regex(
        /^[A-Za-z0-9](?:-?[A-Za-z0-9])*$/,
        "must be a connection name: letters, digits and single hyphens, not starting or ending with one",
      ),
      v.maxLength(128),
    ),
    DEFAULT_CONNECTION_NAME,
  ),
  id: v.optional(
    v.pipe(
      v.string(),
      v.regex(
        /^con_[A-Za-z0-9]{16}$/,
        "must be a connection id: con_ followed by 16 letters or digits",
      ),
    ),
  ),
  disableSignup: v.optional(v.boolean(), true),
  bruteForceProtection: v.optional(v.boolean(), true),
  requiresUsername: v.optional(v.boolean(), false),
  passwordPolicy: v.optional(passwordPolicy, {}),
  /**
   * Further `options` of the auth0_connection resource, in the provider's own (snake_case,
   * Terraform JSON) form. The provider replaces the whole options object on update, so an
   * adopted connection keeps a setting only if it is stated here or by a field above.
   */
  extraOptions: v.optional(
    v.pipe(
      plainObject,
      v.record(v.string(), v.unknown()),
      v.rawCheck(({ dataset, addIssue }) => {
        if (!dataset.typed) return;
        for (const key of Object.keys(dataset.value)) {
          if (!(MANAGED_CONNECTION_OPTIONS as readonly string[]).includes(key)) continue;
          addIssue({
            input: dataset.value[key],
            path: [
              {
                type: "object",
                origin: "value",
                input: dataset.value,
                key,
                value: dataset.value[key],
              },
            ],
            message:
              key === "password_options"
                ? "is not allowed: it cannot be mixed with the legacy password fields that connection.passwordPolicy sets"
                : "is not allowed here: it is set by the typed connection fields (disableSignup, bruteForceProtection, requiresUsername, passwordPolicy); self-service password change always stays on",
          });
        }
      }),
    ),
    {},
  ),
});

const MANAGED_APP_KEYS = [
  "name",
  "type",
  "callbacks",
  "logoutUrls",
  "webOrigins",
  "loginUrl",
] as const;
const application = v.pipe(
  strictObject({
    clientId: v.optional(
      v.pipe(v.string(), v.regex(/^[A-Za-z0-9]{32}$/, "must be a client id: 32 letters or digits")),
    ),
    name: v.optional(text("application name", 100)),
    type: v.optional(v.picklist(APP_TYPES)),
    callbacks: v.optional(v.array(callbackUrl)),
    logoutUrls: v.optional(v.array(callbackUrl)),
    webOrigins: v.optional(v.array(webOrigin)),
    loginUrl: v.optional(httpsUrl),
  }),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const app = dataset.value;
    const at = (key: string): [v.ObjectPathItem] => [
      { type: "object", origin: "value", input: app, key, value: app[key as keyof typeof app] },
    ];
    if (app.clientId !== undefined) {
      for (const key of MANAGED_APP_KEYS.filter((k) => app[k] !== undefined)) {
        addIssue({
          input: app[key],
          path: at(key),
          message:
            "is not allowed together with application.clientId: an existing application is referenced, not managed",
        });
      }
      return;
    }
    for (const key of (["name", "type", "loginUrl"] as const).filter((k) => app[k] === undefined)) {
      addIssue({
        input: undefined,
        path: at(key),
        message:
          "is required to create the application (or give application.clientId to use an existing one)",
      });
    }
  }),
);

// Credentials never appear here: they arrive as sensitive Terraform variables.
const defaultFromAddress = email;
const emailProvider = v.variant("name", [
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
  v.strictObject({
    name: v.literal("ses"),
    defaultFromAddress,
    region: v.pipe(
      v.string(),
      v.regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "must be an AWS region such as eu-west-1"),
    ),
  }),
  v.strictObject({
    name: v.literal("smtp"),
    defaultFromAddress,
    smtpHost: hostname,
    smtpPort: v.picklist([25, 465, 587, 2525]),
    smtpUser: text("SMTP user name", 320),
  }),
  v.strictObject({ name: v.literal("azure_cs"), defaultFromAddress }),
  v.strictObject({ name: v.literal("ms365"), defaultFromAddress }),
]);

const emailSettings = strictObject({
  /** Sender of every template, e.g. `Acme <no-reply@acme.example>`. */
  from: sender,
  productName: text("product name", 60),
  supportEmail: email,
  brandColor: v.optional(
    v.pipe(v.string(), v.regex(/^#[0-9a-fA-F]{6}$/, "must be a colour as #rrggbb, e.g. #1f6feb")),
    "#1f6feb",
  ),
  logoUrl: v.optional(httpsUrl),
  linkLifetimeSeconds: v.optional(
    int(MIN_LINK_LIFETIME_SECONDS, MAX_LINK_LIFETIME_SECONDS),
    DEFAULT_LINK_LIFETIME_SECONDS,
  ),
});

const invite = strictObject({
  /** Action names are unique per tenant; change it if the tenant already has one by this name. */
  actionName: v.optional(text("Action name", 100), "send-invite"),
  /** Users whose email is in one of these domains get no invitation (e.g. test accounts). */
  skipEmailDomains: v.optional(v.array(hostname), []),
  /**
   * `bound`: the Action runs for every new user. `unbound`: it stays deployed but no longer
   * runs. `removed`: it is deleted. Auth0 refuses to delete a bound Action, so removal is two
   * applies: `unbound` first, then `removed`.
   */
  state: v.optional(v.picklist(INVITE_STATES), "bound"),
});

const resetPage = strictObject({
  /** Applying replaces any wording already customised for this prompt and language. */
  manageText: v.optional(v.boolean(), false),
  language: v.optional(v.picklist(["en"]), "en"),
});

// State holds the email provider's credentials and every setting of the tenant, so a remote
// backend is named here but reached with credentials from the environment (AWS_*, TF_TOKEN_*),
// never from this file: the objects are strict, so an access key here is an error.
const backend = v.variant("type", [
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
      v.regex(
        /^[A-Za-z0-9!_.*'()/-]+\.tfstate$/,
        "must be an object key ending in .tfstate, e.g. auth0/dev.tfstate (no spaces)",
      ),
      v.check((value) => !value.startsWith("/"), "must not start with /"),
    ),
    region: v.pipe(
      v.string(),
      v.regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "must be an AWS region such as eu-west-1"),
    ),
    /** Server-side encryption with this KMS key instead of the bucket's default key. */
    kmsKeyId: v.optional(
      v.pipe(v.string(), v.regex(/^\S+$/, "must be a KMS key id, ARN or alias")),
    ),
    /** Only while moving off DynamoDB locking; S3's own lock file is always used. */
    dynamodbTable: v.optional(
      v.pipe(v.string(), v.regex(/^[A-Za-z0-9_.-]{3,255}$/, "must be a DynamoDB table name")),
    ),
  }),
  v.strictObject({
    type: v.literal("hcp"),
    organization: v.pipe(
      v.string(),
      v.regex(/^[A-Za-z0-9_-]+$/, "must be an HCP Terraform organization name"),
    ),
    workspace: v.pipe(
      v.string(),
      v.regex(/^[A-Za-z0-9_-]{1,90}$/, "must be a workspace name: letters, digits, - and _"),
    ),
    /** Terraform Enterprise host. @default "app.terraform.io" */
    hostname: v.optional(hostname, "app.terraform.io"),
    project: v.optional(
      v.pipe(
        v.string(),
        v.regex(
          /^[A-Za-z0-9_-](?:[A-Za-z0-9 _-]{0,38}[A-Za-z0-9_-])?$/,
          "must be an HCP Terraform project name: up to 40 letters, digits, spaces, - and _",
        ),
      ),
    ),
  }),
]);

export const environmentSchema = v.pipe(
  strictObject({
    $schema: v.optional(v.string()),
    domain: hostname,
    connection: v.optional(connection, {}),
    application,
    emailProvider: v.optional(emailProvider),
    email: emailSettings,
    invite: v.optional(invite, {}),
    resetPage: v.optional(resetPage, {}),
    /**
     * Where this tenant comes in the apply workflow, which applies one tenant after another
     * and stops at the first failure: lower first, ties by name. @default 100
     */
    applyOrder: v.optional(int(0, 1000), 100),
    /** Where Terraform keeps this tenant's state. @default { type: "local" } */
    backend: v.optional(backend, { type: "local" }),
  }),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const { connection } = dataset.value;
    if (connection.name === DEFAULT_CONNECTION_NAME && connection.id === undefined) {
      addIssue({
        input: undefined,
        path: [
          {
            type: "object",
            origin: "value",
            input: dataset.value,
            key: "connection",
            value: connection,
          },
          { type: "object", origin: "value", input: connection, key: "id", value: undefined },
        ],
        message: `is required for ${DEFAULT_CONNECTION_NAME}: every tenant already has it, so it must be adopted by id (con_...), not created`,
      });
    }
  }),
);

export type EnvironmentConfig = v.InferOutput<typeof environmentSchema>;
export type EmailProviderConfig = NonNullable<EnvironmentConfig["emailProvider"]>;
export type ApplicationConfig = EnvironmentConfig["application"];
export type BackendConfig = EnvironmentConfig["backend"];
export type InviteState = (typeof INVITE_STATES)[number];
