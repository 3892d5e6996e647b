import type { SchemaBlock } from "../schema/types";
import { isObject, type Value } from "./values";

/**
 * The real provider's own checks of a resource's configuration (its ValidateFuncs), for the
 * attributes this stack sets: Terraform reports them at `validate`, before any request.
 * Unknown values pass, as they do for the provider.
 */
const ONE_OF: Record<string, Record<string, readonly string[]>> = {
  auth0_action: { runtime: ["node12", "node16", "node18", "node22"] },
  auth0_email_provider: {
    name: [
      "azure_cs",
      "custom",
      "mailgun",
      "mandrill",
      "ms365",
      "sendgrid",
      "ses",
      "smtp",
      "sparkpost",
    ],
  },
  auth0_email_template: {
    template: [
      "verify_email",
      "verify_email_by_code",
      "reset_email",
      "reset_email_by_code",
      "welcome_email",
      "blocked_account",
      "stolen_credentials",
      "enrollment_email",
      "mfa_oob_code",
      "user_invitation",
      "change_password",
      "password_reset",
      "async_approval",
    ],
    syntax: ["liquid"],
  },
};

export interface ConfigProblem {
  readonly attribute: string;
  readonly message: string;
}

/** Attributes only Auth0 sets (computed, not optional): the SDK refuses them in configuration. */
function unconfigurable(
  block: SchemaBlock,
  config: Value,
  prefix: string,
  out: ConfigProblem[],
): void {
  if (!isObject(config)) return;
  for (const [name, a] of Object.entries(block.attributes ?? {})) {
    if (a.computed && !a.optional && !a.required && (config[name] ?? null) !== null) {
      out.push({
        attribute: `${prefix}${name}`,
        message: `"${prefix}${name}": this field cannot be set`,
      });
    }
  }
  for (const [name, nested] of Object.entries(block.block_types ?? {})) {
    const v = config[name];
    for (const element of Array.isArray(v) ? v : isObject(v) ? Object.values(v) : []) {
      unconfigurable(nested.block, element, `${prefix}${name}.`, out);
    }
  }
}

export function validateResourceConfig(
  type: string,
  block: SchemaBlock,
  config: Value,
): ConfigProblem[] {
  if (!isObject(config)) return [];
  const problems: ConfigProblem[] = [];
  unconfigurable(block, config, "", problems);
  for (const [attribute, allowed] of Object.entries(ONE_OF[type] ?? {})) {
    const v = config[attribute];
    if (typeof v === "string" && !allowed.includes(v)) {
      problems.push({
        attribute,
        message: `expected ${attribute} to be one of ${JSON.stringify(allowed)}, got ${v}`,
      });
    }
  }
  if (type === "auth0_client") {
    const uri = config.initiate_login_uri;
    if (typeof uri === "string" && uri !== "" && !/^https:\/\/[^/?#\s]+/.test(uri)) {
      problems.push({
        attribute: "initiate_login_uri",
        message: `expected "initiate_login_uri" to have a url with schema "https", got ${uri}`,
      });
    }
  }
  return problems;
}
