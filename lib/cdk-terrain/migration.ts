// Moving the repository from CDKTF (archived upstream) to CDK Terrain, its community successor:
// the edits docs/operating.md lists, as code, so that `npm run check-cdk-terrain` makes exactly
// them in a scratch copy and proves the stacks come out the same.
import { isDeepStrictEqual } from "node:util";

/** The CDK Terrain packages the migration moves to, as checked. */
export const CDK_TERRAIN_PACKAGES = {
  cdktn: "0.24.0",
  "@cdktn/provider-generator": "0.24.0",
  // cdktn asks for constructs >= 10.6.0; CDKTF 0.21 accepts it too.
  constructs: "10.6.0",
} as const;

/** package.json entries renamed, with the version each gets. */
const RENAMED: Readonly<Record<string, readonly [string, string]>> = {
  cdktf: ["cdktn", CDK_TERRAIN_PACKAGES.cdktn],
  "cdktf-cli": ["cdktn-cli", CDK_TERRAIN_PACKAGES.cdktn],
  "@cdktf/provider-generator": ["@cdktn/provider-generator", CDK_TERRAIN_PACKAGES.cdktn],
};

/** The packages of CDKTF itself, which a migrated copy must not reach. */
export const CDKTF_PACKAGES = ["cdktf", "cdktf-cli", "@cdktf", "constructs"] as const;

/**
 * A source file with its imports moved: `from "cdktf"` (and `import("cdktf")`,
 * `require("cdktf")`) become cdktn, and every `@cdktf/` package (the bindings generator and its
 * commons, in scripts/generate-bindings.mjs) its `@cdktn/` namesake.
 */
export function migrateSource(text: string): string {
  return text.replace(/(["'])cdktf\1/g, "$1cdktn$1").replace(/@cdktf\//g, "@cdktn/");
}

type PackageJson = Record<string, unknown> & {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
};

/** package.json with the CDKTF packages renamed and constructs at the version cdktn needs. */
export function migratePackageJson(pkg: PackageJson): PackageJson {
  const migrate = (deps: Record<string, string> | undefined) =>
    deps &&
    Object.fromEntries(
      Object.entries(deps).map(([name, version]): [string, string] => {
        if (Object.hasOwn(RENAMED, name)) return [...RENAMED[name]];
        if (name === "constructs") return [name, CDK_TERRAIN_PACKAGES.constructs];
        return [name, version];
      }),
    );
  return {
    ...pkg,
    dependencies: migrate(pkg.dependencies),
    devDependencies: migrate(pkg.devDependencies),
  };
}

// biome-ignore lint/suspicious/noExplicitAny: Terraform JSON is untyped by nature.
type Stack = Record<string, any>;

/** The stack without the framework's version, which is all that may differ. */
function withoutFrameworkVersion(stack: Stack): Stack {
  const copy = structuredClone(stack);
  if (copy["//"]?.metadata) delete copy["//"].metadata.version;
  return copy;
}

/** The first place two JSON values differ, as a path (`resource.auth0_action.x.code`). */
function firstDifference(a: unknown, b: unknown, at = ""): string | undefined {
  if (isDeepStrictEqual(a, b)) return undefined;
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === "object" && v !== null;
  if (!isObject(a) || !isObject(b) || Array.isArray(a) !== Array.isArray(b)) return at || "(root)";
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const found = firstDifference(a[key], b[key], at === "" ? key : `${at}.${key}`);
    if (found !== undefined) return found;
  }
  return at || "(root)";
}

/**
 * How the stacks CDKTF and CDK Terrain synthesized differ, apart from the framework's version
 * in `"//".metadata`: one line per difference, none when they are the same.
 */
export function stackDifferences(
  cdktf: ReadonlyMap<string, Stack>,
  cdktn: ReadonlyMap<string, Stack>,
): string[] {
  const differences: string[] = [];
  for (const name of new Set([...cdktf.keys(), ...cdktn.keys()])) {
    const a = cdktf.get(name);
    const b = cdktn.get(name);
    if (a === undefined || b === undefined) {
      differences.push(`${name}: synthesized by ${a === undefined ? "CDK Terrain" : "CDKTF"} only`);
      continue;
    }
    const at = firstDifference(withoutFrameworkVersion(a), withoutFrameworkVersion(b));
    if (at !== undefined) differences.push(`${name}: differs at ${at}`);
  }
  return differences;
}
