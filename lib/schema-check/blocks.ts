import type { SchemaAttribute, SchemaBlock, SchemaBlockType } from "../provider-schema/types";
import {
  closestName,
  describeJson,
  expectedNames,
  isPlainObject,
  joinPath,
  keyPath,
  spreadBodies,
} from "./names";
import { checkValue, describeType, type Report } from "./values";

/** Meta-arguments Terraform handles itself in `resource` and `data` bodies. */
export const RESOURCE_META: ReadonlySet<string> = new Set([
  "count",
  "for_each",
  "depends_on",
  "provider",
  "lifecycle",
  "provisioner",
  "connection",
]);

export const PROVIDER_META: ReadonlySet<string> = new Set(["alias"]);

const NO_META: ReadonlySet<string> = new Set();

const LIFECYCLE_ARGS = [
  "create_before_destroy",
  "prevent_destroy",
  "ignore_changes",
  "replace_triggered_by",
  "precondition",
  "postcondition",
];

const DYNAMIC_ARGS = ["for_each", "iterator", "labels", "content"];

// HCL's JSON syntax ignores this key in every block body; CDKTF stores construct metadata in it.
const COMMENT_KEY = "//";

// Schema maps come from JSON, so a config key such as "constructor" must not hit Object.prototype.
function own<T>(record: { [name: string]: T } | undefined, key: string): T | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}

function isUnset(value: unknown): boolean {
  return value === undefined || value === null;
}

/**
 * Checks one block body (a resource, a provider config, or a nested block) against its schema.
 * `meta` names the meta-arguments valid at this level; `dynamic` blocks are valid at every level.
 */
export function checkBody(
  body: Record<string, unknown>,
  block: SchemaBlock,
  path: string,
  report: Report,
  meta: ReadonlySet<string> = NO_META,
): void {
  const attributes = block.attributes ?? {};
  const blockTypes = block.block_types ?? {};
  const dynamicBlocks = new Set<string>();

  for (const [key, value] of Object.entries(body)) {
    if (key === COMMENT_KEY) continue;
    const keyPathInBody = joinPath(path, key);
    if (meta.has(key)) {
      if (key === "lifecycle") checkLifecycle(value, keyPathInBody, report);
      continue;
    }
    if (key === "dynamic") {
      checkDynamic(value, blockTypes, keyPathInBody, report, dynamicBlocks);
      continue;
    }
    const attribute = own(attributes, key);
    if (attribute !== undefined) {
      checkAttribute(value, attribute, keyPathInBody, report);
      continue;
    }
    const blockType = own(blockTypes, key);
    if (blockType !== undefined) {
      checkNestedBlocks(value, blockType, keyPathInBody, report);
      continue;
    }
    reportUnknown(key, value, block, keyPathInBody, report);
  }

  for (const [name, attribute] of Object.entries(attributes)) {
    if (attribute.required && isUnset(own(body, name))) {
      report({
        path: joinPath(path, name),
        kind: "missing-required",
        message: `missing required attribute "${name}" (${describeType(attribute.type)})`,
      });
    }
  }
  for (const [name, blockType] of Object.entries(blockTypes)) {
    // A dynamic block's count is only known at plan time.
    if (dynamicBlocks.has(name)) continue;
    const min = blockType.min_items ?? 0;
    if (min >= 1 && isUnset(own(body, name))) {
      report({
        path: joinPath(path, name),
        kind: "missing-required",
        message: `missing required block "${name}" (${describeCount(blockType)})`,
      });
    }
  }
}

function checkAttribute(
  value: unknown,
  attribute: SchemaAttribute,
  path: string,
  report: Report,
): void {
  if (isUnset(value)) return;
  if (attribute.computed && !attribute.optional && !attribute.required) {
    report({
      path,
      kind: "computed-only",
      message: `"${path}" is computed by the provider and cannot be set in configuration`,
    });
    return;
  }
  checkValue(value, attribute.type, path, report);
}

function maxItems(blockType: SchemaBlockType): number | undefined {
  if (blockType.nesting_mode === "single" || blockType.nesting_mode === "group") return 1;
  // Terraform treats a max_items of 0 as "no limit".
  return blockType.max_items ? blockType.max_items : undefined;
}

function describeCount(blockType: SchemaBlockType): string {
  const min = blockType.min_items ?? 0;
  const max = maxItems(blockType);
  if (max === undefined) return `at least ${min}`;
  if (min === max) return `exactly ${min}`;
  if (min === 0) return `at most ${max}`;
  return `between ${min} and ${max}`;
}

/**
 * Terraform JSON accepts a nested block as one object or as an array of objects;
 * `map` blocks are an object keyed by label whose values are either of those.
 */
function blockBodies(
  value: unknown,
  blockType: SchemaBlockType,
  path: string,
): { bodies: Array<[string, unknown]>; count: number } | undefined {
  if (blockType.nesting_mode === "map") {
    if (!isPlainObject(value)) return undefined;
    const labels = Object.entries(value);
    return {
      bodies: labels.flatMap(([label, item]) => spreadBodies(item, keyPath(path, label))),
      count: labels.length,
    };
  }
  if (!isPlainObject(value) && !Array.isArray(value)) return undefined;
  const bodies = spreadBodies(value, path);
  return { bodies, count: bodies.length };
}

function checkNestedBlocks(
  value: unknown,
  blockType: SchemaBlockType,
  path: string,
  report: Report,
): void {
  if (isUnset(value)) return;
  const found = blockBodies(value, blockType, path);
  if (found === undefined) {
    const shape =
      blockType.nesting_mode === "map"
        ? "an object of blocks keyed by label"
        : "a block object or an array of block objects";
    report({
      path,
      kind: "wrong-type",
      message: `block "${path}" expects ${shape}, got ${describeJson(value)}`,
    });
    return;
  }
  for (const [bodyPath, body] of found.bodies) {
    if (!isPlainObject(body)) {
      report({
        path: bodyPath,
        kind: "wrong-type",
        message: `block "${bodyPath}" expects an object, got ${describeJson(body)}`,
      });
      continue;
    }
    checkBody(body, blockType.block, bodyPath, report);
  }
  const min = blockType.min_items ?? 0;
  const max = maxItems(blockType);
  if (found.count < min || (max !== undefined && found.count > max)) {
    report({
      path,
      kind: "block-count",
      message: `block "${path}" expects ${describeCount(blockType)} block(s), got ${found.count}`,
    });
  }
}

function checkLifecycle(value: unknown, path: string, report: Report): void {
  for (const [bodyPath, body] of spreadBodies(value, path)) {
    if (!isPlainObject(body)) {
      report({
        path: bodyPath,
        kind: "wrong-type",
        message: `"${bodyPath}" expects an object, got ${describeJson(body)}`,
      });
      continue;
    }
    for (const key of Object.keys(body)) {
      if (key === COMMENT_KEY || LIFECYCLE_ARGS.includes(key)) continue;
      report({
        path: joinPath(bodyPath, key),
        kind: "unknown-attribute",
        message: `unknown lifecycle argument "${key}"; ${expectedNames(key, LIFECYCLE_ARGS)}`,
      });
    }
  }
}

/**
 * `dynamic.<block> = { for_each, iterator?, content }`: the block type must exist and `content`
 * must be a valid body of it; how many blocks it yields is unknown until plan time.
 */
function checkDynamic(
  value: unknown,
  blockTypes: { [name: string]: SchemaBlockType },
  path: string,
  report: Report,
  provided: Set<string>,
): void {
  if (!isPlainObject(value)) {
    report({
      path,
      kind: "wrong-type",
      message: `"${path}" expects an object keyed by block type, got ${describeJson(value)}`,
    });
    return;
  }
  for (const [name, specs] of Object.entries(value)) {
    const specPath = joinPath(path, name);
    const blockType = own(blockTypes, name);
    if (blockType === undefined) {
      report({
        path: specPath,
        kind: "unknown-block",
        message: `unknown block type "${name}" in dynamic; ${expectedNames(name, Object.keys(blockTypes))}`,
      });
      continue;
    }
    provided.add(name);
    for (const [entryPath, spec] of spreadBodies(specs, specPath)) {
      checkDynamicSpec(spec, blockType, entryPath, report);
    }
  }
}

function checkDynamicSpec(
  spec: unknown,
  blockType: SchemaBlockType,
  path: string,
  report: Report,
): void {
  if (!isPlainObject(spec)) {
    report({
      path,
      kind: "wrong-type",
      message: `dynamic block "${path}" expects an object with for_each and content, got ${describeJson(spec)}`,
    });
    return;
  }
  for (const key of Object.keys(spec)) {
    if (key === COMMENT_KEY || DYNAMIC_ARGS.includes(key)) continue;
    report({
      path: joinPath(path, key),
      kind: "unknown-attribute",
      message: `unknown dynamic block argument "${key}"; ${expectedNames(key, DYNAMIC_ARGS)}`,
    });
  }
  for (const required of ["for_each", "content"]) {
    if (isUnset(spec[required])) {
      report({
        path: joinPath(path, required),
        kind: "missing-required",
        message: `dynamic block "${path}" is missing required argument "${required}"`,
      });
    }
  }
  const content = spec.content;
  if (isUnset(content)) return;
  const contentPath = joinPath(path, "content");
  if (!isPlainObject(content)) {
    report({
      path: contentPath,
      kind: "wrong-type",
      message: `"${contentPath}" expects a block object, got ${describeJson(content)}`,
    });
    return;
  }
  checkBody(content, blockType.block, contentPath, report);
}

function looksLikeBlock(value: unknown): boolean {
  return (
    isPlainObject(value) ||
    (Array.isArray(value) && value.length > 0 && value.every((item) => isPlainObject(item)))
  );
}

function reportUnknown(
  key: string,
  value: unknown,
  block: SchemaBlock,
  path: string,
  report: Report,
): void {
  const attributeNames = Object.keys(block.attributes ?? {});
  const blockNames = Object.keys(block.block_types ?? {});
  const candidates = [...attributeNames, ...blockNames];
  // JSON cannot tell an attribute from a block, so the intended schema name decides when the
  // key is a near miss, and the value's shape decides otherwise.
  const closest = closestName(key, candidates);
  const isBlock = closest !== undefined ? blockNames.includes(closest) : looksLikeBlock(value);
  report({
    path,
    kind: isBlock ? "unknown-block" : "unknown-attribute",
    message: `unknown ${isBlock ? "block" : "attribute"} "${key}"; ${expectedNames(key, candidates)}`,
  });
}
