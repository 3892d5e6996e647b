import { readFileSync } from "node:fs";
import path from "node:path";
import { ROOT } from "../support/paths";
import { shippedEnvironmentNames, shippedStack } from "../support/shipped";

// The stacks the committed environments synthesize to, with the real Action and templates.
const packageJson = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8"));

describe.each(shippedEnvironmentNames())("the %s stack as shipped", (name) => {
  const json = shippedStack(name);
  const action = Object.values(json.resource.auth0_action)[0] as Record<string, unknown> & {
    dependencies: { name: string; version: string }[];
  };

  it("synthesizes the same JSON as last time", () => {
    expect(json).toMatchSnapshot();
  });

  it("declares the SDK at exactly the version package.json pins", () => {
    const sdk = action.dependencies.find((d) => d.name === "@auth0/auth0-auth-js");
    expect(sdk?.version).toBe(packageJson.dependencies["@auth0/auth0-auth-js"]);
  });

  it("declares every package the tests load, at the installed version", () => {
    expect(action.dependencies.map((d) => d.name)).toEqual(
      expect.arrayContaining(["@auth0/auth0-auth-js", "jose", "openid-client"]),
    );
    for (const dep of action.dependencies) {
      const installed = JSON.parse(
        readFileSync(path.join(ROOT, "node_modules", dep.name, "package.json"), "utf8"),
      );
      expect(`${dep.name}@${dep.version}`).toBe(`${dep.name}@${installed.version}`);
      if (dep.name in packageJson.dependencies) {
        expect(dep.version).toBe(packageJson.dependencies[dep.name]);
      }
    }
  });

  it("puts no credential in the provider block", () => {
    for (const provider of json.provider.auth0) expect(Object.keys(provider)).toEqual(["domain"]);
  });

  it("keeps secrets out of state: write-only Action secrets, sensitive variables without defaults", () => {
    expect(action.secrets).toBeUndefined();
    expect(action.secrets_wo).toBeDefined();
    for (const variable of Object.values(json.variable ?? {}) as Record<string, unknown>[]) {
      expect(variable).toMatchObject({ sensitive: true });
      expect(variable).not.toHaveProperty("default");
    }
  });

  it("contains no unescaped Terraform template sequence in the shipped code and email bodies", () => {
    const strings = [
      action.code as string,
      ...Object.values(json.resource.auth0_email_template).flatMap((t) => {
        const template = t as { body: string; subject: string };
        return [template.body, template.subject];
      }),
    ];
    for (const text of strings) {
      expect(text).not.toMatch(/(?<!\$)(?:\$\$)*\$\{/);
      expect(text).not.toMatch(/(?<!%)(?:%%)*%\{/);
    }
  });
});
