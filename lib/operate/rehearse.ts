// `npm run rehearse`: the command line over the rehearsal harness (rehearsal.ts): which
// environments, which tenant, several side by side with their output in order.
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import path from "node:path";
import { Command } from "commander";
import { EnvironmentConfigError, type LoadedEnvironment, loadEnvironments } from "../environment";
import type { TenantFile } from "../provider/stand-in/tenant";
import { type CommandIo, inOrder, parseCommandLine } from "./edge";
import { PlanFormatError } from "./plan";
import { TerraformNotFound } from "./processes";
import { RehearsalFailed, rehearseEnvironment } from "./rehearsal";
import { environmentsDir, notSynthesized, stacksDir } from "./stack-folder";

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
  const program = new Command("npm run rehearse --")
    .argument("[environment...]")
    .option("--tenant <file>");
  const parsed = parseCommandLine(program, argv, io, USAGE, () => {
    const names = program.args;
    const tenantFile = program.opts<{ tenant?: string }>().tenant;
    if (tenantFile !== undefined && names.length !== 1) {
      program.error("--tenant describes one tenant: name exactly one environment", {
        exitCode: 2,
      });
    }
    return { names, tenantFile };
  });
  if (parsed.kind === "exit") return parsed.code;
  const { names, tenantFile } = parsed.request;
  let environments: LoadedEnvironment[];
  try {
    environments = loadEnvironments(environmentsDir(io));
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
  const runs: { environment: LoadedEnvironment; stack: unknown }[] = [];
  for (const environment of chosen) {
    const missing = notSynthesized(io, environment.name, "rehearse");
    if (missing !== undefined) {
      io.err(`${missing}\n`);
      return 1;
    }
    const file = path.join(stacksDir(io, environment.name), "cdk.tf.json");
    runs.push({ environment, stack: JSON.parse(readFileSync(file, "utf8")) });
  }

  // Environments are independent: they run side by side (each with a workspace and a session
  // of the one stand-in process), and their output is printed in order, the first one live.
  let outcomes: boolean[];
  try {
    outcomes = await inOrder(
      runs,
      rehearsalJobs(io.env),
      io,
      async ({ environment, stack }, out) => {
        const started = Date.now();
        try {
          const tenant =
            tenantFile === undefined
              ? undefined
              : readTenantFile(path.resolve(io.cwd, tenantFile), environment);
          await rehearseEnvironment(environment, stack, out, tenant);
          out.out(
            `${environment.name}: rehearsed in ${((Date.now() - started) / 1000).toFixed(1)} s\n\n`,
          );
          return true;
        } catch (error) {
          if (!(error instanceof RehearsalFailed || error instanceof PlanFormatError)) throw error;
          out.err(`${environment.name}: rehearsal failed: ${error.message}\n\n`);
          return false;
        }
      },
    );
  } catch (error) {
    if (!(error instanceof TerraformNotFound)) throw error;
    io.err(`${error.message}\n`);
    return 1;
  }
  const failed = chosen.filter((_, i) => !outcomes[i]).map((e) => e.name);
  if (failed.length > 0) {
    io.err(`rehearsal failed for ${failed.join(", ")}\n`);
    return 1;
  }
  return 0;
}

/** How many environments run at once: REHEARSE_JOBS, else one per core. */
function rehearsalJobs(env: CommandIo["env"]): number {
  const asked = Number(env.REHEARSE_JOBS);
  return Number.isInteger(asked) && asked > 0 ? asked : availableParallelism();
}
