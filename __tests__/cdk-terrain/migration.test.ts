// The edits that move the repository to CDK Terrain, as `npm run check-cdk-terrain` makes them
// in its scratch copy (CI runs that; it installs CDK Terrain, so it is not a test here).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import {
  CDK_TERRAIN_PACKAGES,
  migratePackageJson,
  migrateSource,
  stackDifferences,
} from "../../lib/cdk-terrain/migration";
import { ROOT } from "../support/paths";

/** The sources the app command and the bindings generator load. */
function sources(): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) return walk(file);
      return /\.(ts|mjs)$/.test(entry.name) ? [file] : [];
    });
  return ["main.ts", ...walk("lib"), ...walk("scripts")];
}

const CDKTF_IMPORT = /["']cdktf["']|@cdktf\//;

describe("moving to CDK Terrain", () => {
  it("moves every import of CDKTF in the app and the bindings generator to cdktn", () => {
    const importing = sources().filter((file) =>
      CDKTF_IMPORT.test(readFileSync(path.join(ROOT, file), "utf8")),
    );
    expect(importing).toEqual(expect.arrayContaining(["main.ts", "scripts/generate-bindings.mjs"]));
    for (const file of importing) {
      const migrated = migrateSource(readFileSync(path.join(ROOT, file), "utf8"));
      expect({ file, left: CDKTF_IMPORT.exec(migrated)?.[0] }).toEqual({ file, left: undefined });
    }
  });

  it("leaves names that only mention cdktf alone (cdktf.json, cdktf.out, CDKTF_OUTDIR)", () => {
    const text =
      'import { App } from "cdktf";\nconst out = process.env.CDKTF_OUTDIR ?? "cdktf.out";';
    expect(migrateSource(text)).toBe(
      'import { App } from "cdktn";\nconst out = process.env.CDKTF_OUTDIR ?? "cdktf.out";',
    );
  });

  it("renames the packages in package.json and raises constructs to what cdktn needs", () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8"));
    const migrated = migratePackageJson(pkg);
    expect(migrated.dependencies).toMatchObject({
      cdktn: CDK_TERRAIN_PACKAGES.cdktn,
      constructs: CDK_TERRAIN_PACKAGES.constructs,
    });
    expect(migrated.devDependencies).toMatchObject({
      "cdktn-cli": CDK_TERRAIN_PACKAGES.cdktn,
      "@cdktn/provider-generator": CDK_TERRAIN_PACKAGES["@cdktn/provider-generator"],
    });
    const names = Object.keys({ ...migrated.dependencies, ...migrated.devDependencies });
    expect(names.filter((name) => name.includes("cdktf"))).toEqual([]);
  });

  describe("comparing the stacks each framework synthesized", () => {
    const stack = {
      "//": { metadata: { version: "0.21.0", stackName: "dev" } },
      resource: { auth0_action: { send_invite: { code: "x" } } },
    };
    const other = (change: (s: typeof stack) => void) => {
      const copy = structuredClone(stack);
      change(copy);
      return copy;
    };

    it("finds none apart from the framework's version", () => {
      const cdktn = other((s) => {
        s["//"].metadata.version = "0.24.0";
      });
      expect(stackDifferences(new Map([["dev", stack]]), new Map([["dev", cdktn]]))).toEqual([]);
    });

    it("names where a stack differs", () => {
      const cdktn = other((s) => {
        s.resource.auth0_action.send_invite.code = "y";
      });
      expect(stackDifferences(new Map([["dev", stack]]), new Map([["dev", cdktn]]))).toEqual([
        "dev: differs at resource.auth0_action.send_invite.code",
      ]);
    });

    it("names a stack only one of them synthesized", () => {
      expect(stackDifferences(new Map([["dev", stack]]), new Map())).toEqual([
        "dev: synthesized by CDKTF only",
      ]);
    });
  });
});
