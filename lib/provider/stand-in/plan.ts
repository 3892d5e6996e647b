import type { ResourceSchema } from "../schema/source-facts";
import type { SchemaBlock } from "../schema/types";
import { shapeObject } from "./schema";
import { isObject, sameValue, UNKNOWN, type Value, type ValueObject } from "./values";

export interface Planned {
  readonly planned: ValueObject | null;
  /** Attribute paths whose change replaces the resource (tfplugin6 AttributePath steps). */
  readonly requiresReplace: readonly string[][];
}

/**
 * Plans one resource the way the real (SDKv2) provider does where this stack depends on it.
 * Terraform's proposed new state already carries the prior value of every computed attribute
 * the configuration leaves null; on top of that:
 * - on create, such attributes are unknown ("known after apply");
 * - optional+computed blocks left out of the configuration keep their prior value;
 * - write-only attributes are never part of a plan or a state;
 * - a change of a ForceNew attribute asks Terraform to replace the resource.
 */
export function planResource(
  schema: ResourceSchema,
  prior: Value,
  proposed: Value,
  config: Value,
): Planned {
  if (!isObject(proposed)) return { planned: null, requiresReplace: [] };
  const creating = !isObject(prior);
  const planned = planBlock(schema, schema.block, "", creating ? null : prior, proposed, config);
  const requiresReplace = creating
    ? []
    : schema.forceNew
        .map((dotted) => dotted.split("."))
        .filter((path) => !sameValue(at(prior, path), at(planned, path)));
  return { planned: shapeObject(schema.block, planned), requiresReplace };
}

/** The value at a dotted path through single-element blocks (ForceNew paths are such). */
function at(value: Value, path: readonly string[]): Value {
  let v: Value = value;
  for (const step of path) {
    if (Array.isArray(v)) v = v[0] ?? null;
    if (!isObject(v)) return null;
    v = v[step] ?? null;
  }
  return v;
}

function planBlock(
  schema: ResourceSchema,
  block: SchemaBlock,
  prefix: string,
  prior: Value,
  proposed: Value,
  config: Value,
): ValueObject {
  const p = isObject(proposed) ? proposed : {};
  const c = isObject(config) ? config : {};
  const before = isObject(prior) ? prior : null;
  const out: ValueObject = { ...p };
  for (const [name, attribute] of Object.entries(block.attributes ?? {})) {
    if (attribute.write_only) out[name] = null;
    else if (attribute.computed && (c[name] ?? null) === null && before === null) {
      out[name] = UNKNOWN;
    }
  }
  for (const [name, nested] of Object.entries(block.block_types ?? {})) {
    const path = `${prefix}${name}`;
    const configured = c[name];
    const priorValue = before?.[name] ?? null;
    const empty =
      configured === null ||
      configured === undefined ||
      (Array.isArray(configured) && configured.length === 0);
    if (empty && schema.computedBlocks.has(path) && priorValue !== null) {
      out[name] = priorValue;
      continue;
    }
    if (nested.nesting_mode === "list" || nested.nesting_mode === "set") {
      const proposedList = Array.isArray(p[name]) ? (p[name] as Value[]) : [];
      const configList = Array.isArray(configured) ? configured : [];
      const priorList = Array.isArray(priorValue) ? priorValue : [];
      out[name] = proposedList.map((element, i) =>
        planBlock(
          schema,
          nested.block,
          `${path}.`,
          priorList[i] ?? null,
          element,
          configList[i] ?? null,
        ),
      );
    } else if (isObject(p[name])) {
      out[name] = planBlock(
        schema,
        nested.block,
        `${path}.`,
        priorValue,
        p[name],
        configured ?? null,
      );
    }
  }
  return out;
}
