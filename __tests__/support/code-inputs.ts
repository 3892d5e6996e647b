// What a cached build step's key must cover: the repository files its code is bundled from.
import { buildSync } from "esbuild";
import { ROOT } from "./paths";

/** The repository files esbuild bundles for `entry` (npm packages left out). */
export function bundledFrom(entry: string): string[] {
  const { metafile } = buildSync({
    entryPoints: [entry],
    absWorkingDir: ROOT,
    bundle: true,
    packages: "external",
    platform: "node",
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  return Object.keys(metafile.inputs);
}

/**
 * The files of `entry`'s bundle that `code` (a list for lib/speed/cache.ts's codeInputs) leaves
 * out. The cache module itself stores results and shapes none, so it needs no place.
 */
export function uncoveredCode(entry: string, code: readonly string[]): string[] {
  return bundledFrom(entry).filter(
    (file) =>
      file !== "lib/speed/cache.ts" &&
      !code.some((entry) => file === entry || file.startsWith(`${entry}/`)),
  );
}
