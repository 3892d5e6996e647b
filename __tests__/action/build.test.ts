// How actions/<name>.ts becomes auth0_action.code: one CommonJS file per Action, what it
// imports from actions/ bundled in, no npm package. The behaviour of the results is in
// actions/send-invite.test.ts and actions/login-gate.test.ts.
import {
  appendFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import vm from "node:vm";
import { buildAction, INVITE_ACTION, LOGIN_GATE } from "../../lib/action";
import { BUILD_CODE, buildActionCode, requiredModules } from "../../lib/action/build";
import { uncoveredCode } from "../support/code-inputs";
import { ROOT } from "../support/paths";

const scratch: string[] = [];
/** A throw-away repository root with its own actions/, sharing the repository's esbuild. */
function newScratch(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "action-build-"));
  scratch.push(dir);
  writeFileSync(path.join(dir, "package.json"), "{}");
  mkdirSync(path.join(dir, "node_modules"));
  // esbuild is resolved from the root's node_modules; only its package is linked in.
  for (const name of ["esbuild", "@esbuild"]) {
    const from = path.join(ROOT, "node_modules", name);
    symlinkSync(from, path.join(dir, "node_modules", name), "dir");
  }
  mkdirSync(path.join(dir, "actions"));
  for (const [name, text] of Object.entries(files)) {
    writeFileSync(path.join(dir, "actions", name), text);
  }
  return dir;
}
afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

describe.each([
  ["the invite Action", INVITE_ACTION, "onExecutePostUserRegistration"],
  ["the login gate", LOGIN_GATE, "onExecutePostLogin"],
])("building %s's code", (_name, action, handler) => {
  const code = buildAction(action, ROOT);

  it("is deterministic", () => {
    expect(buildAction(action, ROOT)).toBe(code);
  });

  it(`is one plain CommonJS script exporting ${handler}`, () => {
    // Parses as a script: no TypeScript syntax and no import/export statements are left.
    expect(() => new vm.Script(code)).not.toThrow();
    const module = { exports: {} as Record<string, unknown> };
    vm.runInNewContext(code, { module, exports: module.exports, require: () => ({}) });
    expect(typeof module.exports[handler]).toBe("function");
  });

  it("bundles the shared invitation rule and requires nothing, not even Node's modules", () => {
    expect(code).toContain("function notInvitedBecause(");
    expect(requiredModules(code)).toEqual([]);
  });

  it("starts with a line saying where it comes from", () => {
    expect(code.split("\n")[0]).toBe(
      `// Built from ${action.source} in this repository; edit that file, not this code.`,
    );
  });
});

describe("building an Action", () => {
  it("bundles what it imports from actions/", () => {
    const dir = newScratch({
      "a.ts": 'import { two } from "./b";\nexport const value = two() as number;\n',
      "b.ts": "export const two = () => 2;\n",
    });
    const code = buildActionCode("actions/a.ts", dir);
    expect(code).toContain("var two = () => 2;");
    expect(requiredModules(code)).toEqual([]);
  });

  it("allows Node's own modules", () => {
    const dir = newScratch({
      "a.ts": 'import { createHash } from "node:crypto";\nexport const h = createHash;\n',
    });
    expect(requiredModules(buildActionCode("actions/a.ts", dir))).toEqual(["node:crypto"]);
  });

  it("refuses an npm package, which Auth0 would have to install at every cold start", () => {
    const dir = newScratch({
      "a.ts": 'import { jwtVerify } from "jose";\nexport const v = jwtVerify;\n',
    });
    expect(() => buildActionCode("actions/a.ts", dir)).toThrow(
      "actions/a.ts requires jose; the Actions declare no npm dependencies (Auth0 documents that they raise an Action's cold-start time), so use Node's built-in modules and fetch",
    );
  });

  it("refuses an import from outside actions/", () => {
    const dir = newScratch({ "a.ts": 'import { x } from "../lib/x";\nexport const y = x;\n' });
    mkdirSync(path.join(dir, "lib"));
    writeFileSync(path.join(dir, "lib", "x.ts"), "export const x = 1;\n");
    expect(() => buildActionCode("actions/a.ts", dir)).toThrow(
      "actions/a.ts imports lib/x.ts; an Action may import only files in actions/",
    );
  });

  it("fails with a clear message outside the repository root", () => {
    const empty = mkdtempSync(path.join(tmpdir(), "action-build-empty-"));
    scratch.push(empty);
    expect(() => buildAction(INVITE_ACTION, empty)).toThrow(
      `cannot read the Action source ${INVITE_ACTION.source} under ${empty}; run from the repository root`,
    );
  });

  it("keeps template literals intact (escaping them is the stack's job)", () => {
    const dir = newScratch({ "a.ts": "export const f = (x: string) => `${x}%{x}`;\n" });
    expect(buildActionCode("actions/a.ts", dir)).toContain("`${x}%{x}`");
  });
});

describe("the build cache in .build/", () => {
  const cacheFile = (dir: string) => path.join(dir, ".build", "actions", "a.json");

  it("builds on a fresh clone, then reuses the cached code while actions/ is unchanged", () => {
    const dir = newScratch({ "a.ts": "export const value = 1 as number;\n" });
    expect(buildActionCode("actions/a.ts", dir)).toContain("var value = 1;");
    // A cached entry under the same key is returned as is: no second build.
    const cached = JSON.parse(readFileSync(cacheFile(dir), "utf8"));
    writeFileSync(cacheFile(dir), JSON.stringify({ ...cached, value: "// from the cache" }));
    expect(buildActionCode("actions/a.ts", dir)).toBe("// from the cache");
  });

  it("rebuilds when an imported file changes, whatever the file times say", () => {
    const dir = newScratch({
      "a.ts": 'import { n } from "./b";\nexport const value = n;\n',
      "b.ts": "export const n = 1;\n",
    });
    buildActionCode("actions/a.ts", dir);
    const imported = path.join(dir, "actions", "b.ts");
    writeFileSync(imported, "export const n = 2;\n");
    utimesSync(imported, new Date(0), new Date(0));
    expect(buildActionCode("actions/a.ts", dir)).toContain("var n = 2;");
  });

  it("rebuilds when a file in a subfolder of actions/ changes", () => {
    const dir = newScratch({
      "a.ts": 'import { n } from "./shared/b";\nexport const value = n;\n',
    });
    mkdirSync(path.join(dir, "actions", "shared"));
    const imported = path.join(dir, "actions", "shared", "b.ts");
    writeFileSync(imported, "export const n = 1;\n");
    expect(buildActionCode("actions/a.ts", dir)).toContain("var n = 1;");
    writeFileSync(imported, "export const n = 2;\n");
    expect(buildActionCode("actions/a.ts", dir)).toContain("var n = 2;");
  });

  it("rebuilds over an unreadable cache file", () => {
    const dir = newScratch({ "a.ts": "export const value = 3 as number;\n" });
    mkdirSync(path.dirname(cacheFile(dir)), { recursive: true });
    writeFileSync(cacheFile(dir), "{ not json");
    expect(buildActionCode("actions/a.ts", dir)).toContain("var value = 3;");
  });

  it("is keyed on every file of the builder's own code", () => {
    expect(uncoveredCode("lib/action/build.ts", BUILD_CODE)).toEqual([]);
  });

  it("rebuilds when the builder's own source changes", () => {
    // A copy of the builder's code stands in for the repository's, so it can be edited.
    const code = mkdtempSync(path.join(tmpdir(), "action-build-code-"));
    scratch.push(code);
    for (const file of BUILD_CODE) {
      cpSync(path.join(ROOT, file), path.join(code, file), { recursive: true });
    }
    const dir = newScratch({ "a.ts": "export const value = 4 as number;\n" });
    const cachePath = "../../lib/speed/cache";
    jest.isolateModules(() => {
      jest.doMock(cachePath, () => {
        const actual = jest.requireActual(cachePath) as typeof import("../../lib/speed/cache");
        return {
          ...actual,
          codeInputs: (paths: readonly string[], root = code) => actual.codeInputs(paths, root),
        };
      });
      try {
        const build = (require("../../lib/action/build") as typeof import("../../lib/action/build"))
          .buildActionCode;
        expect(build("actions/a.ts", dir)).toContain("var value = 4;");
        const cached = JSON.parse(readFileSync(cacheFile(dir), "utf8"));
        writeFileSync(cacheFile(dir), JSON.stringify({ ...cached, value: "// from the cache" }));
        expect(build("actions/a.ts", dir)).toBe("// from the cache");
        appendFileSync(path.join(code, BUILD_CODE[0]), "// an edit\n");
        expect(build("actions/a.ts", dir)).toContain("var value = 4;");
      } finally {
        jest.dontMock(cachePath);
      }
    });
  });
});
