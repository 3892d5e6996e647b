#!/usr/bin/env node
// Runs a TypeScript entry point (main.ts, scripts/*.ts) as precompiled JavaScript.
//
// Why not ts-node/tsx: a JIT transpiler pays the whole transpile again on every run, and
// `cdktf synth/plan/apply` run the app on every call. This bundles the entry with esbuild
// into .build/ once and reuses the bundle while none of its inputs has changed. It keeps the
// same kind of cache record as lib/speed/cache.ts (written out here because this runs before
// any TypeScript can): `{ key, inputs }`, the key a sha256 of the contents of every file
// esbuild read (its metafile), so no source list is kept by hand and no timestamp can lie.
// Packages in node_modules stay external and load as usual.
//
// Usage: node scripts/run.mjs <entry.ts> [args...]
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import module, { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
// Node 22 can keep V8's compiled code of every module it loads (cdktf, the bindings, the
// bundle) between runs; Node 20 has no such cache and skips this.
module.enableCompileCache?.(path.join(root, ".build", "node-compile-cache"));
const entry = process.argv[2];
if (!entry) {
  console.error("usage: node scripts/run.mjs <entry.ts> [args...]");
  process.exit(2);
}
const entryPath = path.resolve(entry);
if (!existsSync(entryPath)) {
  console.error(`run.mjs: entry ${entry} does not exist`);
  process.exit(2);
}
const rel = path.relative(root, entryPath);
const outfile = path.join(root, ".build", rel.replace(/\.ts$/, ".js"));
const recordFile = `${outfile}.json`;

// This launcher and the lock file shape the bundle too: a changed esbuild version or
// build option must not reuse an old bundle.
const alwaysInputs = [fileURLToPath(import.meta.url), path.join(root, "package-lock.json")];

/** lib/speed/cache.ts's cacheKey, over the files' contents. */
function cacheKey(files) {
  const hash = createHash("sha256");
  for (const file of files) {
    const contents = readFileSync(file);
    hash.update(`${contents.length}:`).update(contents);
  }
  return hash.digest("hex");
}

function inputFiles(inputs) {
  return [...inputs.map((i) => path.join(root, i)), ...alwaysInputs];
}

function isFresh() {
  if (!existsSync(outfile)) return false;
  try {
    const record = JSON.parse(readFileSync(recordFile, "utf8"));
    return record.key === cacheKey(inputFiles(record.inputs));
  } catch {
    return false;
  }
}

if (!isFresh()) {
  const esbuild = await import("esbuild");
  mkdirSync(path.dirname(outfile), { recursive: true });
  const result = await esbuild.build({
    entryPoints: [entryPath],
    outfile,
    absWorkingDir: root,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    packages: "external",
    // A linked map costs nothing until asked for: NODE_OPTIONS=--enable-source-maps maps
    // stack traces back to the .ts sources (enabling it always would slow every run down).
    sourcemap: "linked",
    metafile: true,
    logLevel: "warning",
    write: false,
  });
  // Write-then-rename: a concurrent run (npm test beside npm run synth) never loads half a file.
  const inputs = Object.keys(result.metafile.inputs);
  const record = { key: cacheKey(inputFiles(inputs)), inputs };
  const files = [
    ...result.outputFiles.map((f) => [f.path, f.contents]),
    [recordFile, JSON.stringify(record)],
  ];
  for (const [file, contents] of files) {
    writeFileSync(`${file}.${process.pid}`, contents);
    renameSync(`${file}.${process.pid}`, file);
  }
}

// Scripts see their own arguments as process.argv.slice(2), as they would under node.
process.argv.splice(1, 2, outfile);
createRequire(outfile)(outfile);
