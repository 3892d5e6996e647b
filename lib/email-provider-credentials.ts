// Which credentials each email provider needs and the Terraform variables they arrive in.
// Shared by the email construct and the credential check of `npm run plan/apply`.

export type EmailProviderName =
  | "sendgrid"
  | "mandrill"
  | "sparkpost"
  | "mailgun"
  | "ses"
  | "smtp"
  | "azure_cs"
  | "ms365";

export type SecretField =
  | "apiKey"
  | "accessKeyId"
  | "secretAccessKey"
  | "smtpPass"
  | "azureCsConnectionString"
  | "ms365TenantId"
  | "ms365ClientId"
  | "ms365ClientSecret";

/** The credential fields each provider needs; all arrive as sensitive Terraform variables. */
export const EMAIL_PROVIDER_SECRETS: Record<EmailProviderName, readonly SecretField[]> = {
  sendgrid: ["apiKey"],
  mandrill: ["apiKey"],
  sparkpost: ["apiKey"],
  mailgun: ["apiKey"],
  ses: ["accessKeyId", "secretAccessKey"],
  smtp: ["smtpPass"],
  azure_cs: ["azureCsConnectionString"],
  ms365: ["ms365TenantId", "ms365ClientId", "ms365ClientSecret"],
};

/** `apiKey` -> `email_provider_api_key`, set as TF_VAR_email_provider_api_key. */
export function credentialVariableName(field: SecretField): string {
  return `email_provider_${field.replace(/[A-Z]/g, (m) => `_${m.toLowerCase()}`)}`;
}
