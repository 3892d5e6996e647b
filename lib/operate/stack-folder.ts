import { copyFileSync, existsSync, rmSync } from "node:fs";
import path from "node:path";

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
