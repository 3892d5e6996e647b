// One template, the environment's languages: how the build writes a message in every language
// (a group of branches while the CSS is inlined, a Liquid `case` on the user's language once
// the environment's languages are known), the Liquid that picks the language, and how a built
// template reads for one language (what the plan summary compares).
import { LANGUAGE_KEY } from "../../actions/language";

/**
 * A message in every catalogue language, as the environment-independent build step leaves it:
 * HTML comments, which the CSS inliner carries through untouched.
 */
export function textGroup(key: string, texts: ReadonlyMap<string, string>): string {
  const branches = [...texts].map(([language, text]) => `<!-- ##IN ${language}## -->${text}`);
  return `<!-- ##TEXT ${key}## -->${branches.join("")}<!-- ##END TEXT## -->`;
}

const GROUP = /<!--\s*##TEXT ([a-z0-9_]+)##\s*-->([\s\S]*?)<!--\s*##END TEXT##\s*-->/g;
const BRANCH = /<!--\s*##IN ([a-z]+)##\s*-->/;

/** The branches of one group's inside, by language. */
function branchesOf(inside: string, key: string): Map<string, string> {
  const parts = inside.split(BRANCH);
  if (parts[0].trim() !== "") throw new Error(`message ${key}: text before its first language`);
  const branches = new Map<string, string>();
  for (let i = 1; i < parts.length; i += 2) branches.set(parts[i], parts[i + 1]);
  return branches;
}

export interface Assembly {
  /** Fills in what lies outside the messages (the same for every language). */
  outside(text: string): string;
  /** Fills in one language's branch of a message. */
  branch(language: string, text: string): string;
}

/**
 * A template for `languages` (the default first): each group becomes its one branch when there
 * is one language (so a single-language environment gets plain text, as before there were
 * languages), else a `case` on the chosen language with the default as `else`, the language
 * chosen first thing (`chooseLanguage`), before anything that depends on it.
 */
export function assembleLanguages(
  source: string,
  languages: readonly string[],
  fill: Assembly,
): string {
  const parts = source.split(GROUP);
  let out = chooseLanguage(languages) + fill.outside(parts[0]);
  for (let i = 1; i < parts.length; i += 3) {
    const [key, inside, after] = [parts[i], parts[i + 1], parts[i + 2]];
    const branches = branchesOf(inside, key);
    const texts = languages.map((language) => {
      const text = branches.get(language);
      if (text === undefined) throw new Error(`message ${key}: no text in ${language}`);
      return fill.branch(language, text);
    });
    out += languageCase(languages, texts) + fill.outside(after);
  }
  return out;
}

/** `texts[i]` for `languages[i]`: one text, or a `case` on `language` with the default last. */
function languageCase(languages: readonly string[], texts: readonly string[]): string {
  if (languages.length === 1) return texts[0];
  const whens = languages.slice(1).map((language, i) => `{% when "${language}" %}${texts[i + 1]}`);
  return `{% case language %}${whens.join("")}{% else %}${texts[0]}{% endcase %}`;
}

/**
 * The Liquid that sets `language` to the user's (actions/language.ts: `languageFor`, written
 * in Liquid): the language subtag of `user_metadata.language` when it is one of `languages`,
 * else the default. The value is only compared, never output. Nothing for one language.
 * `user_metadata` is read with a loop, which reads a missing key (or a missing user_metadata)
 * as absent in every Liquid mode.
 */
export function chooseLanguage(languages: readonly string[]): string {
  if (languages.length === 1) return "";
  const whens = languages
    .slice(1)
    .map((language) => `{% when "${language}" %}{% assign language = "${language}" %}`);
  return [
    `{% assign language = "${languages[0]}" %}`,
    "{% for entry in user.user_metadata %}",
    `{% if entry[0] == "${LANGUAGE_KEY}" %}`,
    '{% assign tag = entry[1] | downcase | replace: "_", "-" | split: "-" | first | default: "" %}',
    `{% case tag %}${whens.join("")}{% endcase %}`,
    "{% endif %}{% endfor %}",
  ].join("");
}

/** The `lang` attribute's value: the language, or the chosen one. */
export function languageAttribute(languages: readonly string[]): string {
  return languages.length === 1 ? languages[0] : "{{ language }}";
}

/**
 * The `dir` attribute the layout asks for with ` dir="##DIR##"`: none when every language
 * reads left to right (so the markup stays as it was), `rtl` when every one reads right to
 * left, else chosen with the language.
 */
export function directionAttribute(languages: readonly string[]): string {
  const rtl = languages.filter(isRightToLeft);
  if (rtl.length === 0) return "";
  if (rtl.length === languages.length) return ' dir="rtl"';
  const list = rtl.map((language) => `"${language}"`).join(", ");
  return ` dir="{% case language %}{% when ${list} %}rtl{% else %}ltr{% endcase %}"`;
}

export const DIRECTION_ATTRIBUTE = / dir="##DIR##"/g;

/** Whether the language is written right to left, as Intl's locale data says. */
export function isRightToLeft(language: string): boolean {
  // Node has the getter; newer engines have the method instead.
  const locale = new Intl.Locale(language) as Intl.Locale & {
    getTextInfo?: () => { direction?: string };
    textInfo?: { direction?: string };
  };
  return (locale.getTextInfo?.() ?? locale.textInfo)?.direction === "rtl";
}

const PREAMBLE = /\{% assign language = "([a-z]+)" %\}\{% for entry in user\.user_metadata %\}/;
const WHOLE_PREAMBLE = new RegExp(`${PREAMBLE.source}[\\s\\S]*?\\{% endfor %\\}`);
const CASE_TAG = /\{% case tag %\}(.*?)\{% endcase %\}/;
const LANGUAGE_CASE = /\{% case language %\}([\s\S]*?)\{% endcase %\}/g;
const HTML_LANG = /<html lang="([a-z]+)"/;

/**
 * The languages a built template is in, the default first: those its language choice names,
 * or, for a single-language body, its `<html lang>`. Empty for a template that says neither
 * (a single-language subject).
 */
export function languagesOf(template: string): string[] {
  const preamble = PREAMBLE.exec(template);
  if (preamble === null) {
    const lang = HTML_LANG.exec(template);
    return lang === null ? [] : [lang[1]];
  }
  const cases = CASE_TAG.exec(template.slice(preamble.index))?.[1] ?? "";
  const others = [...cases.matchAll(/\{% when "([a-z]+)" %\}/g)].map((m) => m[1]);
  return [preamble[1], ...others];
}

/**
 * A built template as it reads for one language: the language choice left out, every `case` on
 * the language resolved to that language's branch, and `{{ language }}` written out; a language
 * it does not name reads as its default. A template in one language is the same for every
 * language.
 */
export function inLanguage(template: string, wanted: string): string {
  const named = languagesOf(template);
  const language = named.length === 0 || named.includes(wanted) ? wanted : named[0];
  return template
    .replace(WHOLE_PREAMBLE, "")
    .replace(LANGUAGE_CASE, (_, inside: string) => {
      const [other, fallback] = splitElse(inside);
      const branches = other.split(/\{% when ((?:"[a-z]+"(?:, )?)+) %\}/);
      for (let i = 1; i < branches.length; i += 2) {
        const names = [...branches[i].matchAll(/"([a-z]+)"/g)].map((m) => m[1]);
        if (names.includes(language)) return branches[i + 1];
      }
      return fallback;
    })
    .replaceAll("{{ language }}", language);
}

function splitElse(inside: string): [string, string] {
  const at = inside.lastIndexOf("{% else %}");
  return at < 0 ? [inside, ""] : [inside.slice(0, at), inside.slice(at + "{% else %}".length)];
}
