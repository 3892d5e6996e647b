import { readFileSync } from "node:fs";
import path from "node:path";
import { TerraformStack, Testing } from "cdktf";
import { LOGIN_GATE } from "../../lib/action";
import { parseEnvironment } from "../../lib/environment";
import { formatProblem, validateStack } from "../../lib/operate/check-stack";
import { credentialVariableName, EMAIL_PROVIDER_SECRETS } from "../../lib/operate/credentials";
import { withoutTokenCreationStacks } from "../../lib/speed/token-stack-traces";
import { FlowAction, type FlowActionProps } from "../../lib/stack/constructs/flow-action";
import { InviteStack, type InviteStackProps, type StackAssets } from "../../lib/stack/invite-stack";
import { unescapeTerraformTemplate } from "../../lib/stack/terraform-string";
import { ROOT } from "../support/paths";
import { describeWithTerraform } from "../support/terraform";
import { testingApp } from "../support/testing-app";

// The stack on its own: environments written as in environments/*.json (validated by the real
// schema, so the stack gets exactly what it gets in production) and small hand-written build
// assets standing in for whatever the Action build and the email templates produce. The real
// assets and the committed environments are covered by shipped-stack.test.ts.

// biome-ignore lint/suspicious/noExplicitAny: Terraform JSON is untyped by nature.
type Json = Record<string, any>;

const code = [
  "exports.onExecutePostUserRegistration = async (event, api) => {",
  "  console.log(`send-invite: ${event.user.user_id}`);",
  '  const directive = "%{ not a terraform directive }";',
  "};",
].join("\n");
const gateCode = [
  "exports.onExecutePostLogin = async (event, api) => {",
  "  console.log(`login-gate: ${event.user.user_id}`);",
  "};",
].join("\n");

const templates: StackAssets["emailTemplates"] = [
  {
    template: "reset_email",
    body: "<p>{% if user.email_verified %}Reset{% else %}Welcome{% endif %} ${literal}</p>",
    subject: "{% if user.email_verified %}Reset{% else %}Invite{% endif %}",
    enabled: true,
    syntax: "liquid",
  },
  {
    template: "welcome_email",
    body: "<p>Welcome</p>",
    subject: "Welcome",
    enabled: false,
    syntax: "liquid",
  },
  {
    template: "verify_email",
    body: "<p>Verify</p>",
    subject: "Verify",
    enabled: false,
    syntax: "liquid",
  },
];

type RawEnvironment = Record<string, unknown>;

/** An environment file's content, as a person would write it. */
const environmentFile = {
  domain: "example-dev.eu.auth0.com",
  connection: { id: "con_EXAMPLE000000000", passwordPolicy: { model: "legacy" } },
  application: {
    name: "Portal",
    type: "regular_web",
    callbacks: ["https://portal.example.com/callback"],
    logoutUrls: ["https://portal.example.com/"],
    loginUrl: "https://portal.example.com/login",
  },
  emailProvider: { name: "sendgrid", defaultFromAddress: "no-reply@example.com" },
  email: {
    from: "Portal <no-reply@example.com>",
    productName: "Portal",
    supportEmail: "support@example.com",
    linkLifetimeSeconds: 604800,
  },
  invite: { skipEmailDomains: ["test.example.com"] },
  // The invite Action's tests read the stack without the login gate; the gate's add it.
  loginGate: { state: "removed" },
  resetPage: { manageText: true },
};

const assets: StackAssets = {
  inviteActionCode: code,
  loginGateCode: gateCode,
  emailTemplates: templates,
  resetPageScreens: {
    en: { "reset-password": { title: "Set ${clientName}" } },
    de: { "reset-password": { title: "Festlegen: ${clientName}" } },
    fr: { "reset-password": { title: "Définir : ${clientName}" } },
  },
};

/** The stack's input for the file with `overrides` (top-level keys replaced; undefined drops one). */
function props(
  overrides: RawEnvironment = {},
  assetOverrides: Partial<StackAssets> = {},
): InviteStackProps {
  const file = JSON.stringify({ ...environmentFile, ...overrides });
  const parsed = parseEnvironment("test.json", file);
  if (!parsed.ok) throw new Error(parsed.problems.join("\n"));
  return { environment: parsed.config, assets: { ...assets, ...assetOverrides } };
}

/** As main.ts builds and synthesizes: without cdktf's token creation stack traces. */
function synth(p: InviteStackProps = props(), name = "dev"): Json {
  return withoutTokenCreationStacks(() =>
    JSON.parse(Testing.synth(new InviteStack(testingApp(), name, p), false)),
  );
}

const json = synth();
// What a setting that leaves a protected resource out keeps of its block (lib/stack/left-out.ts).
const LEFT_OUT_BLOCK = { count: 0, lifecycle: { prevent_destroy: true } };
const resources = json.resource;
/** With a connection the stack creates instead of adopting it. */
const created = synth(props({ connection: { name: "Invitees" }, loginGate: undefined }));
const invitedSince = "2026-12-01T09:00:00Z";
/** With the login gate on for the adopted connection. */
const gated = synth(props({ loginGate: { invitedSince } }));

describeWithTerraform("the invite stack, through terraform validate", () => {
  it("passes against the stand-in auth0 provider", async () => {
    const problems = await validateStack(ROOT, json);
    expect(problems.map(formatProblem)).toEqual([]);
  });

  it("passes in several languages too, a page text per locale and the gate's LANGUAGES", async () => {
    const multilingual = synth(
      props({
        loginGate: { invitedSince },
        languages: ["de", "en", "fr"],
        tenantLocales: ["de", "en", "fr-FR", "fr-CA"],
      }),
    );
    const problems = await validateStack(ROOT, multilingual);
    expect(problems.map(formatProblem)).toEqual([]);
  });
});

describe("the invite stack", () => {
  it("uses stable, readable Terraform addresses", () => {
    const addresses = Object.entries(resources as Json)
      .flatMap(([type, byName]) => Object.keys(byName).map((n) => `${type}.${n}`))
      .sort();
    expect(addresses).toEqual([
      "auth0_action.send_invite",
      "auth0_client.app",
      "auth0_connection.database",
      "auth0_connection_client.app_database",
      "auth0_email_provider.email",
      "auth0_email_template.reset_email",
      "auth0_email_template.verify_email",
      "auth0_email_template.welcome_email",
      "auth0_prompt_custom_text.reset_password_en",
      // The login gate is not on for this adopted connection: its binding's block is kept.
      "auth0_trigger_action.login_gate",
      "auth0_trigger_action.send_invite",
    ]);
  });
});

describe("the provider and state", () => {
  it("pins the auth0 provider to auth0/auth0 1.55.0 and Terraform to >= 1.11 (write-only secrets)", () => {
    expect(json.terraform.required_providers.auth0).toEqual({
      source: "auth0/auth0",
      version: "1.55.0",
    });
    expect(json.terraform.required_version).toBe(">= 1.11.0");
  });

  it("configures the provider with the tenant domain and no credentials", () => {
    expect(json.provider.auth0).toEqual([{ domain: "example-dev.eu.auth0.com" }]);
  });

  it("keeps local state at the repository root through a relative path", () => {
    expect(json.terraform.backend).toEqual({ local: { path: "../../../terraform.dev.tfstate" } });
  });

  it("keeps state in S3, always encrypted and locked with S3's own lock file", () => {
    const s3 = synth(
      props({
        backend: {
          type: "s3",
          bucket: "acme-tfstate",
          key: "auth0/dev.tfstate",
          region: "eu-west-1",
        },
      }),
    );
    expect(s3.terraform.backend).toEqual({
      s3: {
        bucket: "acme-tfstate",
        key: "auth0/dev.tfstate",
        region: "eu-west-1",
        encrypt: true,
        use_lockfile: true,
      },
    });
  });

  it("passes a KMS key and a DynamoDB lock table through to S3 when given", () => {
    const s3 = synth(
      props({
        backend: {
          type: "s3",
          bucket: "acme-tfstate",
          key: "auth0/dev.tfstate",
          region: "eu-west-1",
          kmsKeyId: "alias/tfstate",
          dynamodbTable: "tf-locks",
        },
      }),
    );
    expect(s3.terraform.backend.s3).toMatchObject({
      kms_key_id: "alias/tfstate",
      dynamodb_table: "tf-locks",
      use_lockfile: true,
      encrypt: true,
    });
  });

  it("keeps state in an HCP Terraform workspace, with no token in the JSON", () => {
    const hcp = synth(
      props({
        backend: { type: "hcp", organization: "acme", workspace: "auth0-dev", project: "Identity" },
      }),
    );
    expect(hcp.terraform.backend).toBeUndefined();
    expect(hcp.terraform.cloud).toEqual({
      hostname: "app.terraform.io",
      organization: "acme",
      workspaces: { name: "auth0-dev", project: "Identity" },
    });
    expect(JSON.stringify(hcp.terraform)).not.toMatch(/token/i);
  });
});

describe("the database connection", () => {
  const connection = resources.auth0_connection.database;

  it("can never be destroyed or replaced by Terraform", () => {
    expect(connection.lifecycle).toEqual({ prevent_destroy: true });
  });

  it("is adopted with an import block when its id is configured", () => {
    expect(json.import).toEqual([{ id: "con_EXAMPLE000000000", to: "auth0_connection.database" }]);
  });

  it("is created, with no import block, when no id is configured", () => {
    expect(created.import).toBeUndefined();
    expect(created.resource.auth0_connection.database.name).toBe("Invitees");
  });

  it("sets every option the flow relies on explicitly", () => {
    expect(connection.strategy).toBe("auth0");
    expect(connection.name).toBe("Username-Password-Authentication");
    expect(connection.options).toEqual({
      disable_signup: true,
      brute_force_protection: true,
      requires_username: false,
      strategy_version: 2,
      mfa: { active: true, return_enroll_settings: true },
      import_mode: false,
      enabled_database_customization: false,
      disable_self_service_change_password: false,
      password_policy: "good",
      password_complexity_options: { min_length: 12 },
      password_history: [{ enable: true, size: 5 }],
      password_no_personal_info: { enable: true },
      password_dictionary: { enable: true },
    });
  });

  it("states the flexible model as password_options, every setting of it, and no legacy field", () => {
    const flexible = synth(
      props({
        connection: {
          id: "con_EXAMPLE000000000",
          passwordPolicy: { model: "flexible", minLength: 14, history: 0, dictionary: false },
        },
      }),
    ).resource.auth0_connection.database.options;
    expect(flexible.password_options).toEqual({
      complexity: {
        min_length: 14,
        character_types: ["uppercase", "lowercase", "number", "special"],
        character_type_rule: "three_of_four",
        identical_characters: "allow",
        sequential_characters: "allow",
        max_length_exceeded: "error",
      },
      history: { active: false, size: 1 },
      dictionary: { active: false, default: "en_100k" },
      profile_data: { active: true },
    });
    for (const legacy of [
      "password_policy",
      "password_complexity_options",
      "password_history",
      "password_no_personal_info",
      "password_dictionary",
    ]) {
      expect(flexible).not.toHaveProperty(legacy);
    }
  });

  it("gives a connection it creates the flexible model unless the file says otherwise", () => {
    const options = created.resource.auth0_connection.database.options;
    expect(options.password_options.complexity.min_length).toBe(12);
    expect(options).not.toHaveProperty("password_policy");
  });
});

describe("the database connection's extra options", () => {
  const extra = synth(
    props({
      connection: {
        id: "con_EXAMPLE000000000",
        passwordPolicy: { model: "legacy" },
        requiresUsername: true,
        extraOptions: {
          mfa: { active: false },
          precedence: ["email", "username"],
          validation: { username: { min: 3, max: 20 } },
        },
      },
    }),
  ).resource.auth0_connection.database.options;

  it("keep settings of an adopted connection that the typed fields do not cover", () => {
    expect(extra.precedence).toEqual(["email", "username"]);
    expect(extra.validation).toEqual({ username: { min: 3, max: 20 } });
    expect(extra.requires_username).toBe(true);
  });

  it("are merged over the stated defaults", () => {
    expect(extra.mfa).toEqual({ active: false, return_enroll_settings: true });
    expect(extra.disable_signup).toBe(true);
  });
});

describe("the application", () => {
  it("is created with its URLs and bound 1:1 to the connection", () => {
    expect(resources.auth0_client.app).toMatchObject({
      name: "Portal",
      app_type: "regular_web",
      callbacks: ["https://portal.example.com/callback"],
      allowed_logout_urls: ["https://portal.example.com/"],
      initiate_login_uri: "https://portal.example.com/login",
    });
    expect(resources.auth0_connection_client.app_database).toEqual({
      client_id: "${auth0_client.app.client_id}",
      connection_id: "${auth0_connection.database.id}",
    });
    expect(resources.auth0_connection_clients).toBeUndefined();
  });

  it("can never be destroyed by Terraform (users sign in to it)", () => {
    expect(resources.auth0_client.app.lifecycle).toEqual({ prevent_destroy: true });
  });

  it("keeps the regular web app's credentials as Auth0 sets them", () => {
    expect(resources.auth0_client_credentials).toBeUndefined();
  });

  it.each(["spa", "native"] as const)("exchanges codes without a secret when it is %s", (type) => {
    const json = synth(props({ application: { ...environmentFile.application, type } }));
    expect(json.resource.auth0_client_credentials.app).toEqual({
      client_id: "${auth0_client.app.client_id}",
      authentication_method: "none",
    });
  });

  it("is only bound, not managed, when an existing client id is given; terraform still refuses to delete one the stack made", () => {
    const existing = synth(
      props({ application: { clientId: "abcdefghijklmnopqrstuvwxyzABCDEF" } }),
    );
    expect(existing.resource.auth0_client.app).toEqual({
      ...LEFT_OUT_BLOCK,
      name: "left out: application.clientId is set",
    });
    expect(existing.resource.auth0_connection_client.app_database.client_id).toBe(
      "abcdefghijklmnopqrstuvwxyzABCDEF",
    );
    expect(existing.output.client_id.value).toBe("abcdefghijklmnopqrstuvwxyzABCDEF");
  });
});

describe("the email provider and templates", () => {
  const t = resources.auth0_email_template;

  it("names each provider credential variable as the README documents it (TF_VAR_email_provider_<snake_case>)", () => {
    const names = Object.fromEntries(
      Object.entries(EMAIL_PROVIDER_SECRETS).map(([provider, fields]) => [
        provider,
        fields.map(credentialVariableName),
      ]),
    );
    expect(names).toEqual({
      sendgrid: ["email_provider_api_key"],
      mandrill: ["email_provider_api_key"],
      sparkpost: ["email_provider_api_key"],
      mailgun: ["email_provider_api_key"],
      ses: ["email_provider_access_key_id", "email_provider_secret_access_key"],
      smtp: ["email_provider_smtp_pass"],
      azure_cs: ["email_provider_azure_cs_connection_string"],
      ms365: [
        "email_provider_ms365_tenant_id",
        "email_provider_ms365_client_id",
        "email_provider_ms365_client_secret",
      ],
    });
    const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
    for (const name of Object.values(names).flat()) expect(readme).toContain(`TF_VAR_${name}`);
  });

  it("turns the change-password email on and the welcome and verification emails off", () => {
    expect(t.reset_email.enabled).toBe(true);
    expect(t.welcome_email.enabled).toBe(false);
    expect(t.verify_email.enabled).toBe(false);
  });

  it("sends the reset email from the sender, in Liquid, with the configured link lifetime", () => {
    expect(t.reset_email).toMatchObject({
      template: "reset_email",
      from: "Portal <no-reply@example.com>",
      syntax: "liquid",
      url_lifetime_in_seconds: 604800,
      include_email_in_redirect: false,
    });
  });

  it("ships bodies and subjects verbatim once Terraform unescapes them", () => {
    expect(t.reset_email.body).toContain("$${literal}");
    expect(unescapeTerraformTemplate(t.reset_email.body)).toBe(templates[0].body);
    expect(unescapeTerraformTemplate(t.reset_email.subject)).toBe(templates[0].subject);
  });

  it("writes templates only after the managed email provider exists", () => {
    for (const name of ["reset_email", "welcome_email", "verify_email"]) {
      expect(t[name].depends_on).toEqual(["auth0_email_provider.email"]);
    }
  });

  it("takes provider credentials only from sensitive variables, with no default", () => {
    const provider = resources.auth0_email_provider.email;
    expect(provider).toMatchObject({
      name: "sendgrid",
      enabled: true,
      default_from_address: "no-reply@example.com",
    });
    expect(provider.lifecycle).toEqual({ prevent_destroy: true });
    expect(provider.credentials.api_key).toBe("${var.email_provider_api_key}");
    expect(json.variable.email_provider_api_key).toEqual({
      description: expect.stringContaining("TF_VAR_email_provider_api_key"),
      nullable: false,
      sensitive: true,
      type: "string",
    });
  });

  it("declares one sensitive variable per secret credential of the chosen provider", () => {
    const ses = synth(
      props({
        emailProvider: { name: "ses", defaultFromAddress: "a@example.com", region: "eu-west-1" },
      }),
    );
    expect(Object.keys(ses.variable).sort()).toEqual([
      "email_provider_access_key_id",
      "email_provider_secret_access_key",
    ]);
    expect(ses.resource.auth0_email_provider.email.credentials).toEqual({
      access_key_id: "${var.email_provider_access_key_id}",
      secret_access_key: "${var.email_provider_secret_access_key}",
      region: "eu-west-1",
    });
  });

  it("leaves the tenant's email provider alone when none is configured; terraform still refuses to delete one the stack made", () => {
    const unmanaged = synth(props({ emailProvider: undefined }));
    expect(unmanaged.resource.auth0_email_provider.email).toMatchObject(LEFT_OUT_BLOCK);
    expect(unmanaged.variable).toBeUndefined();
    expect(unmanaged.resource.auth0_email_template.reset_email.depends_on).toBeUndefined();
  });

  it("refuses templates that would send a second email", () => {
    const welcomeOn = templates.map((x) =>
      x.template === "welcome_email" ? { ...x, enabled: true } : x,
    );
    expect(() => synth(props({}, { emailTemplates: welcomeOn }))).toThrow(
      "welcome_email must be disabled",
    );
  });
});

describe("the invite Action", () => {
  const action = resources.auth0_action.send_invite;

  describe("removal, in two applies", () => {
    const withState = (state: "unbound" | "removed") =>
      synth(props({ invite: { ...environmentFile.invite, state } }));

    it("first unbinds: the Action stays, the trigger binding goes", () => {
      const unbound = withState("unbound");
      expect(unbound.resource.auth0_action.send_invite).toEqual(action);
      expect(unbound.resource.auth0_trigger_action?.send_invite).toBeUndefined();
      expect(unbound.output.action_id).toBeDefined();
    });

    it("then removes the Action and its output; the binding's block stays, so terraform refuses a one-step removal", () => {
      const removed = withState("removed");
      expect(removed.resource.auth0_action).toBeUndefined();
      expect(removed.resource.auth0_trigger_action.send_invite).toEqual({
        ...LEFT_OUT_BLOCK,
        trigger: "post-user-registration",
        action_id: 'left out: invite.state is "removed"',
      });
      expect(removed.output.action_id).toBeUndefined();
      expect(removed.resource.auth0_email_template.reset_email).toBeDefined();
    });
  });

  it("runs on post-user-registration v2 with node22 and is deployed", () => {
    expect(action.supported_triggers).toEqual({ id: "post-user-registration", version: "v2" });
    expect(action.runtime).toBe("node22");
    expect(action.deploy).toBe(true);
    expect(action.name).toBe("send-invite");
  });

  it("declares no npm dependencies, so any a tenant's copy still has are removed", () => {
    expect(action.dependencies).toBeUndefined();
  });

  it("embeds the code escaped for Terraform, which reads it back verbatim", () => {
    expect(action.code).not.toMatch(/(?<![$])\$\{/);
    expect(action.code).not.toMatch(/(?<![%])%\{/);
    expect(unescapeTerraformTemplate(action.code)).toBe(code);
  });

  it("wires its secrets from the tenant, the application and the connection, write-only", () => {
    expect(action.secrets).toBeUndefined();
    expect(action.secrets_wo).toEqual([
      { name: "CLIENT_ID", value: "${auth0_client.app.client_id}" },
      { name: "CONNECTION_NAME", value: "${auth0_connection.database.name}" },
      { name: "DOMAIN", value: "example-dev.eu.auth0.com" },
      { name: "SKIP_EMAIL_DOMAINS", value: "test.example.com" },
    ]);
  });

  it("re-sends the secrets whenever their values change (version = hash of the values)", () => {
    expect(action.secrets_wo_version).toMatch(/^\$\{parseint\(substr\(sha256\(jsonencode\(/);
    expect(action.secrets_wo_version).toContain("auth0_client.app.client_id");
  });

  it("with a customDomain, requests the invitation there and names it in the provider block", () => {
    const custom = synth(props({ customDomain: "login.example.com" }));
    const secrets = custom.resource.auth0_action.send_invite.secrets_wo;
    expect(secrets).toContainEqual({ name: "DOMAIN", value: "login.example.com" });
    expect(custom.provider.auth0).toEqual([
      { domain: "example-dev.eu.auth0.com", custom_domain_header: "login.example.com" },
    ]);
    expect(json.provider.auth0).toEqual([{ domain: "example-dev.eu.auth0.com" }]);
  });

  it("leaves out SKIP_EMAIL_DOMAINS when no domain is skipped", () => {
    const none = synth(props({ invite: { ...environmentFile.invite, skipEmailDomains: [] } }));
    const names = none.resource.auth0_action.send_invite.secrets_wo.map((s: Json) => s.name);
    expect(names).toEqual(["CLIENT_ID", "CONNECTION_NAME", "DOMAIN"]);
  });

  it("is bound 1:1 to the trigger, after the templates, page text and connection binding", () => {
    expect(resources.auth0_trigger_actions).toBeUndefined();
    const binding = resources.auth0_trigger_action.send_invite;
    expect(binding.trigger).toBe("post-user-registration");
    expect(binding.action_id).toBe("${auth0_action.send_invite.id}");
    expect(binding.depends_on.sort()).toEqual([
      "auth0_connection_client.app_database",
      "auth0_email_template.reset_email",
      "auth0_email_template.verify_email",
      "auth0_email_template.welcome_email",
      "auth0_prompt_custom_text.reset_password_en",
    ]);
  });

  it("is bound only after the login gate, so no invitee can use the admin's password", () => {
    expect(gated.resource.auth0_trigger_action.send_invite.depends_on).toContain(
      "auth0_trigger_action.login_gate",
    );
  });
});

describe("the login gate", () => {
  const gate = gated.resource.auth0_action.login_gate;

  describe("is on by default", () => {
    it("for a connection the stack creates: every invitee is gated, no cutoff", () => {
      const action = created.resource.auth0_action.login_gate;
      expect(action.secrets_wo.map((s: Json) => s.name)).toEqual([
        "CONNECTION_NAME",
        "SKIP_EMAIL_DOMAINS",
      ]);
      expect(created.resource.auth0_trigger_action.login_gate).toBeDefined();
    });

    it("for an adopted connection once invitedSince says from when", () => {
      expect(gated.resource.auth0_trigger_action.login_gate).toBeDefined();
      expect(gate.secrets_wo).toContainEqual({ name: "INVITED_SINCE", value: invitedSince });
    });
  });

  describe("for an adopted connection without invitedSince", () => {
    const recorded = synth(props({ loginGate: undefined }));

    it("is on, its cutoff the moment terraform first applies it: timestamp() kept by ignore_changes", () => {
      expect(recorded.resource.terraform_data.login_gate_cutoff).toEqual({
        input: "${timestamp()}",
        lifecycle: { ignore_changes: ["input"] },
      });
      expect(recorded.resource.auth0_action.login_gate.secrets_wo).toContainEqual({
        name: "INVITED_SINCE",
        value: "${terraform_data.login_gate_cutoff.output}",
      });
      expect(recorded.resource.auth0_trigger_action.login_gate).toBeDefined();
    });

    it("shows the recorded cutoff in the outputs", () => {
      expect(recorded.output.login_gate_invited_since.value).toBe(
        "${terraform_data.login_gate_cutoff.output}",
      );
    });
  });

  it("records nothing when the file states invitedSince, or for a connection the stack creates", () => {
    for (const stack of [gated, created]) {
      expect(stack.resource.terraform_data).toBeUndefined();
      expect(stack.output.login_gate_invited_since).toBeUndefined();
    }
  });

  it("is not deployed while its state is removed", () => {
    expect(resources.auth0_action.login_gate).toBeUndefined();
    expect(resources.auth0_trigger_action.login_gate).toMatchObject(LEFT_OUT_BLOCK);
    expect(json.output.login_gate_action_id).toBeUndefined();
    expect(resources.terraform_data).toBeUndefined();
  });

  it("runs on post-login v3 with node22, deployed, with no npm dependencies", () => {
    expect(gate.supported_triggers).toEqual({ id: "post-login", version: "v3" });
    expect(gate.runtime).toBe("node22");
    expect(gate.deploy).toBe(true);
    expect(gate.name).toBe("invite-login-gate");
    expect(gate.dependencies).toBeUndefined();
    expect(unescapeTerraformTemplate(gate.code)).toBe(gateCode);
  });

  it("reads the connection and the invitation's skipped domains, write-only", () => {
    expect(gate.secrets).toBeUndefined();
    expect(gate.secrets_wo).toEqual([
      { name: "CONNECTION_NAME", value: "${auth0_connection.database.name}" },
      { name: "INVITED_SINCE", value: invitedSince },
      { name: "SKIP_EMAIL_DOMAINS", value: "test.example.com" },
    ]);
  });

  it("reads the environment's languages, the default first, when they are not the default English", () => {
    const multilingual = synth(
      props({ loginGate: { invitedSince }, languages: ["de", "en"], tenantLocales: ["de", "en"] }),
    );
    expect(multilingual.resource.auth0_action.login_gate.secrets_wo).toContainEqual({
      name: "LANGUAGES",
      value: "de,en",
    });
    expect(gate.secrets_wo.map((s: Json) => s.name)).not.toContain("LANGUAGES");
  });

  it("is bound 1:1 to post-login, leaving the flow's other Actions alone", () => {
    expect(gated.resource.auth0_trigger_actions).toBeUndefined();
    const binding = gated.resource.auth0_trigger_action.login_gate;
    expect(binding.trigger).toBe("post-login");
    expect(binding.action_id).toBe("${auth0_action.login_gate.id}");
    expect(gated.output.login_gate_action_id.value).toBe("${auth0_action.login_gate.id}");
  });

  describe("removal, in two applies", () => {
    const withState = (state: "unbound" | "removed") =>
      synth(props({ loginGate: { invitedSince, state } }));

    it("first unbinds: the Action stays, the trigger binding goes", () => {
      const unbound = withState("unbound");
      expect(unbound.resource.auth0_action.login_gate).toEqual(gate);
      expect(unbound.resource.auth0_trigger_action.login_gate).toBeUndefined();
      expect(unbound.resource.auth0_trigger_action.send_invite.depends_on).not.toContain(
        "auth0_trigger_action.login_gate",
      );
    });

    it("then removes the Action and its output, the invite Action staying", () => {
      const removed = withState("removed");
      expect(removed.resource.auth0_action.login_gate).toBeUndefined();
      expect(removed.resource.auth0_trigger_action.login_gate).toEqual({
        ...LEFT_OUT_BLOCK,
        trigger: "post-login",
        action_id: 'left out: loginGate.state is "removed"',
      });
      expect(removed.output.login_gate_action_id).toBeUndefined();
      expect(removed.resource.auth0_trigger_action.send_invite).toBeDefined();
    });
  });
});

describe("an Action in a flow fails at synth time when", () => {
  const flowAction = (overrides: Partial<FlowActionProps>) => () =>
    new FlowAction(new TerraformStack(testingApp(), "t"), "a", {
      contract: { ...LOGIN_GATE, terraformName: "a" },
      name: "a",
      code: gateCode,
      secrets: { CONNECTION_NAME: "Invitees" },
      bound: true,
      ...overrides,
    });

  it("a secret the code requires is missing or blank", () => {
    expect(flowAction({ secrets: {} })).toThrow(
      "FlowAction a: secret CONNECTION_NAME is required by the code and must not be empty",
    );
    expect(flowAction({ secrets: { CONNECTION_NAME: " " } })).toThrow(
      "secret CONNECTION_NAME is required",
    );
  });

  it("a secret the code does not read is given", () => {
    expect(flowAction({ secrets: { CONNECTION_NAME: "Invitees", DOMAIN: "x" } })).toThrow(
      "FlowAction a: the code does not read a secret named DOMAIN",
    );
  });

  it("the code is over Auth0's 100 kB limit", () => {
    expect(flowAction({ code: `// ${"x".repeat(100 * 1024)}` })).toThrow(
      "Auth0 runs Actions of at most 102400",
    );
  });
});

describe("the hosted reset page text", () => {
  it("is written for reset-password in the configured language, Auth0 variables kept literal", () => {
    const text = resources.auth0_prompt_custom_text.reset_password_en;
    expect(text.prompt).toBe("reset-password");
    expect(text.language).toBe("en");
    expect(JSON.parse(unescapeTerraformTemplate(text.body))).toEqual({
      "reset-password": { title: "Set ${clientName}" },
    });
  });

  it("is left alone when not configured", () => {
    expect(
      synth(props({ resetPage: undefined })).resource.auth0_prompt_custom_text,
    ).toBeUndefined();
  });

  describe("in an environment of several languages", () => {
    const multilingual = synth(
      props({
        languages: ["de", "en", "fr"],
        tenantLocales: ["de", "en", "fr-FR", "fr-CA", "ja"],
      }),
    );
    const texts = multilingual.resource.auth0_prompt_custom_text;

    it("is written for every enabled locale of the environment's languages, each at an address naming its locale", () => {
      expect(Object.keys(texts).sort()).toEqual([
        "reset_password_de",
        "reset_password_en",
        "reset_password_fr_CA",
        "reset_password_fr_FR",
      ]);
      expect(
        Object.fromEntries(Object.entries(texts).map(([id, t]) => [id, (t as Json).language])),
      ).toMatchObject({ reset_password_fr_CA: "fr-CA", reset_password_fr_FR: "fr-FR" });
    });

    it("gives each locale the text of its language", () => {
      const title = (id: string) =>
        JSON.parse(unescapeTerraformTemplate(texts[id].body))["reset-password"].title;
      expect(title("reset_password_de")).toBe("Festlegen: ${clientName}");
      expect(title("reset_password_fr_CA")).toBe("Définir : ${clientName}");
      expect(title("reset_password_fr_FR")).toBe("Définir : ${clientName}");
    });

    it("is written before the invite Action is bound", () => {
      expect(multilingual.resource.auth0_trigger_action.send_invite.depends_on).toEqual(
        expect.arrayContaining(Object.keys(texts).map((id) => `auth0_prompt_custom_text.${id}`)),
      );
    });
  });

  it("refuses to synthesize without the text of a language it needs", () => {
    expect(() =>
      synth(
        props(
          { languages: ["en", "es"], tenantLocales: ["en", "es"] },
          { resetPageScreens: { en: assets.resetPageScreens?.en ?? {} } },
        ),
      ),
    ).toThrow("resetPage.manageText is set but no reset page texts in es were given");
  });
});

describe("text from the environment files", () => {
  // Terraform would evaluate ${...} and %{...} in any string; configuration is data, not code.
  const nasty = (s: string) => `${s} \${local.x} %{ if true }y%{ endif }`;
  // URLs take no spaces: the same sequences, packed into a query.
  const nastyUrl = (s: string) => `${s}\${local.x}%{if}y%{endif}`;
  const json = synth(
    props({
      connection: {
        id: "con_EXAMPLE000000000",
        passwordPolicy: { model: "legacy" },
        extraOptions: { custom_scripts: { login: "function (e, p, cb) { cb(`${e}`); }" } },
      },
      application: {
        name: nasty("Portal"),
        type: "regular_web",
        callbacks: [nastyUrl("https://portal.example.com/cb?x=")],
        logoutUrls: [nastyUrl("https://portal.example.com/?x=")],
        loginUrl: nastyUrl("https://portal.example.com/login?x="),
      },
      emailProvider: {
        name: "smtp",
        defaultFromAddress: "a@example.com",
        smtpHost: "smtp.example.com",
        smtpPort: 587,
        smtpUser: nasty("user"),
      },
      email: { ...environmentFile.email, from: `${nasty("Portal")} <a@example.com>` },
      invite: { ...environmentFile.invite, actionName: nasty("send-invite") },
    }),
  );

  it("reaches Auth0 verbatim: every ${ and %{ is escaped for Terraform", () => {
    const text = JSON.stringify(json.resource);
    expect(text).not.toMatch(/(?<!\$)(?:\$\$)*\$\{local\.x\}/);
    expect(text).not.toMatch(/(?<!%)(?:%%)*%\{ if true \}/);
    const r = json.resource;
    expect(unescapeTerraformTemplate(r.auth0_client.app.name)).toBe(nasty("Portal"));
    expect(unescapeTerraformTemplate(r.auth0_client.app.callbacks[0])).toBe(
      nastyUrl("https://portal.example.com/cb?x="),
    );
    expect(unescapeTerraformTemplate(r.auth0_action.send_invite.name)).toBe(nasty("send-invite"));
    expect(unescapeTerraformTemplate(r.auth0_email_template.reset_email.from)).toBe(
      `${nasty("Portal")} <a@example.com>`,
    );
    expect(unescapeTerraformTemplate(r.auth0_email_provider.email.credentials.smtp_user)).toBe(
      nasty("user"),
    );
    expect(
      unescapeTerraformTemplate(r.auth0_connection.database.options.custom_scripts.login),
    ).toBe("function (e, p, cb) { cb(`${e}`); }");
  });

  it("leaves references to other resources as references", () => {
    expect(json.resource.auth0_connection_client.app_database.client_id).toBe(
      "${auth0_client.app.client_id}",
    );
  });
});

describe("the outputs", () => {
  it("give an operator the client id, connection id and Action id", () => {
    expect(json.output).toEqual({
      action_id: { description: expect.any(String), value: "${auth0_action.send_invite.id}" },
      client_id: { description: expect.any(String), value: "${auth0_client.app.client_id}" },
      connection_id: { description: expect.any(String), value: "${auth0_connection.database.id}" },
    });
  });
});
