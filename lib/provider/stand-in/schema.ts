import { byCodePoint } from "../../text/by-code-point";
import { type ResourceSchema, resourceSchema, type SourceFacts } from "../schema/source-facts";
import type {
  AttributeType,
  ProvidersSchemaJson,
  SchemaBlock,
  SchemaRepresentation,
} from "../schema/types";
import { isObject, UNKNOWN, type Value, type ValueObject } from "./values";

/** The schemas the stand-in serves: the committed provider schema with the source facts. */
export interface ServedSchema {
  readonly provider: SchemaRepresentation;
  readonly resources: ReadonlyMap<string, ResourceSchema>;
  readonly dataSources: ReadonlyMap<string, SchemaRepresentation>;
}

export function servedSchema(schema: ProvidersSchemaJson, facts: SourceFacts): ServedSchema {
  const provider = Object.values(schema.provider_schemas ?? {})[0];
  if (!provider?.provider) throw new Error("the provider schema has no provider block");
  const resources = new Map<string, ResourceSchema>();
  for (const type of Object.keys(provider.resource_schemas ?? {})) {
    resources.set(type, resourceSchema(schema, facts, type));
  }
  return {
    provider: provider.provider,
    resources,
    dataSources: new Map(Object.entries(provider.data_source_schemas ?? {})),
  };
}

const NESTING = { single: 1, list: 2, set: 3, map: 4, group: 5 } as const;

/** A block in the protocol's protobuf shape (tfplugin6 Schema.Block). */
function protoBlock(block: SchemaBlock): object {
  return {
    attributes: Object.entries(block.attributes ?? {})
      .sort(([a], [b]) => byCodePoint(a, b))
      .map(([name, a]) => ({
        name,
        type: Buffer.from(JSON.stringify(a.type)),
        required: a.required ?? false,
        optional: a.optional ?? false,
        computed: a.computed ?? false,
        sensitive: a.sensitive ?? false,
        deprecated: a.deprecated ?? false,
        write_only: a.write_only ?? false,
        description: "",
        description_kind: 0,
      })),
    block_types: Object.entries(block.block_types ?? {})
      .sort(([a], [b]) => byCodePoint(a, b))
      .map(([name, b]) => ({
        type_name: name,
        block: protoBlock(b.block),
        nesting: NESTING[b.nesting_mode],
        min_items: b.min_items ?? 0,
        max_items: b.max_items ?? 0,
      })),
    deprecated: block.deprecated ?? false,
    description: "",
    description_kind: 0,
  };
}

export const protoSchema = (rep: SchemaRepresentation) => ({
  version: rep.version,
  block: protoBlock(rep.block),
});

/** A value shaped to a cty type: numbers stay numbers, collections stay arrays/objects. */
function shapeValue(type: AttributeType, value: Value | undefined): Value {
  if (value === undefined || value === null) return null;
  if (value === UNKNOWN) return UNKNOWN;
  if (typeof type === "string") return value;
  const [kind, inner] = type;
  if ((kind === "list" || kind === "set") && Array.isArray(value)) {
    return value.map((v) => shapeValue(inner as AttributeType, v));
  }
  if (kind === "map" && isObject(value)) {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, shapeValue(inner as AttributeType, v)]),
    );
  }
  if (kind === "object" && isObject(value)) {
    const attrs = inner as Record<string, AttributeType>;
    return Object.fromEntries(Object.keys(attrs).map((k) => [k, shapeValue(attrs[k], value[k])]));
  }
  return value;
}

/**
 * A value of a block's implied object type, complete: every attribute present (null when
 * unset), list and set blocks as arrays, unknown keys dropped. Terraform decodes what the
 * provider sends against the schema, so what leaves the stand-in always goes through here.
 */
export function shapeObject(block: SchemaBlock, value: Value | undefined): ValueObject {
  const source = isObject(value) ? value : {};
  const out: ValueObject = {};
  for (const [name, attribute] of Object.entries(block.attributes ?? {})) {
    out[name] = shapeValue(attribute.type, source[name]);
  }
  for (const [name, nested] of Object.entries(block.block_types ?? {})) {
    const v = source[name];
    if (v === UNKNOWN) {
      out[name] = UNKNOWN;
      continue;
    }
    switch (nested.nesting_mode) {
      case "list":
      case "set":
        out[name] = (Array.isArray(v) ? v : isObject(v) ? [v] : []).map((e) =>
          e === UNKNOWN ? UNKNOWN : shapeObject(nested.block, e),
        );
        break;
      case "map":
        out[name] = isObject(v)
          ? Object.fromEntries(Object.entries(v).map(([k, e]) => [k, shapeObject(nested.block, e)]))
          : {};
        break;
      default:
        out[name] = isObject(v) ? shapeObject(nested.block, v) : null;
    }
  }
  return out;
}
