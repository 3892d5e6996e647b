import { fillPlaceholders, placeholderValues, validateBranding } from "./branding";
import { loadInlinedTemplates, type SourceOptions } from "./sources";

export { formatLifetime } from "./branding";
export { EMAIL_TEMPLATE_NAMES } from "./sources";

export interface EmailBranding {
  /** Arbitrary text, e.g. "Acme Portal". Escaped for HTML and made inert for Liquid. */
  productName: string;
  /** An email address, shown and linked as the support contact. */
  supportEmail: string;
  /** "#rrggbb": button, accent bar and (when dark enough to read on white) links. */
  brandColor: string;
  /** https URL of the header logo; when absent the header shows the product name as text. */
  logoUrl?: string;
  /** Same value the stack puts in url_lifetime_in_seconds; shown as "7 days", "90 minutes". */
  linkLifetimeSeconds: number;
  /**
   * The database connection whose new users the Action invites (Auth0's connection-name shape,
   * letters, digits and single inner hyphens, at most 128). `reset_email` reads as an invitation
   * only for an unverified user of this connection; it is placed in a Liquid string literal.
   */
  connectionName: string;
}

export type EmailTemplateName = "reset_email" | "welcome_email" | "verify_email";

export interface BuiltEmailTemplate {
  template: EmailTemplateName;
  /** Liquid for Auth0, raw (NOT Terraform-escaped; the stack escapes). */
  body: string;
  /** Liquid. */
  subject: string;
  /** From the settings JSON beside the template. */
  enabled: boolean;
  syntax: "liquid";
}

/**
 * The Auth0 email templates of one environment: `email-templates/<name>.html` with CSS
 * inlined (cached in `.build/`, see sources.ts) and this environment's branding filled in.
 */
export function buildEmailTemplates(
  branding: EmailBranding,
  options: SourceOptions = {},
): BuiltEmailTemplate[] {
  validateBranding(branding);
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
