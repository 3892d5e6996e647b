import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire, isBuiltin } from "node:module";
import path from "node:path";
import { cached, codeInputs } from "../speed/cache";

/** The code that shapes a build, hashed into its cache key: this file. */
export const BUILD_CODE = ["lib/action/build.ts"];

/** The folder every Action and everything it imports lives in. */
const ACTIONS_DIR = "actions";

/** The module specifiers of every `require("...")` call in built CommonJS code. */
export function requiredModules(code: string): string[] {
  const found = new Set<string>();
  for (const match of code.matchAll(/\brequire\(\s*(["'])([^"']+)\1\s*\)/g)) {
    found.add(match[2]);
  }
  return [...found].sort();
}

/**
 * Returns the JavaScript for the Action source at `sourcePath` (relative to `root`, inside
 * actions/): one CommonJS file for node22, with what it imports from actions/ bundled in and
 * each global named in `define` replaced by its JSON (esbuild's define), as data the code is
 * shipped with.
 * The Actions declare no npm dependencies (Auth0 documents that they raise cold-start time), so a
 * `require` of anything but Node's own modules is refused, as is an import from outside
 * actions/.
 *
 * Bundling with esbuild is slow in a fresh process (its service has to start), more than the
 * app command may spend, so the result is cached in `.build/` under a key made of every file
 * in actions/, this builder's own source, the esbuild version and the tsconfig.json: a fresh
 * clone, an edited Action, an edited builder or an upgraded esbuild all rebuild, anything else
 * costs a few file reads and a hash.
 */
export function buildActionCode(
  sourcePath: string,
  root: string,
  define: Readonly<Record<string, string>> = {},
): string {
  const dir = path.join(root, ACTIONS_DIR);
  let files: string[] = [];
  try {
    files = readdirSync(dir, { recursive: true, encoding: "utf8" })
      .filter((name) => name.endsWith(".ts"))
      .map((name) => `${ACTIONS_DIR}/${name.split(path.sep).join("/")}`)
      .sort();
  } catch {
    // Reported below, as a missing source.
  }
  if (!files.includes(sourcePath)) {
    throw new Error(
      `cannot read the Action source ${sourcePath} under ${root}; run from the repository root`,
    );
  }
  const requireFromRoot = createRequire(path.join(root, "package.json"));
  // esbuild also reads the compiler options in the root's tsconfig.json (class fields, strict).
  const tsconfig = path.join(root, "tsconfig.json");
  return cached(
    root,
    sourcePath.replace(/\.ts$/, ""),
    [
      ...codeInputs(BUILD_CODE),
      requireFromRoot("esbuild/package.json").version,
      existsSync(tsconfig) ? readFileSync(tsconfig, "utf8") : "",
      sourcePath,
      JSON.stringify(define),
      ...codeInputs(files, root),
    ],
    () => {
      // Loaded only on a rebuild: requiring esbuild alone is slow enough to matter.
      const esbuild: typeof import("esbuild") = requireFromRoot("esbuild");
      const result = esbuild.buildSync({
        bundle: true,
        packages: "external",
        platform: "node",
        format: "cjs",
        target: "node22",
        charset: "utf8",
        legalComments: "none",
        absWorkingDir: root,
        entryPoints: [sourcePath],
        define: { ...define },
        write: false,
        metafile: true,
        logLevel: "silent",
        banner: {
          js: `// Built from ${sourcePath} in this repository; edit that file, not this code.`,
        },
      });
      for (const input of Object.keys(result.metafile.inputs)) {
        // esbuild lists the data a define puts in as an input of its own.
        const defined = Object.keys(define).some((name) => input === `<define:${name}>`);
        if (!defined && !input.startsWith(`${ACTIONS_DIR}/`)) {
          throw new Error(
            `${sourcePath} imports ${input}; an Action may import only files in ${ACTIONS_DIR}/`,
          );
        }
      }
      const code = result.outputFiles[0].text;
      const packages = requiredModules(code).filter((id) => !isBuiltin(id));
      if (packages.length > 0) {
        throw new Error(
          `${sourcePath} requires ${packages.join(", ")}; the Actions declare no npm dependencies (Auth0 documents that they raise an Action's cold-start time), so use Node's built-in modules and fetch`,
        );
      }
      return code;
    },
  );
}
