// The stack through the clients people already use instead of `npm run plan/apply`: the cdktf
// CLI (diff, deploy) and plain terraform in a stack folder, on real terraform through
// the stand-in, in a checkout with an environment file and a committed lock file. The steps
// run in order on one tenant.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadEnvironments } from "../../lib/environment";
import { runTerraform } from "../../lib/operate/processes";
import { simulatedTenantFor } from "../../lib/operate/rehearsal";
import { type StandInProvider, startStandInProvider } from "../../lib/provider/stand-in/launch";
import { readTenant, writeTenant } from "../../lib/provider/stand-in/tenant";
import { checkOut } from "../support/checkout";
import { devEnvironmentFile, ROOT, standInEnv } from "../support/scenarios";
import { describeWithTerraform } from "../support/terraform";

// What `terraform init` writes for auth0 1.55.0. Terraform checks no checksum of a provider it
// attaches to (the stand-in), so the hash only has to be well-formed; the cdktf CLI only looks
// for the provider and its version.
const LOCK_FILE = `provider "registry.terraform.io/auth0/auth0" {
  version     = "1.55.0"
  constraints = "1.55.0"
  hashes = [
    "h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
  ]
}
`;

describeWithTerraform("the stack through the cdktf CLI and plain terraform", () => {
  const dev = devEnvironmentFile();
  let work: string;
  let stackDir: string;
  let provider: StandInProvider;
  let tenantFile: string;
  let app: string[];

  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), "other-clients-"));
    app = checkOut(work);
    writeFileSync(path.join(work, ".terraform.lock.hcl"), LOCK_FILE);
    writeFileSync(path.join(work, "terraform.rc"), "disable_checkpoint = true\n");
    setEnvironment(dev);
    stackDir = path.join(work, "cdktf.out", "stacks", "dev");
    tenantFile = path.join(work, "tenant.json");
    const [environment] = loadEnvironments(path.join(work, "environments"));
    writeTenant(tenantFile, simulatedTenantFor(environment.config));
    provider = await startStandInProvider(ROOT, tenantFile);
  });
  afterAll(async () => {
    await provider?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  function setEnvironment(file: Record<string, unknown>): void {
    writeFileSync(path.join(work, "environments", "dev.json"), JSON.stringify(file));
  }

  const env = () => standInEnv(work, provider);

  /** `npx cdktf <args>` in the project, as a user types it. */
  function cdktf(...args: string[]): { code: number; output: string } {
    const result = spawnSync(
      process.execPath,
      [path.join(ROOT, "node_modules", "cdktf-cli", "bundle", "bin", "cdktf"), ...args],
      // A ceiling for a hang, not a budget.
      { cwd: work, env: env(), encoding: "utf8", timeout: 120_000 },
    );
    return { code: result.status ?? 1, output: `${result.stdout}\n${result.stderr}` };
  }

  /** The app command (cdktf.json's), as `npm run synth` runs it, in the checkout. */
  function synth(): void {
    const [, ...args] = app;
    const result = spawnSync(process.execPath, args, {
      cwd: work,
      env: { ...process.env, ...env() },
      encoding: "utf8",
    });
    if (result.status !== 0) throw new Error(`synth failed:\n${result.stderr}`);
  }

  /** Plain terraform in the stack folder, as a user runs it there. */
  const terraform = (args: string[], input?: string) =>
    runTerraform("terraform", stackDir, args, env(), { input });

  const tenant = () => readTenant(tenantFile);
  const boundActions = () =>
    Object.values(tenant().resources.auth0_trigger_action ?? {}).map((b) => b.display_name);

  it("diffs a fresh tenant without --skip-provider-lock: the synth put the committed lock file in the stack folder", () => {
    const r = cdktf("diff", "dev", "--no-color");
    expect(r.output).not.toContain("providers lock");
    expect(r.code).toBe(0);
    expect(r.output).toContain("Plan: 1 to import, 11 to add, 1 to change, 0 to destroy.");
    expect(readFileSync(path.join(stackDir, ".terraform.lock.hcl"), "utf8")).toBe(LOCK_FILE);
    // The saved plan holds the email provider's key until the next synth removes it.
    expect(existsSync(path.join(stackDir, "plan"))).toBe(true);
  });

  it("deploys it with --auto-approve, and the synth first removed the diff's saved plan", () => {
    const r = cdktf("deploy", "dev", "--auto-approve", "--no-color");
    expect(r.code).toBe(0);
    expect(boundActions()).toEqual(expect.arrayContaining(["send-invite", "invite-login-gate"]));
    expect(existsSync(path.join(stackDir, "plan"))).toBe(false);
  });

  // Read with plain terraform: a cdktf diff is the run above again, and each cdktf command
  // costs seconds of CLI start-up.
  it("then plans no changes", async () => {
    const r = await terraform(["plan", "-input=false", "-no-color", "-detailed-exitcode"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("No changes.");
  });

  describe("plain terraform in the stack folder", () => {
    it("reads the state from the local backend: output and state list need no flags", async () => {
      const output = await terraform(["output", "-raw", "connection_id"]);
      expect(output.stdout).toBe(dev.connection.id);
      const list = await terraform(["state", "list"]);
      expect(list.stdout).toContain("auth0_action.send_invite\n");
    });

    it("console needs -state: terraform 1.11 ignores the local backend's path there", async () => {
      const expression = "auth0_connection.database.id\n";
      const without = await terraform(["console"], expression);
      expect(without.stdout.trim()).toBe("(known after apply)");
      const withState = await terraform(
        ["console", "-state=../../../terraform.dev.tfstate"],
        expression,
      );
      expect(withState.stdout.trim()).toBe(JSON.stringify(dev.connection.id));
    });
  });

  describe("refuses, changing nothing on the tenant, when", () => {
    let before: string;
    beforeEach(() => {
      before = readFileSync(tenantFile, "utf8");
    });
    afterEach(() => {
      expect(readFileSync(tenantFile, "utf8")).toBe(before);
      setEnvironment(dev);
    });

    // Terraform itself refuses, so every client does (cdktf deploy runs this same plan first);
    // the reason is read where docs/operating.md sends users: terraform plan in the stack folder.
    it("a bound Action would be removed in one step: its binding's prevent_destroy holds", async () => {
      setEnvironment({ ...dev, invite: { ...dev.invite, state: "removed" } });
      synth();
      const plan = await terraform(["plan", "-input=false", "-no-color"]);
      expect(plan.code).toBe(1);
      expect(plan.stderr.replace(/\s+/g, " ")).toContain(
        "Resource auth0_trigger_action.send_invite[0] has lifecycle.prevent_destroy set",
      );
    });

    // What cdktf destroy runs: terraform's own destroy plan, which prevent_destroy stops.
    it("a destroy would delete the connection: prevent_destroy stops terraform's destroy plan", async () => {
      synth();
      const plan = await terraform(["plan", "-destroy", "-input=false", "-no-color"]);
      expect(plan.code).toBe(1);
      expect(plan.stderr.replace(/\s+/g, " ")).toContain(
        "Resource auth0_connection.database has lifecycle.prevent_destroy set",
      );
    });
  });
});
