import type { ConnectionSettings, EmailSettings } from "../environment";

/**
 * The values an environment's emails are rendered with, as the environment schema validated
 * them: the HTML and Liquid safety of the templates rests on its rules (brandColor is #rrggbb,
 * the connection name cannot end a Liquid string literal). productName and supportEmail are
 * escaped for HTML and made inert for Liquid here; logoUrl, already in normal form, is escaped.
 */
export type EmailBranding = Pick<
  EmailSettings,
  "productName" | "supportEmail" | "brandColor" | "logoUrl" | "linkLifetimeSeconds"
> & {
  /**
   * The database connection whose new users the Action invites: `reset_email` reads as an
   * invitation only for an unverified user of this connection.
   */
  readonly connectionName: ConnectionSettings["name"];
  /** The languages the emails are written in, the default first (each needs a catalogue). */
  readonly languages: readonly string[];
};

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
