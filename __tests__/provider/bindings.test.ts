import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ROOT } from "../support/paths";

const root = ROOT;

function generate(out: string): string {
  return execFileSync(process.execPath, ["scripts/generate-bindings.mjs", "--out", out], {
    cwd: root,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
  });
}

/** One hash over every generated file's relative path and content (not the inputs stamp). */
function treeHash(dir: string): string {
  const hash = createHash("sha256");
  const files = readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => f !== ".inputs-hash" && statSync(path.join(dir, f)).isFile())
    .sort();
  for (const f of files)
    hash
      .update(f)
      .update("\0")
      .update(readFileSync(path.join(dir, f)))
      .update("\0");
  return hash.digest("hex");
}

describe("generating the auth0 bindings from the committed schema", () => {
  const out = mkdtempSync(path.join(tmpdir(), "gen-"));
  afterAll(() => rmSync(out, { recursive: true, force: true }));
  const firstRun = generate(out);
  const generated = path.join(out, "providers/auth0");

  it("writes bindings for the provider, every resource and every data source", () => {
    expect(firstRun).toContain("generate-bindings: wrote");
    const dirs = readdirSync(generated).filter((f) =>
      statSync(path.join(generated, f)).isDirectory(),
    );
    // 78 resources + 51 data sources + the provider itself
    expect(dirs).toHaveLength(130);
    expect(readFileSync(path.join(generated, "provider/index.ts"), "utf8")).toContain(
      "terraformProviderSource: 'auth0/auth0'",
    );
  });

  it("records the provider version from cdktf.json the way `cdktf get` does", () => {
    expect(JSON.parse(readFileSync(path.join(out, "versions.json"), "utf8"))).toEqual({
      "registry.terraform.io/auth0/auth0": "1.55.0",
    });
    expect(JSON.parse(readFileSync(path.join(out, "constraints.json"), "utf8")).providers).toEqual({
      "auth0/auth0": "1.55.0",
    });
  });

  it("produces exactly what npm ci put in .gen (generation is deterministic)", () => {
    expect(treeHash(generated)).toBe(treeHash(path.join(root, ".gen/providers/auth0")));
  });

  it("skips all work when the schema has not changed", () => {
    const stamp = statSync(path.join(generated, "provider/index.ts")).mtimeMs;
    expect(generate(out)).toContain("is up to date");
    expect(statSync(path.join(generated, "provider/index.ts")).mtimeMs).toBe(stamp);
  });
});
