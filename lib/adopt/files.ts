// Files `npm run adopt` writes: whole or not at all, and formatted as the repository formats them.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

/**
 * Writes `text` to a temporary file beside `file`, then renames it over `file`: a reader sees
 * the old file or the new one, never half of one. The temporary name has no `.json` in it, so
 * an environment loader running meanwhile ignores it.
 */
export function writeFileAtomically(file: string, text: string): void {
  const temporary = path.join(
    path.dirname(file),
    `.adopt-${process.pid}-${randomBytes(4).toString("hex")}.tmp`,
  );
  try {
    writeFileSync(temporary, text);
    renameSync(temporary, file);
  } finally {
    rmSync(temporary, { force: true });
  }
}

/**
 * JSON as the repository's formatter (Biome, `npm run format`) writes it, so a written
 * environment file passes `npm run lint` as it is. Where Biome is not installed, the plain
 * two-space JSON is returned, which `npm run format` then tidies.
 */
export function formatJson(value: unknown, file: string, root: string): string {
  const text = `${JSON.stringify(value, null, 2)}\n`;
  let biome: string;
  try {
    biome = createRequire(path.join(root, "package.json")).resolve("@biomejs/biome/bin/biome");
  } catch {
    return text;
  }
  // Biome reads the path only to know the file's kind and settings; it must lie under `root`.
  const stdinPath = path.join("environments", path.basename(file));
  const formatted = spawnSync(
    process.execPath,
    [biome, "format", `--stdin-file-path=${stdinPath}`],
    {
      cwd: root,
      input: text,
      encoding: "utf8",
    },
  );
  return formatted.status === 0 && formatted.stdout.trim() !== "" ? formatted.stdout : text;
}
