// The whole adoption on real terraform, without a tenant: `npm run adopt -- <env> --write
// --snapshot FILE` against the fake Management API, then the app's synth and
// `npm run rehearse -- <env> --tenant FILE` against the stand-in seeded with that snapshot.
// The file --write leaves keeps what the tenant has: the first apply loses nothing unseen, and
// a second plan is empty. Without --write, the rehearsal meets the 409 the report announced.
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { runRehearse } from "../../lib/operate/rehearse";
import { AdoptWorkspace, CURRENT_FILE, OLDER_FILE } from "../support/adopt";
import { ROOT } from "../support/paths";
import { describeWithTerraform } from "../support/terraform";

describeWithTerraform("adopt --write, then rehearse --tenant against its snapshot", () => {
  const work = new AdoptWorkspace();
  const out = work.path("cdktf.out");
  const reports: Record<string, { code: number; out: string }> = {};
  const domains = {
    current: "current-tenant.eu.auth0.com",
    older: "older-tenant.eu.auth0.com",
    "older-as-written": "older-as-written.eu.auth0.com",
  };

  async function rehearse(name: keyof typeof domains, snapshot: string) {
    let text = "";
    let err = "";
    const code = await runRehearse([name, "--tenant", snapshot], {
      root: ROOT,
      cwd: ROOT,
      env: { PATH: process.env.PATH, ENVIRONMENTS_DIR: work.environments, CDKTF_OUTDIR: out },
      out: (t) => {
        text += t;
      },
      err: (t) => {
        err += t;
      },
    });
    return { code, out: text, err };
  }

  beforeAll(async () => {
    work.seed("current-tenant", () => {}, domains.current);
    work.write("current", { ...CURRENT_FILE, domain: domains.current });
    reports.current = await work.adopt([
      "current",
      "--write",
      "--snapshot",
      work.path("current.json"),
    ]);

    work.seed("older-tenant", () => {}, domains.older);
    work.write("older", { ...OLDER_FILE, domain: domains.older });
    // What a person would write who only fixed what blocks synth: the same tenant, copied.
    const asWritten = {
      ...OLDER_FILE,
      domain: domains["older-as-written"],
      connection: { id: "con_EXAMPLE000000000", passwordPolicy: { model: "legacy" } },
    };
    work.write("older-as-written", asWritten);
    reports.older = await work.adopt([
      "older",
      "--write",
      "--accept-loss",
      "--snapshot",
      work.path("older.json"),
    ]);
    const snapshot = JSON.parse(readFileSync(work.path("older.json"), "utf8"));
    writeFileSync(
      work.path("older-as-written.json"),
      JSON.stringify({ ...snapshot, domain: domains["older-as-written"] }),
    );

    const synth = spawnSync(process.execPath, ["scripts/run.mjs", "main.ts"], {
      cwd: ROOT,
      env: { ...process.env, ENVIRONMENTS_DIR: work.environments, CDKTF_OUTDIR: out },
      encoding: "utf8",
    });
    if (synth.status !== 0) throw new Error(`synth failed:\n${synth.stderr}`);
  });
  afterAll(() => work.remove());

  it("on a tenant created this year: --write leaves nothing lost, and the rehearsal ends with no loss and no changes", async () => {
    expect(reports.current.code).toBe(0);
    const result = await rehearse("current", work.path("current.json"));
    expect(result.err).toBe("");
    expect(result.code).toBe(0);
    expect(result.out).toContain("Plan: 1 to import");
    expect(result.out).not.toContain("without showing in the plan");
    // The gate's cutoff is recorded at this apply, and the second plan leaves it alone.
    expect(result.out).toMatch(/create\s+terraform_data\.login_gate_cutoff\n/);
    expect(result.out).toContain("No changes: the applied stack matches its configuration");
  });

  it("on an older tenant: --write keeps its connection, Redirect To URLs and lifetime, and the rehearsal ends with no loss and no changes", async () => {
    expect(reports.older.code).toBe(0);
    const result = await rehearse("older", work.path("older.json"));
    expect(result.err).toBe("");
    expect(result.code).toBe(0);
    expect(result.out).not.toContain("without showing in the plan");
    expect(result.out).toContain("No changes: the applied stack matches its configuration");
    // The stack's Action is created beside the team's send-invite, under the name --write chose.
    expect(JSON.parse(work.read("older")).invite).toEqual({ actionName: "send-invite-2" });
    expect(result.out).toMatch(/create\s+auth0_action\.send_invite\n/);
  });

  it("the same tenant with a file that only names what synth needs meets the 409 the report announced", async () => {
    const result = await rehearse("older-as-written", work.path("older-as-written.json"));
    expect(result.code).toBe(1);
    expect(result.err).toContain("409 Conflict: an Action named send-invite already exists");
  });
});
