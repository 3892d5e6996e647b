// Once per `jest` run, before any test file: what every file would otherwise redo. Workers
// start after this and inherit the environment it sets.
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { SHARED_HOSTS_ENV } from "../../lib/provider/stand-in/launch";
import { ROOT } from "./paths";
import { SHIPPED_STACKS_ENV, synthesizeShipped } from "./shipped";
import { checkTerraform, TERRAFORM_CHECK_ENV } from "./terraform";

/** The run's folder; a jest started by a test (adding-and-removing) shares its parent's. */
export const RUN_DIR_ENV = "AUTH0_TEST_RUN_DIR";

export default function globalSetup(): void {
  const inherited = process.env[RUN_DIR_ENV];
  const run =
    inherited && existsSync(inherited)
      ? inherited
      : mkdtempSync(path.join(tmpdir(), "auth0-jest-"));
  if (run !== inherited) {
    process.env[RUN_DIR_ENV] = run;
    (globalThis as { auth0RunDirToRemove?: string }).auth0RunDirToRemove = run;
  }
  // One synth of the environments for every file to read, kept by their content: a jest
  // started by a test on the same environments reads it too.
  process.env[SHIPPED_STACKS_ENV] = synthesizedOnce(run);
  // `terraform version` asked once.
  process.env[TERRAFORM_CHECK_ENV] ??= checkTerraform() ?? "";
  // One stand-in process per worker, started by the first file of the worker that needs one.
  process.env[SHARED_HOSTS_ENV] = mkdtempSync(path.join(run, "stand-in-"));
}

function synthesizedOnce(run: string): string {
  const dir = path.resolve(ROOT, process.env.ENVIRONMENTS_DIR ?? "environments");
  const hash = createHash("sha256");
  for (const file of readdirSync(dir).sort()) {
    if (!file.endsWith(".json")) continue;
    hash
      .update(`${file}\0`)
      .update(readFileSync(path.join(dir, file)))
      .update("\0");
  }
  const kept = path.join(run, `synth-${hash.digest("hex").slice(0, 16)}`);
  if (!existsSync(kept)) {
    const fresh = mkdtempSync(path.join(run, "synth-new-"));
    try {
      synthesizeShipped(fresh);
      renameSync(fresh, kept);
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
  }
  return path.join(kept, "stacks");
}
