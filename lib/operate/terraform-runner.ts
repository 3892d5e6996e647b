import { appendFileSync, existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { constants } from "node:os";
import path from "node:path";
import { Command } from "commander";
import { EnvironmentConfigError, type LoadedEnvironment, loadEnvironments } from "../environment";
import { credentialWarnings, missingCredentials } from "./credentials";
import { type CommandIo, parseCommandLine } from "./edge";
import {
  guardPlan,
  hasChanges,
  PlanFormatError,
  protectedAdvice,
  renderMarkdown,
  renderText,
  summarizePlan,
} from "./plan";
import { runTerraform, TerraformNotFound, type TerraformResult } from "./processes";
import {
  copyCommittedLockFile,
  environmentsDir,
  LOCK_FILE,
  notSynthesized,
  removeSavedPlans,
  stacksDir,
} from "./stack-folder";

export const USAGE = `usage: npm run plan -- <environment> [--no-lock] [--summary-file <file>]
       npm run apply -- <environment> [--yes]

  plan   terraform init + plan of cdktf.out/stacks/<environment>, a summary of the changes,
         and the destroy guard (exit 1 when the plan would destroy or replace the connection,
         the application or the email provider, or delete a still-bound Action)
  apply  the same plan and guard, then terraform apply of exactly that plan

  --no-lock             plan without taking the state lock (pull-request plans; read-only state access)
  --summary-file <file> also write the Markdown summary there (PR comment)
  --yes                 apply without asking (CI)

Environment: AUTH0_CLIENT_ID + AUTH0_CLIENT_SECRET (or AUTH0_API_TOKEN), the email provider's
TF_VAR_email_provider_* variables, the state backend's credentials, and TERRAFORM_BINARY_NAME
to run OpenTofu (tofu) instead of terraform.`;

const PLAN_FILE = "tfplan";

class RunnerError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/** Thrown where the run stops because it was interrupted; the message is made at the end. */
class Interrupted extends Error {}

interface Options {
  readonly command: "plan" | "apply";
  readonly environment: string;
  readonly noLock: boolean;
  readonly summaryFile?: string;
  readonly yes: boolean;
}

/** The options, or the exit code when there is nothing to run (--help, bad usage). */
function parse(argv: readonly string[], io: CommandIo): Options | number {
  const program = new Command("npm run")
    .argument("[command]")
    .argument("[environment...]")
    .option("--no-lock")
    .option("--summary-file <file>")
    .option("--yes");
  const parsed = parseCommandLine(program, argv, io, USAGE, (): Options => {
    const [command, ...environments] = program.args;
    const values = program.opts<{ lock: boolean; summaryFile?: string; yes?: boolean }>();
    const usage = (message: string) => program.error(message, { exitCode: 2 });
    if (command !== "plan" && command !== "apply") {
      return usage(`unknown command ${JSON.stringify(command ?? "")}`);
    }
    if (environments.length !== 1) return usage("name exactly one environment");
    if (command === "plan" && values.yes) {
      return usage("--yes is for apply; a plan never changes the tenant");
    }
    if (command === "apply" && !values.lock) {
      return usage("--no-lock is for plan; an apply always takes the state lock");
    }
    return {
      command,
      environment: environments[0],
      noLock: !values.lock,
      summaryFile: values.summaryFile,
      yes: values.yes ?? false,
    };
  });
  return parsed.kind === "run" ? parsed.request : parsed.code;
}

function findEnvironment(io: CommandIo, name: string): LoadedEnvironment {
  const dir = environmentsDir(io);
  const environments = loadEnvironments(dir);
  const found = environments.find((e) => e.name === name);
  if (!found) {
    throw new RunnerError(
      `unknown environment ${JSON.stringify(name)}; environments in ${path.relative(io.cwd, dir) || "."}: ${environments
        .map((e) => e.name)
        .join(", ")}`,
      2,
    );
  }
  return found;
}

/** Runs terraform in the stack's folder, with the operator watching unless `quiet`. */
type Terraform = (args: readonly string[], quiet?: boolean) => Promise<TerraformResult>;

function terraformIn(dir: string, binary: string, io: CommandIo): Terraform {
  return async (args, quiet = false) => {
    if (io.interrupt?.aborted) throw new Interrupted();
    const env = { ...io.env, TF_IN_AUTOMATION: "1", TF_INPUT: "0" };
    return runTerraform(binary, dir, args, env, {
      timeoutMs: 0,
      onStdout: quiet ? undefined : io.out,
      onStderr: io.err,
      interrupts: [io.interrupt, io.interruptAgain],
    }).catch((error: unknown) => {
      throw error instanceof TerraformNotFound ? new RunnerError(error.message) : error;
    });
  };
}

/** `answer`, unless the run is interrupted first: nobody is left waiting for a reply. */
function unlessInterrupted<T>(answer: Promise<T>, interrupt: AbortSignal | undefined): Promise<T> {
  if (!interrupt) return answer;
  return new Promise((resolve, reject) => {
    const stop = () => reject(new Interrupted());
    if (interrupt.aborted) stop();
    interrupt.addEventListener("abort", stop, { once: true });
    answer.then(resolve, reject).finally(() => interrupt.removeEventListener("abort", stop));
  });
}

/** The exit code of a process ended by `signal`, as a shell reports it (SIGINT: 130). */
function interruptedExitCode(signal: unknown): number {
  const number =
    typeof signal === "string" ? constants.signals[signal as NodeJS.Signals] : undefined;
  return 128 + (number ?? constants.signals.SIGINT);
}

/** The one line an interrupted run ends with: what was, or may have been, applied. */
function interruption(options: Options, signal: unknown, applying: boolean): RunnerError {
  const what = `${options.command} of ${options.environment} interrupted (${String(signal)})`;
  return new RunnerError(
    applying
      ? `${what} during terraform apply: some changes may have been made: run \`npm run plan -- ${options.environment}\` to see what is left (docs/operating.md#ctrl-c-during-plan-or-apply)`
      : `${what}; nothing was applied`,
    interruptedExitCode(signal),
  );
}

/** terraform `command` failed before anything was applied. */
const failedBeforeApply = (command: string, code: number) =>
  new RunnerError(`terraform ${command} failed (terraform exit ${code}); nothing was applied`);

/**
 * Puts the committed provider lock file in the stack directory before init, so every plan
 * uses the checksums reviewed in git. CI refuses to change it (-lockfile=readonly).
 */
function lockFileArgs(root: string, stackDir: string, io: CommandIo, binary: string): string[] {
  // OpenTofu records its own registry's provider address: the committed (terraform) lock
  // file has no entry for it, so -lockfile=readonly would fail, and OpenTofu's lock file must
  // not overwrite the committed one.
  if (isOpenTofu(binary)) return [];
  if (copyCommittedLockFile(root, stackDir)) return io.env.CI ? ["-lockfile=readonly"] : [];
  if (io.env.CI) {
    io.err(
      `warning: no ${LOCK_FILE} is committed, so provider checksums are not pinned; see docs/operating.md#provider-checksums\n`,
    );
  }
  return [];
}

/** Keeps the committed lock file up to date with what a local init recorded. */
function keepLockFile(root: string, stackDir: string, io: CommandIo, binary: string): void {
  if (isOpenTofu(binary)) return;
  const written = path.join(stackDir, LOCK_FILE);
  const committed = path.join(root, LOCK_FILE);
  if (io.env.CI || !existsSync(written)) return;
  const before = existsSync(committed) ? readFileSync(committed, "utf8") : undefined;
  const after = readFileSync(written, "utf8");
  if (before === after) return;
  writeFileSync(committed, after);
  io.err(
    `${LOCK_FILE} ${before === undefined ? "written" : "updated"} at the repository root: commit it\n`,
  );
}

const ANSI_COLOR = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g");

/**
 * Addresses terraform refused to destroy because of lifecycle.prevent_destroy. Terraform wraps
 * its diagnostics to the terminal's width inside a coloured frame, so the message is read with
 * the colours, the frame and the line breaks taken out.
 */
function preventDestroyStops(stderr: string): string[] {
  const text = stderr
    .replace(ANSI_COLOR, "")
    .replace(/^[│╷╵] ?/gm, "")
    .replace(/\s+/g, " ");
  const found = text.matchAll(/Resource (\S+) has lifecycle\.prevent_destroy set/g);
  return [...new Set([...found].map((m) => m[1]))];
}

const isOpenTofu = (binary: string) => /tofu/.test(path.basename(binary));

/** The summary for the PR comment and the job summary. */
function publish(options: Options, io: CommandIo, markdown: string): void {
  if (options.summaryFile) writeFileSync(path.resolve(io.cwd, options.summaryFile), markdown);
  if (io.env.GITHUB_STEP_SUMMARY) appendFileSync(io.env.GITHUB_STEP_SUMMARY, `${markdown}\n`);
}

/**
 * When no plan could be summarized, the PR still gets a summary saying so: otherwise the
 * previous push's comment (perhaps "no changes") would stay on the pull request.
 */
function publishFailure(options: Options, io: CommandIo, message: string): void {
  if (!options.summaryFile && !io.env.GITHUB_STEP_SUMMARY) return;
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_RUN_ID: runId } = io.env;
  const where =
    server && repo && runId
      ? `the [workflow run](${server}/${repo}/actions/runs/${runId})`
      : "the job log";
  publish(
    options,
    io,
    [
      `<!-- auth0-invite-plan:${options.environment} -->`,
      `### Terraform plan: \`${options.environment}\``,
      "",
      `**No plan: ${options.command} stopped before terraform could plan.** See ${where}.`,
      "",
      "```",
      message,
      "```",
      "",
    ].join("\n"),
  );
}

interface Progress {
  /** The summary of this run's plan is out (PR comment, job summary). */
  published: boolean;
  /** terraform apply has started: the tenant may have changed. */
  applying: boolean;
}

async function run(options: Options, io: CommandIo): Promise<number> {
  const progress: Progress = { published: false, applying: false };
  try {
    const code = await runChecked(options, io, progress);
    if (io.interrupt?.aborted) throw new Interrupted();
    return code;
  } catch (caught) {
    // Whatever stopped an interrupted run (terraform's exit, a step it never started), the
    // interrupt is the reason to report.
    const interrupted =
      io.interrupt?.aborted && (caught instanceof Interrupted || caught instanceof RunnerError);
    const error = interrupted
      ? interruption(options, io.interrupt?.reason, progress.applying)
      : caught;
    // A summarized plan has published its own summary, guard verdict included.
    if (!progress.published) publishFailure(options, io, (error as Error).message);
    throw error;
  }
}

async function runChecked(options: Options, io: CommandIo, progress: Progress): Promise<number> {
  const env = findEnvironment(io, options.environment);
  const missing = missingCredentials(env.config, io.env);
  if (missing.length > 0) {
    throw new RunnerError(
      `cannot ${options.command} ${env.name} (${env.config.domain}): set these environment variables:\n${missing
        .map((m) => `  - ${m}`)
        .join("\n")}`,
    );
  }

  if (options.command === "apply" && io.env.CI && env.config.backend.type === "local") {
    throw new RunnerError(
      `refusing to apply ${env.name} in CI with local state: the state would be lost with the runner, and the next apply would create the tenant's application again. Set "backend" in ${env.file} (docs/operating.md#state-where-it-lives-and-how-to-protect-it)`,
    );
  }

  const unsynthesized = notSynthesized(io, env.name, options.command);
  if (unsynthesized !== undefined) throw new RunnerError(unsynthesized);
  const stackDir = stacksDir(io, env.name);

  const binary = io.env.TERRAFORM_BINARY_NAME || "terraform";
  const terraform = terraformIn(stackDir, binary, io);
  const planFile = path.join(stackDir, PLAN_FILE);
  // A plan left by a run that was killed (or by a cdktf diff) must never be shown or applied
  // as this run's.
  removeSavedPlans(stackDir);
  for (const warning of credentialWarnings(env.config, io.env)) io.err(`warning: ${warning}\n`);
  try {
    const init = await terraform([
      "init",
      "-input=false",
      ...lockFileArgs(io.cwd, stackDir, io, binary),
    ]);
    if (init.code !== 0) throw failedBeforeApply("init", init.code);
    keepLockFile(io.cwd, stackDir, io, binary);
    const { code: planCode, stderr: planErrors } = await terraform([
      "plan",
      "-input=false",
      `-out=${PLAN_FILE}`,
      // PR plans run beside applies; they write nothing, so they need not wait for the lock.
      ...(options.noLock ? ["-lock=false"] : ["-lock-timeout=5m"]),
    ]);
    // A plan that hits prevent_destroy fails but still saves what it planned, and that is the
    // plan reviewers must see. Without a saved plan there is nothing to summarize.
    if (planCode !== 0 && !existsSync(planFile)) throw failedBeforeApply("plan", planCode);
    // The JSON holds sensitive values in clear: it stays in memory, only the summary is written.
    const shown = await terraform(["show", "-json", PLAN_FILE], true);
    if (shown.code !== 0) {
      throw new RunnerError(`${binary} show -json ${PLAN_FILE} failed (exit ${shown.code})`);
    }
    const planJson: unknown = JSON.parse(shown.stdout);
    const summary = summarizePlan(planJson, { environment: env.name });
    const violations = guardPlan(planJson, env.name);
    io.out(`\n${renderText(summary, violations)}\n`);
    publish(options, io, renderMarkdown(summary, violations));
    progress.published = true;

    const protectedAddresses = preventDestroyStops(planErrors);
    if (protectedAddresses.length > 0) {
      throw new RunnerError(
        [
          `terraform stopped the plan for ${env.name}: it would destroy ${protectedAddresses.join(", ")}, which the stack protects with prevent_destroy; nothing was applied.`,
          ...protectedAddresses.map((address) => `  ${address}: ${protectedAdvice(address)}`),
        ].join("\n"),
      );
    }
    if (violations.length > 0) {
      throw new RunnerError(
        `the destroy guard rejected this plan for ${env.name}; nothing was applied`,
      );
    }
    if (planCode !== 0 || summary.errored) {
      throw new RunnerError(
        `terraform plan failed (terraform exit ${planCode}); nothing was applied. The summary shows what it planned before the error`,
      );
    }
    if (options.command === "plan") return 0;

    if (!hasChanges(summary)) {
      io.out(`${env.name}: nothing to apply\n`);
      return 0;
    }
    if (!options.yes) {
      if (!io.ask) {
        throw new RunnerError(
          "refusing to apply without confirmation: pass --yes (CI) or run in a terminal",
        );
      }
      const answer = await unlessInterrupted(
        io.ask(
          `Apply this plan to ${env.config.domain}? Type the environment name (${env.name}) to confirm: `,
        ),
        io.interrupt,
      );
      if (answer.trim() !== env.name) {
        io.err("not confirmed; nothing was applied\n");
        return 1;
      }
    }
    progress.applying = !io.interrupt?.aborted;
    const { code } = await terraform(["apply", "-input=false", "-lock-timeout=5m", PLAN_FILE]);
    if (code !== 0) {
      throw new RunnerError(
        `terraform apply failed (exit ${code}); some changes may have been made: run \`npm run plan -- ${env.name}\` to see what is left (docs/operating.md#recovering-from-a-failed-apply)`,
      );
    }
    return 0;
  } finally {
    // A saved plan carries every sensitive value of the run. An interrupted run gets here too:
    // the edge turns Ctrl-C into `io.interrupt` instead of letting it end the process.
    rmSync(planFile, { force: true });
  }
}

/** `plan`/`apply` for one environment; resolves with the process exit code. */
export async function runTerraformCommand(argv: readonly string[], io: CommandIo): Promise<number> {
  try {
    const options = parse(argv, io);
    return typeof options === "number" ? options : await run(options, io);
  } catch (error) {
    if (error instanceof RunnerError) {
      (error.exitCode === 0 ? io.out : io.err)(`${error.message}\n`);
      return error.exitCode;
    }
    if (error instanceof PlanFormatError) {
      io.err(`cannot read the plan terraform wrote: ${error.message}\n`);
      return 1;
    }
    if (error instanceof EnvironmentConfigError) {
      io.err(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
