import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { htmlLanguageText, liquidText, PLACEHOLDER, type PlaceholderKey } from "./branding";
import { textGroup } from "./languages";

/**
 * The texts invitees read, one catalogue per language: `email-templates/messages/<language>.json`,
 * an object of keys and plain text. Translators write no HTML and no Liquid: the text is escaped
 * for where it goes, and the only markup is the `##KEY##` placeholders below, which the layout
 * (`##TEXT key##` in a template) turns into links, emphasis or the user's details.
 */
export const MESSAGES_DIR = "email-templates/messages";

/**
 * Where a message is shown, which decides how its text is escaped and what it may hold: a
 * template body (HTML), a subject line (text), or the login gate's refusal (the app shows it).
 */
export type MessageContext = "html" | "subject" | "plain";

/** The messages used outside the email templates, with where they are shown. */
export const OTHER_MESSAGES: Readonly<Record<string, MessageContext>> = {
  /** The login gate's refusal of an invitee who has not accepted (actions/login-gate.ts). */
  login_gate_denied: "plain",
};

/** What each placeholder becomes in a body; a subject gets the value as text. */
const HTML_SLOTS = {
  PRODUCT_NAME: "##PRODUCT_NAME##",
  SUPPORT_EMAIL: '<a class="link" href="mailto:##SUPPORT_EMAIL##">##SUPPORT_EMAIL##</a>',
  LINK_LIFETIME: "##LINK_LIFETIME##",
  USER_NAME: "{{ user.name | escape }}",
  USER_EMAIL: "{{ user.email | escape }}",
} as const;

type MessagePlaceholder = keyof typeof HTML_SLOTS;

// A user's own fields are escaped for HTML by Liquid, which would show in a subject line as
// character references; the gate's refusal is shown by the app, which fills in nothing.
const ALLOWED: Record<MessageContext, readonly MessagePlaceholder[]> = {
  html: Object.keys(HTML_SLOTS) as MessagePlaceholder[],
  subject: ["PRODUCT_NAME", "SUPPORT_EMAIL", "LINK_LIFETIME"],
  plain: [],
};

/** One catalogue file as read, for the build cache's key. */
export interface CatalogueFile {
  language: string;
  /** Relative to the repository root, for messages. */
  file: string;
  text: string;
}

/** A language's messages by key. */
export type Catalogue = Readonly<Record<string, string>>;

/** The catalogues by language, in the order of their file names. */
export type Catalogues = ReadonlyMap<string, Catalogue>;

const CATALOGUE_FILE = /^([a-z]{2,3})\.json$/;

/** The catalogue files under `root`, by language; anything else in the folder is an error. */
export function readCatalogueFiles(root: string): CatalogueFile[] {
  const dir = path.join(root, MESSAGES_DIR);
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch (error) {
    throw new Error(`${MESSAGES_DIR}/: cannot read the folder (${(error as Error).message})`);
  }
  const stray = names.filter((name) => !CATALOGUE_FILE.test(name));
  if (stray.length > 0) {
    throw new Error(
      `${MESSAGES_DIR}/: ${stray.join(", ")} is not a catalogue; name each <language>.json after its language subtag (de.json, fr.json)`,
    );
  }
  return names.map((name) => ({
    language: name.slice(0, -".json".length),
    file: `${MESSAGES_DIR}/${name}`,
    text: readFileSync(path.join(dir, name), "utf8"),
  }));
}

/**
 * The catalogues, checked against the keys in use (`uses`: where each is shown). Every problem
 * of every file is reported at once, each naming the file and the key: a missing or unknown
 * key, a text that is not a string, a placeholder that does not exist or has no meaning where
 * the message is shown.
 */
export function parseCatalogues(
  files: readonly CatalogueFile[],
  uses: ReadonlyMap<string, ReadonlySet<MessageContext>>,
): Catalogues {
  const problems: string[] = [];
  const catalogues = new Map<string, Catalogue>();
  if (files.length === 0) problems.push(`${MESSAGES_DIR}/: no catalogue; add en.json`);
  for (const { language, file, text } of files) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      problems.push(`${file}: ${(error as Error).message}`);
      continue;
    }
    if (typeof json !== "object" || json === null || Array.isArray(json)) {
      problems.push(`${file}: must be a JSON object of keys and texts`);
      continue;
    }
    const messages = json as Record<string, unknown>;
    for (const key of uses.keys()) {
      if (!Object.hasOwn(messages, key)) problems.push(`${file}: ${key}: missing`);
    }
    for (const [key, value] of Object.entries(messages)) {
      const contexts = uses.get(key);
      if (contexts === undefined) {
        problems.push(`${file}: ${key}: not a key the templates or the login gate use`);
      } else if (typeof value !== "string" || value.trim() === "") {
        problems.push(`${file}: ${key}: must be a non-empty text`);
      } else {
        problems.push(...placeholderProblems(value, contexts).map((p) => `${file}: ${key}: ${p}`));
      }
    }
    catalogues.set(language, messages as Catalogue);
  }
  if (problems.length > 0) {
    throw new Error(`the message catalogues have problems:\n  ${problems.join("\n  ")}`);
  }
  return catalogues;
}

function placeholderProblems(text: string, contexts: ReadonlySet<MessageContext>): string[] {
  const allowed = [...contexts].reduce<readonly MessagePlaceholder[]>(
    (keys, context) => keys.filter((key) => ALLOWED[context].includes(key)),
    ALLOWED.html,
  );
  const problems: string[] = [];
  for (const [, key] of text.matchAll(PLACEHOLDER)) {
    if (!(key in HTML_SLOTS)) {
      problems.push(`unknown placeholder ##${key}## (known: ${placeholderList(ALLOWED.html)})`);
    } else if (!allowed.includes(key as MessagePlaceholder)) {
      problems.push(
        `##${key}## has no meaning here (${allowed.length > 0 ? `only ${placeholderList(allowed)}` : "no placeholder"})`,
      );
    }
  }
  if (text.replace(PLACEHOLDER, "").includes("##")) {
    problems.push(`"##" that is no placeholder (##NAME## in capitals, e.g. ##PRODUCT_NAME##)`);
  }
  return problems;
}

function placeholderList(keys: readonly string[]): string {
  return keys.map((key) => `##${key}##`).join(", ");
}

/**
 * A message as Liquid for a body: its text escaped (`htmlLanguageText`), its placeholders
 * turned into their markup, `strong` wrapped in <strong>.
 */
export function messageHtml(text: string, strong?: PlaceholderKey): string {
  return mapPlaceholders(text, htmlLanguageText, (key) => {
    const markup = HTML_SLOTS[key as MessagePlaceholder];
    return key === strong ? `<strong>${markup}</strong>` : markup;
  });
}

/** A message as Liquid for a subject line: text kept, `{` made inert, placeholders kept. */
export function messageSubject(text: string): string {
  return mapPlaceholders(text, liquidText, (key) => `##${key}##`);
}

function mapPlaceholders(
  text: string,
  literal: (text: string) => string,
  placeholder: (key: string) => string,
): string {
  let out = "";
  let last = 0;
  for (const match of text.matchAll(PLACEHOLDER)) {
    out += literal(text.slice(last, match.index)) + placeholder(match[1]);
    last = match.index + match[0].length;
  }
  return out + literal(text.slice(last));
}

/**
 * Every message of the keys in `keys`, by key and language: what the login gate's build bundles.
 * Read without the templates' checks (the email build makes them); a catalogue without the key
 * is left out.
 */
export function readMessages(
  root: string,
  keys: readonly string[],
): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const key of keys) out[key] = {};
  for (const { language, file, text } of readCatalogueFiles(root)) {
    let json: Record<string, unknown>;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new Error(`${file}: ${(error as Error).message}`);
    }
    for (const key of keys) {
      const value = json?.[key];
      if (typeof value === "string") out[key][language] = value;
    }
  }
  return out;
}

/** `##TEXT key##` or `##TEXT key strong=PLACEHOLDER##` in a template: where a message goes. */
const TEXT_REFERENCE = /##TEXT ([a-z][a-z0-9_]*)(?: strong=([A-Z_]+))?##/g;

/** The keys a template source shows, each with where (`context` is the source's). */
export function messageUses(
  sources: readonly { source: string; context: MessageContext }[],
): Map<string, Set<MessageContext>> {
  const uses = new Map<string, Set<MessageContext>>();
  const add = (key: string, context: MessageContext) => {
    const contexts = uses.get(key) ?? new Set<MessageContext>();
    contexts.add(context);
    uses.set(key, contexts);
  };
  for (const { source, context } of sources) {
    for (const [, key] of source.matchAll(TEXT_REFERENCE)) add(key, context);
  }
  for (const [key, context] of Object.entries(OTHER_MESSAGES)) add(key, context);
  return uses;
}

/**
 * A template source with each `##TEXT key##` replaced by the message in every catalogue
 * (`textGroup`), escaped for the source's context. `where` names the source in errors.
 */
export function expandMessages(
  source: string,
  context: "html" | "subject",
  catalogues: Catalogues,
  where: string,
): string {
  if (context === "html" && /<[^<>]*##TEXT /.test(source)) {
    throw new Error(`${where}: ##TEXT## inside a tag; messages go in element content only`);
  }
  const expanded = source.replace(TEXT_REFERENCE, (_, key: string, strong?: string) => {
    if (strong !== undefined && !(strong in HTML_SLOTS && context === "html")) {
      throw new Error(`${where}: ##TEXT ${key} strong=${strong}##: no such placeholder here`);
    }
    const texts = new Map<string, string>();
    for (const [language, messages] of catalogues) {
      const text = messages[key];
      texts.set(
        language,
        context === "html" ? messageHtml(text, strong as PlaceholderKey) : messageSubject(text),
      );
    }
    return textGroup(key, texts);
  });
  if (source.replace(TEXT_REFERENCE, "").includes("##TEXT")) {
    throw new Error(`${where}: a ##TEXT## that is not ##TEXT key## (lower-case key)`);
  }
  return expanded;
}
