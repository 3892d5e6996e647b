// Tests that run real terraform (through the stand-in auth0 provider) are skipped, visibly,
// on a machine without it: the reason goes into the test title and a warning.
import { spawnSync } from "node:child_process";
import { terraformMissing } from "../../lib/operate/processes";

/** Set by the global setup: why terraform cannot run, or "" when it can. */
export const TERRAFORM_CHECK_ENV = "AUTH0_TEST_TERRAFORM_UNAVAILABLE";

let unavailable: string | null | undefined;

/**
 * Why terraform cannot run here (null when it can): `terraform version` is asked once per
 * jest run (by the global setup), or once per process outside one.
 */
export function terraformUnavailable(): string | null {
  if (unavailable !== undefined) return unavailable;
  const checked = process.env[TERRAFORM_CHECK_ENV];
  unavailable = checked === undefined ? checkTerraform() : checked || null;
  return unavailable;
}

/** Asks `terraform version`: null when it is usable, else why not. */
export function checkTerraform(): string | null {
  let unavailable: string | null;
  const binary = process.env.TERRAFORM_BINARY_NAME || "terraform";
  const result = spawnSync(binary, ["version"], {
    encoding: "utf8",
    env: { ...process.env, CHECKPOINT_DISABLE: "1" },
    // A ceiling for a hang, not a budget.
    timeout: 60_000,
  });
  const version = /v(\d+)\.(\d+)\.\d+/.exec(result.stdout ?? "");
  if (result.error) {
    unavailable =
      (result.error as NodeJS.ErrnoException).code === "ENOENT"
        ? terraformMissing(binary)
        : `${binary} version failed: ${result.error.message}`;
  } else if (result.status !== 0 || !version) {
    unavailable = `${binary} version failed (exit ${result.status}): ${result.stderr.trim()}`;
  } else if (Number(version[1]) < 1 || (Number(version[1]) === 1 && Number(version[2]) < 11)) {
    unavailable = `${binary} ${version[0]} is older than the 1.11 this repository needs`;
  } else {
    unavailable = null;
  }
  return unavailable;
}

/** `describe`, or `describe.skip` with the reason in the title when terraform cannot run. */
export function describeWithTerraform(name: string, fn: () => void): void {
  const why = terraformUnavailable();
  if (why === null) {
    describe(name, fn);
    return;
  }
  console.warn(`skipping "${name}": ${why}`);
  describe.skip(`${name} [skipped: ${why}]`, fn);
}
