// `npm run rehearse`: every committed environment goes through terraform init, plan,
// apply and a second plan with no changes, against a simulated tenant, without credentials.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadEnvironments } from "../../lib/environment";
import { runRehearse } from "../../lib/operate/rehearse";
import { ROOT } from "../support/scenarios";
import { shippedEnvironmentNames, shippedStacks } from "../support/shipped";
import { describeWithTerraform } from "../support/terraform";

let outdir: string;

async function rehearse(argv: string[], env: Record<string, string | undefined> = {}) {
  let out = "";
  let err = "";
  const code = await runRehearse(argv, {
    root: ROOT,
    cwd: ROOT,
    // Only what a newcomer's shell would have: no Auth0 or provider credentials.
    env: { PATH: process.env.PATH, CDKTF_OUTDIR: outdir, ...env },
    out: (t) => {
      out += t;
    },
    err: (t) => {
      err += t;
    },
  });
  return { code, out, err };
}

describeWithTerraform("npm run rehearse", () => {
  // What `npm run synth` (rehearse's pre-script) writes, in a folder of the test's own.
  beforeAll(() => {
    outdir = mkdtempSync(path.join(tmpdir(), "rehearse-test-"));
    for (const [name, stack] of shippedStacks()) {
      mkdirSync(path.join(outdir, "stacks", name), { recursive: true });
      writeFileSync(path.join(outdir, "stacks", name, "cdk.tf.json"), JSON.stringify(stack));
    }
  });
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it("rehearses every committed environment, ending with no changes", async () => {
    const names = shippedEnvironmentNames();
    const r = await rehearse([]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    for (const name of names) {
      expect(r.out).toContain(`${name}: rehearsed in`);
    }
    expect(r.out.match(/No changes: the applied stack matches its configuration/g)).toHaveLength(
      names.length,
    );
    expect(r.out.match(/guard\s+passes/g)).toHaveLength(names.length);
    // Each environment that adopts its connection imports it, and only that.
    const adopting = loadEnvironments(path.join(ROOT, "environments")).filter(
      (e) => e.config.connection.id,
    );
    expect(r.out.match(/Plan: 1 to import/g) ?? []).toHaveLength(adopting.length);
  });

  it("refuses an unknown environment, listing the known ones", async () => {
    const r = await rehearse(["nope"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(
      `unknown environment(s) nope; environments: ${shippedEnvironmentNames().join(", ")}`,
    );
  });

  it("says how to get terraform when it is missing", async () => {
    const r = await rehearse(["dev"], { TERRAFORM_BINARY_NAME: "/nonexistent/terraform" });
    expect(r.code).toBe(1);
    expect(r.err).toContain(
      "/nonexistent/terraform was not found on PATH: install Terraform >= 1.11",
    );
  });
});
