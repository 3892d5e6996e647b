// The jest runtime that keeps V8's code cache (jest.config.js `runtime`) must only ever change
// how fast a module compiles, never which code runs.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import vm from "node:vm";

type Compile = (source: string, filename: string) => ((...args: unknown[]) => unknown) | null;
const { cachedCompile } = require("../support/code-cache-runtime.cjs") as {
  cachedCompile: (executor: object, dir: string) => Compile;
};

describe("compiling test modules with V8's code cache", () => {
  let dir: string;
  let uncached: string[];
  let compile: Compile;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "code-cache-"));
    uncached = [];
    const context = vm.createContext({});
    const executor = {
      environment: { getVmContext: () => context },
      resolution: { isCoreModule: (name: string) => name === "fs" },
      injectedModuleParameters: ["module", "exports"],
      dynamicImport: () => Promise.reject(new Error("not used")),
      compile(source: string, filename: string) {
        uncached.push(filename);
        return vm.compileFunction(source, ["module", "exports"], { filename });
      },
    };
    compile = cachedCompile(executor, path.join(dir, "cache"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const run = (source: string, filename = "/m.js") => {
    const module = { exports: {} as Record<string, unknown> };
    compile(source, filename)?.(module, module.exports);
    return module.exports.value;
  };
  const entries = () => readdirSync(path.join(dir, "cache"));

  it("writes a module's cache once and compiles from it the next time, running the same code", () => {
    const source = "exports.value = [1, 2, 3].map((n) => n * 2).join(',');";
    expect(run(source)).toBe("2,4,6");
    expect(entries()).toHaveLength(1);
    expect(run(source)).toBe("2,4,6");
    expect(entries()).toHaveLength(1);
    expect(uncached).toEqual([]);
  });

  // V8 checks only a cache's source length: a cache kept by name or length would run old code.
  it("runs an edited module's new code, also when the edit keeps its length", () => {
    expect(run("exports.value = 'old';")).toBe("old");
    expect(run("exports.value = 'new';")).toBe("new");
    expect(entries()).toHaveLength(2);
  });

  it("still compiles, from source, where it cannot keep the cache", () => {
    writeFileSync(path.join(dir, "cache"), "a file where the cache folder should be");
    expect(run("exports.value = 'compiled';")).toBe("compiled");
    expect(run("exports.value = 'compiled';")).toBe("compiled");
    expect(uncached).toEqual([]);
  });

  it("leaves core modules and sources that do not compile to jest's own compile", () => {
    run("exports.value = 1;", "fs");
    expect(() => compile("exports.value = ;", "/broken.js")).toThrow("Unexpected token");
    expect(uncached).toEqual(["fs", "/broken.js"]);
  });
});
