import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";

// The build steps synth runs (the Action's code, its dependency list, the inlined email
// templates) keep their results in .build/, so synth only pays for what changed. One scheme for
// all of them, and for scripts/run.mjs's bundles: a record `{ "key": ..., ... }` in a file named
// after the step, where the key is a sha256 of every input that shapes the result. A record
// whose key differs is stale and rebuilt; there is no timestamp to go wrong and nothing to clean.
// A step's own code is one of its inputs (`codeInputs`), so no version number is kept by hand.

/** The sha256 of the inputs, each length-prefixed so no two lists give the same text. */
function cacheKey(inputs: readonly (string | Uint8Array)[]): string {
  const hash = createHash("sha256");
  for (const input of inputs) hash.update(`${input.length}:`).update(input);
  return hash.digest("hex");
}

/**
 * The value cached as `.build/<name>.json` under `root` for these inputs, or `compute()`'s,
 * which is then cached. A missing, unreadable or stale record is simply rebuilt.
 */
export function cached<T>(
  root: string,
  name: string,
  inputs: readonly (string | Uint8Array)[],
  compute: () => T,
): T {
  const file = path.join(root, ".build", `${name}.json`);
  const key = cacheKey(inputs);
  let record: { key: string; value: unknown } | undefined;
  try {
    record = JSON.parse(readFileSync(file, "utf8"));
  } catch {
    record = undefined;
  }
  if (record?.key !== key) {
    record = { key, value: compute() };
    writeFileAtomic(file, JSON.stringify(record));
  }
  return record.value as T;
}

/**
 * The names and contents of `files`, relative to `root` (the repository this code runs from),
 * as cache inputs: a step keyed on its own code rebuilds after an edit to that code.
 */
export function codeInputs(files: readonly string[], root = codeRoot()): string[] {
  return files.flatMap((file) => [file, readFileSync(path.join(root, file), "utf8")]);
}

// The nearest folder above this module with a package.json: lib/speed/ run from source, .build/
// in scripts/run.mjs's bundle.
function codeRoot(): string {
  let dir = __dirname;
  while (!existsSync(path.join(dir, "package.json")) && path.dirname(dir) !== dir) {
    dir = path.dirname(dir);
  }
  return dir;
}

/**
 * Writes `contents` through a temporary file and a rename, creating the folder: parallel jest
 * workers or a synth beside a test never read half a file.
 */
export function writeFileAtomic(file: string, contents: string | Uint8Array): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  writeFileSync(temporary, contents);
  renameSync(temporary, file);
}
