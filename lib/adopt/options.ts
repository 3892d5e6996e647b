// A database connection's options in the three forms they take here: as the Management API
// answers (Auth0's wire form), as the provider holds them in state (snake_case, every block a
// list), and as an environment file writes them in connection.extraOptions (a one-item block
// as an object). The provider's schema (provider-schema/auth0.json) decides which name is a
// block, so no option is listed here but the three Auth0 spells differently.
import { isPlainObject } from "../environment";
import { readProviderSchema } from "../environment/extra-options";
import type { ProvidersSchemaJson, SchemaBlock } from "../provider/schema/types";

const PROVIDER = "registry.terraform.io/auth0/auth0";

/** The `options` block of auth0_connection in the committed provider schema. */
export function connectionOptionsBlock(
  schema: ProvidersSchemaJson = readProviderSchema(),
): SchemaBlock {
  const block =
    schema.provider_schemas?.[PROVIDER]?.resource_schemas?.auth0_connection?.block.block_types
      ?.options?.block;
  if (block === undefined)
    throw new Error("provider-schema/auth0.json has no auth0_connection options");
  return block;
}

/**
 * Wire names that are not the provider's: go-auth0's json tags for ConnectionOptions
 * (management/connection.go: `passwordPolicy`, `enabledDatabaseCustomization`, `customScripts`),
 * which the provider maps to snake_case in connection/flatten.go at v1.55.0.
 */
const WIRE_NAMES: Readonly<Record<string, string>> = {
  passwordPolicy: "password_policy",
  enabledDatabaseCustomization: "enabled_database_customization",
  customScripts: "custom_scripts",
};

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface StateOptions {
  /** The options in the provider's state shape. */
  readonly state: JsonObject;
  /** Dotted paths of what the provider's schema has no place for: it never sends them. */
  readonly unknown: readonly string[];
}

/** Auth0's answer's `options` in the provider's state shape, as the provider would read it. */
export function optionsToState(wire: Record<string, unknown>, block: SchemaBlock): StateOptions {
  const unknown: string[] = [];
  const state = bodyToState(wire, block, "", unknown, true);
  return { state, unknown };
}

function bodyToState(
  wire: Record<string, unknown>,
  block: SchemaBlock,
  path: string,
  unknown: string[],
  top: boolean,
): JsonObject {
  const out: JsonObject = {};
  for (const [wireName, value] of Object.entries(wire)) {
    const name = (top ? WIRE_NAMES[wireName] : undefined) ?? wireName;
    const at = path === "" ? name : `${path}.${name}`;
    if (value === undefined) continue;
    const attribute = block.attributes?.[name];
    const nested = block.block_types?.[name];
    if (attribute) {
      // upstream_params is a JSON object on the wire and a JSON string in the provider.
      out[name] =
        attribute.type === "string" && typeof value === "object" && value !== null
          ? JSON.stringify(value)
          : (value as Json);
    } else if (nested) {
      const items = Array.isArray(value) ? value : [value];
      out[name] = items
        .filter(isPlainObject)
        .map((item) => bodyToState(item, nested.block, at, unknown, false));
    } else {
      unknown.push(at);
    }
  }
  return out;
}

/**
 * State shape to the form an environment file writes: a block of one item as an object (which
 * extraOptions merges into what the stack states), longer ones as lists.
 */
export function stateToFile(state: JsonObject, block: SchemaBlock): JsonObject {
  const out: JsonObject = {};
  for (const [name, value] of Object.entries(state)) {
    const nested = block.block_types?.[name];
    if (nested && Array.isArray(value)) {
      const items = value.map((item) =>
        isPlainObject(item) ? stateToFile(item as JsonObject, nested.block) : item,
      );
      out[name] = items.length === 1 ? items[0] : items;
    } else {
      out[name] = value;
    }
  }
  return out;
}

/**
 * One form for comparing: a one-item block as its object, whatever form it came in (the
 * stack's JSON writes typed blocks as objects, extraOptions as written, state as lists), and
 * sets sorted. With `block`, only what the schema calls a set is sorted (a list such as
 * `precedence` keeps its order); without, every list of strings is.
 */
export function comparable(value: unknown, block?: SchemaBlock, isSet = block === undefined): Json {
  if (Array.isArray(value)) {
    if (value.length === 1 && isPlainObject(value[0])) return comparable(value[0], block, isSet);
    const items = value.map((item) => comparable(item, block, isSet));
    return isSet && items.every((item) => typeof item === "string") ? [...items].sort() : items;
  }
  if (isPlainObject(value)) {
    const out: JsonObject = {};
    for (const key of Object.keys(value).sort()) {
      const type = block?.attributes?.[key]?.type;
      const nested = block?.block_types?.[key]?.block;
      out[key] =
        block === undefined
          ? comparable(value[key])
          : comparable(value[key], nested, Array.isArray(type) && type[0] === "set");
    }
    return out;
  }
  return (value ?? null) as Json;
}

/** Nothing set: null, "", an empty list or object (what the provider reads for "not set"). */
export function isEmpty(value: unknown): boolean {
  if (value === null || value === undefined || value === "") return true;
  if (Array.isArray(value)) return value.every(isEmpty);
  if (isPlainObject(value)) return Object.values(value).every(isEmpty);
  return false;
}

export function sameJson(a: unknown, b: unknown, block?: SchemaBlock): boolean {
  return JSON.stringify(comparable(a, block)) === JSON.stringify(comparable(b, block));
}

/** Paths (dotted) the schema marks sensitive, found in `value`. */
export function sensitiveKeys(value: JsonObject, block: SchemaBlock): string[] {
  return Object.keys(value).filter((key) => block.attributes?.[key]?.sensitive === true);
}
