// `npm run rehearse`: every committed environment goes through terraform init, plan,
// apply and a second plan with no changes, against a simulated tenant, without credentials.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadEnvironments } from "../../lib/environment";
import { runRehearse } from "../../lib/operate/rehearse";
import { ROOT, type TerraformJson } from "../support/scenarios";
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
    // Each environment describes the tenant it is seeded from: nothing changes unplanned.
    expect(r.out).not.toContain("without showing in the plan");
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

// `--tenant FILE`: the committed tenant files (__tests__/fixtures/tenants/) are shaped as real
// tenants are, from recorded traffic. Each environment below is written to its own folder and
// synthesized with the app in one run; each tenant file gets that environment's domain.
describeWithTerraform("npm run rehearse -- <env> --tenant <file>", () => {
  const work = mkdtempSync(path.join(tmpdir(), "rehearse-tenant-"));
  const environments = path.join(work, "environments");
  const out = path.join(work, "cdktf.out");
  const dev = JSON.parse(readFileSync(path.join(ROOT, "environments", "dev.json"), "utf8"));
  const variants: Record<string, TerraformJson> = {
    // The example as committed, pointed at an older tenant it does not describe.
    plain: { ...dev, domain: "plain.eu.auth0.com" },
    // A Redirect To on a tenant created this year.
    redirecting: {
      ...dev,
      domain: "redirecting.eu.auth0.com",
      email: { ...dev.email, redirectTo: { reset_email: "https://portal.example.com/" } },
    },
    // A custom domain the tenant does not have.
    elsewhere: { ...dev, domain: "elsewhere.eu.auth0.com", customDomain: "login.example.com" },
  };
  const tenantFile = (fixture: string, domain: string) => {
    const tenant = JSON.parse(
      readFileSync(path.join(ROOT, "__tests__/fixtures/tenants", `${fixture}.json`), "utf8"),
    );
    const file = path.join(work, `${fixture}-${domain}.json`);
    writeFileSync(file, JSON.stringify({ ...tenant, domain }));
    return file;
  };
  const run = (name: string, fixture: string) =>
    rehearse([name, "--tenant", tenantFile(fixture, variants[name].domain)], {
      ENVIRONMENTS_DIR: environments,
      CDKTF_OUTDIR: out,
    });

  beforeAll(() => {
    mkdirSync(environments);
    for (const [name, file] of Object.entries(variants)) {
      writeFileSync(path.join(environments, `${name}.json`), JSON.stringify(file));
    }
    const synth = spawnSync(process.execPath, ["scripts/run.mjs", "main.ts"], {
      cwd: ROOT,
      env: { ...process.env, ENVIRONMENTS_DIR: environments, CDKTF_OUTDIR: out },
      encoding: "utf8",
    });
    if (synth.status !== 0) throw new Error(`synth failed:\n${synth.stderr}`);
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  describe("on an older tenant the environment does not describe", () => {
    let result: Awaited<ReturnType<typeof rehearse>>;
    beforeAll(async () => {
      result = await run("plain", "older-tenant");
    });

    it("lists what Auth0 drops or keeps without the plan showing it", () => {
      expect(result.out).toContain(
        "changed in the tenant without showing in the plan (Auth0 dropped or kept them):",
      );
      // The legacy password policy: the plan keeps it, the PATCH of options drops it.
      expect(result.out).toMatch(
        /auth0_connection\.database: options\.password_policy: planned "fair", the tenant holds null/,
      );
      expect(result.out).toMatch(/auth0_connection\.database: options\.password_history: /);
      // Redirect To: the provider sends nothing for it, and Auth0 keeps it.
      expect(result.out).toMatch(
        /auth0_email_template\.reset_email: result_url: planned null, the tenant holds "https:\/\/portal\.example\.com\/signed-in"/,
      );
    });

    it("fails on a second plan that would change the templates' Redirect To every time", () => {
      expect(result.code).toBe(1);
      expect(result.err).toContain("plain: rehearsal failed: re-plan failed");
      expect(result.err).toContain(
        "re-plan failed (the second plan has changes: the tenant does not hold what the apply set)",
      );
      expect(result.err).not.toContain("terraform exit 2");
      expect(result.err).toMatch(/auth0_email_template\.reset_email will be updated in-place/);
    });

    it("notes that invitations go to the default of two verified custom domains", () => {
      expect(result.out).toContain(
        "the tenant has 2 verified custom domains (login.example.com, id.example.com) and the environment names none",
      );
    });
  });

  it("on a tenant created this year, fails the apply of a Redirect To as Auth0 does (403)", async () => {
    const result = await run("redirecting", "current-tenant");
    expect(result.code).toBe(1);
    expect(result.err).toContain(
      "403 Forbidden: Customizations for resultUrl are not allowed for non-enterprise tenants",
    );
  });

  it("fails before terraform runs when customDomain is not one of the tenant's verified custom domains", async () => {
    const result = await run("elsewhere", "current-tenant");
    expect(result.code).toBe(1);
    expect(result.err).toContain(
      "customDomain login.example.com is not a verified custom domain of the tenant (it has none): Auth0 would refuse it (400",
    );
    expect(result.out).not.toContain("init");
  });

  it("refuses a tenant file for another tenant, or for several environments", async () => {
    const other = await rehearse(
      ["plain", "--tenant", tenantFile("current-tenant", "x.auth0.com")],
      {
        ENVIRONMENTS_DIR: environments,
        CDKTF_OUTDIR: out,
      },
    );
    expect(other.code).toBe(1);
    expect(other.err).toContain('domain is "x.auth0.com", but');
    const two = await rehearse(["plain", "redirecting", "--tenant", "t.json"], {
      ENVIRONMENTS_DIR: environments,
      CDKTF_OUTDIR: out,
    });
    expect(two.code).toBe(2);
    expect(two.err).toContain("--tenant describes one tenant: name exactly one environment");
  });
});
