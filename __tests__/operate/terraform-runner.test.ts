import { spawnSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { type CommandIo, interrupts, SAME_INTERRUPT_MS } from "../../lib/operate/edge";
import { endEverything, startProcess } from "../../lib/operate/processes";
import { runTerraformCommand } from "../../lib/operate/terraform-runner";
import { FIXTURES, ROOT, SUPPORT } from "../support/paths";

// `npm run plan/apply` with a stand-in terraform that records its calls and replays recorded
// plans: what runs, in which order, and what never runs when something is missing or unsafe.

const FAKE_TERRAFORM = path.join(SUPPORT, "fake-terraform");
const PLANS = path.join(FIXTURES, "plans");

const CREDENTIALS = {
  AUTH0_CLIENT_ID: "fake-client-id",
  AUTH0_CLIENT_SECRET: "fake-client-secret",
  TF_VAR_email_provider_api_key: "SG.fake",
};

let work: string;
let log: string;
let stackDir: string;

beforeEach(() => {
  work = mkdtempSync(path.join(tmpdir(), "tf-runner-"));
  mkdirSync(path.join(work, "environments"));
  copyFileSync(
    path.join(ROOT, "environments", "dev.json"),
    path.join(work, "environments", "dev.json"),
  );
  stackDir = path.join(work, "cdktf.out", "stacks", "dev");
  mkdirSync(stackDir, { recursive: true });
  writeFileSync(path.join(stackDir, "cdk.tf.json"), "{}");
  log = path.join(work, "terraform-calls.log");
});

afterEach(() => rmSync(work, { recursive: true, force: true }));

interface Run {
  code: number;
  out: string;
  err: string;
  calls: string[][];
  asked: string[];
}

async function run(
  argv: string[],
  {
    plan = "update",
    env = {},
    answer,
    io = {},
    watch,
  }: {
    plan?: string;
    env?: Record<string, string | undefined>;
    answer?: string;
    /** Replaces what the runner gets from the edge (ask, interrupts). */
    io?: Partial<CommandIo>;
    /** Sees what terraform printed so far, after each piece of output. */
    watch?: (out: string) => void;
  } = {},
): Promise<Run> {
  let out = "";
  let err = "";
  const asked: string[] = [];
  const code = await runTerraformCommand(argv, {
    cwd: work,
    env: {
      PATH: process.env.PATH,
      HOME: work,
      TERRAFORM_BINARY_NAME: FAKE_TERRAFORM,
      FAKE_TF_LOG: log,
      FAKE_TF_PLAN_JSON: path.isAbsolute(plan) ? plan : path.join(PLANS, `${plan}.json`),
      ...CREDENTIALS,
      ...env,
    },
    out: (text) => {
      out += text;
      watch?.(out);
    },
    err: (text) => {
      err += text;
    },
    ask:
      answer === undefined
        ? undefined
        : async (question) => {
            asked.push(question);
            return answer;
          },
    ...io,
  });
  const calls = existsSync(log)
    ? readFileSync(log, "utf8")
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line) as string[])
    : [];
  return { code, out, err, calls, asked };
}

const commands = (r: Run) => r.calls.map((c) => c[0]);

describe("plan", () => {
  it("initializes, plans into a saved plan, reads it back as JSON and prints the summary", async () => {
    const r = await run(["plan", "dev"]);
    expect(r.code).toBe(0);
    expect(r.calls).toEqual([
      ["init", "-input=false"],
      ["plan", "-input=false", "-out=tfplan", "-lock-timeout=5m"],
      ["show", "-json", "tfplan"],
    ]);
    expect(r.out).toContain("auth0_email_template.reset_email");
  });

  it("does not take the state lock with --no-lock (pull-request plans)", async () => {
    const r = await run(["plan", "dev", "--no-lock"]);
    expect(r.calls[1]).toEqual(["plan", "-input=false", "-out=tfplan", "-lock=false"]);
  });

  it("writes the Markdown summary to --summary-file and to the GitHub step summary", async () => {
    const stepSummary = path.join(work, "step-summary.md");
    const r = await run(["plan", "dev", "--summary-file", "plan.md"], {
      env: { GITHUB_STEP_SUMMARY: stepSummary },
    });
    expect(r.code).toBe(0);
    const markdown = readFileSync(path.join(work, "plan.md"), "utf8");
    expect(markdown.startsWith("<!-- auth0-invite-plan:dev -->")).toBe(true);
    expect(readFileSync(stepSummary, "utf8")).toContain(markdown);
  });

  it("deletes the saved plan afterwards: it holds every sensitive value in clear", async () => {
    await run(["plan", "dev"]);
    expect(existsSync(path.join(stackDir, "tfplan"))).toBe(false);
  });
});

describe("the destroy guard", () => {
  it.each(["replace-connection", "delete-connection"])(
    "fails the plan on %s, still writing the summary for the pull request",
    async (plan) => {
      const r = await run(["plan", "dev", "--summary-file", "plan.md"], { plan });
      expect(r.code).toBe(1);
      expect(r.err).toContain("the destroy guard rejected this plan for dev");
      expect(readFileSync(path.join(work, "plan.md"), "utf8")).toContain(
        "auth0_connection.database",
      );
    },
  );

  it("still summarizes a plan that terraform stopped on prevent_destroy, and fails", async () => {
    // What terraform writes when prevent_destroy stops a replace: the plan, marked errored.
    const errored = JSON.parse(readFileSync(path.join(PLANS, "replace-connection.json"), "utf8"));
    errored.errored = true;
    errored.applyable = false;
    const file = path.join(work, "errored-plan.json");
    writeFileSync(file, JSON.stringify(errored));
    const r = await run(["apply", "dev", "--yes", "--summary-file", "plan.md"], {
      plan: file,
      env: { FAKE_TF_PLAN_EXIT: "1", FAKE_TF_PLAN_SAVES_ON_ERROR: "1" },
    });
    expect(r.code).toBe(1);
    expect(commands(r)).toEqual(["init", "plan", "show"]);
    const markdown = readFileSync(path.join(work, "plan.md"), "utf8");
    expect(markdown).toContain("Blocked by the destroy guard");
    expect(markdown).toContain("Terraform stopped planning on an error");
    expect(r.err).toContain("the destroy guard rejected this plan for dev");
  });

  it("stops an apply before terraform apply runs", async () => {
    const r = await run(["apply", "dev", "--yes"], { plan: "replace-connection" });
    expect(r.code).toBe(1);
    expect(commands(r)).not.toContain("apply");
  });
});

describe("apply", () => {
  it("applies exactly the plan it just checked, with --yes", async () => {
    const r = await run(["apply", "dev", "--yes"]);
    expect(r.code).toBe(0);
    expect(commands(r)).toEqual(["init", "plan", "show", "apply"]);
    expect(r.calls[3]).toEqual(["apply", "-input=false", "-lock-timeout=5m", "tfplan"]);
    expect(existsSync(path.join(stackDir, "tfplan"))).toBe(false);
  });

  it("asks in a terminal and applies when the environment name is typed", async () => {
    const r = await run(["apply", "dev"], { answer: "dev" });
    expect(r.asked).toEqual([
      "Apply this plan to example-dev.eu.auth0.com? Type the environment name (dev) to confirm: ",
    ]);
    expect(commands(r)).toContain("apply");
  });

  it("applies nothing when the answer is anything else", async () => {
    const r = await run(["apply", "dev"], { answer: "yes" });
    expect(r.code).toBe(1);
    expect(commands(r)).not.toContain("apply");
  });

  it("refuses without --yes when nobody can be asked (CI, no terminal)", async () => {
    const r = await run(["apply", "dev"]);
    expect(r.code).toBe(1);
    expect(r.err).toContain("pass --yes");
    expect(commands(r)).not.toContain("apply");
  });

  it("does not call apply when the plan has no changes", async () => {
    const r = await run(["apply", "dev", "--yes"], { plan: "no-changes" });
    expect(r.code).toBe(0);
    expect(r.out).toContain("dev: nothing to apply");
    expect(commands(r)).not.toContain("apply");
  });

  it("fails with a pointer to recovery when terraform apply fails", async () => {
    const r = await run(["apply", "dev", "--yes"], { env: { FAKE_TF_APPLY_EXIT: "1" } });
    expect(r.code).toBe(1);
    expect(r.err).toContain("terraform apply failed (exit 1)");
    expect(r.err).toContain("npm run plan -- dev");
  });
});

describe("the provider lock file", () => {
  it("starts every init from the committed lock file, read-only in CI", async () => {
    writeFileSync(path.join(work, ".terraform.lock.hcl"), "# committed\n");
    const r = await run(["plan", "dev"], { env: { CI: "true" } });
    expect(r.calls[0]).toEqual(["init", "-input=false", "-lockfile=readonly"]);
    expect(readFileSync(path.join(stackDir, ".terraform.lock.hcl"), "utf8")).toBe("# committed\n");
  });

  it("is written to the repository root by a local init, to be committed", async () => {
    const r = await run(["plan", "dev"]);
    expect(readFileSync(path.join(work, ".terraform.lock.hcl"), "utf8")).toBe(
      "# lock file written by init\n",
    );
    expect(r.err).toContain(".terraform.lock.hcl written at the repository root: commit it");
  });

  it("is reported missing in CI, where it is not written back", async () => {
    const r = await run(["plan", "dev"], { env: { CI: "true" } });
    expect(r.err).toContain("no .terraform.lock.hcl is committed");
    expect(existsSync(path.join(work, ".terraform.lock.hcl"))).toBe(false);
  });
});

describe("the pull request still hears about a run that never planned", () => {
  it("gets a summary naming the problem and linking the workflow run", async () => {
    const r = await run(["plan", "dev", "--summary-file", "plan.md"], {
      env: {
        AUTH0_CLIENT_ID: "",
        GITHUB_SERVER_URL: "https://github.com",
        GITHUB_REPOSITORY: "acme/auth0",
        GITHUB_RUN_ID: "42",
      },
    });
    expect(r.code).toBe(1);
    const markdown = readFileSync(path.join(work, "plan.md"), "utf8");
    expect(markdown.split("\n")[0]).toBe("<!-- auth0-invite-plan:dev -->");
    expect(markdown).toContain("**No plan: plan stopped before terraform could plan.**");
    expect(markdown).toContain("https://github.com/acme/auth0/actions/runs/42");
    expect(markdown).toContain("AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET");
    expect(markdown).not.toContain("fake-client-secret");
  });

  it("never sees an old saved plan as this run's", async () => {
    writeFileSync(path.join(stackDir, "tfplan"), "left by an interrupted run");
    const r = await run(["plan", "dev"], { env: { FAKE_TF_PLAN_EXIT: "1" } });
    expect(r.code).toBe(1);
    expect(commands(r)).toEqual(["init", "plan"]);
  });
});

describe("state backend credentials", () => {
  const useBackend = (backend: object) => {
    const file = path.join(work, "environments", "dev.json");
    const config = JSON.parse(readFileSync(file, "utf8"));
    config.backend = backend;
    writeFileSync(file, JSON.stringify(config));
  };

  it("warns, naming the variables, when S3 state has no AWS credentials in sight", async () => {
    useBackend({
      type: "s3",
      bucket: "acme-tfstate",
      key: "auth0/dev.tfstate",
      region: "eu-west-1",
    });
    const r = await run(["plan", "dev"]);
    expect(r.err).toContain(
      "warning: no AWS credentials found for the S3 state (s3://acme-tfstate/auth0/dev.tfstate)",
    );
    expect(r.err).toContain("AWS_PROFILE, AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY");
    expect(r.code).toBe(0);
    const withProfile = await run(["plan", "dev"], { env: { AWS_PROFILE: "tfstate" } });
    expect(withProfile.err).not.toContain("no AWS credentials");
  });

  it("accepts a terraform login token only for the backend's own host", async () => {
    useBackend({ type: "hcp", organization: "acme", workspace: "auth0-dev" });
    const login = path.join(work, ".terraform.d", "credentials.tfrc.json");
    mkdirSync(path.dirname(login));
    writeFileSync(login, JSON.stringify({ credentials: { "tfe.example.com": { token: "t" } } }));
    expect((await run(["plan", "dev"])).err).toContain("TF_TOKEN_app_terraform_io");
    writeFileSync(login, JSON.stringify({ credentials: { "app.terraform.io": { token: "t" } } }));
    expect((await run(["plan", "dev"])).code).toBe(0);
  });
});

describe("OpenTofu", () => {
  it("leaves the committed (terraform) lock file alone", async () => {
    const tofu = path.join(work, "tofu");
    symlinkSync(FAKE_TERRAFORM, tofu);
    writeFileSync(path.join(work, ".terraform.lock.hcl"), "# committed\n");
    const r = await run(["plan", "dev"], { env: { TERRAFORM_BINARY_NAME: tofu, CI: "true" } });
    expect(r.code).toBe(0);
    expect(r.calls[0]).toEqual(["init", "-input=false"]);
    expect(readFileSync(path.join(work, ".terraform.lock.hcl"), "utf8")).toBe("# committed\n");
  });
});

describe("refuses before running terraform when", () => {
  it("the Auth0 credentials or the email provider's credentials are missing, naming them", async () => {
    const r = await run(["plan", "dev"], {
      env: { AUTH0_CLIENT_ID: "", AUTH0_CLIENT_SECRET: "", TF_VAR_email_provider_api_key: "" },
    });
    expect(r.code).toBe(1);
    expect(r.err).toContain(
      "cannot plan dev (example-dev.eu.auth0.com): set these environment variables:",
    );
    expect(r.err).toContain("AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET");
    expect(r.err).toContain("AUTH0_API_TOKEN");
    expect(r.err).toContain("TF_VAR_email_provider_api_key: the sendgrid email provider's apiKey");
    expect(r.calls).toEqual([]);
  });

  it("only half of the client credentials is set", async () => {
    const r = await run(["plan", "dev"], { env: { AUTH0_CLIENT_SECRET: "" } });
    expect(r.err).toContain("(only AUTH0_CLIENT_ID is set)");
    expect(r.calls).toEqual([]);
  });

  it("accepts a Management API token instead of client credentials", async () => {
    const r = await run(["plan", "dev"], {
      env: { AUTH0_CLIENT_ID: "", AUTH0_CLIENT_SECRET: "", AUTH0_API_TOKEN: "fake-token" },
    });
    expect(r.code).toBe(0);
  });

  it("an HCP Terraform backend has no token", async () => {
    const file = path.join(work, "environments", "dev.json");
    const config = JSON.parse(readFileSync(file, "utf8"));
    config.backend = { type: "hcp", organization: "acme", workspace: "auth0-dev" };
    writeFileSync(file, JSON.stringify(config));
    const r = await run(["plan", "dev"]);
    expect(r.err).toContain("TF_TOKEN_app_terraform_io: an HCP Terraform token");
    expect(r.calls).toEqual([]);
    const withToken = await run(["plan", "dev"], { env: { TF_TOKEN_app_terraform_io: "t" } });
    expect(withToken.code).toBe(0);
  });

  it("an apply in CI would keep local state, which dies with the runner", async () => {
    const r = await run(["apply", "dev", "--yes"], { env: { CI: "true" } });
    expect(r.code).toBe(1);
    expect(r.err).toContain("refusing to apply dev in CI with local state");
    expect(r.calls).toEqual([]);
  });

  it("the environment is unknown, listing the known ones", async () => {
    const r = await run(["plan", "prod"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('unknown environment "prod"; environments in environments: dev');
  });

  it("the stack has not been synthesized", async () => {
    rmSync(path.join(stackDir, "cdk.tf.json"));
    const r = await run(["plan", "dev"]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(
      "cdktf.out/stacks/dev/cdk.tf.json does not exist: run `npm run synth` first",
    );
  });

  it("terraform is not installed", async () => {
    const r = await run(["plan", "dev"], { env: { TERRAFORM_BINARY_NAME: "no-such-terraform" } });
    expect(r.code).toBe(1);
    expect(r.err).toContain("no-such-terraform was not found on PATH: install Terraform >= 1.11");
  });

  it("the arguments are wrong", async () => {
    expect((await run(["plan"])).code).toBe(2);
    expect((await run(["plan", "dev", "--yes"])).err).toContain("--yes is for apply");
    expect((await run(["apply", "dev", "--no-lock"])).err).toContain("--no-lock is for plan");
    expect((await run(["destroy", "dev"])).err).toContain('unknown command "destroy"');
  });

  it("an option's value is missing and the next argument is an option: it is not taken as the value", async () => {
    const r = await run(["apply", "dev", "--summary-file", "--yes"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(
      "option '--summary-file <file>' is missing its value ('--yes' is an option; write --summary-file=--yes if it is the value)",
    );
    expect(r.calls).toEqual([]);
  });
});

describe("fails when", () => {
  it("terraform plan fails, saying nothing was applied", async () => {
    const r = await run(["apply", "dev", "--yes"], { env: { FAKE_TF_PLAN_EXIT: "1" } });
    expect(r.code).toBe(1);
    expect(r.err).toContain("terraform plan failed (terraform exit 1); nothing was applied");
    expect(commands(r)).toEqual(["init", "plan"]);
  });
});

// The edge turns Ctrl-C and SIGTERM into the runner's interrupt signals (lib/operate/edge.ts);
// the real process is signalled in interrupted-plan-apply.test.ts.
describe("interrupted (Ctrl-C, SIGTERM)", () => {
  const planFile = () => path.join(stackDir, "tfplan");

  it("before terraform runs: nothing runs, and the exit code says interrupted", async () => {
    const interrupt = AbortSignal.abort("SIGINT");
    const r = await run(["plan", "dev"], { io: { interrupt } });
    expect(r.code).toBe(130);
    expect(r.calls).toEqual([]);
    expect(r.err).toContain("plan of dev interrupted (SIGINT); nothing was applied");
  });

  it("during terraform apply: asks terraform once to stop, waits for it, deletes the saved plan and says changes may have been made", async () => {
    const interrupt = new AbortController();
    let planDuringApply = false;
    const r = await run(["apply", "dev", "--yes"], {
      env: { FAKE_TF_WAIT: "apply" },
      io: { interrupt: interrupt.signal },
      watch: (out) => {
        if (out.includes("apply: waiting to be interrupted") && !interrupt.signal.aborted) {
          planDuringApply = existsSync(planFile());
          interrupt.abort("SIGINT");
        }
      },
    });
    expect(planDuringApply).toBe(true);
    expect(r.out).toContain("interrupt 1");
    expect(r.code).toBe(130);
    expect(existsSync(planFile())).toBe(false);
    expect(r.err).toContain(
      "apply of dev interrupted (SIGINT) during terraform apply: some changes may have been made: run `npm run plan -- dev` to see what is left",
    );
  });

  it("again: asks terraform a second time, which stops it at once; the saved plan is still deleted", async () => {
    const interrupt = new AbortController();
    const interruptAgain = new AbortController();
    const r = await run(["apply", "dev", "--yes"], {
      env: { FAKE_TF_WAIT: "apply", FAKE_TF_WAIT_INTERRUPTS: "2" },
      io: { interrupt: interrupt.signal, interruptAgain: interruptAgain.signal },
      watch: (out) => {
        if (out.includes("apply: waiting to be interrupted")) interrupt.abort("SIGINT");
        if (out.includes("interrupt 1")) interruptAgain.abort("SIGINT");
      },
    });
    expect(r.out).toContain("interrupt 2");
    expect(r.code).toBe(130);
    expect(existsSync(planFile())).toBe(false);
  });

  it("by SIGTERM during terraform plan: exit 143, nothing shown or applied", async () => {
    const interrupt = new AbortController();
    const r = await run(["apply", "dev", "--yes"], {
      env: { FAKE_TF_WAIT: "plan" },
      io: { interrupt: interrupt.signal },
      watch: (out) => {
        if (out.includes("plan: waiting to be interrupted")) interrupt.abort("SIGTERM");
      },
    });
    expect(r.code).toBe(143);
    expect(commands(r)).toEqual(["init", "plan"]);
    expect(existsSync(planFile())).toBe(false);
    expect(r.err).toContain("apply of dev interrupted (SIGTERM); nothing was applied");
  });

  it("counts a repeat straight after the first as the same interrupt (npm forwards the terminal's Ctrl-C), a later one as the next", () => {
    let now = 0;
    const received = interrupts(() => now);
    received.receive("SIGINT");
    now += 1;
    received.receive("SIGINT");
    expect(received.interrupt.reason).toBe("SIGINT");
    expect(received.interruptAgain.aborted).toBe(false);
    now += SAME_INTERRUPT_MS;
    received.receive("SIGTERM");
    expect(received.interruptAgain.aborted).toBe(true);
  });

  it("a terraform in a group of its own still ends with the process that started it, with all it started", async () => {
    const child = startProcess(FAKE_TERRAFORM, [`-chdir=${stackDir}`, "apply"], {
      env: { PATH: process.env.PATH, FAKE_TF_LOG: log, FAKE_TF_WAIT: "apply" },
      ownGroup: true,
    });
    const closed = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on("close", (_code, signal) => resolve(signal)),
    );
    let out = "";
    await new Promise<void>((resolve) =>
      child.stdout.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes("apply: waiting to be interrupted")) resolve();
      }),
    );
    // What this process's exit does.
    endEverything();
    expect(await closed).toBe("SIGKILL");
    // The fake's own child, its sleep, was in the group and went with it: gone, or a zombie
    // waiting to be reaped.
    const sleeper = (/\(sleep (\d+)\)/.exec(out) as RegExpExecArray)[1];
    const alive = () =>
      /^[^Z]/.test(spawnSync("ps", ["-o", "stat=", "-p", sleeper], { encoding: "utf8" }).stdout);
    const deadline = Date.now() + 10_000;
    while (alive() && Date.now() < deadline) await sleep(50);
    expect(alive()).toBe(false);
  });

  it("at the confirmation question: nothing is applied and the saved plan is deleted", async () => {
    const interrupt = new AbortController();
    let planWhileAsking = false;
    const r = await run(["apply", "dev"], {
      io: {
        interrupt: interrupt.signal,
        // An answer that never comes: the interrupt alone must end the wait.
        ask: () => {
          planWhileAsking = existsSync(planFile());
          interrupt.abort("SIGINT");
          return new Promise<string>(() => {});
        },
      },
    });
    expect(planWhileAsking).toBe(true);
    expect(r.code).toBe(130);
    expect(commands(r)).toEqual(["init", "plan", "show"]);
    expect(existsSync(planFile())).toBe(false);
    expect(r.err).toContain("apply of dev interrupted (SIGINT); nothing was applied");
  });
});

describe("npm run plan, as an operator runs it", () => {
  it("names the missing variables and exits 1 without credentials", () => {
    const env: Record<string, string | undefined> = { ...process.env, CHECKPOINT_DISABLE: "1" };
    for (const name of Object.keys(env)) {
      if (/^(AUTH0_|TF_VAR_|TF_TOKEN_)/.test(name)) delete env[name];
    }
    const r = spawnSync(
      process.execPath,
      ["scripts/run.mjs", "scripts/terraform.ts", "plan", "dev"],
      {
        cwd: ROOT,
        env,
        encoding: "utf8",
      },
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("set these environment variables:");
    expect(r.stderr).toContain("AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET");
  });
});
