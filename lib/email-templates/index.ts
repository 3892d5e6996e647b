import type { Environment } from "../environment";
import { chooseConditionals, fillPlaceholders, placeholderValues } from "./branding";
import { assembleLanguages, DIRECTION_ATTRIBUTE, directionAttribute } from "./languages";
import { MESSAGES_DIR } from "./messages";
import { loadInlinedTemplates, type SourceOptions } from "./sources";
import type { BuiltEmailTemplate, EmailBranding } from "./types";

export { formatLifetime } from "./branding";
export { inLanguage, isRightToLeft, languagesOf } from "./languages";
export { EMAIL_TEMPLATE_NAMES } from "./sources";
export type * from "./types";

/**
 * The size a template body may have. Auth0 publishes none for email templates (its staff say
 * so on the community forum, and the docs name none); it caps everything else customers write
 * for it at this size (Action code, custom database scripts, the Universal Login page
 * template), and one language's share of such a body stays clear of the size at which Gmail
 * clips a message. docs/how-it-works.md#what-we-rely-on.
 */
export const MAX_BODY_BYTES = 100 * 1024;

export interface BuildOptions extends SourceOptions {
  /** The environment file, named in errors that are the environment's (its languages). */
  environmentFile?: string;
}

/**
 * The Auth0 email templates of one environment: `email-templates/<name>.html` with CSS
 * inlined (cached in `.build/`, see sources.ts), its messages in the environment's languages
 * (from the catalogues, chosen by the user's language) and this environment's branding filled
 * in.
 */
export function buildEmailTemplates(
  branding: EmailBranding,
  options: BuildOptions = {},
): BuiltEmailTemplate[] {
  const { languages: available, templates } = loadInlinedTemplates(options);
  const label = options.environmentFile === undefined ? "" : `${options.environmentFile}: `;
  const missing = branding.languages.filter((language) => !available.includes(language));
  if (missing.length > 0) {
    throw new Error(
      `${label}languages: ${missing.join(", ")} has no message catalogue (${missing.map((l) => `${MESSAGES_DIR}/${l}.json`).join(", ")}); the catalogues are ${available.join(", ")}`,
    );
  }
  return templates.map((t) => {
    const built = (languages: readonly string[]) =>
      inLanguages(t.body, { ...branding, languages }, "html", `email-templates/${t.template}.html`);
    const body = built(branding.languages);
    if (Buffer.byteLength(body) > MAX_BODY_BYTES) {
      throw new Error(`${label}${tooLarge(t.template, branding.languages, built)}`);
    }
    return {
      template: t.template,
      body,
      subject: inLanguages(
        t.subject,
        branding,
        "text",
        `email-templates/${t.template}.json subject`,
      ),
      enabled: t.enabled,
      syntax: t.syntax,
    };
  });
}

/** A template in the environment's languages with its values filled in, each in one pass. */
function inLanguages(
  source: string,
  branding: EmailBranding,
  context: "html" | "text",
  where: string,
): string {
  const values = placeholderValues(branding, context);
  const direction = directionAttribute(branding.languages);
  return assembleLanguages(chooseConditionals(source, values, where), branding.languages, {
    outside: (text) =>
      fillPlaceholders(text.replace(DIRECTION_ATTRIBUTE, direction), values, where),
    branch: (language, text) =>
      fillPlaceholders(text, placeholderValues(branding, context, language), where),
  });
}

/** Says how many of the languages fit, and which one pushed the body over. */
function tooLarge(
  template: string,
  languages: readonly string[],
  built: (languages: readonly string[]) => string,
): string {
  const size = (count: number) => Buffer.byteLength(built(languages.slice(0, count)));
  let fits = 0;
  while (fits < languages.length && size(fits + 1) <= MAX_BODY_BYTES) fits++;
  const limit = `${MAX_BODY_BYTES / 1024} KB`;
  const total = `${template}'s body is ${size(languages.length)} bytes in the ${languages.length} languages of languages, over the ${limit} a template body may have`;
  if (fits === 0) return `${total}; it is over in ${languages[0]} alone`;
  return `${total}: the first ${fits} (${languages.slice(0, fits).join(", ")}) fit, and language ${fits + 1}, ${languages[fits]}, pushed it over`;
}

/** The values an environment's emails are rendered with. */
export function emailBrandingFor(environment: Environment): EmailBranding {
  const { productName, supportEmail, brandColor, logoUrl, linkLifetimeSeconds } = environment.email;
  return {
    productName,
    supportEmail,
    brandColor,
    logoUrl,
    linkLifetimeSeconds,
    connectionName: environment.connection.name,
    languages: environment.languages,
  };
}
