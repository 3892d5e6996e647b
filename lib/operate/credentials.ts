// Every credential `plan`/`apply` and the smoke check need, read the same way everywhere: the
// Management API credentials the Terraform provider reads from the environment, the email
// provider's secrets (as sensitive Terraform variables) and the state backend's.
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";
import type { EmailProviderName, Environment } from "../environment";
import type { Env } from "./processes";

/** The value, or undefined when unset or blank: CI systems export an unset secret as "". */
export function envValue(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === "" ? undefined : value;
}

/** AUTH0_DOMAIN as a bare host name, to compare with an environment's domain. */
export function normaliseDomain(value: string): string {
  return value
    .toLowerCase()
    .replace(/^https?:\/\//, "")
    .replace(/\/+$/, "");
}

/** As the provider reads them: a token wins over client credentials. */
export type Credentials =
  | { kind: "token"; token: string }
  | { kind: "client-credentials"; clientId: string; clientSecret: string };

/** The credentials, or which half of the client pair is there when the other is not. */
export function readAuth0Credentials(
  env: Env,
): Credentials | { missing: true; onlySet?: "AUTH0_CLIENT_ID" | "AUTH0_CLIENT_SECRET" } {
  const token = envValue(env, "AUTH0_API_TOKEN");
  if (token !== undefined) return { kind: "token", token };
  const clientId = envValue(env, "AUTH0_CLIENT_ID");
  const clientSecret = envValue(env, "AUTH0_CLIENT_SECRET");
  if (clientId !== undefined && clientSecret !== undefined) {
    return { kind: "client-credentials", clientId, clientSecret };
  }
  if (clientId !== undefined) return { missing: true, onlySet: "AUTH0_CLIENT_ID" };
  if (clientSecret !== undefined) return { missing: true, onlySet: "AUTH0_CLIENT_SECRET" };
  return { missing: true };
}

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
const has = (env: Env, name: string) => envValue(env, name) !== undefined;

/**
 * The environment variable Terraform reads an HCP Terraform / Terraform Enterprise token from:
 * dots become `_`, hyphens `__` (Terraform's own rule for TF_TOKEN_*).
 */
export function hcpTokenVariable(hostname: string): string {
  return `TF_TOKEN_${hostname.replace(/-/g, "__").replace(/\./g, "_")}`;
}

/** Where `terraform login` stores tokens, unless a CLI config file says otherwise. */
function terraformLoginFile(env: Env): string {
  return path.join(env.HOME ?? homedir(), ".terraform.d", "credentials.tfrc.json");
}

/** A `terraform login` token for this very host (a token for another host is no help). */
function hasLoginToken(env: Env, hostname: string): boolean {
  try {
    const file = JSON.parse(readFileSync(terraformLoginFile(env), "utf8"));
    return typeof file?.credentials?.[hostname]?.token === "string";
  } catch {
    // A CLI config file (HCL) may hold a credentials block; it is not parsed here.
    return Boolean(env.TF_CLI_CONFIG_FILE && existsSync(env.TF_CLI_CONFIG_FILE));
  }
}

const AWS_SOURCES = [
  "AWS_PROFILE",
  "AWS_ACCESS_KEY_ID",
  "AWS_WEB_IDENTITY_TOKEN_FILE",
  "AWS_CONTAINER_CREDENTIALS_FULL_URI",
  "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
];

/**
 * Credentials that may be missing but cannot be told apart from ones the platform supplies
 * (an EC2 instance role has no variable and no file): worth a warning, not a refusal.
 */
export function credentialWarnings(config: Environment, env: Env): string[] {
  if (config.backend.type !== "s3") return [];
  const home = env.HOME ?? homedir();
  const files = ["credentials", "config"].map((f) => path.join(home, ".aws", f));
  if (AWS_SOURCES.some((name) => has(env, name)) || files.some((f) => existsSync(f))) return [];
  return [
    `no AWS credentials found for the S3 state (s3://${config.backend.bucket}/${config.backend.key}): set AWS_PROFILE, AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY, or AWS_WEB_IDENTITY_TOKEN_FILE; going on in case the machine has an instance role`,
  ];
}

/**
 * What `plan`/`apply` would need from the environment but cannot find, one line per missing
 * credential, naming the variables to set. Empty when everything is there. Values are never
 * read beyond "set or not".
 */
export function missingCredentials(config: Environment, env: Env): string[] {
  const missing: string[] = [];
  const auth0 = readAuth0Credentials(env);
  if ("missing" in auth0) {
    missing.push(
      `AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET${auth0.onlySet ? ` (only ${auth0.onlySet} is set)` : ""}: a machine-to-machine application authorized for the Management API of ${config.domain} (or AUTH0_API_TOKEN, a Management API token)`,
    );
  }
  if (config.emailProvider) {
    for (const field of EMAIL_PROVIDER_SECRETS[config.emailProvider.name]) {
      const name = `TF_VAR_${credentialVariableName(field)}`;
      if (!has(env, name)) {
        missing.push(`${name}: the ${config.emailProvider.name} email provider's ${field}`);
      }
    }
  }
  const backend = config.backend;
  if (backend.type === "hcp") {
    const name = hcpTokenVariable(backend.hostname);
    if (!has(env, name) && !hasLoginToken(env, backend.hostname)) {
      missing.push(
        `${name}: an HCP Terraform token for the state of workspace ${backend.organization}/${backend.workspace} (or run \`terraform login ${backend.hostname}\`)`,
      );
    }
  }
  return missing;
}
