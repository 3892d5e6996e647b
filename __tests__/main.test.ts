import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { formatProblem, validateStack } from "../lib/operate/check-stack";
import { checkOut } from "./support/checkout";
import { ROOT } from "./support/paths";
import { describeWithTerraform } from "./support/terraform";

// The app exactly as `cdktf synth` runs it: cdktf.json's app command, CDKTF_OUTDIR says where.
const root = ROOT;
const cdktfJson = JSON.parse(readFileSync(path.join(root, "cdktf.json"), "utf8"));
const example = JSON.parse(readFileSync(path.join(root, "environments/dev.json"), "utf8"));

// Credentials an operator has exported while synthesizing; none may reach the output.
const FAKE_SECRETS = {
  AUTH0_CLIENT_ID: "fakeClientIdXXXXXXXXXXXXXXXXXXXX",
  AUTH0_CLIENT_SECRET: "fake-client-secret-0b9f6c1d",
  AUTH0_API_TOKEN: "fake-api-token-5e2a7d93",
  TF_VAR_email_provider_api_key: "SG.fake-sendgrid-key-77aa",
};

function runApp(outdir: string, environmentsDir?: string) {
  const [command, ...args] = cdktfJson.app.split(" ");
  return spawnSync(command === "node" ? process.execPath : command, args, {
    cwd: root,
    env: {
      ...process.env,
      ...FAKE_SECRETS,
      CDKTF_OUTDIR: outdir,
      ...(environmentsDir ? { ENVIRONMENTS_DIR: environmentsDir } : {}),
    },
    encoding: "utf8",
  });
}

describe("synthesizing the committed environments", () => {
  const outdir = mkdtempSync(path.join(tmpdir(), "synth-"));
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));
  // The output of an environment file that was removed since the last synth.
  mkdirSync(path.join(outdir, "stacks", "gone"), { recursive: true });
  writeFileSync(path.join(outdir, "stacks", "gone", "cdk.tf.json"), "{}");
  const result = runApp(outdir);
  const committed = readdirSync(path.join(root, "environments"))
    .filter((f) => f.endsWith(".json"))
    .map((f) => f.slice(0, -".json".length))
    .sort();

  it("succeeds and writes cdktf.out/stacks/<file name>/cdk.tf.json for each file", () => {
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    for (const name of committed) {
      expect(existsSync(path.join(outdir, "stacks", name, "cdk.tf.json"))).toBe(true);
    }
  });

  it("removes the old stack of an environment file that is gone", () => {
    expect(readdirSync(path.join(outdir, "stacks")).sort()).toEqual(committed);
  });

  it("writes no absolute path of this machine", () => {
    for (const name of committed) {
      const text = readFileSync(path.join(outdir, "stacks", name, "cdk.tf.json"), "utf8");
      expect(text).not.toContain(root);
      expect(text).not.toMatch(/"\/(home|root|tmp|work|Users)\//);
    }
    expect(readFileSync(path.join(outdir, "manifest.json"), "utf8")).not.toContain(root);
  });

  it("contains none of the credentials exported while it ran", () => {
    for (const name of readdirSync(path.join(outdir, "stacks"))) {
      const text = readFileSync(path.join(outdir, "stacks", name, "cdk.tf.json"), "utf8");
      for (const secret of Object.values(FAKE_SECRETS)) expect(text).not.toContain(secret);
    }
  });
});

describe("synthesizing several environments at once", () => {
  const envDir = mkdtempSync(path.join(tmpdir(), "environments-"));
  const outdir = mkdtempSync(path.join(tmpdir(), "synth-"));
  afterAll(() => {
    rmSync(envDir, { recursive: true, force: true });
    rmSync(outdir, { recursive: true, force: true });
  });
  const envs = {
    alpha: {
      ...example,
      domain: "alpha-tenant.eu.auth0.com",
      connection: { ...example.connection, id: "con_AAAAAAAAAAAAAAAA" },
    },
    beta: {
      ...example,
      domain: "beta-tenant.us.auth0.com",
      connection: { name: "beta-invitees" },
      application: { clientId: "BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB" },
      emailProvider: {
        name: "ses",
        defaultFromAddress: "no-reply@beta.example.com",
        region: "us-east-1",
      },
      email: {
        ...example.email,
        from: "no-reply@beta.example.com",
        productName: "Beta Desk",
        linkLifetimeSeconds: 86400,
      },
      invite: { actionName: "beta-invite" },
      resetPage: { manageText: false },
    },
    gamma: {
      ...example,
      domain: "gamma-tenant.au.auth0.com",
      connection: { ...example.connection, id: "con_CCCCCCCCCCCCCCCC" },
      emailProvider: undefined,
    },
  };
  for (const [name, env] of Object.entries(envs))
    writeFileSync(path.join(envDir, `${name}.json`), JSON.stringify(env));
  const result = runApp(outdir, envDir);
  const stacks = Object.fromEntries(
    Object.keys(envs).map((name) => [
      name,
      readFileSync(path.join(outdir, "stacks", name, "cdk.tf.json"), "utf8"),
    ]),
  );
  const json = (name: string) => JSON.parse(stacks[name]);

  it("writes one stack per file", () => {
    expect(result.status).toBe(0);
    expect(readdirSync(path.join(outdir, "stacks")).sort()).toEqual(["alpha", "beta", "gamma"]);
  });

  it("pins each stack to its own tenant and its own state file", () => {
    for (const [name, env] of Object.entries(envs)) {
      expect(json(name).provider.auth0).toEqual([{ domain: env.domain }]);
      expect(json(name).terraform.backend.local.path).toBe(`../../../terraform.${name}.tfstate`);
    }
  });

  it("lets no tenant's values leak into another stack", () => {
    const marks: Record<string, string[]> = {
      alpha: ["alpha-tenant", "con_AAAAAAAAAAAAAAAA"],
      beta: ["beta-tenant", "BBBBBBBBBBBBBBBB", "Beta Desk", "beta-invitees", "beta-invite"],
      gamma: ["gamma-tenant", "con_CCCCCCCCCCCCCCCC"],
    };
    for (const [owner, values] of Object.entries(marks)) {
      for (const other of Object.keys(stacks).filter((n) => n !== owner)) {
        for (const value of values)
          expect({ other, value, found: stacks[other].includes(value) }).toEqual({
            other,
            value,
            found: false,
          });
      }
    }
  });

  it("keeps each environment's own choices", () => {
    // An existing application: the stack keeps only the block of one it would have made.
    expect(json("beta").resource.auth0_client.app.count).toBe(0);
    expect(json("beta").import).toBeUndefined();
    expect(json("beta").resource.auth0_email_provider.email.name).toBe("ses");
    expect(json("beta").resource.auth0_email_template.reset_email.url_lifetime_in_seconds).toBe(
      86400,
    );
    expect(json("beta").resource.auth0_prompt_custom_text).toBeUndefined();
    expect(json("gamma").resource.auth0_email_provider.email.count).toBe(0);
    expect(json("alpha").import).toEqual([
      { id: "con_AAAAAAAAAAAAAAAA", to: "auth0_connection.database" },
    ]);
  });

  // The committed environments' stacks are validated by check-stack.test.ts.
  describeWithTerraform("through terraform validate", () => {
    it("passes every stack against the stand-in auth0 provider", async () => {
      const problems = await Promise.all(
        Object.keys(stacks).map(async (name) =>
          (await validateStack(root, json(name))).map((p) => `${name}: ${formatProblem(p)}`),
        ),
      );
      expect(problems.flat()).toEqual([]);
    });
  });
});

describe("synthesizing a bad environment file", () => {
  const envDir = mkdtempSync(path.join(tmpdir(), "environments-"));
  const outdir = path.join(mkdtempSync(path.join(tmpdir(), "synth-")), "out");
  afterAll(() => {
    rmSync(envDir, { recursive: true, force: true });
    rmSync(path.dirname(outdir), { recursive: true, force: true });
  });
  writeFileSync(path.join(envDir, "good.json"), JSON.stringify(example));
  writeFileSync(
    path.join(envDir, "bad.json"),
    JSON.stringify({
      ...example,
      domain: "other.eu.auth0.com",
      email: { ...example.email, brandColor: "blue" },
    }),
  );
  const result = runApp(outdir, envDir);

  it("exits non-zero with one line naming the file, field, value and what is allowed", () => {
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `${path.join(envDir, "bad.json")}: email.brandColor: "blue" must be a colour as #rrggbb, e.g. #1f6feb`,
    );
  });

  it("writes no stack output at all, not even for the good file", () => {
    expect(existsSync(outdir)).toBe(false);
  });

  it("claims to have removed nothing when there was no earlier output", () => {
    expect(result.stderr).not.toContain("previous output");
  });
});

describe("synthesizing a bad environment file over earlier output", () => {
  const envDir = mkdtempSync(path.join(tmpdir(), "environments-"));
  const outdir = mkdtempSync(path.join(tmpdir(), "synth-"));
  afterAll(() => {
    rmSync(envDir, { recursive: true, force: true });
    rmSync(outdir, { recursive: true, force: true });
  });
  // What the last good synth and an init left behind.
  writeFileSync(path.join(outdir, "manifest.json"), "{}");
  mkdirSync(path.join(outdir, "stacks", "dev", ".terraform"), { recursive: true });
  writeFileSync(path.join(outdir, "stacks", "dev", "cdk.tf.json"), "{}");
  // A plan `cdktf diff` saved, with the key it was given.
  writeFileSync(
    path.join(outdir, "stacks", "dev", "plan"),
    FAKE_SECRETS.TF_VAR_email_provider_api_key,
  );
  writeFileSync(
    path.join(envDir, "dev.json"),
    JSON.stringify({
      ...example,
      application: { ...example.application, loginUrl: "javascript:alert(1)" },
    }),
  );
  const result = runApp(outdir, envDir);

  it("fails and says the earlier output is gone", () => {
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("application.loginUrl");
    expect(result.stderr).toContain("Nothing was synthesized.");
    expect(result.stderr).toContain(
      `The previous output was removed so that it is not taken for this one's: ${path.join(outdir, "manifest.json")}, ${path.join(outdir, "stacks", "dev", "cdk.tf.json")}`,
    );
  });

  it("leaves no stack configuration or manifest that could pass for this commit's", () => {
    expect(existsSync(path.join(outdir, "manifest.json"))).toBe(false);
    expect(existsSync(path.join(outdir, "stacks", "dev", "cdk.tf.json"))).toBe(false);
  });

  it("keeps the stack's initialized .terraform folder, so the next init is quick", () => {
    expect(existsSync(path.join(outdir, "stacks", "dev", ".terraform"))).toBe(true);
  });

  it("removes the plan an earlier run saved there, which holds its secrets", () => {
    expect(existsSync(path.join(outdir, "stacks", "dev", "plan"))).toBe(false);
  });
});

// Every client that runs terraform in a stack folder (npm run plan, cdktf diff/deploy, a user's
// terraform) finds what the synth left there.
describe("synthesizing in a checkout with a committed lock file, over saved plans", () => {
  const work = mkdtempSync(path.join(tmpdir(), "checkout-"));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const [, ...app] = checkOut(work);
  const lockFile = 'provider "registry.terraform.io/auth0/auth0" {\n  version = "1.55.0"\n}\n';
  writeFileSync(path.join(work, ".terraform.lock.hcl"), lockFile);
  writeFileSync(path.join(work, "environments", "dev.json"), JSON.stringify(example));
  const stackDir = path.join(work, "cdktf.out", "stacks", "dev");
  mkdirSync(stackDir, { recursive: true });
  for (const saved of ["plan", "tfplan"]) writeFileSync(path.join(stackDir, saved), "secrets");
  const result = spawnSync(process.execPath, app, { cwd: work, encoding: "utf8" });

  it("puts the committed lock file in each stack folder, for terraform init to check against", () => {
    expect(result.status).toBe(0);
    expect(readFileSync(path.join(stackDir, ".terraform.lock.hcl"), "utf8")).toBe(lockFile);
  });

  it("removes the plans earlier runs saved there (the cdktf CLI's and npm run plan's)", () => {
    expect(readdirSync(stackDir).sort()).toEqual([".terraform.lock.hcl", "cdk.tf.json"]);
  });
});
