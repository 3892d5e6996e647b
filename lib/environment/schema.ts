import { domainToASCII } from "node:url";
import * as v from "valibot";
import { parseUtcTime } from "../../actions/invitation";
import { DEFAULT_LANGUAGES, languageSubtag } from "../../actions/language";
import { outsideEmoji } from "../text/terminal";

// One environment file = one Auth0 tenant, and this schema is the one model of it: its output
// is what the stack consumes, so every default and every rule about an environment's values is
// stated here and nowhere else. Every object is strict so a typo in a key is an error instead
// of a silently ignored setting. Defaults are the safe choice for a live tenant. (Valibot
// rather than zod: it loads less code, and the app command runs on every cdktf
// synth/plan/apply.)

export const DEFAULT_CONNECTION_NAME = "Username-Password-Authentication";

/**
 * Applying replaces a connection's options whole, so the stack must state the password policy
 * in the model the tenant's connection uses: the other model's settings would be dropped
 * without the plan showing it. Only a connection the stack creates may take the default.
 */
const ADOPTED_MODEL_MESSAGE =
  'is required for an adopted connection (connection.id is set): say which password policy the tenant\'s connection uses, "flexible" (its options have password_options, as recently created connections do) or "legacy" (its options have passwordPolicy); docs/adopting.md#the-password-policy shows where to look';

/** Auth0's own default; the same lifetime applies to invitations and ordinary resets. */
export const DEFAULT_LINK_LIFETIME_SECONDS = 432_000;
/** An invitee needs time to open the mail; below an hour invitations expire unread. */
export const MIN_LINK_LIFETIME_SECONDS = 3_600;
/** Auth0 caps password-change links at 30 days. */
export const MAX_LINK_LIFETIME_SECONDS = 2_592_000;

export const APP_TYPES = ["regular_web", "spa", "native"] as const;
export const ACTION_STATES = ["bound", "unbound", "removed"] as const;
export const PASSWORD_STRENGTHS = ["none", "low", "fair", "good", "excellent"] as const;
export const EMAIL_PROVIDER_NAMES = [
  "sendgrid",
  "mandrill",
  "sparkpost",
  "mailgun",
  "ses",
  "smtp",
  "azure_cs",
  "ms365",
] as const;
/**
 * The languages Auth0's Universal Login can be set to, and so the tenant's enabled locales and
 * the prompt texts may name (the auth0 provider's documented values for a prompt's custom text
 * language, which it checks).
 */
export const UNIVERSAL_LOGIN_LOCALES: readonly string[] = [
  ...["am", "ar", "ar-EG", "ar-SA", "az", "bg", "bn", "bs", "ca-ES", "cnr", "cs", "cy", "da"],
  ...["de", "el", "en", "en-CA", "es", "es-419", "es-AR", "es-MX", "et", "eu-ES", "fa", "fi"],
  ...["fr", "fr-CA", "fr-FR", "gl-ES", "gu", "he", "hi", "hr", "hu", "hy", "id", "is", "it"],
  ...["ja", "ka", "kk", "kn", "ko", "lt", "lv", "mk", "ml", "mn", "mr", "ms", "my", "nb", "nl"],
  ...["nn", "no", "pa", "pl", "pt", "pt-BR", "pt-PT", "ro", "ru", "sk", "sl", "so", "sq", "sr"],
  ...["sv", "sw", "ta", "te", "th", "tl", "tr", "uk", "ur", "vi", "zgh", "zh-CN", "zh-HK"],
  ...["zh-MO", "zh-TW"],
];

export type EmailProviderName = (typeof EMAIL_PROVIDER_NAMES)[number];

/**
 * An environment's name: its file name without `.json`, and so its stack's. It becomes a folder
 * under cdktf.out/stacks, a state file name, a GitHub environment and a concurrency group.
 */
export const STACK_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// Valibot's object and record schemas accept arrays ([] would pass as an empty object).
const plainObject = v.custom<Record<string, unknown>>(isPlainObject, "must be a JSON object");

function strictObject<const E extends v.ObjectEntries>(entries: E) {
  return v.pipe(plainObject, v.strictObject(entries));
}

/**
 * Length and count limits, each from Auth0's documentation where it states one, otherwise from
 * the standard the value must meet anyway, otherwise a bound far above any real value that still
 * stops a pasted file or a runaway list before it reaches an apply. The table with sources:
 * docs/environment.md#limits.
 */
export const LIMITS = {
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
  /** Ours: objects and arrays nested in each other, far beyond any real file. */
  nesting: 64,
} as const;

/**
 * At most `max` characters, counted as Unicode code points: an emoji is one to a few of them
 * (👩‍💻 is three), never the two UTF-16 units JavaScript's `length` counts for one. Grapheme
 * clusters would match what people see more closely, but one cluster can hold any number of
 * code points (a letter under a thousand combining marks), so they would not bound a value;
 * code points do, and they are what JSON Schema's `maxLength` counts, so an editor and the
 * loader agree. Typed `max_length` so that the JSON Schema conversion and the messages read
 * it as the maximum length it is.
 */
export function maxCharacters<TInput extends string>(
  max: number,
  message?: string,
): v.BaseValidation<TInput, TInput, v.BaseIssue<unknown>> & {
  readonly type: "max_length";
  readonly requirement: number;
  readonly message: string | undefined;
} {
  return {
    kind: "validation",
    type: "max_length",
    reference: maxCharacters,
    async: false,
    expects: `<=${max}`,
    requirement: max,
    message,
    "~run"(dataset, config) {
      if (dataset.typed && characterCount(dataset.value) > max) {
        v._addIssue(this, "length", dataset, config, {
          received: `${characterCount(dataset.value)}`,
        });
      }
      return dataset;
    },
  };
}

/** Code points: what `maxCharacters` counts. */
export function characterCount(value: string): number {
  let count = 0;
  for (const _ of value) count++;
  return count;
}

/**
 * The schemes the WHATWG URL parser treats as special: they have a host, and the parser
 * rewrites their slashes and backslashes, so `https:/x` and `https:\\x` read as `https://x`.
 */
const SPECIAL_SCHEMES = ["http", "https", "ws", "wss", "ftp", "file"];
const SCRIPT_SCHEMES = ["javascript:", "data:", "vbscript:"];
/** Plain http is allowed on these hosts, for development (Auth0's quickstarts use them). */
const DEVELOPMENT_HOSTS = ["localhost", "127.0.0.1"];

/**
 * Where a URL field's value goes, which decides what it may be:
 * - `login`: application.loginUrl (`initiate_login_uri`): Auth0 requires https and refuses
 *   localhost ("Configure Default Login Routes": "it requires https and it cannot point to
 *   localhost").
 * - `logo`: email.logoUrl: every invitee's mail client loads it from its own machine.
 * - `redirect`: email.redirectTo: a link the email leads to.
 * - `callback`: application.callbacks and logoutUrls: https, or http on localhost for
 *   development, as Auth0's quickstarts configure them; a custom scheme only for a native
 *   application (checked with the application's type; the auth0 provider's client docs); never
 *   a fragment ("Auth0 removes everything after the hash and does not honor any fragments",
 *   Auth0 docs, Authorization Code Flow, redirect_uri).
 * - `origin`: application.webOrigins: an origin, https, or http on localhost for development
 *   (Auth0's SPA quickstarts set Allowed Web Origins to http://localhost:3000; Application
 *   Settings: paths, query strings and hashes "may, in fact, cause the match to fail").
 */
type UrlKind = "login" | "logo" | "redirect" | "callback" | "origin";

function parsedUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

/**
 * Whether a URL the rule accepted has a custom (non-special) scheme, such as com.example.app in
 * com.example.app://callback: read off the value as written, which the rule has parsed already.
 */
function hasCustomScheme(acceptedUrl: string): boolean {
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(acceptedUrl)?.[1].toLowerCase();
  return scheme !== undefined && !SPECIAL_SCHEMES.includes(scheme);
}

function isLoopback(url: URL): boolean {
  const host = url.hostname;
  return (
    host === "localhost" ||
    host.endsWith(".localhost") ||
    /^127(\.\d{1,3}){3}$/.test(host) ||
    host === "[::1]"
  );
}

/**
 * The one rule for every URL field: what is wrong with `value`, or undefined. The value is
 * parsed once, by the WHATWG URL parser (what browsers and Node use), and accepted only when
 * it is written as that parser reads it: what the stack writes is then exactly what was
 * checked, and a reviewer sees in the file what Auth0 will get. A URL that reads differently
 * (`HTTPS://HOST`, `:443`, `/a/../b`, a host in Unicode) is refused with the form to write;
 * the two differences the parser itself treats as the same URL stay allowed: the `/` of an
 * empty path (`https://app.example.com`) and the case of a custom scheme (Auth0's iOS guide
 * writes the bundle identifier as it is, e.g. com.example.MyApp://).
 */
function urlProblem(value: string, kind: UrlKind): string | undefined {
  const example = kind === "origin" ? "https://app.example.com" : "https://app.example.com/path";
  if (/[\s\p{Cc}]/u.test(value)) {
    return "must not contain spaces, line breaks or control characters";
  }
  // The parser would read a backslash as a slash; a server or Auth0 may not.
  if (value.includes("\\"))
    return `must not contain a backslash (\\): URLs use /, as in ${example}`;
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):(\/*)/.exec(value);
  if (scheme && SPECIAL_SCHEMES.includes(scheme[1].toLowerCase())) {
    // The parser would take the first path segment for the host (https:///login is https://login/).
    if (scheme[2].length > 2) {
      return `has no host: after ${scheme[1]}: come two slashes and the host, as in ${example}`;
    }
    if (scheme[2].length < 2) return `needs two slashes after ${scheme[1]}:, as in ${example}`;
  }
  const url = parsedUrl(value);
  if (url === undefined) {
    const port = /^[^:/?#]+:\/\/[^/?#]*:(\d+)(?:[/?#]|$)/.exec(value);
    if (port && Number(port[1]) > 65535) {
      return `has port ${port[1]}, which does not exist: ports go up to 65535`;
    }
    return `must be an absolute URL such as ${example}`;
  }
  if (SCRIPT_SCHEMES.includes(url.protocol)) {
    return `is a ${url.protocol} URL, which a browser runs or renders as content; only https:// URLs are allowed`;
  }
  if (url.username || url.password) {
    return "must not carry credentials (user:password@): anyone who sees the URL could read them";
  }
  const development = kind === "callback" || kind === "origin";
  const custom = !SPECIAL_SCHEMES.includes(url.protocol.slice(0, -1));
  if (url.protocol === "http:") {
    if (!development) return `must be an https:// URL (${HTTPS_REASON[kind]})`;
    if (!DEVELOPMENT_HOSTS.includes(url.hostname)) {
      return "must be an https:// URL, or http://localhost / http://127.0.0.1 for development";
    }
  } else if (url.protocol !== "https:") {
    if (kind !== "callback" || !custom) {
      return kind === "callback"
        ? `must be an https:// URL, or a custom scheme such as com.example.app:// for a native application; not ${url.protocol}`
        : `must be an https:// URL, not ${url.protocol}`;
    }
  }
  if (kind === "login" && isLoopback(url)) {
    return "must not point to localhost: Auth0 requires the Application Login URI to be https and not localhost";
  }
  if (kind === "logo" && isLoopback(url)) {
    return "must not point to localhost: each invitee's mail client loads the logo on their own machine";
  }
  if (kind === "callback" && value.includes("#")) {
    return "must not have a #fragment, not even an empty one: Auth0 drops everything after the # of a redirect URL (OAuth 2.0, RFC 6749 section 3.1.2)";
  }
  if (kind === "origin") {
    if (value === url.origin) return undefined;
    if (url.pathname !== "/" || url.search !== "" || value.includes("#") || value.includes("?")) {
      return `must be an origin such as ${example} (no path, query or fragment); Auth0 ignores them here or fails the match`;
    }
    return `is read as the origin ${url.origin}; write it that way (lower case, no default port, no trailing slash)`;
  }
  // A custom scheme's case is the app's own (the parser lower-cases it; the URL is the same).
  const asRead = custom ? value.replace(/^[^:]+/, (s) => s.toLowerCase()) : value;
  if (asRead === url.href || (url.pathname === "/" && `${asRead}/` === url.href)) return undefined;
  if (/["<>`]/.test(value)) {
    return `must not contain ", <, > or \`: a URL holds them only percent-encoded (the URL parser reads this one as ${url.href})`;
  }
  return `is read by a URL parser as ${url.href}; write it that way, so the file shows what Auth0 gets`;
}

const HTTPS_REASON: Record<Exclude<UrlKind, "callback" | "origin">, string> = {
  login: "Auth0 requires https for the Application Login URI",
  logo: "a logo loaded over plain http can be replaced on the way, and mail clients block it",
  redirect: "the email leads invitees there",
};

/** JSON Schema's view of a URL field: what a pattern can say without refusing a good value. */
const URL_PATTERN: Partial<Record<UrlKind, string>> = {
  login: "^https://",
  logo: "^https://",
  redirect: "^https://",
  origin: "^https?://[^/?#\\s]+$",
};

const url = (kind: UrlKind) =>
  v.pipe(
    v.string(),
    maxCharacters(LIMITS.url),
    v.check(
      (value) => urlProblem(value, kind) === undefined,
      (issue) => urlProblem(String(issue.input), kind) ?? "",
    ),
    v.metadata(URL_PATTERN[kind] === undefined ? {} : { pattern: URL_PATTERN[kind] }),
  );

const urls = (kind: UrlKind) => v.pipe(v.array(url(kind)), v.maxLength(LIMITS.urls));

// Unicode format characters (category Cf): bidi overrides and isolates, zero-width spaces and
// joiners, the byte-order mark, tags. Invisible in a dashboard or an inbox, they make a name
// read differently from what it is. Emoji sequences use joiners and tags to draw one picture
// (👩‍💻, 🏴󠁧󠁢󠁳󠁣󠁴󠁿), so inside an emoji Unicode recommends (RGI) they are allowed.
const formatCharacters = outsideEmoji(String.raw`\p{Cf}`);

function formatCharacterProblem(value: string): string | undefined {
  const expression = formatCharacters(value);
  if (expression === undefined) return undefined;
  for (const match of value.matchAll(expression)) {
    if (match[1] !== undefined) continue;
    const code = match[0].codePointAt(0)?.toString(16).toUpperCase().padStart(4, "0");
    const position = characterCount(value.slice(0, match.index)) + 1;
    return `must not contain invisible formatting characters (U+${code} at position ${position}): they make a name read differently from what it is`;
  }
  return undefined;
}

// Control characters and line or paragraph separators: these values end up in email subjects
// and headers, where a line break is a header injection.
const CONTROL = /[\p{Cc}\p{Zl}\p{Zp}]/u;

/**
 * One line of visible text: names, subjects, header values. At most `max` characters as
 * written (so an editor's JSON Schema and the loader agree); used without surrounding spaces.
 */
export const text = (what: string, max: number) =>
  v.pipe(
    v.string(),
    v.check((value) => value.trim() !== "", `must be a non-empty ${what}`),
    v.check(
      (value) => !CONTROL.test(value),
      `must be a ${what} without control characters (tabs, line breaks)`,
    ),
    v.check(
      (value) => formatCharacterProblem(value) === undefined,
      (issue) => formatCharacterProblem(String(issue.input)) ?? "",
    ),
    maxCharacters(max, `must be at most ${max} characters`),
    v.trim(),
  );

/**
 * A host name as DNS writes it: lower-case ASCII labels of letters, digits and inner hyphens
 * (`xn--` punycode labels included), ending in a top-level label of letters or punycode.
 */
export const HOSTNAME =
  /^(?=.{4,}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9](?:[a-z0-9-]{0,57}[a-z0-9])?)$/;

const HOSTNAME_MESSAGE =
  "must be a lower-case host name such as example-dev.eu.auth0.com (no https://, no path)";

/** What is wrong with a host name, with the form to write when there is one. */
function hostnameMessage(value: unknown): string {
  if (typeof value !== "string") return HOSTNAME_MESSAGE;
  // A host with letters such as ü is stored in DNS, and by Auth0, in its punycode form.
  if (/[^\x20-\x7e]/.test(value)) {
    const ascii = domainToASCII(value);
    if (ascii !== "" && HOSTNAME.test(ascii)) {
      return `must be written in ASCII: write its punycode form "${ascii}"`;
    }
  }
  if (value !== value.toLowerCase() && HOSTNAME.test(value.toLowerCase())) {
    return `must be in lower case: write "${value.toLowerCase()}"`;
  }
  return HOSTNAME_MESSAGE;
}

const hostname = v.pipe(
  v.string(),
  maxCharacters(LIMITS.hostname),
  v.regex(HOSTNAME, (issue) => hostnameMessage(issue.input)),
);

// An address a mail server delivers to: RFC 5322's dot-atom before the @ (letters, digits and
// !#$%&'*+/=?^_`{|}~-, dots only between them), and a host name with a top-level label after
// it, in any case. (Valibot's email() refuses `xn--` and `a--b` domains and o'brien@; its
// rfcEmail(), the HTML form rule, accepts a@localhost and a..b@.)
const ATEXT = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]";
const LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
const TOP_LABEL = "(?:[A-Za-z]{2,63}|[Xx][Nn]--[A-Za-z0-9](?:[A-Za-z0-9-]{0,57}[A-Za-z0-9])?)";
export const EMAIL = new RegExp(`^${ATEXT}+(?:\\.${ATEXT}+)*@(?:${LABEL}\\.)+${TOP_LABEL}$`);

const EMAIL_MESSAGE = "must be an email address such as support@example.com";

function emailMessage(value: unknown): string {
  if (typeof value !== "string") return EMAIL_MESSAGE;
  const at = value.lastIndexOf("@");
  const domain = value.slice(at + 1);
  if (at > 0 && /[^\x20-\x7e]/.test(domain)) {
    const ascii = domainToASCII(domain);
    if (ascii !== "" && EMAIL.test(`${value.slice(0, at)}@${ascii}`)) {
      return `must be written in ASCII: write the domain in its punycode form, ${value.slice(0, at)}@${ascii}`;
    }
  }
  return EMAIL_MESSAGE;
}

export const email = v.pipe(
  v.string(),
  maxCharacters(LIMITS.email, `must be at most ${LIMITS.email} characters`),
  v.regex(EMAIL, (issue) => emailMessage(issue.input)),
);

// Auth0 renders a template's From field as Liquid. A `{{`/`{%` here would run in every email
// (leaking user data into the sender, or one unclosed tag breaking every invitation), so it is
// refused rather than escaped: escaping would put the braces themselves in the From header.
const LIQUID = /\{\{|\{%/;

// RFC 5322's From: an address, or a display name and the address in <>. The name is either a
// quoted string ("Portal, Inc"), in which only " and \ are escaped, or words of letters,
// digits, spaces, dots and the characters an atom may hold; non-ASCII letters are allowed as
// RFC 6532 allows them. The specials ( ) < > [ ] : ; @ \ , " may appear only in quotes: an
// unquoted comma in a From header separates two addresses.
const NAMED_SENDER = /^(?:"((?:[^"\\]|\\.)*)"|([^"<>]*?)) *<([^<>\s]+)>$/;
const UNQUOTED_NAME = /^[^()<>[\]:;@\\,"]+$/;

function senderProblem(value: string): string | undefined {
  if (LIQUID.test(value)) {
    return "must not contain Liquid ({{ or {%): Auth0 renders the From field as Liquid for every email";
  }
  if (CONTROL.test(value)) return "must be one line without control characters";
  const named = NAMED_SENDER.exec(value);
  if (named === null) {
    if (EMAIL.test(value)) return undefined;
    return "must be an email address or `Display Name <address@example.com>`";
  }
  const [, quoted, unquoted, address] = named;
  const name = quoted ?? unquoted ?? "";
  if (unquoted !== undefined && !UNQUOTED_NAME.test(unquoted)) {
    const special = /[()<>[\]:;@\\,"]/.exec(unquoted)?.[0];
    const reason =
      special === ","
        ? "an unquoted comma separates two addresses in a From header"
        : `${special} may only appear in a quoted name`;
    return `has ${special === "," ? "a comma" : special} in the display name: ${reason}; put the name in double quotes: "${unquoted.trim()}" <${address}>`;
  }
  if (unquoted !== undefined && unquoted.trim() === "") {
    return "must be an email address or `Display Name <address@example.com>`";
  }
  const format = formatCharacterProblem(name);
  if (format) return format;
  if (!EMAIL.test(address)) {
    return `has no email address in <>: ${JSON.stringify(address)} ${emailMessage(address)}`;
  }
  return undefined;
}

// `Name <address>` is what Auth0 accepts in a template's From field besides a bare address.
const sender = v.pipe(
  v.string(),
  maxCharacters(LIMITS.from),
  v.check(
    (value) => senderProblem(value) === undefined,
    (issue) => senderProblem(String(issue.input)) ?? "",
  ),
);

const int = (min: number, max: number) =>
  v.pipe(v.number(), v.integer("must be a whole number"), v.minValue(min), v.maxValue(max));

export const PASSWORD_MODELS = ["flexible", "legacy"] as const;
export const CHARACTER_TYPES = ["uppercase", "lowercase", "number", "special"] as const;
export const CHARACTER_TYPE_RULES = ["all", "three_of_four"] as const;

/**
 * Auth0's legacy password policy: the connection's `passwordPolicy`, `password_history`,
 * `password_dictionary`, `password_no_personal_info` and `password_complexity_options`. Older
 * connections have it.
 */
const legacyPasswordPolicy = v.strictObject({
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

/**
 * Auth0's flexible password policy: the connection's `password_options`. Connections created
 * recently have it (and none of the legacy fields); the two cannot be mixed.
 */
const flexiblePasswordPolicy = v.pipe(
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

const passwordPolicy = v.pipe(
  plainObject,
  v.variant("model", [flexiblePasswordPolicy, legacyPasswordPolicy], ADOPTED_MODEL_MESSAGE),
);

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
  "password_options",
] as const;

/**
 * Auth0's rule for connection names. The name is also compared inside a Liquid string literal in
 * reset_email (see lib/email-templates/branding.ts), which is safe only because nothing this rule
 * lets through can end the literal or start markup.
 */
export const CONNECTION_NAME = /^[A-Za-z0-9](?:-?[A-Za-z0-9])*$/;

const connection = v.pipe(
  plainObject,
  // A connection the stack creates gets the flexible model unless the file names one; an
  // adopted one must say (the variant reports the model as missing).
  v.transform((input) => {
    const policy = input.passwordPolicy;
    if (policy === undefined) {
      return { ...input, passwordPolicy: input.id === undefined ? { model: "flexible" } : {} };
    }
    if (input.id === undefined && isPlainObject(policy) && !Object.hasOwn(policy, "model")) {
      return { ...input, passwordPolicy: { model: "flexible", ...policy } };
    }
    return input;
  }),
  v.strictObject({
    /** @default "Username-Password-Authentication" */
    name: v.optional(
      v.pipe(
        v.string(),
        maxCharacters(LIMITS.connectionName),
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
            if (!(MANAGED_CONNECTION_OPTIONS as readonly string[]).includes(key)) continue;
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
    const connection = dataset.value;
    if (connection.name === DEFAULT_CONNECTION_NAME && connection.id === undefined) {
      addIssue({
        input: undefined,
        path: [objectPathItem(connection, "id")],
        message: `is required for ${DEFAULT_CONNECTION_NAME}: every tenant already has it, so it must be adopted by id (con_...), not created`,
      });
    }
  }),
);

function objectPathItem(input: Record<string, unknown>, key: string): v.ObjectPathItem {
  return { type: "object", origin: "value", input, key, value: input[key] };
}

const clientId = v.pipe(
  v.string(),
  v.regex(/^[A-Za-z0-9]{32}$/, "must be a client id: 32 letters or digits"),
);

/** An application managed elsewhere: only its connection binding is added. */
const referencedApplication = v.pipe(
  strictObject({ clientId }),
  v.transform((app) => ({ ...app, kind: "referenced" as const })),
);

/** An application this stack creates and manages. */
const newApplicationFields = v.strictObject({
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
  loginUrl: url("login"),
});

/** An application this stack creates and manages. */
const newApplication = v.pipe(
  plainObject,
  newApplicationFields,
  // Only a native app receives a redirect on a custom scheme; the auth0 provider's client docs
  // (callbacks): "With the exception of custom URI schemes for native clients, all callbacks
  // should use protocol https://".
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed || dataset.value.type === "native") return;
    const app = dataset.value;
    for (const key of ["callbacks", "logoutUrls"] as const) {
      app[key].forEach((value, index) => {
        if (!hasCustomScheme(value)) return;
        addIssue({
          input: value,
          path: [
            objectPathItem(app, key),
            { type: "array", origin: "value", input: app[key], key: index, value },
          ],
          message: `has a custom scheme, which only a native application receives redirects on (application.type is "${app.type}"); use an https:// URL`,
        });
      });
    }
  }),
  v.transform((app) => ({ ...app, kind: "managed" as const })),
);

const NEW_APPLICATION_KEYS = Object.keys(newApplicationFields.entries);
const REQUIRED_NEW_APPLICATION_KEYS = ["name", "type", "loginUrl"];

// Which of the two an application is depends on whether it has a clientId; the check before
// the choice names the mix-ups a person makes, in their own terms. The parsed model says which
// in `kind`, which the file never states.
const application = v.pipe(
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
        input: undefined,
        path: [objectPathItem(app, key)],
        message:
          "is required to create the application (or give application.clientId to use an existing one)",
      });
    }
  }),
  v.lazy((input) =>
    isPlainObject(input) && Object.hasOwn(input, "clientId")
      ? referencedApplication
      : newApplication,
  ),
);

// Credentials never appear here: they arrive as sensitive Terraform variables.
const defaultFromAddress = email;
const awsRegion = v.pipe(
  v.string(),
  maxCharacters(LIMITS.awsRegion),
  v.regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "must be an AWS region such as eu-west-1"),
);
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

const emailSettings = strictObject({
  /** Sender of every template, e.g. `Acme <no-reply@acme.example>`. */
  from: sender,
  /** Shown in every email; escaped for HTML and made inert for Liquid on the way in. */
  productName: text("product name", LIMITS.productName),
  supportEmail: email,
  /** Button, accent bar and (when dark enough to read on white) links. @default "#1f6feb" */
  brandColor: v.optional(
    v.pipe(v.string(), v.regex(/^#[0-9a-fA-F]{6}$/, "must be a colour as #rrggbb, e.g. #1f6feb")),
    "#1f6feb",
  ),
  /** Header logo. @default - the header shows the product name as text */
  logoUrl: v.optional(url("logo")),
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
    strictObject({
      reset_email: v.optional(url("redirect")),
      welcome_email: v.optional(url("redirect")),
      verify_email: v.optional(url("redirect")),
    }),
    {},
  ),
});

const invite = strictObject({
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

/**
 * What is wrong with loginGate.invitedSince at `nowMs`, or undefined. A UTC time as ISO 8601
 * with a Z, to the second or millisecond (`2026-12-01T09:00:00Z`), read with the very function
 * the gate reads its INVITED_SINCE secret with. It may lie any time in the past, so a committed
 * file never starts failing as time passes; it may not lie in the future, where it would turn
 * the gate off until then without a word (users created before it are never gated). A time in
 * the future only ever becomes acceptable, never the other way round.
 */
export function invitedSinceProblem(value: string, nowMs: number): string | undefined {
  const since = parseUtcTime(value);
  if (since === undefined) return "must be a real UTC time such as 2026-12-01T09:00:00Z";
  if (since > nowMs) {
    return `is in the future (it is now ${new Date(nowMs).toISOString()}): until then the gate would let every invitee in. Set it to a time that has passed, or leave it out and terraform records the moment the gate is first applied`;
  }
  return undefined;
}

const UTC_TIME_PATTERN = "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,3})?Z$";

const invitedSince = v.pipe(
  v.string(),
  v.check(
    (value) => invitedSinceProblem(value, Date.now()) === undefined,
    (issue) => invitedSinceProblem(String(issue.input), Date.now()) ?? "",
  ),
  v.metadata({ pattern: UTC_TIME_PATTERN }),
);

const loginGate = strictObject({
  /**
   * Action names are unique per tenant; change it if the tenant already has one by this name.
   * @default "invite-login-gate"
   */
  actionName: v.optional(text("Action name", LIMITS.actionName), "invite-login-gate"),
  /**
   * Users of the connection created before this time are never gated, verified or not: the
   * users an adopted connection had before the flow. Only a time that has passed: one still to
   * come would let in every user created until then (a far-off one turns the gate off for good).
   * Nothing refuses a time for how far back it lies, so a committed file never starts failing
   * as time passes. @default - for an adopted connection, the moment terraform first applies
   * the gate (recorded in state, output login_gate_invited_since); for a created one, none:
   * every invitee is gated
   */
  invitedSince: v.optional(invitedSince),
  /** As `invite.state`. @default "bound" */
  state: v.optional(v.picklist(ACTION_STATES), "bound"),
});

const resetPage = strictObject({
  /**
   * Manage the wording of the hosted reset-password pages, in each of `languages` (for each
   * of `tenantLocales` of that language). Applying replaces any wording already customised
   * for this prompt and those languages. @default false
   */
  manageText: v.optional(v.boolean(), false),
  /**
   * Superseded by the top-level `languages`, which the page text follows. Still accepted when
   * it names the default language, so older files keep working.
   * @default - the default language
   */
  language: v.optional(v.string()),
});

/**
 * What is wrong with `value` as one of an environment's languages, or undefined: a language
 * subtag (`de`), as BCP 47 writes it canonically. A regional tag is served by its language, so
 * it has no place in the list.
 */
function languageProblem(value: string): string | undefined {
  let canonical: string;
  try {
    [canonical] = Intl.getCanonicalLocales(value);
  } catch {
    return "is not a BCP 47 language tag; name a language such as de or fr";
  }
  const language = new Intl.Locale(canonical).language;
  if (canonical !== language) {
    return `names more than a language; list ${language}, which serves ${canonical} and every other ${language}-... tag`;
  }
  if (value !== language) return `must be written ${language}`;
  return undefined;
}

const languages = v.pipe(
  v.array(
    v.pipe(
      v.string(),
      v.check(
        (value) => languageProblem(value) === undefined,
        (issue) => languageProblem(String(issue.input)) ?? "",
      ),
    ),
  ),
  v.minLength(1, "must name at least one language (the first is the default)"),
  v.check((list) => new Set(list).size === list.length, "must name each language once"),
);

const tenantLocales = v.pipe(
  v.array(v.picklist(UNIVERSAL_LOGIN_LOCALES)),
  v.minLength(1, "must name at least one locale (the first is the tenant's default)"),
  v.check((list) => new Set(list).size === list.length, "must name each locale once"),
);

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
      maxCharacters(1024),
      v.regex(
        /^[A-Za-z0-9!_.*'()/-]+\.tfstate$/,
        "must be an object key ending in .tfstate, e.g. auth0/dev.tfstate (no spaces)",
      ),
      v.check((value) => !value.startsWith("/"), "must not start with /"),
    ),
    region: awsRegion,
    /** Server-side encryption with this KMS key. @default - the bucket's default key */
    kmsKeyId: v.optional(
      v.pipe(
        v.string(),
        maxCharacters(2048),
        v.regex(/^\S+$/, "must be a KMS key id, ARN or alias"),
      ),
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
      maxCharacters(255),
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

const environmentFields = strictObject({
  /** For editors: a JSON schema's URL or path; not used here. */
  $schema: v.optional(v.pipe(v.string(), maxCharacters(LIMITS.url))),
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
   * The languages invitees read, as language subtags; the first is the default, for users
   * whose `user_metadata.language` (`de-AT` counts as `de`) is not among them or not set.
   * Each needs a catalogue in email-templates/messages/ (and, with resetPage.manageText, a page
   * text in prompts/). @default ["en"]
   */
  languages: v.optional(languages, [...DEFAULT_LANGUAGES]),
  /**
   * The Universal Login languages enabled in the tenant's settings (`enabled_locales`, Tenant
   * Settings > General > Languages), as they are there, the tenant's default first. They are
   * tenant-wide: they decide the language of every application's login and reset pages, so
   * the stack never changes them; it writes the reset page's text for each of them whose
   * language is in `languages`, and needs one for each language. Required once `languages`
   * is not the default.
   * @default - not stated: only the default language, whose page text goes to that language's
   * own code
   */
  tenantLocales: v.optional(tenantLocales),
  /**
   * Where this tenant comes in the apply workflow, which applies one tenant after another
   * and stops at the first failure: lower first, ties by name. @default 100
   */
  applyOrder: v.optional(int(0, 1000), 100),
  /** Where Terraform keeps this tenant's state. @default { type: "local" } */
  backend: v.optional(backend, { type: "local" }),
});

export const environmentSchema = v.pipe(
  environmentFields,
  // The stack creates both Actions on one tenant, which holds one Action per name: the second
  // would fail to be created (409), after the first apply had already changed the tenant.
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const env = dataset.value;
    if (env.loginGate.actionName !== env.invite.actionName) return;
    addIssue({
      input: env.loginGate.actionName,
      path: [objectPathItem(env, "loginGate"), objectPathItem(env.loginGate, "actionName")],
      message: `is also invite.actionName: a tenant has one Action per name, so the second Action could not be created; give the login gate its own name (by default "invite-login-gate")`,
    });
  }),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const env = dataset.value;
    if (env.customDomain === undefined || env.customDomain !== env.domain) return;
    addIssue({
      input: env.customDomain,
      path: [objectPathItem(env, "customDomain")],
      message: `must not be the tenant's own domain: leave customDomain out to use ${env.domain}`,
    });
  }),
  // The reset page's language is the tenant's business (enabled locales, the browser's
  // language); an environment serving several must say what the tenant enables.
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const env = dataset.value;
    const isDefault = env.languages.join(",") === DEFAULT_LANGUAGES.join(",");
    if (env.tenantLocales === undefined) {
      if (isDefault) return;
      addIssue({
        input: undefined,
        path: [objectPathItem(env, "tenantLocales")],
        message: `is required when languages is not ${JSON.stringify(DEFAULT_LANGUAGES)}: list the languages enabled in the tenant's settings (Tenant Settings > General > Languages, the default first). They apply to every application of the tenant; the reset page is in an invitee's language only when it is among them and the browser asks for it (docs/environment.md#languages)`,
      });
      return;
    }
    const enabled = env.tenantLocales;
    const uncovered = env.languages.filter((l) => !enabled.some((e) => languageSubtag(e) === l));
    if (uncovered.length > 0) {
      addIssue({
        input: env.tenantLocales,
        path: [objectPathItem(env, "tenantLocales")],
        message: `has no locale for ${uncovered.join(", ")}, which languages names: the reset page would be in another language for those invitees. Enable one in the tenant's settings (tenant-wide) and list it here, or take the language out of languages`,
      });
    }
  }),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const env = dataset.value;
    const language = env.resetPage.language;
    if (language === undefined || language === env.languages[0]) return;
    addIssue({
      input: language,
      path: [objectPathItem(env, "resetPage"), objectPathItem(env.resetPage, "language")],
      message: `is superseded by languages, which the reset page text follows (default ${env.languages[0]}); remove it`,
    });
  }),
  // On an adopted connection without invitedSince the gate is on too: terraform records the
  // moment it is first applied, so the connection's existing users are never gated.
);

/**
 * The Universal Login locales the reset page's text is written for, each with the language of
 * its text: every tenant locale of one of the environment's languages (`fr-FR` and `fr-CA`
 * both get the French), or, where the environment states no tenant locales, its one language.
 */
export function resetPageLocales(env: {
  languages: readonly string[];
  tenantLocales?: readonly string[];
}): { locale: string; language: string }[] {
  if (env.tenantLocales === undefined)
    return [{ locale: env.languages[0], language: env.languages[0] }];
  return env.tenantLocales.flatMap((locale) => {
    const language = languageSubtag(locale);
    return language !== undefined && env.languages.includes(language) ? [{ locale, language }] : [];
  });
}

/** A validated environment, defaults applied: the stack's input as it is. */
export type Environment = v.InferOutput<typeof environmentSchema>;
export type ConnectionSettings = Environment["connection"];
export type ApplicationSettings = Environment["application"];
export type EmailProviderSettings = NonNullable<Environment["emailProvider"]>;
export type EmailSettings = Environment["email"];
export type ResetPageSettings = Environment["resetPage"];
export type LoginGateSettings = Environment["loginGate"];
export type BackendSettings = Environment["backend"];
