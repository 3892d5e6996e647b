// What `npm run adopt -- <env> --write` puts into the environment file: the tenant's own values
// wherever the file has not decided (has no field for it), so that the first apply keeps what
// the tenant has. A field the file states is a decision and stays as written; the one
// exception is an Action name the tenant already uses, which can only fail (409).
import { ACTIONS } from "../action";
import {
  CHARACTER_TYPE_RULES,
  CHARACTER_TYPES,
  DEFAULT_CONNECTION_NAME,
  isPlainObject,
  MANAGED_CONNECTION_OPTIONS,
  MAX_LINK_LIFETIME_SECONDS,
  MIN_LINK_LIFETIME_SECONDS,
  PASSWORD_STRENGTHS,
} from "../environment";
import type { SchemaBlock } from "../provider/schema/types";
import { CONNECTION_OPTIONS_KEPT } from "../provider/stand-in/auth0-api";
import {
  isEmpty,
  type Json,
  type JsonObject,
  optionsToState,
  sameJson,
  sensitiveKeys,
  stateToFile,
} from "./options";
import type { StackJson } from "./stack";
import { TEMPLATE_NAMES, type TenantRead, type WireAction } from "./tenant";

/** One field the completion sets, by its path in the environment file. */
export interface FieldSet {
  readonly field: string;
  readonly value: Json;
}

export interface Completion {
  readonly file: JsonObject;
  readonly set: readonly FieldSet[];
}

/** The connection options (state shape) of a password policy: the flexible model's, the legacy's. */
export const PASSWORD_BLOCKS: ReadonlySet<string> = new Set([
  "password_options",
  "password_policy",
  "password_complexity_options",
  "password_history",
  "password_no_personal_info",
  "password_dictionary",
]);

/** The password model of a connection's options (state shape), when it has one. */
export function passwordModelOf(state: JsonObject): "flexible" | "legacy" | undefined {
  if (!isEmpty(state.password_options)) return "flexible";
  return [...PASSWORD_BLOCKS].some((key) => !isEmpty(state[key])) ? "legacy" : undefined;
}

/**
 * Where the file names each of the stack's Actions (by Terraform name), and the prefix of the
 * Action's own log lines, from each Action's contract (lib/action).
 */
const ACTION_FIELDS: Readonly<Record<string, { field: string; log: string }>> = Object.fromEntries(
  ACTIONS.map((action) => [action.terraformName, { field: action.nameSetting, log: action.log }]),
);

export interface StackAction {
  /** auth0_action.<key>. */
  readonly key: string;
  readonly field: string;
  readonly name: string;
  readonly trigger: string;
  readonly log: string;
  readonly secrets: readonly string[];
}

/** The Actions a synthesized stack creates. */
export function stackActions(stack: StackJson): StackAction[] {
  return Object.entries(stack.resource?.auth0_action ?? {}).map(([key, action]) => {
    const a = action as {
      name: string;
      supported_triggers: { id: string };
      secrets_wo: { name: string }[];
    };
    const where = ACTION_FIELDS[key] ?? { field: `${key} Action name`, log: "" };
    return {
      key,
      ...where,
      name: a.name,
      trigger: a.supported_triggers.id,
      secrets: a.secrets_wo.map((secret) => secret.name),
    };
  });
}

/**
 * An Action this stack deployed on an earlier apply: same name and trigger, the code's own log
 * prefix (actions/*.ts), and every secret the stack gives it. Anything else by that name is
 * someone else's, and creating ours next to it fails with 409.
 */
export function looksLikeOurs(
  action: WireAction,
  expected: { trigger: string; log: string; secrets: readonly string[] },
): boolean {
  return (
    action.triggers.some((t) => t.id === expected.trigger) &&
    action.code.includes(expected.log) &&
    expected.secrets.every((name) => action.secretNames.includes(name))
  );
}

/** `base-2`, `base-3`, ...: the first the tenant does not use. */
export function freeActionName(base: string, taken: readonly string[]): string {
  for (let n = 2; ; n++) {
    const name = `${base}-${n}`;
    if (!taken.includes(name)) return name;
  }
}

export interface CompleteOptions {
  readonly block: SchemaBlock;
  /**
   * `required`: only what synth refuses the file without (the connection's id and password
   * model); `everything`: the --write proposal.
   */
  readonly scope: "required" | "everything";
  /** The options the stack states for the required completion: defaults equal to the tenant's need no field. */
  readonly stackOptions?: JsonObject;
  /** The Actions the stack would create (none when their state is removed). */
  readonly actions?: readonly StackAction[];
}

export function completeFile(
  raw: JsonObject,
  tenant: TenantRead,
  options: CompleteOptions,
): Completion {
  const file = structuredClone(raw);
  const set: FieldSet[] = [];
  const put = (path: readonly string[], value: Json) => {
    let object: JsonObject = file;
    for (const key of path.slice(0, -1)) {
      if (!isPlainObject(object[key])) object[key] = {};
      object = object[key] as JsonObject;
    }
    object[path[path.length - 1]] = value;
    set.push({ field: path.join("."), value });
  };
  const has = (path: readonly string[]) => {
    let value: unknown = raw;
    for (const key of path) {
      if (!isPlainObject(value) || !Object.hasOwn(value, key)) return false;
      value = value[key];
    }
    return true;
  };

  const connection = tenant.connection;
  const state =
    connection === undefined ? undefined : optionsToState(connection.options, options.block).state;
  const model = state === undefined ? undefined : passwordModelOf(state);
  const connectionName = isPlainObject(raw.connection) ? raw.connection.name : undefined;
  if (connection !== undefined && !has(["connection", "id"])) {
    // Only the connection the file means: the default one, or the one it names.
    if ((connectionName ?? DEFAULT_CONNECTION_NAME) === connection.name) {
      put(["connection", "id"], connection.id);
    }
  }
  const adopted = has(["connection", "id"]) || set.some((s) => s.field === "connection.id");
  if (adopted && !has(["connection", "passwordPolicy", "model"])) {
    put(["connection", "passwordPolicy", "model"], model ?? "flexible");
  }
  if (options.scope === "required" || state === undefined)
    return { file: inSchemaOrder(file, raw), set };

  // The password policy's values, in the model the file now states, where it states none.
  const policyModel = (file.connection as JsonObject).passwordPolicy as JsonObject;
  if (policyModel.model === model) {
    for (const [key, value] of Object.entries(policyFields(state, model))) {
      if (!has(["connection", "passwordPolicy", key]))
        put(["connection", "passwordPolicy", key], value);
    }
  }
  const typed: Record<string, string> = {
    disable_signup: "disableSignup",
    brute_force_protection: "bruteForceProtection",
    requires_username: "requiresUsername",
  };
  for (const [option, field] of Object.entries(typed)) {
    if (typeof state[option] === "boolean" && !has(["connection", field])) {
      put(["connection", field], state[option]);
    }
  }
  const extra = isPlainObject((raw.connection as JsonObject | undefined)?.extraOptions)
    ? ((raw.connection as JsonObject).extraOptions as JsonObject)
    : {};
  const secret = new Set(sensitiveKeys(state, options.block));
  for (const [key, value] of Object.entries(state)) {
    if ((MANAGED_CONNECTION_OPTIONS as readonly string[]).includes(key)) continue;
    if (CONNECTION_OPTIONS_KEPT.has(key) || secret.has(key) || Object.hasOwn(extra, key)) continue;
    if (isEmpty(value)) continue;
    const stated = options.stackOptions?.[key];
    if (stated !== undefined && sameJson({ [key]: stated }, { [key]: value }, options.block)) {
      continue;
    }
    let kept = stateToFile({ [key]: value }, options.block)[key];
    // One-time codes make Auth0 send the code email instead of the invitation link: the flow
    // needs "link", which extraOptions insists on (docs/environment.md).
    if (key === "attributes") kept = withLinkVerification(kept);
    put(["connection", "extraOptions", key], kept);
  }

  // The templates' Redirect To and the reset link's lifetime.
  const email = isPlainObject(raw.email) ? raw.email : {};
  for (const name of TEMPLATE_NAMES) {
    const url = tenant.templates[name]?.resultUrl;
    if (typeof url === "string" && url !== "" && !has(["email", "redirectTo", name])) {
      put(["email", "redirectTo", name], url);
    }
  }
  const lifetime = tenant.templates.reset_email?.urlLifetimeInSeconds;
  if (
    typeof lifetime === "number" &&
    email.linkLifetimeSeconds === undefined &&
    lifetime >= MIN_LINK_LIFETIME_SECONDS &&
    lifetime <= MAX_LINK_LIFETIME_SECONDS
  ) {
    put(["email", "linkLifetimeSeconds"], lifetime);
  }

  // A name someone else's Action has: creating ours would fail half-way through the apply.
  const taken = tenant.actions.map((a) => a.name);
  for (const action of options.actions ?? []) {
    const existing = tenant.actions.find((a) => a.name === action.name);
    if (existing === undefined || looksLikeOurs(existing, action)) continue;
    put(action.field.split("."), freeActionName(action.name, taken));
  }
  return { file: inSchemaOrder(file, raw), set };
}

/** The top-level fields in the order docs/environment.md lists them, so new ones land in place. */
const TOP_LEVEL_ORDER = [
  "$schema",
  "domain",
  "customDomain",
  "connection",
  "application",
  "emailProvider",
  "email",
  "invite",
  "loginGate",
  "resetPage",
  "applyOrder",
  "backend",
];

/** The file's own order, with each field the completion added after the one it follows in the docs. */
function inSchemaOrder(file: JsonObject, before: JsonObject): JsonObject {
  const rank = (key: string) => {
    const at = TOP_LEVEL_ORDER.indexOf(key);
    return at === -1 ? TOP_LEVEL_ORDER.length : at;
  };
  const keys = Object.keys(file).filter((key) => Object.hasOwn(before, key));
  for (const key of Object.keys(file).filter((k) => !Object.hasOwn(before, k))) {
    let at = keys.length;
    while (at > 0 && rank(keys[at - 1]) > rank(key)) at--;
    keys.splice(at, 0, key);
  }
  return Object.fromEntries(keys.map((key) => [key, file[key]])) as JsonObject;
}

/** The tenant's password policy as the environment's passwordPolicy fields, where they fit. */
export function policyFields(
  state: JsonObject,
  model: "flexible" | "legacy" | undefined,
): JsonObject {
  const first = (value: Json | undefined): JsonObject =>
    Array.isArray(value) && isPlainObject(value[0])
      ? (value[0] as JsonObject)
      : isPlainObject(value)
        ? (value as JsonObject)
        : {};
  const int = (value: Json | undefined, min: number, max: number) =>
    typeof value === "number" && Number.isInteger(value) && value >= min && value <= max
      ? value
      : undefined;
  const out: JsonObject = {};
  const setIf = (key: string, value: Json | undefined) => {
    if (value !== undefined) out[key] = value;
  };
  if (model === "flexible") {
    const options = first(state.password_options);
    const complexity = first(options.complexity);
    const history = first(options.history);
    setIf("minLength", int(complexity.min_length, 8, 72));
    const types = complexity.character_types;
    // An empty list (Auth0's default: no kind of character required) has no equivalent here.
    const typesOk =
      Array.isArray(types) &&
      types.length > 0 &&
      new Set(types).size === types.length &&
      types.every((t) => (CHARACTER_TYPES as readonly Json[]).includes(t));
    if (typesOk) {
      const rule = complexity.character_type_rule;
      const ruleOk =
        (CHARACTER_TYPE_RULES as readonly Json[]).includes(rule ?? null) &&
        (rule !== "three_of_four" || types.length === CHARACTER_TYPES.length);
      setIf("characterTypes", types);
      if (ruleOk) setIf("characterTypeRule", rule);
    }
    if (typeof history.active === "boolean") {
      setIf("history", history.active ? int(history.size, 1, 24) : 0);
    }
    const dictionary = first(options.dictionary).active;
    if (typeof dictionary === "boolean") setIf("dictionary", dictionary);
    const profile = first(options.profile_data).active;
    if (typeof profile === "boolean") setIf("noPersonalInfo", profile);
  } else if (model === "legacy") {
    const strength = state.password_policy;
    if ((PASSWORD_STRENGTHS as readonly Json[]).includes(strength ?? null)) {
      setIf("strength", strength);
    }
    setIf("minLength", int(first(state.password_complexity_options).min_length, 8, 128));
    const history = first(state.password_history);
    if (typeof history.enable === "boolean") {
      setIf("history", history.enable ? int(history.size, 1, 24) : 0);
    }
    const personal = first(state.password_no_personal_info).enable;
    if (typeof personal === "boolean") setIf("noPersonalInfo", personal);
    const dictionary = first(state.password_dictionary).enable;
    if (typeof dictionary === "boolean") setIf("dictionary", dictionary);
  }
  return out;
}

function withLinkVerification(attributes: Json): Json {
  if (!isPlainObject(attributes) || !isPlainObject(attributes.email)) return attributes;
  const email = attributes.email as JsonObject;
  if (email.verification_method !== "otp") return attributes;
  return { ...attributes, email: { ...email, verification_method: "link" } };
}
