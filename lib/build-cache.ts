import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";

// The build steps synth runs (Action code, its dependency list, inlined email templates) keep
// their results in .build/ under a hash of their inputs, so synth only pays for what changed.

/** The JSON record in `file` when its `key` matches; undefined when missing, stale or unreadable. */
export function readCache<T extends { key: string }>(file: string, key: string): T | undefined {
  try {
    const record = JSON.parse(readFileSync(file, "utf8")) as T;
    return record?.key === key ? record : undefined;
  } catch {
    return undefined;
  }
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
