import { spawnSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  CDK_TERRAIN_PACKAGES,
  CDKTF_PACKAGES,
  migratePackageJson,
  migrateSource,
  stackDifferences,
} from "../lib/cdk-terrain/migration";
import { takeNoArguments } from "../lib/operate/edge";

const USAGE = `usage: npm run check-cdk-terrain

Proves the repository moves to CDK Terrain with the edits docs/operating.md lists
(lib/cdk-terrain/migration.ts): it makes them in a scratch copy of the working tree, installs
CDK Terrain there from the npm registry, generates the bindings with its generator,
synthesizes the environments and compares every stack with what CDKTF synthesizes here.
Exit 0 when they are identical apart from the framework's version in "//".metadata, 1 when
not (or a step failed). CI runs it (.ci/run); it needs the registry.`;
takeNoArguments(USAGE);

const root = process.cwd();
const env = { ...process.env, CHECKPOINT_DISABLE: "1" };

class StepFailed extends Error {}

function run(what: string, command: string, args: string[], cwd: string, extra = {}): string {
  const result = spawnSync(command, args, { cwd, env: { ...env, ...extra }, encoding: "utf8" });
  if (result.status !== 0) {
    throw new StepFailed(`${what} failed:\n${result.stderr || result.stdout || result.error}`);
  }
  return result.stdout;
}

/** Every stack the app command wrote to `outdir`, by name. */
function stacksIn(outdir: string): Map<string, Record<string, unknown>> {
  const dir = path.join(outdir, "stacks");
  return new Map(
    readdirSync(dir)
      .sort()
      .map((name) => [
        name,
        JSON.parse(readFileSync(path.join(dir, name, "cdk.tf.json"), "utf8")) as Record<
          string,
          unknown
        >,
      ]),
  );
}

/** The tracked and new (not ignored) files of the working tree, copied, imports migrated. */
function migratedCopy(copy: string): void {
  const files = run(
    "git ls-files",
    "git",
    ["ls-files", "-z", "--cached", "--others", "--exclude-standard"],
    root,
  )
    .split("\0")
    // A deleted file is still listed until committed; a symlink (node_modules in a worktree)
    // is no file of the repository's.
    .filter((file) => file !== "" && existsSync(path.join(root, file)))
    .filter((file) => lstatSync(path.join(root, file)).isFile());
  for (const file of files) {
    const target = path.join(copy, file);
    mkdirSync(path.dirname(target), { recursive: true });
    if (/\.(ts|mjs|cjs|js)$/.test(file)) {
      writeFileSync(target, migrateSource(readFileSync(path.join(root, file), "utf8")));
    } else {
      copyFileSync(path.join(root, file), target);
    }
  }
  const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));
  writeFileSync(
    path.join(copy, "package.json"),
    `${JSON.stringify(migratePackageJson(pkg), null, 2)}\n`,
  );
}

/**
 * node_modules of the copy: CDK Terrain installed from the registry, and every other package
 * linked from this checkout's, none of CDKTF's among them.
 */
function installCdkTerrain(copy: string, scratch: string): void {
  // A project of its own, so npm installs these packages and not the copy's dependencies.
  const install = path.join(scratch, "install");
  mkdirSync(install);
  writeFileSync(path.join(install, "package.json"), '{ "private": true }\n');
  const specs = Object.entries(CDK_TERRAIN_PACKAGES).map(([name, v]) => `${name}@${v}`);
  run(
    "npm install of CDK Terrain",
    "npm",
    [
      "install",
      "--no-save",
      "--no-package-lock",
      "--ignore-scripts",
      "--no-audit",
      "--no-fund",
    ].concat(specs),
    install,
  );
  const modules = path.join(copy, "node_modules");
  run("moving node_modules", "mv", [path.join(install, "node_modules"), modules], copy);
  const ours = path.join(root, "node_modules");
  const excluded = new Set<string>(CDKTF_PACKAGES);
  for (const entry of readdirSync(ours)) {
    if (excluded.has(entry)) continue;
    const scoped = entry.startsWith("@");
    const names = scoped
      ? readdirSync(path.join(ours, entry)).map((n) => `${entry}/${n}`)
      : [entry];
    if (scoped) mkdirSync(path.join(modules, entry), { recursive: true });
    for (const name of names) {
      if (!existsSync(path.join(modules, name))) {
        symlinkSync(path.join(ours, name), path.join(modules, name));
      }
    }
  }
}

function main(): number {
  const scratch = mkdtempSync(path.join(tmpdir(), "check-cdk-terrain-"));
  const started = Date.now();
  const seconds = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
  try {
    const copy = path.join(scratch, "copy");
    migratedCopy(copy);
    installCdkTerrain(copy, scratch);
    console.log(
      `check-cdk-terrain: CDK Terrain ${CDK_TERRAIN_PACKAGES.cdktn} installed (${seconds()})`,
    );
    run(
      "generate-bindings with @cdktn/provider-generator",
      process.execPath,
      ["scripts/generate-bindings.mjs", "--force", "--quiet"],
      copy,
    );
    const app = ["scripts/run.mjs", "main.ts"];
    const cdktn = path.join(scratch, "cdktn.out");
    run("synth with CDK Terrain", process.execPath, app, copy, { CDKTF_OUTDIR: cdktn });
    const cdktf = path.join(scratch, "cdktf.out");
    run("synth with CDKTF", process.execPath, app, root, { CDKTF_OUTDIR: cdktf });
    const [before, after] = [stacksIn(cdktf), stacksIn(cdktn)];
    const differences = stackDifferences(before, after);
    if (differences.length > 0) {
      console.error(`check-cdk-terrain: the stacks differ (${seconds()}):`);
      for (const line of differences) console.error(`  ${line}`);
      return 1;
    }
    // biome-ignore lint/suspicious/noExplicitAny: Terraform JSON is untyped by nature.
    const version = (stacks: Map<string, any>) =>
      [...stacks.values()][0]?.["//"]?.metadata?.version;
    console.log(
      `check-cdk-terrain: ${[...before.keys()].join(", ")}: identical apart from the framework's version (cdktf ${version(before)}, cdktn ${version(after)}; ${seconds()})`,
    );
    return 0;
  } catch (error) {
    if (!(error instanceof StepFailed)) throw error;
    console.error(`check-cdk-terrain: ${error.message}`);
    return 1;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

process.exitCode = main();
