import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import {
  type Environment,
  EnvironmentConfigError,
  type LoadedEnvironment,
  loadEnvironments,
} from "../environment";
import { type StandInProvider, startStandInProvider } from "../provider/stand-in/launch";
import { seedTenant } from "../provider/stand-in/seed";
import { readTenant, type TenantFile, writeTenant } from "../provider/stand-in/tenant";
import { guardPlan, PlanFormatError, type PlanSummary, renderText, summarizePlan } from "./plan";
import type { CommandIo } from "./terraform-edge";
import { runTerraform, TerraformNotFound, type TerraformResult } from "./terraform-process";

type Env = Readonly<Record<string, string | undefined>>;

const openDirs = new Set<string>();
// Ctrl-C or a failing test: no rehearsal directory (it holds a state file) outlives the process.
process.once("exit", () => {
  for (const dir of openDirs) rmSync(dir, { recursive: true, force: true });
});

/** By binary: what a successful `init` wrote (`.terraform/`), as [relative path, contents]. */
const initialized = new Map<string, Promise<Array<[string, Buffer]> | undefined>>();

function filesUnder(root: string, folder: string): Array<[string, Buffer]> {
  return readdirSync(path.join(root, folder), { recursive: true, encoding: "utf8" })
    .map((file) => path.join(folder, file))
    .filter((file) => statSync(path.join(root, file)).isFile())
    .map((file) => [file, readFileSync(path.join(root, file))]);
}

/** The value every variable of a rehearsed stack gets: rehearsals never see a real secret. */
export const PLACEHOLDER = "rehearsal-placeholder";

/**
 * A throwaway Terraform working directory attached to a fresh stand-in provider: the stack's
 * JSON with a local state file of its own, a simulated tenant, and a CLI configuration of its
 * own (so no ~/.terraformrc, credentials or plugin cache of the machine takes part).
 */
export class Rehearsal {
  private constructor(
    readonly dir: string,
    readonly env: Readonly<Record<string, string>>,
    private readonly provider: StandInProvider,
    private readonly binary: string,
    private readonly ownsProvider: boolean,
  ) {}

  static async open(options: {
    /** The repository root (where scripts/run.mjs and provider-schema/ are). */
    readonly root: string;
    readonly stack: unknown;
    readonly tenant: TenantFile;
    /** @default "terraform" */
    readonly binary?: string;
    /**
     * A running stand-in to share (its tenant file is overwritten with `tenant`); it stays
     * running on close. @default - a stand-in of the rehearsal's own
     */
    readonly provider?: StandInProvider;
  }): Promise<Rehearsal> {
    const dir = mkdtempSync(path.join(tmpdir(), "auth0-rehearsal-"));
    openDirs.add(dir);
    try {
      const tenantFile = options.provider?.tenantFile ?? path.join(dir, "tenant.json");
      writeTenant(tenantFile, options.tenant);
      const cliConfig = path.join(dir, "terraform.rc");
      writeFileSync(cliConfig, "disable_checkpoint = true\n");
      const provider = options.provider ?? (await startStandInProvider(options.root, tenantFile));
      const env: Record<string, string> = {
        PATH: process.env.PATH ?? "",
        HOME: dir,
        TF_CLI_CONFIG_FILE: cliConfig,
        CHECKPOINT_DISABLE: "1",
        TF_IN_AUTOMATION: "1",
        TF_INPUT: "0",
        ...provider.env,
      };
      const rehearsal = new Rehearsal(
        dir,
        env,
        provider,
        options.binary ?? "terraform",
        options.provider === undefined,
      );
      rehearsal.writeStack(options.stack);
      return rehearsal;
    } catch (error) {
      rmSync(dir, { recursive: true, force: true });
      openDirs.delete(dir);
      throw error;
    }
  }

  /** Writes the stack's JSON, with its state kept in this directory whatever backend it names. */
  writeStack(stack: unknown): void {
    const json = structuredClone(stack) as {
      terraform?: Record<string, unknown>;
      variable?: Record<string, unknown>;
    };
    json.terraform = { ...json.terraform, backend: { local: { path: "terraform.tfstate" } } };
    delete json.terraform.cloud;
    writeFileSync(path.join(this.dir, "cdk.tf.json"), `${JSON.stringify(json, null, 2)}\n`);
    this.variables = Object.fromEntries(
      Object.keys(json.variable ?? {}).map((v) => [`TF_VAR_${v}`, PLACEHOLDER]),
    );
  }

  /** TF_VAR_<name> = PLACEHOLDER for every variable the stack declares. */
  private variables: Record<string, string> = {};

  /**
   * `terraform init` here, run for real once per process and binary: every rehearsal has the
   * same local backend and attaches to the stand-in, so what init writes (`.terraform/`, the
   * backend's settings) is the same for all, and later workspaces get a copy of it.
   */
  async init(): Promise<TerraformResult> {
    const known = await initialized.get(this.binary);
    if (known) {
      for (const [file, contents] of known) {
        mkdirSync(path.dirname(path.join(this.dir, file)), { recursive: true });
        writeFileSync(path.join(this.dir, file), contents);
      }
      return { code: 0, stdout: "", stderr: "" };
    }
    const result = this.terraform(["init", "-input=false", "-no-color"]);
    const written = result.then((r) =>
      r.code === 0 ? filesUnder(this.dir, ".terraform") : undefined,
    );
    if (!initialized.has(this.binary)) {
      initialized.set(this.binary, written);
      // A failed init is not remembered: the next rehearsal runs its own.
      written.then(
        (files) => files ?? initialized.delete(this.binary),
        () => initialized.delete(this.binary),
      );
    }
    return result;
  }

  /** Runs terraform here; `env` adds to (or overrides) the rehearsal's environment. */
  terraform(args: readonly string[], env: Env = {}): Promise<TerraformResult> {
    return runTerraform(this.binary, this.dir, args, { ...this.variables, ...this.env, ...env });
  }

  /** The simulated tenant's file, which its stand-in reads on every call. */
  get tenantFile(): string {
    return this.provider.tenantFile;
  }

  tenant(): TenantFile {
    return readTenant(this.tenantFile);
  }

  setTenant(tenant: TenantFile): void {
    writeTenant(this.tenantFile, tenant);
  }

  /**
   * What the stand-in wrote to the tenant that the plan did not show (tenant.ts `unplanned`),
   * one line each, named by Terraform address where the state knows the object.
   */
  unplannedChanges(): string[] {
    const changes = this.tenant().unplanned ?? [];
    if (changes.length === 0) return [];
    const addresses = new Map<string, string>();
    const statePath = path.join(this.dir, "terraform.tfstate");
    if (existsSync(statePath)) {
      const state = JSON.parse(readFileSync(statePath, "utf8")) as {
        resources?: { type: string; name: string; instances: { attributes?: { id?: string } }[] }[];
      };
      for (const r of state.resources ?? []) {
        for (const instance of r.instances) {
          if (instance.attributes?.id) {
            addresses.set(`${r.type}\0${instance.attributes.id}`, `${r.type}.${r.name}`);
          }
        }
      }
    }
    const show = (value: unknown) => {
      const text = JSON.stringify(value) ?? "null";
      return text.length > 100 ? `${text.slice(0, 97)}...` : text;
    };
    return changes.map(
      (c) =>
        `${addresses.get(`${c.type}\0${c.id}`) ?? `${c.type} ${c.id}`}: ${c.path}: planned ${show(c.planned)}, the tenant holds ${show(c.stored)}`,
    );
  }

  providerLog(): string {
    return this.provider.stderr();
  }

  async close(): Promise<void> {
    if (this.ownsProvider) await this.provider.stop();
    rmSync(this.dir, { recursive: true, force: true });
    openDirs.delete(this.dir);
  }
}

export const USAGE = `usage: npm run rehearse -- [<environment>...]
       npm run rehearse -- <environment> --tenant <file>

Synthesizes, then runs terraform init, plan (which validates the configuration first; with
the plan summary and the destroy guard), apply and plan again for each environment (all when
none is named; several at once, REHEARSE_JOBS at most, one per core by default), against the
stand-in auth0 provider and a simulated tenant seeded from the environment file: the
connection it adopts (with the password policy model the file names) and the application it
references exist, and other Actions are bound to the triggers the stack's Actions use.
After the apply it lists every change the tenant took that the plan did not show.

  --tenant <file>  seed the simulated tenant from this file instead (one environment; the
                   format is in docs/stand-in-provider.md), to rehearse against a tenant
                   shaped like yours

Needs terraform >= 1.11 on PATH (TERRAFORM_BINARY_NAME to use another binary); never reads or
writes real state and needs no credentials.`;

class RehearsalFailed extends Error {}

const lastLines = (text: string, n = 40) => text.trimEnd().split("\n").slice(-n).join("\n");

async function step(
  rehearsal: Rehearsal,
  io: CommandIo,
  label: string,
  args: string[] | "init",
  ok: (r: TerraformResult) => boolean = (r) => r.code === 0,
): Promise<TerraformResult> {
  const started = Date.now();
  const result = await (args === "init"
    ? rehearsal.init()
    : rehearsal.terraform([...args, "-no-color"]));
  if (!ok(result)) {
    io.err(`  ${label.padEnd(9)} FAILED (terraform exit ${result.code})\n`);
    io.err(`${lastLines(`${result.stdout}\n${result.stderr}`)}\n`);
    const log = rehearsal.providerLog();
    if (log.trim()) io.err(`stand-in provider log:\n${lastLines(log, 20)}\n`);
    throw new RehearsalFailed(`${label} failed`);
  }
  io.out(`  ${label.padEnd(9)} ok (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
  return result;
}

/**
 * The simulated tenant an environment's rehearsal starts from: what a live tenant it points at
 * already has (the connection it adopts, the application it references by client id).
 */
export function simulatedTenantFor(config: Environment): TenantFile {
  const { connection, application } = config;
  return seedTenant({
    domain: config.domain,
    connection:
      connection.id === undefined
        ? undefined
        : {
            id: connection.id,
            name: connection.name,
            passwordModel: connection.passwordPolicy.model,
          },
    clientId: application.kind === "referenced" ? application.clientId : undefined,
  });
}

/**
 * One environment's rehearsal; resolves with the plan summary of its first plan. `tenant`:
 * the simulated tenant to start from. @default - seeded from the environment file
 */
export async function rehearseEnvironment(
  environment: LoadedEnvironment,
  stack: unknown,
  io: CommandIo,
  tenant: { file: string; tenant: TenantFile } | undefined = undefined,
): Promise<PlanSummary> {
  const { name, config } = environment;
  const adopted = config.connection.id
    ? `adopts ${config.connection.id}`
    : "creates its connection";
  const from = tenant ? `simulated tenant from ${tenant.file}` : "simulated tenant";
  io.out(`${name} (${config.domain}): ${from}; the stack ${adopted}\n`);
  const seeded = tenant?.tenant ?? simulatedTenantFor(config);
  for (const note of customDomainNotes(config, seeded)) io.out(`  ${"note".padEnd(9)} ${note}\n`);
  const rehearsal = await Rehearsal.open({
    root: io.root,
    stack,
    tenant: seeded,
    binary: io.env.TERRAFORM_BINARY_NAME || "terraform",
  });
  try {
    await step(rehearsal, io, "init", "init");
    await step(rehearsal, io, "plan", ["plan", "-input=false", "-out=tfplan"]);
    const shown = await rehearsal.terraform(["show", "-json", "tfplan"]);
    if (shown.code !== 0) throw new RehearsalFailed(`terraform show failed: ${shown.stderr}`);
    const summary = summarizePlan(shown.stdout, { environment: name });
    const violations = guardPlan(shown.stdout, name);
    io.out(`${renderText(summary, violations).replace(/^/gm, "    ")}\n`);
    if (violations.length > 0) {
      throw new RehearsalFailed("the destroy guard rejected the first plan");
    }
    io.out(`  ${"guard".padEnd(9)} passes\n`);
    await step(rehearsal, io, "apply", ["apply", "-input=false", "tfplan"]);
    const unplanned = rehearsal.unplannedChanges();
    if (unplanned.length > 0) {
      io.out(
        `  ${"".padEnd(9)} changed in the tenant without showing in the plan (Auth0 dropped or kept them):\n`,
      );
      for (const change of unplanned) io.out(`${"".padEnd(12)}${change}\n`);
    }
    // -detailed-exitcode: 0 no changes, 2 changes, 1 error.
    const again = await step(
      rehearsal,
      io,
      "re-plan",
      ["plan", "-input=false", "-detailed-exitcode"],
      (r) => r.code === 0,
    );
    if (!/No changes\./.test(again.stdout))
      throw new RehearsalFailed("the second plan has changes");
    io.out(`  ${"".padEnd(9)} No changes: the applied stack matches its configuration\n`);
    return summary;
  } finally {
    await rehearsal.close();
  }
}

/**
 * What the tenant's custom domains mean for the environment: Auth0 refuses a customDomain it
 * does not have (400), and a tenant with several verified custom domains wants every user
 * created through the Management API to name one (409 custom_domain_conflict).
 */
function customDomainNotes(config: LoadedEnvironment["config"], tenant: TenantFile): string[] {
  const verified = (tenant.customDomains ?? [])
    .filter((d) => d.status === "ready")
    .map((d) => d.domain);
  if (config.customDomain !== undefined) {
    if (tenant.customDomains === undefined || verified.includes(config.customDomain)) return [];
    throw new RehearsalFailed(
      `customDomain ${config.customDomain} is not a verified custom domain of the tenant (${verified.join(", ") || "it has none"}): Auth0 would refuse it (400 The custom domain does not exist for the tenant)`,
    );
  }
  if (verified.length > 1) {
    return [
      `the tenant has ${verified.length} verified custom domains (${verified.join(", ")}) and the environment names none: invitations link to the default one, and \`npm run invite -- add\` fails with 409 custom_domain_conflict until customDomain is set`,
    ];
  }
  return [];
}

/** The --tenant file, checked: a JSON tenant file for this environment's tenant. */
function readTenantFile(
  file: string,
  environment: LoadedEnvironment,
): { file: string; tenant: TenantFile } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new RehearsalFailed(`--tenant ${file}: ${(error as Error).message}`);
  }
  const tenant = parsed as Partial<TenantFile> | null;
  if (typeof tenant !== "object" || tenant === null || Array.isArray(tenant)) {
    throw new RehearsalFailed(
      `--tenant ${file}: must be a JSON object (docs/stand-in-provider.md)`,
    );
  }
  if (tenant.domain !== environment.config.domain) {
    throw new RehearsalFailed(
      `--tenant ${file}: domain is ${JSON.stringify(tenant.domain)}, but ${environment.file} is for ${environment.config.domain}`,
    );
  }
  if (
    typeof tenant.resources !== "object" ||
    tenant.resources === null ||
    Array.isArray(tenant.resources)
  ) {
    throw new RehearsalFailed(
      `--tenant ${file}: resources must be an object of resource types (docs/stand-in-provider.md)`,
    );
  }
  return { file, tenant: tenant as TenantFile };
}

/** `npm run rehearse`; resolves with the exit code. */
export async function runRehearse(argv: readonly string[], io: CommandIo): Promise<number> {
  let names: string[];
  let tenantFile: string | undefined;
  try {
    const parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: { help: { type: "boolean" }, tenant: { type: "string" } },
    });
    if (parsed.values.help) {
      io.out(`${USAGE}\n`);
      return 0;
    }
    names = parsed.positionals;
    tenantFile = parsed.values.tenant;
  } catch (error) {
    io.err(`${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (tenantFile !== undefined && names.length !== 1) {
    io.err(`--tenant describes one tenant: name exactly one environment\n\n${USAGE}\n`);
    return 2;
  }
  let environments: LoadedEnvironment[];
  try {
    environments = loadEnvironments(
      path.resolve(io.cwd, io.env.ENVIRONMENTS_DIR ?? "environments"),
    );
  } catch (error) {
    if (!(error instanceof EnvironmentConfigError)) throw error;
    io.err(`${error.message}\n`);
    return 1;
  }
  const unknown = names.filter((n) => !environments.some((e) => e.name === n));
  if (unknown.length > 0) {
    io.err(
      `unknown environment(s) ${unknown.join(", ")}; environments: ${environments.map((e) => e.name).join(", ")}\n`,
    );
    return 2;
  }
  const chosen =
    names.length > 0 ? environments.filter((e) => names.includes(e.name)) : environments;
  const outdir = path.resolve(io.cwd, io.env.CDKTF_OUTDIR ?? "cdktf.out");
  const stacks: unknown[] = [];
  for (const environment of chosen) {
    const file = path.join(outdir, "stacks", environment.name, "cdk.tf.json");
    if (!existsSync(file)) {
      io.err(
        `${path.relative(io.cwd, file)} does not exist: run \`npm run synth\` first (npm run rehearse does)\n`,
      );
      return 1;
    }
    stacks.push(JSON.parse(readFileSync(file, "utf8")));
  }

  // Environments are independent: they run side by side (each with a workspace and a session
  // of the one stand-in process), and their output is printed in order, the first one live.
  const outputs = chosen.map(() => new OrderedOutput(io));
  // Everything up to the first unfinished environment is printed; that one prints live.
  const advance = () => {
    for (const output of outputs) {
      output.goLive();
      if (!output.finished) break;
    }
  };
  advance();
  const outcomes: Array<"ok" | "failed" | TerraformNotFound> = [];
  let next = 0;
  const worker = async () => {
    while (next < chosen.length) {
      const i = next++;
      const environment = chosen[i];
      const out = outputs[i].io;
      const started = Date.now();
      if (outcomes.some((o) => o instanceof TerraformNotFound)) break;
      try {
        const tenant =
          tenantFile === undefined
            ? undefined
            : readTenantFile(path.resolve(io.cwd, tenantFile), environment);
        await rehearseEnvironment(environment, stacks[i], out, tenant);
        out.out(
          `${environment.name}: rehearsed in ${((Date.now() - started) / 1000).toFixed(1)} s\n\n`,
        );
        outcomes[i] = "ok";
      } catch (error) {
        if (error instanceof TerraformNotFound) {
          outcomes[i] = error;
        } else if (error instanceof RehearsalFailed || error instanceof PlanFormatError) {
          out.err(`${environment.name}: rehearsal failed: ${error.message}\n\n`);
          outcomes[i] = "failed";
        } else {
          throw error;
        }
      }
      outputs[i].finished = true;
      advance();
    }
  };
  const jobs = Math.max(1, Math.min(rehearsalJobs(io.env), chosen.length));
  await Promise.all(Array.from({ length: jobs }, worker));

  const missing = outcomes.find((o) => o instanceof TerraformNotFound);
  if (missing) {
    io.err(`${missing.message}\n`);
    return 1;
  }
  const failed = chosen.filter((_, i) => outcomes[i] === "failed").map((e) => e.name);
  if (failed.length > 0) {
    io.err(`rehearsal failed for ${failed.join(", ")}\n`);
    return 1;
  }
  return 0;
}

/** How many environments run at once: REHEARSE_JOBS, else one per core. */
function rehearsalJobs(env: Readonly<Record<string, string | undefined>>): number {
  const asked = Number(env.REHEARSE_JOBS);
  return Number.isInteger(asked) && asked > 0 ? asked : availableParallelism();
}

/**
 * One environment's output: kept until every environment before it has printed, then written
 * through as it comes, so that parallel runs read like one after the other.
 */
class OrderedOutput {
  private held: Array<["out" | "err", string]> = [];
  private live = false;
  finished = false;
  readonly io: CommandIo;

  constructor(private readonly target: CommandIo) {
    const write = (stream: "out" | "err") => (text: string) => {
      if (this.live) target[stream](text);
      else this.held.push([stream, text]);
    };
    this.io = { ...target, out: write("out"), err: write("err") };
  }

  goLive(): void {
    if (this.live) return;
    this.live = true;
    for (const [stream, text] of this.held.splice(0)) this.target[stream](text);
  }
}
