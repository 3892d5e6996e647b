import type { AttributeType } from "../provider-schema/types";
import { describeJson, expectedNames, indexPath, isPlainObject, joinPath, keyPath } from "./names";
import type { Finding } from "./types";

/** Receives findings for the address currently being checked. */
export type Report = (finding: Omit<Finding, "address">) => void;

/**
 * In Terraform JSON every string is a template; it only becomes an expression once it holds
 * an interpolation. `$${` is the escape for a literal `${`, so it must not count.
 */
export function isExpression(value: unknown): value is string {
  return typeof value === "string" && /(^|[^$])\$\{/.test(value);
}

// What cty accepts when converting a string to a number (decimal, optional sign and exponent).
const NUMBER_LITERAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

export function describeType(type: AttributeType): string {
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

function wrongType(report: Report, path: string, type: AttributeType, value: unknown): void {
  report({
    path,
    kind: "wrong-type",
    message: `"${path}" expects ${describeType(type)}, got ${describeJson(value)}`,
  });
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

/**
 * Checks a JSON value against a cty type, descending into collections and objects.
 * `null` is accepted anywhere: whether an unset attribute is allowed is the caller's concern.
 */
export function checkValue(
  value: unknown,
  type: AttributeType,
  path: string,
  report: Report,
): void {
  if (value === null || value === undefined || isExpression(value)) return;
  // Plugin-framework attributes declared with `nested_type` carry no `type`; the Auth0 provider
  // is SDKv2-only, so rather than guess, such attributes are accepted as they are.
  if (type === undefined || type === "dynamic") return;
  if (typeof type === "string") {
    if (!primitiveMatches(type, value)) wrongType(report, path, type, value);
    return;
  }
  switch (type[0]) {
    case "list":
    case "set":
      if (Array.isArray(value)) {
        value.forEach((element, i) => {
          checkValue(element, type[1], indexPath(path, i), report);
        });
      } else {
        wrongType(report, path, type, value);
      }
      return;
    case "map":
      if (isPlainObject(value)) {
        for (const [key, element] of Object.entries(value)) {
          checkValue(element, type[1], keyPath(path, key), report);
        }
      } else {
        wrongType(report, path, type, value);
      }
      return;
    case "tuple":
      if (Array.isArray(value) && value.length === type[1].length) {
        value.forEach((element, i) => {
          checkValue(element, type[1][i], indexPath(path, i), report);
        });
      } else {
        wrongType(report, path, type, value);
      }
      return;
    case "object":
      checkObject(value, type[1], type[2] ?? [], path, report);
      return;
  }
}

function checkObject(
  value: unknown,
  fields: { [name: string]: AttributeType },
  optional: readonly string[],
  path: string,
  report: Report,
): void {
  if (!isPlainObject(value)) {
    wrongType(report, path, ["object", fields], value);
    return;
  }
  const names = Object.keys(fields);
  // Interpolated keys are only known at plan time, so they might supply any field.
  const hasDynamicKey = Object.keys(value).some(isExpression);
  for (const [key, element] of Object.entries(value)) {
    if (isExpression(key)) continue;
    const fieldType = fields[key];
    if (fieldType === undefined) {
      // Terraform would silently drop the field when converting to the object type, which
      // hides typos; that is exactly what this check is for, so report it.
      report({
        path: joinPath(path, key),
        kind: "unknown-attribute",
        message: `unknown field "${key}" in "${path}"; ${expectedNames(key, names)}`,
      });
      continue;
    }
    checkValue(element, fieldType, joinPath(path, key), report);
  }
  if (hasDynamicKey) return;
  // Unlike a top-level attribute, an object field given as null is present: cty's object
  // conversion only fails when the field is absent.
  for (const name of names) {
    if (optional.includes(name)) continue;
    if (value[name] === undefined) {
      report({
        path: joinPath(path, name),
        kind: "missing-required",
        message: `missing required field "${name}" (${describeType(fields[name])}) in "${path}"`,
      });
    }
  }
}
