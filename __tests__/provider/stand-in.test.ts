// The stand-in auth0 provider behaves like the real one where the stack depends on it: terraform
// itself plans and applies through it, against a simulated tenant in a JSON file.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { LoadedEnvironment } from "../../lib/environment";
import { Rehearsal, simulatedTenantFor } from "../../lib/operate/rehearsal";
import { startStandInProvider } from "../../lib/provider/stand-in/launch";
import { OTHER_BINDING_ID, OTHER_LOGIN_BINDING_ID } from "../../lib/provider/stand-in/seed";
import {
  appliedRehearsal,
  devEnvironmentFile,
  expectOk,
  initializedRehearsal,
  planJson,
  ROOT,
  synthesizeAll,
  type TerraformJson,
} from "../support/scenarios";
import { describeWithTerraform } from "../support/terraform";

const changeOf = (plan: TerraformJson, address: string) =>
  plan.resource_changes.find((c: TerraformJson) => c.address === address)?.change;

describeWithTerraform("the stand-in provider, under terraform", () => {
  const stacks = synthesizeAll({
    dev: devEnvironmentFile(),
    creating: { ...devEnvironmentFile(), connection: { name: "Invited-Users" } },
  });
  const { stack, environment } = stacks.get("dev") as {
    stack: TerraformJson;
    environment: LoadedEnvironment;
  };
  let applied: Rehearsal;
  // A workspace nothing was applied in; the stand-in reads the tenant file on every call, so
  // the tests below give it the tenant each needs.
  let fresh: Rehearsal;
  beforeAll(async () => {
    [applied, fresh] = await Promise.all([
      appliedRehearsal(stack, environment),
      initializedRehearsal(stack, environment),
    ]);
  });
  afterAll(async () => {
    await Promise.all([applied?.close(), fresh?.close()]);
  });

  describe("plans an adopted connection as the real provider would", () => {
    let plan: TerraformJson;
    beforeAll(async () => {
      plan = (await planJson(fresh)).plan;
    });

    it("imports it and changes only options the stack states differently", () => {
      const change = changeOf(plan, "auth0_connection.database");
      expect(change.actions).toEqual(["update"]);
      expect(change.importing).toEqual({ id: environment.config.connection.id });
      const before = change.before;
      const after = change.after;
      // Optional+computed top-level attributes the stack leaves out keep the tenant's values.
      for (const kept of ["realms", "is_domain_connection", "display_name", "name", "strategy"]) {
        expect(after[kept]).toEqual(before[kept]);
      }
      const changedOptions = Object.keys(after.options[0])
        .filter((k) => JSON.stringify(after.options[0][k]) !== JSON.stringify(before.options[0][k]))
        .sort();
      // The environment states the tenant's (flexible) password model: its settings change,
      // and no legacy field appears.
      expect(changedOptions).toEqual(["disable_signup", "password_options"]);
      // Optional+computed blocks the stack does not state stay as the tenant has them.
      expect(after.options[0].authentication_methods).toEqual(
        before.options[0].authentication_methods,
      );
      expect(after.options[0].passkey_options).toEqual(before.options[0].passkey_options);
    });

    it("leaves computed values unknown on create", () => {
      expect(changeOf(plan, "auth0_client.app").after_unknown).toMatchObject({
        client_id: true,
        id: true,
      });
      expect(changeOf(plan, "auth0_action.send_invite").after_unknown).toMatchObject({ id: true });
    });
  });

  it("answers for Terraform's and OpenTofu's address of auth0/auth0 on one socket, and terraform attaches with both named", () => {
    const attach = JSON.parse(applied.env.TF_REATTACH_PROVIDERS) as TerraformJson;
    expect(Object.keys(attach).sort()).toEqual([
      "registry.opentofu.org/auth0/auth0",
      "registry.terraform.io/auth0/auth0",
    ]);
    const sockets = Object.values(attach).map((a: TerraformJson) => a.Addr.String);
    expect(new Set(sockets).size).toBe(1);
    // This workspace was initialized and applied with exactly that reattach value.
    const state = JSON.parse(readFileSync(path.join(applied.dir, "terraform.tfstate"), "utf8"));
    expect(state.resources.length).toBeGreaterThan(0);
    for (const resource of state.resources) {
      expect(resource.provider).toBe('provider["registry.terraform.io/auth0/auth0"]');
    }
  });

  describe("after an apply", () => {
    it("keeps computed values: a second plan has no changes", async () => {
      const again = await applied.terraform(
        ["plan", "-input=false", "-no-color", "-detailed-exitcode"],
        {
          TF_VAR_email_provider_api_key: "SG.fake-secret-do-not-print",
        },
      );
      expect(again.code).toBe(0);
      expect(again.stdout).toContain("No changes.");
    });

    it("never stores a write-only value, in the state or the tenant", () => {
      const state = readFileSync(path.join(applied.dir, "terraform.tfstate"), "utf8");
      const tenant = readFileSync(applied.tenantFile, "utf8");
      const skipped = environment.config.invite.skipEmailDomains[0];
      expect(skipped).toBeTruthy();
      expect(state).not.toContain(skipped);
      expect(tenant).not.toContain(skipped);
      const actions = JSON.parse(state).resources.filter(
        (r: TerraformJson) => r.type === "auth0_action",
      );
      expect(actions.map((a: TerraformJson) => a.name).sort()).toEqual([
        "login_gate",
        "send_invite",
      ]);
      for (const action of actions) {
        const values = action.instances[0].attributes.secrets_wo.map((s: TerraformJson) => s.value);
        expect(values.length).toBeGreaterThan(0);
        expect(values.every((value: unknown) => value === null)).toBe(true);
      }
    });

    it("leaves the Actions bound in the dashboard bound, on both triggers", () => {
      expect(applied.tenant().resources.auth0_trigger_action[OTHER_BINDING_ID]).toBeDefined();
      expect(applied.tenant().resources.auth0_trigger_action[OTHER_LOGIN_BINDING_ID]).toBeDefined();
    });

    it("records the schema versions of the real provider (auth0_connection is version 3)", () => {
      const state = JSON.parse(readFileSync(path.join(applied.dir, "terraform.tfstate"), "utf8"));
      const versions = Object.fromEntries(
        state.resources.map((r: TerraformJson) => [r.type, r.instances[0].schema_version]),
      );
      expect(versions).toMatchObject({ auth0_connection: 3, auth0_client: 0, auth0_action: 0 });
    });
  });

  describe("shows what changed in the tenant", () => {
    // Edits made in the dashboard, read by one plan: an option changed by hand, the
    // application's binding to the connection removed, and the reset page's text deleted.
    let plan: TerraformJson;
    beforeAll(async () => {
      const tenant = applied.tenant();
      const connection =
        tenant.resources.auth0_connection[environment.config.connection.id as string];
      const options = (connection.options as TerraformJson[])[0];
      options.disable_signup = false;
      const bindings = tenant.resources.auth0_connection_client;
      const texts = tenant.resources.auth0_prompt_custom_text;
      tenant.resources.auth0_connection_client = {};
      tenant.resources.auth0_prompt_custom_text = {};
      applied.setTenant(tenant);
      plan = (await planJson(applied)).plan;
      options.disable_signup = true;
      tenant.resources.auth0_connection_client = bindings;
      tenant.resources.auth0_prompt_custom_text = texts;
      applied.setTenant(tenant);
    });

    it("reports a hand edit in the tenant as drift and plans it back", () => {
      const drift = plan.resource_drift.map((d: TerraformJson) => [d.address, d.change.actions]);
      expect(drift).toEqual([
        ["auth0_connection.database", ["update"]],
        ["auth0_connection_client.app_database", ["delete"]],
        ["auth0_prompt_custom_text.reset_password_en", ["update"]],
      ]);
      expect(changeOf(plan, "auth0_connection.database").actions).toEqual(["update"]);
    });

    it("plans a create again for an object deleted in the dashboard", () => {
      expect(changeOf(plan, "auth0_connection_client.app_database").actions).toEqual(["create"]);
    });

    // Auth0 answers {} for a prompt and language without text, and the provider keeps the
    // resource (recorded): text deleted in the dashboard is written back in place.
    it("reads reset-page text deleted in the dashboard as {} and plans an update in place", () => {
      const change = changeOf(plan, "auth0_prompt_custom_text.reset_password_en");
      expect(change.actions).toEqual(["update"]);
      expect(change.before.body).toBe("{}");
    });
  });

  describe("forces a replacement where the real provider does", () => {
    const replaced = [
      ["auth0_trigger_action.send_invite", "trigger", "post-login"],
      ["auth0_connection_client.app_database", "connection_id", "con_OTHER000000000"],
    ];
    // Both changes in one plan: each is planned on its own resource.
    let plan: TerraformJson;
    beforeAll(async () => {
      const changed = structuredClone(stack);
      for (const [address, attribute, value] of replaced) {
        const [type, name] = address.split(".");
        changed.resource[type][name][attribute] = value;
      }
      const tenant = applied.tenant();
      tenant.resources.auth0_connection.con_OTHER000000000 = {
        id: "con_OTHER000000000",
        name: "Other",
        strategy: "auth0",
      };
      applied.setTenant(tenant);
      applied.writeStack(changed);
      try {
        plan = (await planJson(applied)).plan;
      } finally {
        applied.writeStack(stack);
      }
    });

    it.each(replaced)("%s: a new %s", (address, attribute) => {
      const change = changeOf(plan, address);
      expect(change.actions).toEqual(["delete", "create"]);
      expect(change.replace_paths).toEqual([[attribute]]);
    });

    it("connection name: terraform stops on prevent_destroy", async () => {
      const changed = structuredClone(stack);
      changed.resource.auth0_connection.database.name = "Invited-Users";
      applied.writeStack(changed);
      try {
        const { code, stdout, stderr } = await applied.terraform([
          "plan",
          "-input=false",
          "-no-color",
        ]);
        expect(code).toBe(1);
        expect(`${stdout}\n${stderr}`).toContain(
          "Resource auth0_connection.database has lifecycle.prevent_destroy set",
        );
      } finally {
        applied.writeStack(stack);
      }
    });
  });

  describe("refuses as Auth0 does", () => {
    afterAll(() => fresh.writeStack(stack));

    it("fails to import an id the tenant does not have", async () => {
      fresh.setTenant({ domain: environment.config.domain, resources: {} });
      const { code, stderr } = await fresh.terraform(["plan", "-input=false", "-no-color"]);
      expect(code).toBe(1);
      expect(stderr).toContain("Cannot import non-existent remote object");
    });

    it("refuses a provider block for another tenant", async () => {
      fresh.setTenant({ domain: "other.eu.auth0.com", resources: {} });
      const result = await fresh.terraform(["plan", "-input=false", "-no-color"]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(
        /the provider block names example-dev\.eu\.auth0\.com, but the\s+simulated tenant\s+is other\.eu\.auth0\.com/,
      );
    });

    it("fails to create a connection whose name the tenant already has (409)", async () => {
      const { stack: creating, environment: env } = stacks.get("creating") as {
        stack: TerraformJson;
        environment: LoadedEnvironment;
      };
      const tenant = simulatedTenantFor(env.config);
      tenant.resources.auth0_connection.con_TAKEN0000000000 = {
        id: "con_TAKEN0000000000",
        name: "Invited-Users",
        strategy: "auth0",
      };
      fresh.setTenant(tenant);
      fresh.writeStack(creating);
      const applying = await fresh.terraform([
        "apply",
        "-input=false",
        "-auto-approve",
        "-no-color",
      ]);
      expect(applying.code).toBe(1);
      expect(applying.stderr).toContain(
        "409 Conflict: A connection with the same name already exists",
      );
    });

    it("answers with the error the tenant file injects, which terraform prints", async () => {
      fresh.writeStack(stack);
      fresh.setTenant({
        ...simulatedTenantFor(environment.config),
        faults: [
          {
            operation: "apply",
            type: "auth0_client",
            effect: "error",
            message: "503 Service Unavailable",
          },
        ],
      });
      const applying = await fresh.terraform([
        "apply",
        "-input=false",
        "-auto-approve",
        "-no-color",
      ]);
      expect(applying.code).toBe(1);
      expect(applying.stderr).toContain("503 Service Unavailable");
    });
  });

  describe("fails readably, never hanging", () => {
    it("holds a call the tenant file delays, then answers it as usual", async () => {
      fresh.writeStack(stack);
      fresh.setTenant({
        ...simulatedTenantFor(environment.config),
        faults: [{ operation: "apply", type: "auth0_client", effect: "delay", ms: 500 }],
      });
      const applying = await fresh.terraform([
        "apply",
        "-input=false",
        "-auto-approve",
        "-no-color",
      ]);
      expect(applying.code).toBe(0);
      expect(fresh.providerLog()).toContain("holding apply auth0_client for 500 ms");
      expect(fresh.tenant().faults).toEqual([]);
      expect(Object.values(fresh.tenant().resources.auth0_client ?? {})).toContainEqual(
        expect.objectContaining({ name: stack.resource.auth0_client.app.name }),
      );
    });

    it("a crash of the provider process is a terraform error, and nothing is left behind", async () => {
      const tenant = simulatedTenantFor(environment.config);
      // A stand-in process of its own, so that its end can be watched.
      const tenantDir = mkdtempSync(path.join(tmpdir(), "crash-"));
      const provider = await startStandInProvider(ROOT, path.join(tenantDir, "tenant.json"), {
        dedicated: true,
      });
      const r = await Rehearsal.open({
        root: ROOT,
        stack,
        tenant: {
          ...tenant,
          faults: [{ operation: "plan", type: "auth0_action", effect: "crash" }],
        },
        provider,
      });
      const dir = r.dir;
      const attach = Object.values(JSON.parse(r.env.TF_REATTACH_PROVIDERS))[0] as TerraformJson;
      const socketDir = path.dirname(attach.Addr.String);
      await expectOk(r.terraform(["init", "-input=false", "-no-color"]));
      const result = await r.terraform(["plan", "-input=false", "-no-color"]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(
        /Plugin did not respond|connection (refused|reset)|unavailable|plugin/i,
      );
      await r.close();
      await provider.stop();
      rmSync(tenantDir, { recursive: true, force: true });
      expect(existsSync(dir)).toBe(false);
      expect(existsSync(socketDir)).toBe(false);
      expect(() => process.kill(attach.Pid, 0)).toThrow();
    });
  });
});
