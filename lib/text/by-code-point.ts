/**
 * Orders strings by UTF-16 code units, for `sort`. Not localeCompare: an order written to a file
 * or shown in a listing must not depend on the machine's locale.
 */
export function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
