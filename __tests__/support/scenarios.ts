// Situations the plan summary, the destroy guard and the runner must handle, made for real:
// the app synthesizes a changed environment file, or a stack's JSON is edited the way a
// change to the constructs would edit it, and terraform plans it through the stand-in.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type LoadedEnvironment, loadEnvironments } from "../../lib/environment";
import type { CommandIo } from "../../lib/operate/edge";
import { Rehearsal, simulatedTenantFor } from "../../lib/operate/rehearsal";
import { runTerraformCommand } from "../../lib/operate/terraform-runner";
import type { StandInProvider } from "../../lib/provider/stand-in/launch";
import { ROOT } from "./paths";

export { ROOT };

// biome-ignore lint/suspicious/noExplicitAny: Terraform JSON is untyped by nature.
export type TerraformJson = Record<string, any>;

export const FAKE_API_KEY = "SG.fake-secret-do-not-print";
export const FAKE_ROTATED_API_KEY = "SG.fake-rotated-secret-do-not-print";

/**
 * What `npm run plan/apply` gets in a test checkout `work` whose terraform attaches to the
 * stand-in: a CLI configuration of the checkout's own (`work/terraform.rc`), placeholder
 * Management API credentials the stand-in accepts, and the email provider's key.
 */
export const standInEnv = (work: string, provider: StandInProvider) => ({
  PATH: process.env.PATH,
  HOME: work,
  TF_CLI_CONFIG_FILE: path.join(work, "terraform.rc"),
  CHECKPOINT_DISABLE: "1",
  ...provider.env,
  AUTH0_CLIENT_ID: "stand-in-client-id",
  AUTH0_CLIENT_SECRET: "stand-in-client-secret",
  TF_VAR_email_provider_api_key: FAKE_API_KEY,
});

/** `npm run plan/apply -- <argv>` in-process, in `io.cwd`, with its output captured. */
export async function planApply(
  argv: readonly string[],
  io: Omit<CommandIo, "out" | "err">,
): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await runTerraformCommand(argv, {
    ...io,
    out: (t) => {
      out += t;
    },
    err: (t) => {
      err += t;
    },
  });
  return { code, out, err };
}

export const devEnvironmentFile = () =>
  JSON.parse(readFileSync(path.join(ROOT, "environments", "dev.json"), "utf8")) as TerraformJson;

/**
 * Synthesizes environment files with the real app, in one run; returns each stack and its
 * loaded environment by name.
 */
export function synthesizeAll(
  files: Record<string, TerraformJson>,
): Map<string, { stack: TerraformJson; environment: LoadedEnvironment }> {
  const work = mkdtempSync(path.join(tmpdir(), "scenario-synth-"));
  try {
    const environments = path.join(work, "environments");
    mkdirSync(environments);
    // The app refuses two stacks on one tenant; each variant gets a domain of its own for
    // the synth, and the stack its real domain back afterwards.
    for (const [name, file] of Object.entries(files)) {
      const unique = { ...file, domain: `${name}.${file.domain}` };
      writeFileSync(path.join(environments, `${name}.json`), JSON.stringify(unique, null, 2));
    }
    const result = spawnSync(process.execPath, ["scripts/run.mjs", "main.ts"], {
      cwd: ROOT,
      env: { ...process.env, ENVIRONMENTS_DIR: environments, CDKTF_OUTDIR: path.join(work, "out") },
      encoding: "utf8",
    });
    if (result.status !== 0) throw new Error(`synth failed:\n${result.stderr}${result.stdout}`);
    const out = new Map<string, { stack: TerraformJson; environment: LoadedEnvironment }>();
    for (const loaded of loadEnvironments(environments)) {
      const domain = files[loaded.name].domain as string;
      const file = path.join(work, "out", "stacks", loaded.name, "cdk.tf.json");
      const text = readFileSync(file, "utf8").replaceAll(`${loaded.name}.${domain}`, domain);
      const environment = { ...loaded, config: { ...loaded.config, domain } };
      out.set(loaded.name, { stack: JSON.parse(text), environment });
    }
    return out;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * The stack without the connection resource, as if its construct were deleted: every
 * reference becomes the literal id and name it had. `forget` adds a `removed` block that
 * keeps the connection in Auth0.
 */
export function withoutConnection(stack: TerraformJson, { forget = false } = {}): TerraformJson {
  const connection = stack.resource.auth0_connection.database;
  const text = JSON.stringify(stack)
    .replaceAll("${auth0_connection.database.id}", stack.import[0].id)
    .replaceAll("${auth0_connection.database.name}", connection.name)
    .replaceAll(
      "auth0_connection.database.name",
      JSON.stringify(connection.name).replaceAll('"', '\\"'),
    );
  const json = JSON.parse(text) as TerraformJson;
  delete json.resource.auth0_connection;
  delete json.import;
  if (forget) json.removed = [{ from: "auth0_connection.database", lifecycle: { destroy: false } }];
  return json;
}

/** An initialized workspace on the tenant the environment is seeded with; nothing applied. */
export async function initializedRehearsal(
  stack: TerraformJson,
  environment: LoadedEnvironment,
): Promise<Rehearsal> {
  const rehearsal = await Rehearsal.open({
    root: ROOT,
    stack,
    tenant: simulatedTenantFor(environment.config),
  });
  try {
    await expectOk(rehearsal.init());
    return rehearsal;
  } catch (error) {
    await rehearsal.close();
    throw error;
  }
}

/** A workspace where the shipped stack has been applied once, as on a tenant in use. */
export async function appliedRehearsal(
  stack: TerraformJson,
  environment: LoadedEnvironment,
): Promise<Rehearsal> {
  const rehearsal = await initializedRehearsal(stack, environment);
  try {
    await expectOk(
      rehearsal.terraform(["apply", "-input=false", "-auto-approve", "-no-color"], {
        TF_VAR_email_provider_api_key: FAKE_API_KEY,
      }),
    );
    return rehearsal;
  } catch (error) {
    await rehearsal.close();
    throw error;
  }
}

export async function expectOk<T extends { code: number; stdout: string; stderr: string }>(
  run: Promise<T>,
): Promise<T> {
  const result = await run;
  if (result.code !== 0) {
    throw new Error(`terraform exit ${result.code}:\n${result.stdout}\n${result.stderr}`);
  }
  return result;
}

/** Plans into a saved plan and returns `terraform show -json` of it (a failed plan may save one). */
export async function planJson(
  rehearsal: Rehearsal,
  args: string[] = [],
  env: Record<string, string> = {},
): Promise<{ code: number; output: string; plan: TerraformJson }> {
  const variables = { TF_VAR_email_provider_api_key: FAKE_API_KEY, ...env };
  const planned = await rehearsal.terraform(
    ["plan", "-input=false", "-no-color", "-out=tfplan", ...args],
    variables,
  );
  const shown = await expectOk(rehearsal.terraform(["show", "-json", "tfplan"], variables));
  return {
    code: planned.code,
    output: `${planned.stdout}\n${planned.stderr}`,
    plan: JSON.parse(shown.stdout),
  };
}
