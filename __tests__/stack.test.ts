import { Testing } from "cdktf";
import { InviteStack } from "../lib/invite-stack";

interface StackJson {
  terraform: { required_providers: Record<string, unknown>; backend: unknown };
  provider: { auth0: Record<string, unknown>[] };
}

function synth(domain = "example-dev.eu.auth0.com"): StackJson {
  const app = Testing.app();
  const stack = new InviteStack(app, "dev", { domain });
  return JSON.parse(Testing.synth(stack, false));
}

describe("the invite stack", () => {
  const json = synth();

  it("pins the auth0 provider to auth0/auth0 1.55.0", () => {
    expect(json.terraform.required_providers.auth0).toEqual({
      source: "auth0/auth0",
      version: "1.55.0",
    });
  });

  it("configures the provider with the tenant domain and no credentials", () => {
    expect(json.provider.auth0).toEqual([{ domain: "example-dev.eu.auth0.com" }]);
  });

  it("keeps local state at the repository root through a relative path", () => {
    expect(json.terraform.backend).toEqual({ local: { path: "../../../terraform.dev.tfstate" } });
  });

  it("synthesizes the same JSON as last time", () => {
    expect(json).toMatchSnapshot();
  });
});
