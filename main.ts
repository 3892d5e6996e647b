import { App } from "cdktf";
import { InviteStack } from "./lib/invite-stack";

// The example tenant synthesizes with no credentials; per-tenant environment files replace
// this list when the stack issue lands.
const environments = [{ name: "dev", domain: "example-dev.eu.auth0.com" }];

const app = new App();
for (const env of environments) {
  new InviteStack(app, env.name, { domain: env.domain });
}
app.synth();
