// How actions/send-invite.ts becomes auth0_action.code, and which npm packages the Action
// declares. The behaviour of the result is in actions/send-invite.test.ts.
import {
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
import {
  buildInviteActionCode,
  INVITE_ACTION_SOURCE,
  inviteActionDependencies,
} from "../../lib/action";
import { buildActionCode } from "../../lib/action/build";
import { actionDependencies, requiredModules } from "../../lib/action/dependencies";
import { ROOT } from "../support/paths";

const root = ROOT;
const packageJson = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));

/** A throw-away repository root with its own Action source, sharing node_modules. */
function scratchRoot(source: string, dependencies: Record<string, string> = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), "action-build-"));
  symlinkSync(path.join(root, "node_modules"), path.join(dir, "node_modules"), "dir");
  writeFileSync(path.join(dir, "package.json"), JSON.stringify({ dependencies }));
  // A lockfile as npm writes it: auth-js needs jose, which has a nested copy of its own dep.
  const packages = {
    "": { dependencies },
    "node_modules/@auth0/auth0-auth-js": { version: "1.16.1", dependencies: { jose: "^6.0.0" } },
    "node_modules/jose": { version: "6.2.18", dependencies: { tiny: "^2.0.0" } },
    "node_modules/jose/node_modules/tiny": { version: "2.1.0" },
    "node_modules/tiny": { version: "1.0.0" },
    "node_modules/lodash": { version: "4.17.21" },
  };
  writeFileSync(
    path.join(dir, "package-lock.json"),
    JSON.stringify({ lockfileVersion: 3, packages }),
  );
  mkdirSync(path.join(dir, "actions"));
  writeFileSync(path.join(dir, "actions", "a.ts"), source);
  return dir;
}

const scratch: string[] = [];
function newScratch(source: string, dependencies?: Record<string, string>): string {
  const dir = scratchRoot(source, dependencies);
  scratch.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

describe("building the invite Action's code", () => {
  const code = buildInviteActionCode(root);

  it("is deterministic", () => {
    expect(buildInviteActionCode(root)).toBe(code);
  });

  it("is plain CommonJS JavaScript exporting onExecutePostUserRegistration", () => {
    // Parses as a script: no TypeScript syntax and no import/export statements are left.
    expect(() => new vm.Script(code)).not.toThrow();
    expect(code).toMatch(/^exports\.onExecutePostUserRegistration = async \(event\) => \{$/m);
  });

  it("leaves the SDK to require() instead of bundling it", () => {
    expect(requiredModules(code)).toEqual(["@auth0/auth0-auth-js"]);
    expect(code).not.toContain("openid-client");
  });

  it("starts with a line saying where it comes from", () => {
    expect(code.split("\n")[0]).toBe(
      `// Built from ${INVITE_ACTION_SOURCE} in this repository; edit that file, not this code.`,
    );
  });

  it("fails with a clear message outside the repository root", () => {
    const empty = mkdtempSync(path.join(tmpdir(), "action-build-empty-"));
    scratch.push(empty);
    expect(() => buildInviteActionCode(empty)).toThrow(
      `cannot read the Action source ${INVITE_ACTION_SOURCE} under ${empty}; run from the repository root`,
    );
  });
});

describe("the build cache in .build/", () => {
  const cacheFile = (dir: string) => path.join(dir, ".build", "actions", "a.json");

  it("builds on a fresh clone, then reuses the cached code while the source is unchanged", () => {
    const dir = newScratch("exports.value = 1 as number;\n");
    const first = buildActionCode("actions/a.ts", dir);
    expect(first).toContain("exports.value = 1;");
    // A cached entry under the same key is returned as is: no second transform.
    const cached = JSON.parse(readFileSync(cacheFile(dir), "utf8"));
    writeFileSync(cacheFile(dir), JSON.stringify({ ...cached, value: "// from the cache" }));
    expect(buildActionCode("actions/a.ts", dir)).toBe("// from the cache");
  });

  it("rebuilds when the source changes, whatever the file times say", () => {
    const dir = newScratch("exports.value = 1 as number;\n");
    buildActionCode("actions/a.ts", dir);
    const source = path.join(dir, "actions", "a.ts");
    writeFileSync(source, "exports.value = 2 as number;\n");
    utimesSync(source, new Date(0), new Date(0));
    expect(buildActionCode("actions/a.ts", dir)).toContain("exports.value = 2;");
  });

  it("rebuilds over an unreadable cache file", () => {
    const dir = newScratch("exports.value = 3 as number;\n");
    mkdirSync(path.dirname(cacheFile(dir)), { recursive: true });
    writeFileSync(cacheFile(dir), "{ not json");
    expect(buildActionCode("actions/a.ts", dir)).toContain("exports.value = 3;");
  });

  it("keeps template literals intact (escaping them is the stack's job)", () => {
    const dir = newScratch("exports.f = (x: string) => `${x}%{x}`;\n");
    expect(buildActionCode("actions/a.ts", dir)).toContain("`${x}%{x}`");
  });
});

describe("the packages the invite Action declares", () => {
  it("declares the SDK at the exact version package.json pins, then its locked dependency tree", () => {
    const deps = inviteActionDependencies(root);
    expect(deps[0]).toEqual({
      name: "@auth0/auth0-auth-js",
      version: packageJson.dependencies["@auth0/auth0-auth-js"],
    });
    expect(deps.map((d) => d.name)).toEqual([
      "@auth0/auth0-auth-js",
      "jose",
      "oauth4webapi",
      "openid-client",
    ]);
  });

  it("matches what is installed, so the tests run the code Auth0 installs", () => {
    for (const { name, version } of inviteActionDependencies(root)) {
      const installed = JSON.parse(
        readFileSync(path.join(root, "node_modules", name, "package.json"), "utf8"),
      );
      expect(`${name}@${installed.version}`).toBe(`${name}@${version}`);
    }
  });

  const code = [
    'const sdk = require("@auth0/auth0-auth-js");',
    'const crypto = require("node:crypto");',
    'const util = require("util");',
    "const helper = require('lodash/fp/get');",
  ].join("\n");

  it("lists each package once by name, subpaths included, and skips Node's modules", () => {
    const dir = newScratch("", { "@auth0/auth0-auth-js": "1.16.1", lodash: "4.17.21" });
    expect(actionDependencies(code, "actions/a.ts", dir)).toEqual([
      { name: "@auth0/auth0-auth-js", version: "1.16.1" },
      { name: "lodash", version: "4.17.21" },
      // Transitive, at the versions npm resolved: a nested copy wins over the top-level one.
      { name: "jose", version: "6.2.18" },
      { name: "tiny", version: "2.1.0" },
    ]);
  });

  it("refuses a tree that needs two versions of one package (Auth0 installs a flat list)", () => {
    const dir = newScratch("", { "@auth0/auth0-auth-js": "1.16.1", tiny: "1.0.0" });
    expect(() =>
      actionDependencies('require("@auth0/auth0-auth-js"); require("tiny")', "actions/a.ts", dir),
    ).toThrow("the Action's dependencies need tiny at 1.0.0 and 2.1.0; Auth0 can install only one");
  });

  it.each(["^1.16.1", "~1.16.1", "1.x", "latest", ">=1.16.1"])(
    "refuses a dependency pinned as %s",
    (range) => {
      const dir = newScratch("", { "@auth0/auth0-auth-js": range, lodash: "4.17.21" });
      expect(() => actionDependencies(code, "actions/a.ts", dir)).toThrow(
        `actions/a.ts requires @auth0/auth0-auth-js, pinned as "${range}" in package.json; ` +
          "Auth0 must install the version the tests ran against, so pin an exact version",
      );
    },
  );

  it("refuses a package package.json does not list in dependencies", () => {
    const dir = newScratch("", { "@auth0/auth0-auth-js": "1.16.1" });
    expect(() => actionDependencies(code, "actions/a.ts", dir)).toThrow(
      'actions/a.ts requires lodash, which package.json does not list in "dependencies"',
    );
  });

  it("refuses a require of a local file, which Auth0 could not resolve", () => {
    const dir = newScratch("", {});
    expect(() => actionDependencies('require("./helpers")', "actions/a.ts", dir)).toThrow(
      "actions/a.ts requires the local file ./helpers; Auth0 runs the Action as one file",
    );
  });
});

describe("the cache of the invite Action's package list", () => {
  // A copy of the repository's inputs, so editing them cannot disturb other test files.
  function copyRoot(): string {
    const dir = mkdtempSync(path.join(tmpdir(), "action-deps-"));
    scratch.push(dir);
    symlinkSync(path.join(root, "node_modules"), path.join(dir, "node_modules"), "dir");
    mkdirSync(path.join(dir, "actions"));
    for (const file of ["package.json", "package-lock.json", "actions/send-invite.ts"]) {
      writeFileSync(path.join(dir, file), readFileSync(path.join(root, file)));
    }
    return dir;
  }

  it("is used while the code, package.json and the lock file are unchanged", () => {
    const dir = copyRoot();
    const first = inviteActionDependencies(dir);
    const cacheFile = path.join(dir, ".build/actions/send-invite.deps.json");
    const cached = JSON.parse(readFileSync(cacheFile, "utf8"));
    expect(cached.value).toEqual(first);
    // A marker only the cache can return proves the lock file was not parsed again.
    writeFileSync(
      cacheFile,
      JSON.stringify({ ...cached, value: [{ name: "m", version: "1.0.0" }] }),
    );
    expect(inviteActionDependencies(dir)).toEqual([{ name: "m", version: "1.0.0" }]);
  });

  it("is derived again when the lock file changes", () => {
    const dir = copyRoot();
    inviteActionDependencies(dir);
    const lockFile = path.join(dir, "package-lock.json");
    const lock = JSON.parse(readFileSync(lockFile, "utf8"));
    lock.packages["node_modules/jose"].version = "6.0.0-changed";
    writeFileSync(lockFile, JSON.stringify(lock));
    expect(inviteActionDependencies(dir)).toContainEqual({
      name: "jose",
      version: "6.0.0-changed",
    });
  });
});
