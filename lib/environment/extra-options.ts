import { readFileSync } from "node:fs";
import type {
  AttributeType,
  ProvidersSchemaJson,
  SchemaAttribute,
  SchemaBlock,
  SchemaBlockType,
} from "../provider/schema/types";
import { isPlainObject } from "./schema";

// connection.extraOptions is copied verbatim into the auth0_connection `options` block, so the
// provider's own schema decides what it may contain: every option the provider knows can be
// kept, typed, without this repository listing them. The whole synthesized stack is checked
// by real `terraform validate` (npm run check-stack); this check only catches a mistake at the
// edge, with the environment file's field names, before anything is synthesized.

/** Read relative to the working directory: __dirname moves when the code is bundled. */
export const PROVIDER_SCHEMA_FILE = "provider-schema/auth0.json";
const PROVIDER = "registry.terraform.io/auth0/auth0";

let cachedProviderSchema: ProvidersSchemaJson | undefined;
export function readProviderSchema(): ProvidersSchemaJson {
  cachedProviderSchema ??= JSON.parse(
    readFileSync(PROVIDER_SCHEMA_FILE, "utf8"),
  ) as ProvidersSchemaJson;
  return cachedProviderSchema;
}

/** The problems of `extraOptions`, one line each, labelled with `file`. */
export function extraOptionProblems(
  file: string,
  extraOptions: Record<string, unknown>,
  schema: ProvidersSchemaJson,
): string[] {
  const options =
    schema.provider_schemas?.[PROVIDER]?.resource_schemas?.auth0_connection?.block.block_types
      ?.options?.block;
  const at = (path: string) => `${file}: connection.extraOptions.${path}`;
  const problems: string[] = [];
  if (options) {
    for (const p of checkBlockValue(extraOptions, options)) {
      const unknownOption =
        (p.kind === "unknown-attribute" || p.kind === "unknown-block") && !/[.[]/.test(p.path);
      const suggestion = / did you mean .*$/.exec(p.message)?.[0] ?? "";
      const message = unknownOption
        ? `is not an option of auth0_connection (provider auth0/auth0 1.55.0; see its connection docs, options block);${suggestion}`.replace(
            /;$/,
            "",
          )
        : p.message;
      problems.push(`${at(p.path)}: ${message}`);
    }
    for (const path of sensitivePaths(options, extraOptions, [])) {
      problems.push(
        `${at(path)}: is sensitive in the provider schema; secrets never go in environment files (configure this one outside this repository)`,
      );
    }
  }
  const methods = firstBlock(extraOptions.authentication_methods);
  const passwordBlock = isPlainObject(methods) ? firstBlock(methods.password) : undefined;
  if (isPlainObject(passwordBlock) && passwordBlock.enabled === false) {
    problems.push(
      `${at("authentication_methods.password.enabled")}: false is not allowed: invited users set a password, so password sign-in must stay on`,
    );
  }
  // With one-time codes for email, Auth0 sends the "Change Password (Code)" template
  // (reset_email_by_code) instead of reset_email: the invitation would arrive as an unbranded
  // code email without the link (Auth0 support, "Trigger the Change Password (Code) Email
  // Template").
  const attributes = firstBlock(extraOptions.attributes);
  const emailAttribute = isPlainObject(attributes) ? firstBlock(attributes.email) : undefined;
  if (isPlainObject(emailAttribute) && emailAttribute.verification_method === "otp") {
    problems.push(
      `${at("attributes.email.verification_method")}: "otp" is not allowed: with one-time codes Auth0 sends the Change Password (Code) email instead of the invitation link; use "link"`,
    );
  }
  return problems;
}

// A block may be written as one object or as a one-element list.
const firstBlock = (value: unknown) => (Array.isArray(value) ? value[0] : value) as unknown;

// Attribute paths (dotted, as in the message) the schema marks sensitive.
function sensitivePaths(
  block: SchemaBlock,
  value: Record<string, unknown>,
  at: string[],
): string[] {
  const found: string[] = [];
  for (const [key, item] of Object.entries(value)) {
    if (own(block.attributes, key)?.sensitive) found.push([...at, key].join("."));
    const nested = own(block.block_types, key)?.block;
    if (!nested) continue;
    const items = Array.isArray(item) ? item : [item];
    items.forEach((entry, i) => {
      if (!isPlainObject(entry)) return;
      const where = Array.isArray(item) ? [...at, `${key}[${i}]`] : [...at, key];
      found.push(...sensitivePaths(nested, entry, where));
    });
  }
  return found;
}

export type BlockProblemKind =
  | "unknown-attribute"
  | "unknown-block"
  | "missing-required"
  | "wrong-type"
  | "block-count"
  | "computed-only";

export interface BlockProblem {
  /** Dotted path from the checked value, e.g. `mfa.active`, `password_history[0].size`. */
  readonly path: string;
  readonly kind: BlockProblemKind;
  readonly message: string;
}

/**
 * Checks a JSON body (literal values only: no expressions, no meta-arguments) against a
 * schema block the way Terraform would: unknown names, missing required values, value types,
 * block counts and computed-only attributes. Sorted by path, in code-unit order.
 */
export function checkBlockValue(
  value: Record<string, unknown>,
  block: SchemaBlock,
  path = "",
): BlockProblem[] {
  const problems: BlockProblem[] = [];
  checkBody(value, block, path, (p) => problems.push(p));
  const order = (p: BlockProblem) => [p.path, p.kind, p.message];
  return problems.sort((a, b) => {
    const [x, y] = [order(a), order(b)];
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
    return 0;
  });
}

type Report = (problem: BlockProblem) => void;

// Schema maps come from JSON, so a key such as "constructor" must not hit Object.prototype.
function own<T>(record: { [name: string]: T } | undefined, key: string): T | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}

const isUnset = (value: unknown) => value === undefined || value === null;
const joinPath = (parent: string, name: string) => (parent === "" ? name : `${parent}.${name}`);
const indexPath = (parent: string, i: number) => `${parent}[${i}]`;
const keyPath = (parent: string, key: string) => `${parent}[${JSON.stringify(key)}]`;

/** One body alone, or several in an array: each with its path. */
function spread(value: unknown, path: string): Array<[string, unknown]> {
  return Array.isArray(value)
    ? value.map((item, i): [string, unknown] => [indexPath(path, i), item])
    : [[path, value]];
}

function checkBody(
  body: Record<string, unknown>,
  block: SchemaBlock,
  path: string,
  report: Report,
): void {
  const attributes = block.attributes ?? {};
  const blockTypes = block.block_types ?? {};
  for (const [key, value] of Object.entries(body)) {
    const at = joinPath(path, key);
    const attribute = own(attributes, key);
    const blockType = own(blockTypes, key);
    if (attribute) checkAttribute(value, attribute, at, report);
    else if (blockType) checkNestedBlocks(value, blockType, at, report);
    else reportUnknown(key, value, block, at, report);
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
    if ((blockType.min_items ?? 0) >= 1 && isUnset(own(body, name))) {
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

/** A nested block: one object or an array of them; a `map` block is an object keyed by label. */
function checkNestedBlocks(
  value: unknown,
  blockType: SchemaBlockType,
  path: string,
  report: Report,
): void {
  if (isUnset(value)) return;
  let bodies: Array<[string, unknown]>;
  let count: number;
  if (blockType.nesting_mode === "map" && isPlainObject(value)) {
    const labels = Object.entries(value);
    bodies = labels.flatMap(([label, item]) => spread(item, keyPath(path, label)));
    count = labels.length;
  } else if (blockType.nesting_mode !== "map" && (isPlainObject(value) || Array.isArray(value))) {
    bodies = spread(value, path);
    count = bodies.length;
  } else {
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
  for (const [bodyPath, body] of bodies) {
    if (isPlainObject(body)) checkBody(body, blockType.block, bodyPath, report);
    else
      report({
        path: bodyPath,
        kind: "wrong-type",
        message: `block "${bodyPath}" expects an object, got ${describeJson(body)}`,
      });
  }
  const min = blockType.min_items ?? 0;
  const max = maxItems(blockType);
  if (count < min || (max !== undefined && count > max)) {
    report({
      path,
      kind: "block-count",
      message: `block "${path}" expects ${describeCount(blockType)} block(s), got ${count}`,
    });
  }
}

function reportUnknown(
  key: string,
  value: unknown,
  block: SchemaBlock,
  path: string,
  report: Report,
): void {
  const blockNames = Object.keys(block.block_types ?? {});
  const candidates = [...Object.keys(block.attributes ?? {}), ...blockNames];
  // JSON cannot tell an attribute from a block: a near miss decides, else the value's shape.
  const closest = closestName(key, candidates);
  const looksLikeBlock =
    isPlainObject(value) ||
    (Array.isArray(value) && value.length > 0 && value.every((item) => isPlainObject(item)));
  const isBlock = closest !== undefined ? blockNames.includes(closest) : looksLikeBlock;
  report({
    path,
    kind: isBlock ? "unknown-block" : "unknown-attribute",
    message: `unknown ${isBlock ? "block" : "attribute"} "${key}"; ${expectedNames(key, candidates)}`,
  });
}

// What cty accepts when converting a string to a number (decimal, optional sign and exponent).
const NUMBER_LITERAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

function describeType(type: AttributeType): string {
  if (typeof type === "string") return type === "dynamic" ? "any value" : type;
  switch (type[0]) {
    case "list":
    case "set":
    case "map":
      return `${type[0]} of ${describeType(type[1])}`;
    case "object":
      return `object {${Object.keys(type[1]).sort().join(", ")}}`;
    case "tuple":
      return `tuple [${type[1].map(describeType).join(", ")}]`;
  }
}

/** Short description of a JSON value: `string "abc"`, `object`, `array`. */
function describeJson(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "string") {
    const shown = value.length > 40 ? `${value.slice(0, 37)}...` : value;
    return `string ${JSON.stringify(shown)}`;
  }
  if (typeof value === "number" || typeof value === "boolean") return `${typeof value} ${value}`;
  return typeof value;
}

function primitiveMatches(type: "string" | "number" | "bool", value: unknown): boolean {
  switch (type) {
    // Terraform converts numbers and bools to their string form, so they are valid strings.
    case "string":
      return typeof value === "string" || typeof value === "number" || typeof value === "boolean";
    case "number":
      return typeof value === "number" || (typeof value === "string" && NUMBER_LITERAL.test(value));
    case "bool":
      return typeof value === "boolean" || value === "true" || value === "false";
  }
}

/** A JSON value against a cty type; `null` passes (whether it may be unset is the caller's). */
function checkValue(value: unknown, type: AttributeType, path: string, report: Report): void {
  if (value === null || value === undefined || type === undefined || type === "dynamic") return;
  const wrongType = () =>
    report({
      path,
      kind: "wrong-type",
      message: `"${path}" expects ${describeType(type)}, got ${describeJson(value)}`,
    });
  if (typeof type === "string") {
    if (!primitiveMatches(type, value)) wrongType();
    return;
  }
  switch (type[0]) {
    case "list":
    case "set":
      if (!Array.isArray(value)) {
        wrongType();
        return;
      }
      value.forEach((item, i) => {
        checkValue(item, type[1], indexPath(path, i), report);
      });
      return;
    case "map":
      if (!isPlainObject(value)) {
        wrongType();
        return;
      }
      for (const [key, item] of Object.entries(value))
        checkValue(item, type[1], keyPath(path, key), report);
      return;
    case "tuple":
      if (!Array.isArray(value) || value.length !== type[1].length) {
        wrongType();
        return;
      }
      value.forEach((item, i) => {
        checkValue(item, type[1][i], indexPath(path, i), report);
      });
      return;
    case "object": {
      if (!isPlainObject(value)) {
        wrongType();
        return;
      }
      const fields = type[1];
      const optional = type[2] ?? [];
      for (const [key, item] of Object.entries(value)) {
        const fieldType = own(fields, key);
        if (fieldType === undefined) {
          // Terraform would silently drop the field, which hides a typo: report it.
          report({
            path: joinPath(path, key),
            kind: "unknown-attribute",
            message: `unknown field "${key}" in "${path}"; ${expectedNames(key, Object.keys(fields))}`,
          });
        } else checkValue(item, fieldType, joinPath(path, key), report);
      }
      // A field given as null is present: cty's conversion only fails when it is absent.
      for (const name of Object.keys(fields)) {
        if (optional.includes(name) || value[name] !== undefined) continue;
        report({
          path: joinPath(path, name),
          kind: "missing-required",
          message: `missing required field "${name}" (${describeType(fields[name])}) in "${path}"`,
        });
      }
      return;
    }
  }
}

// Optimal string alignment distance: a transposed pair ("nmae") counts as one edit.
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.length][b.length];
}

const snakeCase = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();

/** The closest candidate, if it is close enough to be a plausible typo. */
function closestName(name: string, candidates: readonly string[]): string | undefined {
  // The environment file's own fields are camelCase; the provider's options are snake_case.
  if (candidates.includes(snakeCase(name))) return snakeCase(name);
  const budget = Math.max(1, Math.floor(name.length / 3));
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of [...candidates].sort()) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance <= budget && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** `did you mean "name"?` when a candidate is close, otherwise the accepted names. */
function expectedNames(name: string, candidates: readonly string[]): string {
  const closest = closestName(name, candidates);
  if (closest !== undefined && closest === snakeCase(name) && closest !== name) {
    return `did you mean ${JSON.stringify(closest)}? Options are written as in the provider's schema, in snake_case`;
  }
  if (closest !== undefined) return `did you mean ${JSON.stringify(closest)}?`;
  if (candidates.length === 0) return "nothing is accepted here";
  return `expected one of: ${[...candidates].sort().join(", ")}`;
}
