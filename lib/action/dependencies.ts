import { readFileSync } from "node:fs";
import { isBuiltin } from "node:module";
import path from "node:path";

/** An npm package Auth0 installs for the Action, pinned exactly. */
export interface ActionDependency {
  readonly name: string;
  readonly version: string;
}

/** Bump when the derivation below changes what it returns: the list is cached under it. */
export const DEPENDENCY_RULES_VERSION = 1;

const EXACT_VERSION = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

/** The module specifiers of every `require("...")` call in built CommonJS code. */
export function requiredModules(code: string): string[] {
  const found = new Set<string>();
  for (const match of code.matchAll(/\brequire\(\s*(["'])([^"']+)\1\s*\)/g)) {
    found.add(match[2]);
  }
  return [...found].sort();
}

/**
 * The npm packages the code requires, each with the exact version package.json pins in
 * `dependencies`, followed by everything those packages depend on at the versions
 * package-lock.json resolved. Auth0 runs `npm install` for the declared list; declaring the
 * transitive packages too makes it install the very tree the tests ran against instead of
 * whatever the libraries' version ranges resolve to that day. Node's own modules need no
 * declaration.
 */
export function actionDependencies(
  code: string,
  sourcePath: string,
  root: string,
): ActionDependency[] {
  const packageJson = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));
  const pinned: Record<string, string> = packageJson.dependencies ?? {};
  const names = new Set<string>();
  for (const specifier of requiredModules(code)) {
    if (isBuiltin(specifier)) continue;
    if (specifier.startsWith(".") || specifier.startsWith("/")) {
      throw new Error(
        `${sourcePath} requires the local file ${specifier}; Auth0 runs the Action as one file`,
      );
    }
    const parts = specifier.split("/");
    names.add(specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]);
  }
  const direct = [...names].sort().map((name) => {
    const version = pinned[name];
    if (version === undefined) {
      throw new Error(
        `${sourcePath} requires ${name}, which package.json does not list in "dependencies"; ` +
          `add it with an exact version (npm install --save-exact ${name})`,
      );
    }
    if (!EXACT_VERSION.test(version)) {
      throw new Error(
        `${sourcePath} requires ${name}, pinned as "${version}" in package.json; ` +
          `Auth0 must install the version the tests ran against, so pin an exact version`,
      );
    }
    return { name, version };
  });
  const lock = readLockfile(root);
  const transitive = new Map<string, string>();
  for (const dep of direct) collectLocked(lock, `node_modules/${dep.name}`, transitive);
  for (const dep of direct) {
    const locked = transitive.get(dep.name);
    if (locked !== undefined && locked !== dep.version) {
      throw new Error(
        `the Action's dependencies need ${dep.name} at ${dep.version} and ${locked}; Auth0 can install only one`,
      );
    }
    transitive.delete(dep.name);
  }
  return [
    ...direct,
    ...[...transitive]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, version]) => ({ name, version })),
  ];
}

interface LockedPackage {
  version?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

function readLockfile(root: string): Record<string, LockedPackage> {
  const file = path.join(root, "package-lock.json");
  const lock = JSON.parse(readFileSync(file, "utf8")) as {
    packages?: Record<string, LockedPackage>;
  };
  if (!lock.packages)
    throw new Error(`${file} has no "packages" map (lockfileVersion 2 or 3 needed)`);
  return lock.packages;
}

// npm's resolution: a dependency of the package at `location` is the nearest
// node_modules/<name> walking up from that package's own node_modules.
function collectLocked(
  lock: Record<string, LockedPackage>,
  location: string,
  out: Map<string, string>,
) {
  const pkg = lock[location];
  if (!pkg?.version)
    throw new Error(`package-lock.json has no entry for ${location}; run npm install`);
  const deps = { ...pkg.dependencies, ...pkg.optionalDependencies };
  for (const name of Object.keys(deps)) {
    let base = location;
    let found: string | undefined;
    for (;;) {
      const candidate = `${base}/node_modules/${name}`;
      if (lock[candidate]) {
        found = candidate;
        break;
      }
      const up = base.lastIndexOf("/node_modules/");
      if (up === -1) break;
      base = base.slice(0, up);
    }
    found ??= lock[`node_modules/${name}`] ? `node_modules/${name}` : undefined;
    if (found === undefined) {
      if (name in (pkg.optionalDependencies ?? {})) continue;
      throw new Error(`package-lock.json: ${location} depends on ${name}, which is not installed`);
    }
    const version = lock[found].version as string;
    const seen = out.get(name);
    if (seen !== undefined && seen !== version) {
      // Auth0 installs one flat list; two versions of one package cannot both be declared.
      throw new Error(
        `the Action's dependencies need ${name} at ${seen} and ${version}; Auth0 can install only one`,
      );
    }
    if (seen === undefined) {
      out.set(name, version);
      collectLocked(lock, found, out);
    }
  }
}
