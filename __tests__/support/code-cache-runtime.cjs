// Jest's module runtime with V8's code cache. Every test file gets a fresh module registry, so
// each one compiles cdktf, the auth0 SDK, liquidjs and the rest again from source; jest keeps
// the transformed source on disk but never the compiled code. This keeps V8's code cache of
// each module beside jest's own cache (`jest --clearCache` removes both), so later files and
// later runs deserialize instead of parsing.
//
// Plain CommonJS because jest requires the runtime itself, untransformed. It replaces one
// method of jest's module executor with the same compile plus the cache, so it is tied to the
// pinned jest version; a jest without that method fails every file at once, loudly.
const { createHash } = require("node:crypto");
const { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");
const Runtime = require("jest-runtime").default;

/** The compile jest-runtime's ModuleExecutor does, reading and writing the code cache. */
function cachedCompile(executor, dir) {
  const uncached = executor.compile.bind(executor);
  return (scriptSource, filename) => {
    const context = executor.environment.getVmContext();
    // Jest's own compile names core modules its way and words syntax errors for people.
    if (context == null || executor.resolution.isCoreModule(filename)) {
      return uncached(scriptSource, filename);
    }
    // V8 checks only the source's length before using a cache, so the name is the content's.
    const key = createHash("sha256")
      .update(`${process.version}\0${filename}\0`)
      .update(scriptSource)
      .digest("hex");
    const file = path.join(dir, key);
    let cachedData;
    try {
      cachedData = readFileSync(file);
    } catch {
      // Not cached yet.
    }
    let compiled;
    try {
      compiled = vm.compileFunction(scriptSource, executor.injectedModuleParameters, {
        filename,
        parsingContext: context,
        cachedData,
        produceCachedData: cachedData === undefined,
        importModuleDynamically: (specifier, _fn, attributes, phase) =>
          executor.dynamicImport(specifier, filename, context, attributes, phase),
      });
    } catch {
      return uncached(scriptSource, filename);
    }
    // The cache only saves time: a cache that cannot be kept never fails a test.
    try {
      if (compiled.cachedDataRejected) {
        rmSync(file, { force: true });
      } else if (cachedData === undefined && compiled.cachedDataProduced) {
        // Workers compile the same modules at the same time: write whole files only.
        mkdirSync(dir, { recursive: true });
        const partial = `${file}.${process.pid}`;
        writeFileSync(partial, compiled.cachedData);
        renameSync(partial, file);
      }
    } catch {
      // Not kept; the next run compiles from source again.
    }
    return compiled;
  };
}

class CodeCacheRuntime extends Runtime {
  constructor(config, ...rest) {
    super(config, ...rest);
    const executor = this.executor;
    if (typeof executor?.compile !== "function") {
      throw new Error(
        "code-cache-runtime.cjs: this jest has no ModuleExecutor.compile; update the runtime for it or remove `runtime` from jest.config.js",
      );
    }
    // `jest --no-cache` means no cache at all.
    if (config.cache === false) return;
    executor.compile = cachedCompile(executor, path.join(config.cacheDirectory, "v8-code-cache"));
  }
}

module.exports = CodeCacheRuntime;
module.exports.cachedCompile = cachedCompile;
