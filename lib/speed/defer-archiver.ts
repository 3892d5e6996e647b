// Imported first by main.ts, for its side effect: it must run before the CDK framework loads.
//
// CDKTF's index loads `archiver` (zip support for TerraformAsset) eagerly, a noticeable share
// of every app command's start-up, for a feature these stacks never use. This hands whatever
// module asks for `archiver` a stand-in that loads the real package (the one that module would
// have got) the first time anything calls it or reads from it, so a future TerraformAsset still
// works, only paying the cost then. It names no framework: under CDK Terrain, which zips
// without archiver, nothing asks for the package and this changes nothing.
import { Module } from "node:module";

type Load = (request: string, parent: unknown, isMain: boolean) => unknown;
type Loaded = Record<PropertyKey, unknown> & ((...args: unknown[]) => unknown);

// Node's CommonJS loader: every `require` of a package goes through it.
const loader = Module as unknown as { _load: Load };
const realLoad = loader._load;

function deferred(parent: unknown): Loaded {
  let real: Loaded | undefined;
  const load = (): Loaded => {
    real ??= realLoad.call(Module, "archiver", parent, false) as Loaded;
    return real;
  };
  return new Proxy(() => undefined, {
    apply: (_target, self, args) => Reflect.apply(load(), self, args),
    construct: (_target, args) => Reflect.construct(load(), args),
    get: (_target, property) => load()[property],
    has: (_target, property) => property in load(),
  }) as Loaded;
}

loader._load = function load(this: unknown, request, parent, isMain) {
  if (request === "archiver") return deferred(parent);
  return realLoad.call(this, request, parent, isMain);
};
