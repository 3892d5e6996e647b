import { shippedEnvironmentNames, shippedStack } from "../support/shipped";

// The stacks the committed environments synthesize to, with the real Actions and templates.
describe.each(shippedEnvironmentNames())("the %s stack as shipped", (name) => {
  const json = shippedStack(name);
  const actions = Object.values(json.resource.auth0_action) as Record<string, unknown>[];

  it("synthesizes the same JSON as last time", () => {
    expect(json).toMatchSnapshot();
  });

  it("ships Actions that declare no npm dependencies, for Auth0 to install at cold start", () => {
    expect(actions.length).toBeGreaterThan(0);
    for (const action of actions) expect(action.dependencies).toBeUndefined();
  });

  it("puts no credential in the provider block", () => {
    // The domain, and the custom domain where an environment has one: no credential.
    for (const provider of json.provider.auth0) {
      expect(Object.keys(provider).filter((k) => k !== "custom_domain_header")).toEqual(["domain"]);
    }
  });

  it("keeps secrets out of state: write-only Action secrets, sensitive variables without defaults", () => {
    for (const action of actions) {
      expect(action.secrets).toBeUndefined();
      expect(action.secrets_wo).toBeDefined();
    }
    for (const variable of Object.values(json.variable ?? {}) as Record<string, unknown>[]) {
      expect(variable).toMatchObject({ sensitive: true });
      expect(variable).not.toHaveProperty("default");
    }
  });

  it("contains no unescaped Terraform template sequence in the shipped code and email bodies", () => {
    const strings = [
      ...actions.map((action) => action.code as string),
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
