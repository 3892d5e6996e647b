/**
 * Every string in Terraform JSON is a template: `${` interpolates and `%{` starts a directive.
 * Code and email bodies must reach Auth0 verbatim, so both are doubled ($${, %%{), which
 * Terraform reads back as the literal text. (cdktf's Fn.rawString escapes only `${`.)
 */
export function escapeTerraformTemplate(text: string): string {
  return text.replace(/([$%])\{/g, (_match, sigil: string) => `${sigil}${sigil}{`);
}

/** What Terraform does to an escaped string: the inverse of escapeTerraformTemplate. */
export function unescapeTerraformTemplate(text: string): string {
  return text.replace(/([$%])\1\{/g, (_match, sigil: string) => `${sigil}{`);
}
