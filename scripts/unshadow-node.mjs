#!/usr/bin/env node
// npm ci installs a Node 22 binary (optionalDependencies node-<os>-<cpu>) for the Actions'
// tests, and npm links every package's bin, so node_modules/.bin/node would put that Node in
// front of the machine's own for every npm script: jest, synth and the terraform wrappers would
// silently change runtime. The tests start the pinned Node 22 by its path instead
// (__tests__/support/node22.ts), so the link goes. Runs at postinstall, after npm links bins.
import { lstatSync, readFileSync, readlinkSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const bin = path.join(root, "node_modules", ".bin");
// Only what npm made for a node-<os>-<cpu> package: a symlink (POSIX) or a shim (Windows).
const OURS = /node-(linux|darwin|win)-[a-z0-9]+[\\/]bin[\\/]node/;

for (const name of ["node", "node.cmd", "node.ps1"]) {
  const file = path.join(bin, name);
  let stat;
  try {
    stat = lstatSync(file);
  } catch {
    continue;
  }
  const points = stat.isSymbolicLink() ? readlinkSync(file) : readFileSync(file, "utf8");
  if (OURS.test(points)) rmSync(file);
}
