// What the Management API does with the requests the real provider (auth0/auth0 v1.55.0) makes,
// where that differs from "the tenant holds what Terraform planned". Each rule cites the
// recorded traffic (the provider's test/data/recordings at v1.55.0) or the doc it comes from.
import {
  containsUnknown,
  isObject,
  sameValue,
  UNKNOWN,
  type Value,
  type ValueObject,
} from "./values";

/**
 * Options Auth0 keeps when a connection PATCH leaves them out; every other option the request
 * does not carry is gone afterwards (recordings TestAccConnectionAddEmailAttributeUnique and
 * TestAccConnectionPasswordAuthenticationBehaviors: `password_options`, `mfa`,
 * `strategy_version` and `passwordPolicy` dropped; `authentication_methods` and
 * `passkey_options` kept).
 */
export const CONNECTION_OPTIONS_KEPT: ReadonlySet<string> = new Set([
  "authentication_methods",
  "passkey_options",
]);

/** Tenants created on or after this day, unless enterprise, may not set a template's Redirect To. */
export const RESULT_URL_CUTOFF = "2026-05-05T00:00:00Z";

/** What the tenant knows of itself that decides what Auth0 accepts. */
export interface TenantTraits {
  /** When the tenant was created (ISO 8601). @default - before RESULT_URL_CUTOFF */
  readonly createdAt?: string;
  /** An enterprise subscription. @default false */
  readonly enterprise?: boolean;
}

const empty = (v: Value | undefined) =>
  v === null || v === undefined || (Array.isArray(v) && v.length === 0);

/**
 * The object Auth0 holds after the provider writes `planned` (config: the resource's
 * configuration) over `existing` (undefined on a create of something new).
 */
export function storedAfterWrite(
  type: string,
  existing: ValueObject | undefined,
  planned: ValueObject,
  config: Value,
): ValueObject {
  switch (type) {
    case "auth0_connection":
      return connectionAfterWrite(existing, planned, config);
    case "auth0_email_template":
      return templateAfterWrite(existing, planned);
    default:
      return planned;
  }
}

/**
 * The provider rebuilds `options` from the configuration alone and Auth0 replaces the whole
 * object: an option the configuration leaves out (optional+computed, so the plan shows the
 * tenant's value kept) is dropped, unless Auth0 keeps it by itself.
 */
function connectionAfterWrite(
  existing: ValueObject | undefined,
  planned: ValueObject,
  config: Value,
): ValueObject {
  const plannedOptions = firstBlock(planned.options);
  if (plannedOptions === undefined || existing === undefined) return planned;
  const configured = firstBlock(isObject(config) ? config.options : null) ?? {};
  const before = firstBlock(existing.options) ?? {};
  const options: ValueObject = {};
  for (const [key, value] of Object.entries(plannedOptions)) {
    if (!empty(configured[key])) options[key] = value;
    else if (CONNECTION_OPTIONS_KEPT.has(key)) options[key] = before[key] ?? value;
    else options[key] = Array.isArray(value) ? [] : null;
  }
  return { ...planned, options: [options] };
}

/**
 * The provider's create reads the template and PATCHes it; create and update send only the
 * fields the configuration sets, and Auth0 keeps the others (recording TestAccEmailTemplate:
 * a PATCH without resultUrl and urlLifetimeInSeconds leaves both in place).
 */
function templateAfterWrite(existing: ValueObject | undefined, planned: ValueObject): ValueObject {
  if (existing === undefined) return planned;
  const stored: ValueObject = { ...existing };
  for (const [key, value] of Object.entries(planned)) {
    if (value !== null) stored[key] = value;
  }
  return stored;
}

/** Why Auth0 refuses this write, as the provider reports it; undefined when it accepts it. */
export function refusal(
  traits: TenantTraits,
  type: string,
  existing: ValueObject | undefined,
  planned: ValueObject,
): string | undefined {
  if (type === "auth0_email_template" && typeof planned.result_url === "string") {
    // Auth0's docs (customize-email-templates): tenants created on or after May 5, 2026 with a
    // non-enterprise subscription cannot customize "Redirect To".
    const created = Date.parse(traits.createdAt ?? "");
    const restricted =
      !traits.enterprise && !Number.isNaN(created) && created >= Date.parse(RESULT_URL_CUTOFF);
    if (restricted && planned.result_url !== existing?.result_url) {
      return "403 Forbidden: Customizations for resultUrl are not allowed for non-enterprise tenants";
    }
  }
  return undefined;
}

/**
 * What a read finds for an object the tenant does not hold. Prompt custom text is never gone:
 * Auth0 answers `{}` for a prompt and language without text, and the provider keeps the
 * resource with body `{}` (recording TestAccPromptCustomText; provider prompt/flatten.go).
 */
export function readMissing(type: string, id: string): ValueObject | null {
  if (type !== "auth0_prompt_custom_text") return null;
  const [prompt, language] = id.split("::");
  if (!prompt || !language) return null;
  return { id, prompt, language, body: "{}" };
}

/** What a delete leaves in the tenant: prompt text is "deleted" by writing `{}` (recorded). */
export function deletedValue(type: string, existing: ValueObject): ValueObject | undefined {
  return type === "auth0_prompt_custom_text" ? { ...existing, body: "{}" } : undefined;
}

/** A write whose result differs from what Terraform planned: the plan did not show it. */
export interface UnplannedChange {
  readonly type: string;
  readonly id: string;
  /** Dotted path, e.g. `options.password_history`. */
  readonly path: string;
  readonly planned: Value;
  readonly stored: Value;
}

/** Every known value of `planned` that `stored` does not hold, by dotted path. */
export function unplannedChanges(
  type: string,
  id: string,
  planned: Value,
  stored: Value,
  path = "",
): UnplannedChange[] {
  if (planned === UNKNOWN) return [];
  const p = singleBlock(planned);
  const s = singleBlock(stored);
  if (isObject(p) && isObject(s)) {
    return Object.keys(p).flatMap((key) =>
      unplannedChanges(type, id, p[key], s[key] ?? null, path ? `${path}.${key}` : key),
    );
  }
  if (sameValue(emptyAsNull(planned), emptyAsNull(stored))) return [];
  if (containsUnknown(planned)) return [];
  return [{ type, id, path, planned, stored }];
}

function emptyAsNull(v: Value): Value {
  return empty(v) ? null : v;
}

function singleBlock(v: Value): Value {
  return Array.isArray(v) && v.length === 1 && isObject(v[0]) ? v[0] : v;
}

function firstBlock(v: Value | undefined): ValueObject | undefined {
  if (Array.isArray(v)) return isObject(v[0]) ? v[0] : undefined;
  return isObject(v) ? v : undefined;
}
