import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { cached, codeInputs } from "../speed/cache";
import {
  assembleLanguages,
  DIRECTION_ATTRIBUTE,
  directionAttribute,
  languageAttribute,
} from "./languages";
// liquid.ts loads liquidjs itself, on demand: a cache hit never does.
import { createAuth0Liquid, findUnescapedUserFields } from "./liquid";
import {
  type CatalogueFile,
  expandMessages,
  messageUses,
  parseCatalogues,
  readCatalogueFiles,
} from "./messages";
import type { BuiltEmailTemplate, EmailTemplateName } from "./types";

export const EMAIL_TEMPLATE_NAMES: readonly EmailTemplateName[] = [
  "reset_email",
  "verify_email",
  "welcome_email",
];

/**
 * One template after CSS inlining, placeholders still in place and each message in every
 * catalogue language (languages.ts: `textGroup`): the same for every tenant.
 */
export type InlinedTemplate = BuiltEmailTemplate;

export interface SourceOptions {
  /** Repository root holding `email-templates/`; the cache goes to its `.build/`. */
  root?: string;
}

/** What the environment-independent step gives every environment's build. */
export interface InlinedTemplates {
  /** The languages with a catalogue, in file order. */
  languages: string[];
  templates: InlinedTemplate[];
}

const JUICE_OPTIONS = {
  // The <style> block keeps only what cannot be inline: the dark-mode and narrow-screen media
  // queries. Everything else lands in style attributes, which every client honours.
  removeStyleTags: true,
  preserveMediaQueries: true,
  preserveImportant: false,
  // width/align/bgcolor attributes for Outlook's Word engine, which ignores some CSS.
  applyWidthAttributes: true,
  applyAttributesTableElements: true,
  inlinePseudoElements: false,
  // var(--brand-color) and friends are per-environment placeholders, filled in after inlining.
  resolveCSSVariables: false,
} as const;

// Liquid must reach Auth0 byte for byte; juice swaps these spans out while it parses.
// (`{{ }}` is already one of juice's defaults, under HBS.)
const LIQUID_CODE_BLOCKS = { LIQUID_TAG: { start: "{%", end: "%}" } };

/**
 * The inlined templates, from `.build/email-templates.json` when the template sources, the
 * message catalogues and juice are unchanged, else inlined now (loading juice alone is too slow
 * for every synth) and cached. The sources are re-read and hashed on every call so an edit is
 * never missed.
 */
export function loadInlinedTemplates(options: SourceOptions = {}): InlinedTemplates {
  const root = path.resolve(options.root ?? process.cwd());
  const sources = readSources(root);
  const catalogues = readCatalogueFiles(root);
  return cached(
    root,
    "email-templates",
    [JSON.stringify(cacheKeyInputs()), JSON.stringify(sources), JSON.stringify(catalogues)],
    () => inline(sources, catalogues),
  );
}

interface Source {
  file: string;
  settings: string;
  html: string;
}

// Raw file contents only: parsing and validation happen on a cache miss, because the cache
// key covers every byte that could change the outcome.
function readSources(root: string): Source[] {
  const dir = path.join(root, "email-templates");
  const unknown = readdirSync(dir).filter(
    (f) =>
      f.endsWith(".json") && !EMAIL_TEMPLATE_NAMES.includes(f.slice(0, -5) as EmailTemplateName),
  );
  if (unknown.length > 0) {
    throw new Error(
      `email-templates/: ${unknown.join(", ")} is not an Auth0 template handled here (${EMAIL_TEMPLATE_NAMES.join(", ")})`,
    );
  }
  return EMAIL_TEMPLATE_NAMES.map((name) => {
    // The settings' "body" must say "./<name>.html" (checked on a miss), as deploy-cli writes.
    const read = (ext: string) => readFileSync(path.join(dir, `${name}.${ext}`), "utf8");
    return { file: `${name}.json`, settings: read("json"), html: read("html") };
  });
}

/**
 * The code that decides what a cache miss produces or whether it passes validation, hashed into
 * the cache key: every file the step is bundled from (the inlining and its options, the Liquid
 * rules, the catalogues, the constants it takes from actions/), a list a test holds to the
 * imports. An edited rule therefore re-validates every template instead of trusting an old one.
 */
export const INLINING_CODE = [
  ...["sources", "liquid", "messages", "languages", "branding"].map(
    (name) => `lib/email-templates/${name}.ts`,
  ),
  "actions/language.ts",
  "actions/invitation.ts",
  "lib/speed/memo.ts",
];

/**
 * Everything besides the template sources and catalogues that shapes a cache miss: the code,
 * and the installed juice and liquidjs. The placeholders need no place here: they are filled
 * in, and checked, on every build.
 */
export function cacheKeyInputs() {
  return {
    code: codeInputs(INLINING_CODE),
    // From package.json rather than the package: neither is loaded on a cache hit.
    juice: (require("juice/package.json") as { version: string }).version,
    liquidjs: (require("liquidjs/package.json") as { version: string }).version,
  };
}

interface Settings {
  template: EmailTemplateName;
  body: string;
  subject: string;
  syntax: "liquid";
  enabled: boolean;
}

function parseSettings(name: EmailTemplateName, text: string): Settings {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`email-templates/${name}.json: ${(error as Error).message}`);
  }
  const s = json as Partial<Record<keyof Settings, unknown>>;
  const problems = [
    s.template === name || `"template" must be "${name}"`,
    s.body === `./${name}.html` || `"body" must be "./${name}.html"`,
    (typeof s.subject === "string" && s.subject.trim() !== "") || `"subject" must be text`,
    s.syntax === "liquid" || `"syntax" must be "liquid"`,
    typeof s.enabled === "boolean" || `"enabled" must be true or false`,
  ].filter((p): p is string => typeof p === "string");
  const extra = Object.keys(s).filter(
    (k) => !["template", "body", "subject", "syntax", "enabled"].includes(k),
  );
  if (extra.length > 0) {
    // from, url lifetime and the like are per tenant: they belong in environments/.
    problems.push(
      `unexpected keys ${extra.join(", ")} (per-tenant values live in the environment config)`,
    );
  }
  if (problems.length > 0) {
    throw new Error(`email-templates/${name}.json:\n  ${problems.join("\n  ")}`);
  }
  return s as Settings;
}

function inline(sources: Source[], catalogueFiles: CatalogueFile[]): InlinedTemplates {
  const juice = require("juice") as typeof import("juice");
  Object.assign(juice.codeBlocks, LIQUID_CODE_BLOCKS);
  const engine = createAuth0Liquid({ strictFilters: true });

  const parsed = sources.map(({ file, settings, html }) => {
    const name = file.slice(0, -5) as EmailTemplateName;
    return { name, file, html, ...parseSettings(name, settings) };
  });
  const catalogues = parseCatalogues(
    catalogueFiles,
    messageUses(
      parsed.flatMap(({ html, subject }) => [
        { source: html, context: "html" as const },
        { source: subject, context: "subject" as const },
      ]),
    ),
  );
  const languages = [...catalogues.keys()];

  const templates = parsed.map(
    ({ name, file, html: layout, subject: subjectLayout, enabled, syntax }) => {
      const html = expandMessages(layout, "html", catalogues, `email-templates/${name}.html`);
      const subject = expandMessages(
        subjectLayout,
        "subject",
        catalogues,
        `email-templates/${file} subject`,
      );
      // Fail the synth, not the send: Auth0 would accept the template and break at render time.
      // The layout as written (so lines and columns are the file's), then in every language at
      // once, with the messages' markup and the language choice as an environment gets them.
      for (const [where, source] of [
        [`email-templates/${name}.html`, layout],
        [`email-templates/${file} subject`, subjectLayout],
        [`email-templates/${name}.html in every language`, inEveryLanguage(html, languages)],
        [`email-templates/${file} subject in every language`, inEveryLanguage(subject, languages)],
      ]) {
        try {
          const unescaped = findUnescapedUserFields(engine, source, where);
          if (unescaped.length > 0) {
            const list = unescaped.map((u) => `${u.variable} (line ${u.row}, column ${u.col})`);
            throw new Error(`outputs user fields without "| escape": ${list.join(", ")}`);
          }
        } catch (error) {
          throw new Error(`${where}: ${(error as Error).message}`);
        }
      }
      return { template: name, body: juice(html, JUICE_OPTIONS), subject, enabled, syntax };
    },
  );
  return { languages, templates };
}

/** A source as an environment of every catalogue language gets it, other placeholders left. */
function inEveryLanguage(source: string, languages: readonly string[]): string {
  return assembleLanguages(source, languages, {
    outside: (text) =>
      text
        .replace(DIRECTION_ATTRIBUTE, directionAttribute(languages))
        .replaceAll("##LANG##", languageAttribute(languages)),
    branch: (_, text) => text,
  });
}
