import { copyFileSync, existsSync, rmSync } from "node:fs";
import path from "node:path";
import type { CommandIo } from "./edge";

type Where = Pick<CommandIo, "cwd" | "env">;

/** The environment files' folder: ENVIRONMENTS_DIR, else environments/. */
export const environmentsDir = ({ cwd, env }: Where): string =>
  path.resolve(cwd, env.ENVIRONMENTS_DIR ?? "environments");

/** The folder synth writes the stacks to (CDKTF_OUTDIR, else cdktf.out/), or one stack's. */
export const stacksDir = ({ cwd, env }: Where, name = ""): string =>
  path.resolve(cwd, env.CDKTF_OUTDIR ?? "cdktf.out", "stacks", name);

/** Why `npm run <command>` cannot run on `name`'s stack, if synth has not written it. */
export function notSynthesized(where: Where, name: string, command: string): string | undefined {
  const file = path.join(stacksDir(where, name), "cdk.tf.json");
  if (existsSync(file)) return undefined;
  return `${path.relative(where.cwd, file)} does not exist: run \`npm run synth\` first (npm run ${command} does)`;
}

/** The committed provider lock file: one for every stack, since all pin the same provider. */
export const LOCK_FILE = ".terraform.lock.hcl";

/** The plans terraform saves in a stack folder: `npm run plan`'s, and the cdktf CLI's. */
export const SAVED_PLANS = ["tfplan", "plan"] as const;

/**
 * Puts the committed lock file (at `root`) in the stack folder, so that whichever client runs
 * `terraform init` there checks the provider against the checksums reviewed in git. The cdktf
 * CLI also needs it: without a lock file naming the provider it runs `terraform providers
 * lock`, which downloads the provider from the registry whatever is attached. Returns whether
 * there was one to copy.
 */
export function copyCommittedLockFile(root: string, stackDir: string): boolean {
  const committed = path.join(root, LOCK_FILE);
  if (!existsSync(committed)) return false;
  copyFileSync(committed, path.join(stackDir, LOCK_FILE));
  return true;
}

/**
 * Removes the plans an earlier run saved in the stack folder (a `cdktf diff` leaves its own
 * there): a saved plan holds every sensitive value of its run in clear, the email provider's
 * key among them, and must never be taken for the current one.
 */
export function removeSavedPlans(stackDir: string): void {
  for (const file of SAVED_PLANS) rmSync(path.join(stackDir, file), { force: true });
}
