// Must stay the first import: it defers a package cdktf would otherwise load on every run.
import "./lib/speed/defer-archiver";
import { existsSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";
import { App } from "cdktf";
import { EnvironmentConfigError, loadEnvironments } from "./lib/environment";
import { withoutTokenCreationStacks } from "./lib/speed/token-stack-traces";
import { environmentStackProps } from "./lib/stack/environment-stacks";
import { InviteStack } from "./lib/stack/invite-stack";

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
function removeStaleOutput(): void {
  rmSync(path.join(outdir, "manifest.json"), { force: true });
  for (const name of existingStacks()) {
    rmSync(path.join(stacksDir, name, "cdk.tf.json"), { force: true });
  }
}

let stacks: ReturnType<typeof environmentStackProps>;
try {
  // Validation and every per-environment build step run before the App exists, so a bad
  // file leaves nothing half-written.
  stacks = environmentStackProps(loadEnvironments(dir));
} catch (error) {
  removeStaleOutput();
  if (!(error instanceof EnvironmentConfigError)) throw error;
  console.error(error.message);
  if (existsSync(outdir)) console.error(`The previous output in ${outdir} was removed.`);
  process.exit(1);
}

// A stack whose environment file was removed must not linger in the output, where
// check-stack, a plan or a reviewer would still find it. (`cdktf synth` starts from an empty
// directory anyway; `npm run synth` writes into cdktf.out directly.)
const current = new Set(stacks.map((s) => s.name));
for (const old of existingStacks()) {
  if (!current.has(old)) rmSync(path.join(stacksDir, old), { recursive: true, force: true });
}

withoutTokenCreationStacks(() => {
  const app = new App();
  for (const { name, props } of stacks) new InviteStack(app, name, props);
  app.synth();
}, Boolean(process.env.CDK_DEBUG));
