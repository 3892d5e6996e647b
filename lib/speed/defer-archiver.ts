// Imported first by main.ts, for its side effect: it must run before cdktf is loaded.
//
// cdktf's index loads `archiver` (zip support for TerraformAsset) eagerly, a noticeable share
// of every app command's start-up, for a feature these stacks never use. This puts a stand-in into Node's
// module cache that loads the real package the first time anything calls it or reads from it,
// so a future TerraformAsset still works, only paying the cost then.
import { Module } from "node:module";
import path from "node:path";

let real: unknown;
const cdktfEntry = require.resolve("cdktf", { paths: [process.cwd()] });
const archiverPath = require.resolve("archiver", { paths: [path.dirname(cdktfEntry)] });

function load(): Record<PropertyKey, unknown> & ((...args: unknown[]) => unknown) {
  if (real === undefined) {
    delete require.cache[archiverPath];
    real = require(archiverPath);
  }
  return real as ReturnType<typeof load>;
}

if (require.cache[archiverPath] === undefined) {
  const standIn = new Proxy(() => undefined, {
    apply: (_target, self, args) => Reflect.apply(load(), self, args),
    construct: (_target, args) => Reflect.construct(load(), args),
    get: (_target, property) => load()[property],
    has: (_target, property) => property in load(),
  });
  const cached = new Module(archiverPath);
  cached.filename = archiverPath;
  cached.loaded = true;
  cached.exports = standIn;
  require.cache[archiverPath] = cached;
}
