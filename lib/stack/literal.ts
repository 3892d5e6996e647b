import { Token } from "cdktf";
import { escapeTerraformTemplate } from "./terraform-string";

/**
 * Escapes a value that came from configuration, leaving cdktf tokens (references to other
 * resources, which synthesize to `${...}` on purpose) alone.
 */
export function literal(text: string): string {
  return Token.isUnresolved(text) ? text : escapeTerraformTemplate(text);
}

/** `literal` for every string inside a JSON-like value (arrays and objects walked). */
export function literalDeep(value: unknown): unknown {
  if (typeof value === "string") return literal(value);
  if (Array.isArray(value)) return value.map(literalDeep);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, literalDeep(v)]));
  }
  return value;
}
