// Ctrl-C during `npm run plan` / `npm run apply`, on the real process: node runs the edge
// (scripts/terraform.ts) as npm does, terraform plans and applies through the stand-in, and a
// delay fault holds terraform in the middle of its work while the test signals the process as
// a terminal or `kill` would.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { loadEnvironments } from "../../lib/environment";
import { simulatedTenantFor } from "../../lib/operate/rehearsal";
import { type StandInProvider, startStandInProvider } from "../../lib/provider/stand-in/launch";
import {
  type Fault,
  readTenant,
  type TenantFile,
  writeTenant,
} from "../../lib/provider/stand-in/tenant";
import { planApply, ROOT, standInEnv, type TerraformJson } from "../support/scenarios";
import { shippedStacks } from "../support/shipped";
import { describeWithTerraform } from "../support/terraform";

interface Finished {
  readonly code: number | null;
  readonly out: string;
  readonly err: string;
}

describeWithTerraform("Ctrl-C during npm run plan / apply, on terraform", () => {
  let work: string;
  let stackDir: string;
  let tenantFile: string;
  let provider: StandInProvider;
  let env: Record<string, string | undefined>;
  let seeded: TenantFile;
  const running = new Set<ChildProcess>();

  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), "interrupted-"));
    mkdirSync(path.join(work, "environments"));
    copyFileSync(
      path.join(ROOT, "environments", "dev.json"),
      path.join(work, "environments", "dev.json"),
    );
    const [environment] = loadEnvironments(path.join(work, "environments"));
    stackDir = path.join(work, "cdktf.out", "stacks", "dev");
    mkdirSync(stackDir, { recursive: true });
    // The stack's own local backend: terraform.dev.tfstate at the (test's) repository root.
    writeFileSync(
      path.join(stackDir, "cdk.tf.json"),
      JSON.stringify(shippedStacks().get("dev") as TerraformJson),
    );
    writeFileSync(path.join(work, "terraform.rc"), "disable_checkpoint = true\n");
    tenantFile = path.join(work, "tenant.json");
    seeded = simulatedTenantFor(environment.config);
    writeTenant(tenantFile, seeded);
    provider = await startStandInProvider(ROOT, tenantFile);
    env = standInEnv(work, provider);
  });
  afterAll(async () => {
    // A failed test must not leave its run behind.
    for (const child of running) process.kill(-(child.pid as number), "SIGKILL");
    await provider?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  const planFile = () => path.join(stackDir, "tfplan");
  const stateFile = () => path.join(work, "terraform.dev.tfstate");

  /**
   * A fresh tenant, no state, and calls that terraform will find held: the first `count` calls
   * of `operation` on `type`.
   */
  function freshTenantHolding(operation: Fault["operation"], type: string, count = 1) {
    rmSync(stateFile(), { force: true });
    // A ceiling, never reached: terraform stopping the provider ends the hold.
    const fault: Fault = { operation, type, effect: "delay", ms: 30_000 };
    writeTenant(tenantFile, { ...seeded, faults: Array.from({ length: count }, () => fault) });
  }

  /**
   * Starts `npm run <argv>` as npm runs it, in a process group of its own as a command started
   * from a terminal; resolves once the held call has come, with the run still going.
   */
  async function startHeld(...argv: string[]) {
    const child = spawn(
      process.execPath,
      [path.join(ROOT, "scripts", "run.mjs"), path.join(ROOT, "scripts", "terraform.ts"), ...argv],
      { cwd: work, env, stdio: ["ignore", "pipe", "pipe"], detached: true },
    );
    running.add(child);
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      err += chunk.toString();
    });
    const finished = new Promise<Finished>((resolve) =>
      child.on("close", (code) => {
        running.delete(child);
        resolve({ code, out, err });
      }),
    );
    // The stand-in takes a fault out of the tenant file when the call it holds comes.
    while ((readTenant(tenantFile).faults ?? []).length > 0) {
      if (!running.has(child)) {
        throw new Error(`the run ended before terraform reached the held call:\n${out}\n${err}`);
      }
      await sleep(50);
    }
    return { pid: child.pid as number, finished };
  }

  /** Processes whose command line names this test's folder: terraform runs with -chdir in it. */
  const processesInWork = () =>
    spawnSync("ps", ["-A", "-o", "args="], { encoding: "utf8" })
      .stdout.split("\n")
      .filter((line) => line.includes(work));

  /** `<type>/<id>` of every object on the tenant. */
  const tenantObjects = (tenant: TenantFile) =>
    Object.entries(tenant.resources).flatMap(([type, objects]) =>
      Object.keys(objects).map((id) => `${type}/${id}`),
    );

  /** `<type>/<id>` of every object terraform recorded in state. */
  const recordedObjects = () => {
    const state = JSON.parse(readFileSync(stateFile(), "utf8")) as {
      resources: { type: string; instances: { attributes: { id: string } }[] }[];
    };
    return state.resources.flatMap((r) => r.instances.map((i) => `${r.type}/${i.attributes.id}`));
  };

  const runner = (...argv: string[]) => planApply(argv, { cwd: work, env });

  describe("SIGTERM during npm run plan, as kill sends it", () => {
    let finished: Finished;
    beforeAll(async () => {
      freshTenantHolding("plan", "auth0_email_template");
      const run = await startHeld("plan", "dev");
      process.kill(run.pid, "SIGTERM");
      finished = await run.finished;
    });

    it("exits 143 and says nothing was applied", () => {
      expect(finished.code).toBe(143);
      expect(finished.err).toContain("plan of dev interrupted (SIGTERM); nothing was applied");
    });

    it("lets terraform stop gracefully, asked once", () => {
      expect(finished.out).toContain("Gracefully shutting down...");
      // What terraform says on a second interrupt, after which it exits at once.
      expect(finished.err).not.toContain("Two interrupts received");
    });

    it("changes nothing, leaves no saved plan and no terraform behind", () => {
      expect(readTenant(tenantFile).resources).toEqual(seeded.resources);
      expect(existsSync(planFile())).toBe(false);
      expect(processesInWork()).toEqual([]);
    });

    it("then plans again: the state lock was released", async () => {
      const r = await runner("plan", "dev");
      expect(r.code).toBe(0);
      expect(r.out).toContain("1 to import");
    });
  });

  describe("Ctrl-C in a terminal during npm run apply", () => {
    let finished: Finished;
    let planWhileApplying: boolean;
    beforeAll(async () => {
      // Both Actions held: a binding waits for its own Action only, and one left free could
      // have its binding applied before the interrupt arrives.
      freshTenantHolding("apply", "auth0_action", 2);
      const run = await startHeld("apply", "dev", "--yes");
      planWhileApplying = existsSync(planFile());
      // The terminal signals the whole foreground group, and npm forwards its own copy to the
      // script: one Ctrl-C, which terraform must hear once. (The two often arrive as one.)
      process.kill(-run.pid, "SIGINT");
      process.kill(run.pid, "SIGINT");
      finished = await run.finished;
    });

    it("exits 130, saying some changes may have been made and what to run", () => {
      expect(finished.code).toBe(130);
      expect(finished.err).toContain(
        "apply of dev interrupted (SIGINT) during terraform apply: some changes may have been made: run `npm run plan -- dev` to see what is left",
      );
    });

    it("lets terraform stop gracefully, asked once, before it applied everything", () => {
      expect(finished.out).toContain("Gracefully shutting down...");
      // What terraform says on a second interrupt, after which it exits at once.
      expect(finished.err).not.toContain("Two interrupts received");
      // The Actions' trigger bindings wait for the Action that was held.
      expect(recordedObjects().filter((o) => o.startsWith("auth0_trigger_action/"))).toEqual([]);
    });

    it("deletes the saved plan it was applying", () => {
      expect(planWhileApplying).toBe(true);
      expect(existsSync(planFile())).toBe(false);
    });

    it("leaves state and tenant agreeing: what was made is recorded, what is recorded exists", () => {
      const before = new Set(tenantObjects(seeded));
      const after = tenantObjects(readTenant(tenantFile));
      const made = after.filter((o) => !before.has(o));
      const recorded = recordedObjects();
      expect(made.some((o) => o.startsWith("auth0_action/"))).toBe(true);
      expect(recorded).toEqual(expect.arrayContaining(made));
      expect(after).toEqual(expect.arrayContaining(recorded));
    });

    it("leaves no terraform running", () => {
      expect(processesInWork()).toEqual([]);
    });

    it("then a new apply finishes the job, and a plan shows no changes", async () => {
      const applied = await runner("apply", "dev", "--yes");
      expect(applied.code).toBe(0);
      expect(applied.out).toMatch(/create\s+auth0_trigger_action\.send_invite/);
      const planned = await runner("plan", "dev");
      expect(planned.code).toBe(0);
      expect(planned.out).toContain("No changes.");
    });
  });
});
