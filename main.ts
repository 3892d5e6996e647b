// Must stay the first import: it defers a package cdktf would otherwise load on every run.
import "./lib/speed/defer-archiver";
import { existsSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";
import { App } from "cdktf";
import { EnvironmentConfigError, loadEnvironments } from "./lib/environment";
import { copyCommittedLockFile, removeSavedPlans } from "./lib/operate/stack-folder";
import { withoutTokenCreationStacks } from "./lib/speed/token-stack-traces";
import { addEnvironmentStacks, environmentStackProps } from "./lib/stack/environment-stacks";

// The edge: the only place that reads the environment directory and process.env.
// ENVIRONMENTS_DIR lets tests and experiments point at other environment files.
const dir = process.env.ENVIRONMENTS_DIR ?? "environments";

const outdir = process.env.CDKTF_OUTDIR ?? "cdktf.out";
const stacksDir = path.join(outdir, "stacks");
const existingStacks = () => (existsSync(stacksDir) ? readdirSync(stacksDir) : []);

/**
 * After a failed synth the previous output must not look current: check-stack, a plan or a
 * reviewer would take it for this commit's. The stacks' configuration and the manifest go; a
 * stack's .terraform folder (providers, backend) stays, so the next init is quick.
 */
function removeStaleOutput(): string[] {
  const files = [
    path.join(outdir, "manifest.json"),
    ...existingStacks().map((name) => path.join(stacksDir, name, "cdk.tf.json")),
  ].filter((file) => existsSync(file));
  for (const file of files) rmSync(file, { force: true });
  return files;
}

// Every client that plans in a stack folder (npm run plan, cdktf diff/deploy, terraform)
// starts from this synth: no saved plan of an earlier run is left there to be read or applied.
for (const name of existingStacks()) removeSavedPlans(path.join(stacksDir, name));

const debug = Boolean(process.env.CDK_DEBUG);
try {
  // Validation and every per-environment build step run before the App exists, and the
  // constructs check what they are given before anything is written: a bad file, or an Action
  // over Auth0's limits, leaves nothing half-written.
  const stacks = environmentStackProps(loadEnvironments(dir));
  const app = withoutTokenCreationStacks(() => {
    const app = new App();
    addEnvironmentStacks(app, stacks);
    return app;
  }, debug);

  // A stack whose environment file was removed must not linger in the output, where
  // check-stack, a plan or a reviewer would still find it. (`cdktf synth` starts from an empty
  // directory anyway; `npm run synth` writes into cdktf.out directly.)
  const current = new Set(stacks.map((s) => s.name));
  for (const old of existingStacks()) {
    if (!current.has(old)) rmSync(path.join(stacksDir, old), { recursive: true, force: true });
  }
  withoutTokenCreationStacks(() => app.synth(), debug);
  // The reviewed provider checksums, for whichever client runs `terraform init` there next.
  for (const name of current) copyCommittedLockFile(process.cwd(), path.join(stacksDir, name));
} catch (error) {
  const removed = removeStaleOutput();
  if (error instanceof EnvironmentConfigError) console.error(error.message);
  else if (debug) console.error(error);
  else console.error(`synth failed: ${(error as Error).message} (CDK_DEBUG=1 shows where)`);
  console.error("Nothing was synthesized.");
  if (removed.length > 0) {
    console.error(
      `The previous output was removed so that it is not taken for this one's: ${removed.join(", ")}`,
    );
  }
  process.exit(1);
}
