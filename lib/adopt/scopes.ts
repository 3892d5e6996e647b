// The Management API scopes `npm run adopt` needs, for its help, the docs and a 403's message.
// Every one reads: the command never changes the tenant.

/** The Management API scopes the read needs, each with what it is for (docs, help, a 403). */
export const READ_SCOPES: readonly { scope: string; what: string }[] = [
  { scope: "read:connections", what: "the connection and its options" },
  { scope: "read:clients", what: "the application" },
  { scope: "read:email_templates", what: "the three templates" },
  { scope: "read:email_provider", what: "the email provider" },
  { scope: "read:actions", what: "Actions and the triggers' bindings" },
  { scope: "read:prompts", what: "the reset-password page's custom text" },
  { scope: "read:custom_domains", what: "custom domains" },
  { scope: "read:tenant_settings", what: "whether emails use the custom domain" },
];
