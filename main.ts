// Must stay the first import: it defers a package cdktf would otherwise load on every run.
import "./lib/defer-archiver";
import { existsSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";
import { App } from "cdktf";
import { environmentStackProps } from "./lib/app";
import { EnvironmentConfigError, loadEnvironments } from "./lib/config";
import { InviteStack } from "./lib/invite-stack";
import { withoutTokenCreationStacks } from "./lib/synth-speed";

// The edge: the only place that reads the environment directory and process.env.
// ENVIRONMENTS_DIR lets tests and experiments point at other environment files.
const dir = process.env.ENVIRONMENTS_DIR ?? "environments";

let stacks: ReturnType<typeof environmentStackProps>;
try {
  // Validation and every per-environment build step run before the App exists, so a bad
  // file leaves no output behind, not even an empty cdktf.out.
  stacks = environmentStackProps(loadEnvironments(dir));
} catch (error) {
  if (!(error instanceof EnvironmentConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}

// A stack whose environment file was removed must not linger in the output, where
// check-stack, a plan or a reviewer would still find it. (`cdktf synth` starts from an empty
// directory anyway; `npm run synth` writes into cdktf.out directly.)
const stacksDir = path.join(process.env.CDKTF_OUTDIR ?? "cdktf.out", "stacks");
const current = new Set(stacks.map((s) => s.name));
for (const old of existsSync(stacksDir) ? readdirSync(stacksDir) : []) {
  if (!current.has(old)) rmSync(path.join(stacksDir, old), { recursive: true, force: true });
}

withoutTokenCreationStacks(() => {
  const app = new App();
  for (const { name, props } of stacks) new InviteStack(app, name, props);
  app.synth();
}, Boolean(process.env.CDK_DEBUG));
