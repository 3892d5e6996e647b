import { Token } from "cdktf";

/**
 * Every string in Terraform JSON is a template: `${` interpolates and `%{` starts a directive.
 * Code and email bodies must reach Auth0 verbatim, so both are doubled ($${, %%{), which
 * Terraform reads back as the literal text. (cdktf's Fn.rawString escapes only `${`.)
 */
export function escapeTerraformTemplate(text: string): string {
  return text.replace(/([$%])\{/g, (_match, sigil: string) => `${sigil}${sigil}{`);
}

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

/** What Terraform does to an escaped string: the inverse of escapeTerraformTemplate. */
export function unescapeTerraformTemplate(text: string): string {
  return text.replace(/([$%])\1\{/g, (_match, sigil: string) => `${sigil}{`);
}
