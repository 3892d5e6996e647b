import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { cached } from "../speed/cache";

/**
 * How an Action's TypeScript becomes the JavaScript Auth0 runs. Bump `format` whenever this
 * file changes what it produces, so no cached build from an older version is reused.
 */
const BUILD = {
  format: 1,
  esbuild: { loader: "ts", format: "cjs", target: "node22", charset: "utf8" },
} as const;

/**
 * Returns the JavaScript for the Action source at `sourcePath` (relative to `root`): CommonJS,
 * node22, `require(...)` of packages left as is (Auth0 installs the declared dependencies).
 *
 * Transforming with esbuild is slow in a fresh process (its service has to start), more than
 * the app command may spend, so the result is cached in `.build/` under a key made of
 * the source text, the esbuild version and the build options: a fresh clone, an edited source
 * or an upgraded esbuild all rebuild, anything else costs a file read and a hash.
 */
export function buildActionCode(sourcePath: string, root: string): string {
  const file = path.join(root, sourcePath);
  let source: string;
  try {
    source = readFileSync(file, "utf8");
  } catch {
    throw new Error(
      `cannot read the Action source ${sourcePath} under ${root}; run from the repository root`,
    );
  }
  const requireFromRoot = createRequire(path.join(root, "package.json"));
  const esbuildVersion: string = JSON.parse(
    readFileSync(requireFromRoot.resolve("esbuild/package.json"), "utf8"),
  ).version;
  return cached(
    root,
    sourcePath.replace(/\.ts$/, ""),
    [JSON.stringify(BUILD), esbuildVersion, sourcePath, source],
    () => {
      // Loaded only on a rebuild: requiring esbuild alone is slow enough to matter.
      const esbuild: typeof import("esbuild") = requireFromRoot("esbuild");
      return esbuild.transformSync(source, {
        ...BUILD.esbuild,
        sourcefile: sourcePath,
        banner: `// Built from ${sourcePath} in this repository; edit that file, not this code.`,
      }).code;
    },
  );
}
