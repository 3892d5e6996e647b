// The login gate's cutoff when the environment file states none: terraform itself records the
// moment it first applies the gate (a built-in terraform_data, no provider of its own), feeds
// it to the gate and shows it in the outputs, where `npm run invite -- status` reads it. Real
// terraform, through `npm run apply` and the stand-in. That a second plan leaves it alone is
// shown by every rehearsal of such a file (adopt/rehearse-the-snapshot.test.ts).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import nock from "nock";
import { parseUtcTime } from "../../actions/invitation";
import { LOGIN_GATE_CUTOFF_OUTPUT, loadEnvironments } from "../../lib/environment";
import { runInvite } from "../../lib/invite/run";
import { runTerraform } from "../../lib/operate/processes";
import { simulatedTenantFor } from "../../lib/operate/rehearsal";
import { readStackOutput } from "../../lib/operate/stack-outputs";
import { type StandInProvider, startStandInProvider } from "../../lib/provider/stand-in/launch";
import { writeTenant } from "../../lib/provider/stand-in/tenant";
import { NockTenant } from "../support/nock-tenant";
import {
  devEnvironmentFile,
  planApply,
  ROOT,
  standInEnv,
  synthesizeAll,
} from "../support/scenarios";
import { describeWithTerraform } from "../support/terraform";

describeWithTerraform("the login gate's cutoff, recorded by terraform at the first apply", () => {
  // dev.json without loginGate: an adopted connection, no invitedSince.
  const { loginGate: _stated, ...adopted } = devEnvironmentFile();
  const synthesized = synthesizeAll({ dev: adopted }).get("dev");
  if (synthesized === undefined) throw new Error("the app synthesized no dev stack");
  const { stack, environment } = synthesized;
  let work: string;
  let provider: StandInProvider;
  let env: Record<string, string | undefined>;
  let cutoff: string;
  let started: number;

  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), "gate-cutoff-"));
    mkdirSync(path.join(work, "environments"));
    mkdirSync(path.join(work, "cdktf.out", "stacks", "dev"), { recursive: true });
    writeFileSync(path.join(work, "environments", "dev.json"), JSON.stringify(adopted));
    writeFileSync(
      path.join(work, "cdktf.out", "stacks", "dev", "cdk.tf.json"),
      JSON.stringify(stack),
    );
    writeFileSync(path.join(work, "terraform.rc"), "disable_checkpoint = true\n");
    const tenantFile = path.join(work, "tenant.json");
    writeTenant(tenantFile, simulatedTenantFor(environment.config));
    provider = await startStandInProvider(ROOT, tenantFile);
    env = standInEnv(work, provider);
  });
  afterAll(async () => {
    await provider?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  const runner = (...argv: string[]) => planApply(argv, { cwd: work, env });

  const loaded = () => loadEnvironments(path.join(work, "environments"), { warn: () => {} })[0];

  it("records the moment of the apply that creates the gate, in the outputs", async () => {
    // timestamp() has whole seconds.
    started = Math.floor(Date.now() / 1000) * 1000;
    const r = await runner("apply", "dev", "--yes");
    expect(r.err).not.toContain("Error");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/create\s+terraform_data\.login_gate_cutoff\n/);
    const output = await readStackOutput(loaded(), LOGIN_GATE_CUTOFF_OUTPUT, { cwd: work, env });
    expect("value" in output && typeof output.value).toBe("string");
    cutoff = (output as { value: string }).value;
    const at = parseUtcTime(cutoff) as number;
    expect(at).toBeGreaterThanOrEqual(started);
    expect(at).toBeLessThanOrEqual(Date.now());
  });

  it("is what `npm run invite -- status` counts invitees from, and says so", async () => {
    nock.disableNetConnect();
    const tenant = new NockTenant(environment.config.domain).start();
    const connection = environment.config.connection.name;
    tenant.addUser("before@example.org", connection, { created_at: "2024-01-01T00:00:00.000Z" });
    tenant.addUser("invited@example.org", connection, {
      created_at: new Date(parseUtcTime(cutoff) as number).toISOString(),
    });
    let out = "";
    let err = "";
    try {
      const code = await runInvite({
        argv: ["status", "dev"],
        env: { AUTH0_CLIENT_ID: "m2m", AUTH0_CLIENT_SECRET: "m2m-secret" },
        environmentsDir: "environments",
        loadEnvironments: () => [loaded()],
        readFile: () => new Uint8Array(),
        recordedCutoff: (e) => readStackOutput(e, LOGIN_GATE_CUTOFF_OUTPUT, { cwd: work, env }),
        out: (t) => {
          out += t;
        },
        err: (t) => {
          err += t;
        },
      });
      expect(err).toBe("");
      expect(code).toBe(0);
    } finally {
      nock.cleanAll();
      nock.enableNetConnect();
    }
    const since = new Date(parseUtcTime(cutoff) as number).toISOString();
    expect(out).toContain(
      `invitees: users created since ${since} (recorded by terraform when it first applied the login gate)`,
    );
    expect(out).toContain("invited@example.org");
    expect(out).not.toContain("before@example.org");
  });

  it("a plan that would record a new one is refused by the destroy guard", async () => {
    const stackDir = path.join(work, "cdktf.out", "stacks", "dev");
    const taint = await runTerraform(
      "terraform",
      stackDir,
      ["taint", "terraform_data.login_gate_cutoff"],
      env,
    );
    expect(taint.code).toBe(0);
    const r = await runner("plan", "dev");
    expect(r.code).toBe(1);
    expect(r.err).toContain("the destroy guard rejected this plan for dev");
    expect(r.out.replace(/\s+/g, " ")).toContain(
      "It holds the time terraform first applied the login gate; a new one would be later",
    );
  });
});
