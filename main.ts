import { App } from "cdktf";
import { addEnvironmentStacks } from "./lib/app";
import { EnvironmentConfigError, loadEnvironments } from "./lib/config";
import { withoutTokenCreationStacks } from "./lib/synth-speed";

// The edge: the only place that reads the environment directory and process.env.
// ENVIRONMENTS_DIR lets tests and experiments point at other environment files.
const dir = process.env.ENVIRONMENTS_DIR ?? "environments";

let environments: ReturnType<typeof loadEnvironments>;
try {
  environments = loadEnvironments(dir);
} catch (error) {
  if (!(error instanceof EnvironmentConfigError)) throw error;
  // Validation runs before any construct exists, so nothing has been written.
  console.error(error.message);
  process.exit(1);
}

withoutTokenCreationStacks(() => {
  const app = new App();
  addEnvironmentStacks(app, environments);
  app.synth();
}, Boolean(process.env.CDK_DEBUG));
