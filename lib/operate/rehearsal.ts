// A rehearsal: a throwaway Terraform working directory attached to the stand-in provider and a
// simulated tenant, and one environment's init, plan, guard, apply and second plan in it. Used
// by `npm run rehearse` (rehearse.ts), check-stack, record-plans and the tests.
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
import { tmpdir } from "node:os";
import path from "node:path";
import type { Environment, LoadedEnvironment } from "../environment";
import { type StandInProvider, startStandInProvider } from "../provider/stand-in/launch";
import { seedTenant } from "../provider/stand-in/seed";
import { readTenant, type TenantFile, writeTenant } from "../provider/stand-in/tenant";
import type { CommandIo } from "./edge";
import { guardPlan, type PlanSummary, renderText, summarizePlan } from "./plan";
import { type Env, runTerraform, type TerraformResult, untilExit } from "./processes";

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
    /** Removes the folder at this process's exit, when close() never comes (Ctrl-C, a failing test). */
    private readonly forget: () => void,
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
    // It holds a state file: no rehearsal's folder outlives the process.
    const forget = untilExit(() => rmSync(dir, { recursive: true, force: true }));
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
        forget,
      );
      rehearsal.writeStack(options.stack);
      return rehearsal;
    } catch (error) {
      rmSync(dir, { recursive: true, force: true });
      forget();
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
    this.forget();
  }
}

export class RehearsalFailed extends Error {}

const lastLines = (text: string, n = 40) => text.trimEnd().split("\n").slice(-n).join("\n");

async function step(
  rehearsal: Rehearsal,
  io: CommandIo,
  label: string,
  args: string[] | "init",
  /** Why the result is a failure; undefined when it is none. */
  failure: (r: TerraformResult) => string | undefined = (r) =>
    r.code === 0 ? undefined : `terraform exit ${r.code}`,
): Promise<TerraformResult> {
  const started = Date.now();
  const result = await (args === "init"
    ? rehearsal.init()
    : rehearsal.terraform([...args, "-no-color"]));
  const why = failure(result);
  if (why !== undefined) {
    io.err(`  ${label.padEnd(9)} FAILED (${why})\n`);
    io.err(`${lastLines(`${result.stdout}\n${result.stderr}`)}\n`);
    const log = rehearsal.providerLog();
    if (log.trim()) io.err(`stand-in provider log:\n${lastLines(log, 20)}\n`);
    throw new RehearsalFailed(`${label} failed (${why})`);
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
    root: io.root ?? io.cwd,
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
    await step(rehearsal, io, "re-plan", ["plan", "-input=false", "-detailed-exitcode"], (r) =>
      r.code === 2 || (r.code === 0 && !/No changes\./.test(r.stdout))
        ? "the second plan has changes: the tenant does not hold what the apply set"
        : r.code === 0
          ? undefined
          : `terraform exit ${r.code}`,
    );
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
