import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { checkTerraformJson, formatFindings, type ProvidersSchemaJson } from "../lib/schema-check";

const root = path.join(__dirname, "..");
const cdktfJson = JSON.parse(readFileSync(path.join(root, "cdktf.json"), "utf8"));

describe("synthesizing the app with the command cdktf runs", () => {
  const outdir = mkdtempSync(path.join(tmpdir(), "synth-"));
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  // cdktf.json's app command, run the way `cdktf synth` runs it: CDKTF_OUTDIR says where.
  const [command, ...args] = cdktfJson.app.split(" ");
  execFileSync(command, args, {
    cwd: root,
    env: { ...process.env, CDKTF_OUTDIR: outdir },
    stdio: "pipe",
  });
  const stackFile = path.join(outdir, "stacks/dev/cdk.tf.json");
  const text = readFileSync(stackFile, "utf8");
  const json = JSON.parse(text);

  it("writes cdktf.out/stacks/<name>/cdk.tf.json for the example environment", () => {
    expect(readdirSync(path.join(outdir, "stacks"))).toEqual(["dev"]);
    expect(json.terraform.required_providers.auth0).toEqual({
      source: "auth0/auth0",
      version: "1.55.0",
    });
  });

  it("writes no absolute path of this machine", () => {
    expect(text).not.toContain(root);
    expect(text).not.toMatch(/"\/(home|root|tmp|work|Users)\//);
    expect(readFileSync(path.join(outdir, "manifest.json"), "utf8")).not.toContain(root);
  });

  it("passes the offline schema checker against the committed auth0 schema", () => {
    const schema = JSON.parse(
      readFileSync(path.join(root, "provider-schema/auth0.json"), "utf8"),
    ) as ProvidersSchemaJson;
    expect(formatFindings(checkTerraformJson(json, schema))).toBe("");
  });

  it("puts no credential in the provider block", () => {
    for (const provider of json.provider.auth0) {
      expect(Object.keys(provider).sort()).toEqual(["domain"]);
    }
  });
});
