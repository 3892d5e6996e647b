/**
 * A path into JSON as people write it: `["options", 0, "name"]` -> `options[0].name`; the empty
 * path is `(top level)`. One spelling for the environment files' messages and for plans.
 */
export function fieldPath(steps: readonly unknown[]): string {
  let out = "";
  for (const step of steps) {
    out += typeof step === "number" ? `[${step}]` : `${out === "" ? "" : "."}${String(step)}`;
  }
  return out === "" ? "(top level)" : out;
}
