/**
 * What the provider's docs cannot say and its Go source does: which optional attributes and
 * blocks are also computed, each resource's schema version, and which attributes force a
 * replacement. Recorded in provider-schema/auth0.source-facts.json (facts read from the source
 * at the pinned tag, one entry per resource the stack uses) and laid over the docs-derived
 * schema here, so `derive-schema --check` keeps proving the docs-derived part on its own.
 */
import type { ProvidersSchemaJson, SchemaBlock, SchemaRepresentation } from "./types";

export interface ResourceFacts {
  /** The resource's SchemaVersion. */
  readonly version: number;
  /** Dotted paths (through nested blocks) of attributes and blocks that are Optional + Computed. */
  readonly optional_computed: readonly string[];
  /** Dotted paths of attributes whose change makes the provider replace the resource. */
  readonly force_new: readonly string[];
}

export interface SourceFacts {
  readonly provider_version: string;
  readonly source: string;
  readonly resources: Readonly<Record<string, ResourceFacts>>;
}

/** A resource schema as the real provider serves it, plus what only its plan logic knows. */
export interface ResourceSchema extends SchemaRepresentation {
  readonly forceNew: readonly string[];
  /** Blocks that keep their prior value when the configuration leaves them out. */
  readonly computedBlocks: ReadonlySet<string>;
}

export class SourceFactsError extends Error {}

/** Finds the attribute or block a dotted path names, or undefined. */
function lookup(block: SchemaBlock, dotted: string) {
  const parts = dotted.split(".");
  let current = block;
  for (const [i, part] of parts.entries()) {
    const last = i === parts.length - 1;
    const attribute = current.attributes?.[part];
    if (attribute) return last ? ({ kind: "attribute", attribute } as const) : undefined;
    const nested = current.block_types?.[part];
    if (!nested) return undefined;
    if (last) return { kind: "block", block: nested.block } as const;
    current = nested.block;
  }
  return undefined;
}

/**
 * The docs-derived resource schema with the source facts applied. Fails, naming the path,
 * when a fact names an attribute the derived schema does not have: the two files disagree.
 */
export function resourceSchema(
  schema: ProvidersSchemaJson,
  facts: SourceFacts,
  type: string,
): ResourceSchema {
  const provider = Object.values(schema.provider_schemas ?? {})[0];
  const derived = provider?.resource_schemas?.[type];
  if (!derived) throw new SourceFactsError(`${type} is not in the provider schema`);
  const fact = facts.resources[type];
  if (!fact) return { ...derived, forceNew: [], computedBlocks: new Set() };
  const block = structuredClone(derived.block);
  const computedBlocks = new Set<string>();
  for (const dotted of fact.optional_computed) {
    const found = lookup(block, dotted);
    if (!found)
      throw new SourceFactsError(
        `${type}: optional_computed names ${dotted}, which the schema lacks`,
      );
    if (found.kind === "block") computedBlocks.add(dotted);
    else Object.assign(found.attribute, { optional: true, computed: true, required: undefined });
  }
  for (const dotted of fact.force_new) {
    if (lookup(block, dotted)?.kind !== "attribute") {
      throw new SourceFactsError(
        `${type}: force_new names ${dotted}, which is no attribute of the schema`,
      );
    }
  }
  return { version: fact.version, block, forceNew: fact.force_new, computedBlocks };
}
