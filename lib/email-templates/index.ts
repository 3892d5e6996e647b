import type { Environment } from "../environment";
import { fillPlaceholders, placeholderValues } from "./branding";
import { loadInlinedTemplates, type SourceOptions } from "./sources";
import type { BuiltEmailTemplate, EmailBranding } from "./types";

export { formatLifetime } from "./branding";
export { EMAIL_TEMPLATE_NAMES } from "./sources";
export type * from "./types";

/**
 * The Auth0 email templates of one environment: `email-templates/<name>.html` with CSS
 * inlined (cached in `.build/`, see sources.ts) and this environment's branding filled in.
 */
export function buildEmailTemplates(
  branding: EmailBranding,
  options: SourceOptions = {},
): BuiltEmailTemplate[] {
  const html = placeholderValues(branding, "html");
  const text = placeholderValues(branding, "text");
  return loadInlinedTemplates(options).map((t) => ({
    template: t.template,
    body: fillPlaceholders(t.body, html, `email-templates/${t.template}.html`),
    subject: fillPlaceholders(t.subject, text, `email-templates/${t.template}.json subject`),
    enabled: t.enabled,
    syntax: t.syntax,
  }));
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
  };
}
