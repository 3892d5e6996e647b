// What the repository ships: the cdk.tf.json files the app command (the one in cdktf.json)
// writes for the committed environments, read back the way Terraform reads them.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { unescapeTerraformTemplate } from "../../lib/stack/terraform-string";

export { unescapeTerraformTemplate as terraformUnescape } from "../../lib/stack/terraform-string";

// biome-ignore lint/suspicious/noExplicitAny: Terraform JSON is untyped by nature.
export type TerraformJson = Record<string, any>;

const root = path.resolve(__dirname, "../..");
let cache: Map<string, TerraformJson> | undefined;

/** Set by the global setup: the `stacks/` folder of its one synth of the environments. */
export const SHIPPED_STACKS_ENV = "AUTH0_TEST_SHIPPED_STACKS";

/**
 * Runs the app command (cdktf.json's) with its output in `outdir` and returns the `stacks/`
 * folder it wrote; ENVIRONMENTS_DIR, when set, says which environments, as for the app.
 */
export function synthesizeShipped(outdir: string): string {
  const cdktfJson = JSON.parse(readFileSync(path.join(root, "cdktf.json"), "utf8"));
  const [command, ...args] = String(cdktfJson.app).split(" ");
  const result = spawnSync(command === "node" ? process.execPath : command, args, {
    cwd: root,
    env: { ...process.env, CDKTF_OUTDIR: outdir },
    encoding: "utf8",
  });
  if (result.status !== 0) {
    throw new Error(`the app command failed:\n${result.stderr}${result.stdout}`);
  }
  return path.join(outdir, "stacks");
}

/**
 * Every stack's JSON by name, as the app command writes them for the environments: the global
 * setup's synth, or (outside a jest run) one run of the app command per process.
 */
export function shippedStacks(): Map<string, TerraformJson> {
  if (cache) return cache;
  const shared = process.env[SHIPPED_STACKS_ENV];
  const outdir = shared ? undefined : mkdtempSync(path.join(tmpdir(), "shipped-"));
  try {
    const dir = shared ?? synthesizeShipped(outdir as string);
    const stacks = new Map<string, TerraformJson>();
    for (const name of readdirSync(dir).sort()) {
      stacks.set(name, JSON.parse(readFileSync(path.join(dir, name, "cdk.tf.json"), "utf8")));
    }
    cache = stacks;
    return stacks;
  } finally {
    if (outdir) rmSync(outdir, { recursive: true, force: true });
  }
}

export function shippedEnvironmentNames(): string[] {
  return [...shippedStacks().keys()];
}

export function shippedStack(envName = "dev"): TerraformJson {
  const stack = shippedStacks().get(envName);
  if (!stack) throw new Error(`no synthesized stack named ${envName}`);
  return stack;
}

/**
 * The `code` of the auth0_action whose logical id (its key under `resource.auth0_action`) is
 * `logicalId`, as Auth0 receives it (after Terraform's unescaping).
 */
export function shippedActionCode(envName = "dev", logicalId = "send_invite"): string {
  const actions = (shippedStack(envName).resource?.auth0_action ?? {}) as TerraformJson;
  const action = actions[logicalId] as TerraformJson | undefined;
  if (!action) {
    const ids = Object.keys(actions).sort().join(", ") || "none";
    throw new Error(`no auth0_action.${logicalId} in ${envName} (it has ${ids})`);
  }
  return unescapeTerraformTemplate(action.code);
}

export interface ShippedEmailTemplate {
  body: string;
  subject: string;
  enabled: boolean;
  from: string;
  syntax: string;
  url_lifetime_in_seconds?: number;
}

/** One `auth0_email_template` with body and subject as Auth0 receives them. */
export function shippedEmailTemplate(envName: string, template: string): ShippedEmailTemplate {
  const templates = Object.values(
    shippedStack(envName).resource?.auth0_email_template ?? {},
  ) as TerraformJson[];
  const found = templates.find((t) => t.template === template);
  if (!found) throw new Error(`no ${template} template in ${envName}`);
  return {
    ...found,
    body: unescapeTerraformTemplate(found.body),
    subject: unescapeTerraformTemplate(found.subject),
  } as ShippedEmailTemplate;
}
