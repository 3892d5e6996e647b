// `npm run plan` / `npm run apply` on real terraform, through the stand-in provider: one tenant
// through the changes its operators make, with the summary and the destroy guard reading the
// plans terraform wrote. The steps run in order on one tenant, as they would in its life.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { LoadedEnvironment } from "../../lib/environment";
import { simulatedTenantFor } from "../../lib/operate/rehearsal";
import { type StandInProvider, startStandInProvider } from "../../lib/provider/stand-in/launch";
import { OTHER_BINDING_ID, OTHER_LOGIN_BINDING_ID } from "../../lib/provider/stand-in/seed";
import { readTenant, writeTenant } from "../../lib/provider/stand-in/tenant";
import {
  devEnvironmentFile,
  planApply,
  ROOT,
  standInEnv,
  synthesizeAll,
  type TerraformJson,
  withoutConnection,
} from "../support/scenarios";
import { describeWithTerraform } from "../support/terraform";

describeWithTerraform("plan and apply of one tenant, on terraform", () => {
  const dev = devEnvironmentFile();
  const { emailProvider: _gone, ...withoutProvider } = dev;
  const variants = {
    dev,
    renamed: { ...dev, connection: { ...dev.connection, name: "Invited-Users" } },
    // Both Actions at once: each has its own setting, and the guard must know both.
    unbound: {
      ...dev,
      invite: { ...dev.invite, state: "unbound" },
      loginGate: { ...dev.loginGate, state: "unbound" },
    },
    removed: {
      ...dev,
      invite: { ...dev.invite, state: "removed" },
      loginGate: { ...dev.loginGate, state: "removed" },
    },
    // Without the email provider, the application it made and both Actions (the test also
    // takes the connection out).
    "all-removed": {
      ...withoutProvider,
      application: { clientId: "abcdefghijklmnopqrstuvwxyzABCDEF" },
      invite: { ...dev.invite, state: "removed" },
      loginGate: { ...dev.loginGate, state: "removed" },
    },
  };
  const stacks = synthesizeAll(variants);
  const stackOf = (name: keyof typeof variants) =>
    (stacks.get(name) as { stack: TerraformJson }).stack;
  const shipped = stacks.get("dev") as { stack: TerraformJson; environment: LoadedEnvironment };
  let work: string;
  let provider: StandInProvider;
  let tenantFile: string;

  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), "plan-apply-"));
    mkdirSync(path.join(work, "environments"));
    mkdirSync(path.join(work, "cdktf.out", "stacks", "dev"), { recursive: true });
    writeFileSync(path.join(work, "terraform.rc"), "disable_checkpoint = true\n");
    tenantFile = path.join(work, "tenant.json");
    writeTenant(tenantFile, simulatedTenantFor(shipped.environment.config));
    provider = await startStandInProvider(ROOT, tenantFile);
  });
  afterAll(async () => {
    await provider?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  /** What `npm run synth` would have left for this environment file and stack. */
  function configure(environment: TerraformJson, stack: TerraformJson) {
    writeFileSync(path.join(work, "environments", "dev.json"), JSON.stringify(environment));
    // The stack's own local backend: terraform.dev.tfstate at the (test's) repository root.
    const json = {
      ...stack,
      terraform: { ...stack.terraform, backend: shipped.stack.terraform.backend },
    };
    writeFileSync(
      path.join(work, "cdktf.out", "stacks", "dev", "cdk.tf.json"),
      JSON.stringify(json),
    );
  }

  const runner = (...argv: string[]) =>
    planApply(argv, { cwd: work, env: standInEnv(work, provider) });

  const tenant = () => readTenant(tenantFile);
  const actionsNamed = (name: string) =>
    Object.values(tenant().resources.auth0_action ?? {}).filter((a) => a.name === name);
  const inviteActions = () => actionsNamed("send-invite");
  const gateActions = () => actionsNamed("invite-login-gate");

  /**
   * The stack as the release before the login gate shipped it: no gate, and an invite Action
   * that declared the SDK and its dependencies for Auth0 to install.
   */
  function previousRelease(): TerraformJson {
    const stack = structuredClone(shipped.stack);
    delete stack.resource.auth0_action.login_gate;
    delete stack.resource.auth0_trigger_action.login_gate;
    delete stack.output.login_gate_action_id;
    const binding = stack.resource.auth0_trigger_action.send_invite;
    binding.depends_on = binding.depends_on.filter((d: string) => !d.includes("login_gate"));
    const action = stack.resource.auth0_action.send_invite;
    action.code = `${action.code}\n// the release with the SDK`;
    action.dependencies = [
      { name: "@auth0/auth0-auth-js", version: "1.16.1" },
      { name: "jose", version: "6.1.3" },
      { name: "oauth4webapi", version: "3.8.3" },
      { name: "openid-client", version: "6.8.1" },
    ];
    return stack;
  }

  it("applies the previous release to a fresh tenant: the connection is imported, the rest created", async () => {
    const { loginGate: _none, ...withoutGate } = dev;
    configure(withoutGate, previousRelease());
    const r = await runner("apply", "dev", "--yes");
    expect(r.err).not.toContain("Error");
    expect(r.code).toBe(0);
    expect(r.out).toContain(
      "Plan: 1 to import, 9 to add, 1 to change, 0 to replace, 0 to destroy.",
    );
    expect(inviteActions()).toHaveLength(1);
    expect(inviteActions()[0].dependencies).toHaveLength(4);
  });

  it("upgrades it in place: the Action loses its dependencies, the gate is added, nothing replaced", async () => {
    configure(dev, shipped.stack);
    const r = await runner("apply", "dev", "--yes");
    expect(r.code).toBe(0);
    // Only the code and the dependencies: the secrets are not re-sent, nothing is replaced.
    expect(r.out).toMatch(/update\s+auth0_action\.send_invite\n\s+code, dependencies\n/);
    expect(r.out).toContain("Plan: 2 to add, 1 to change, 0 to replace, 0 to destroy.");
    expect(r.out).toContain("Apply complete! Resources: 2 added, 1 changed, 0 destroyed.");
    const [invite] = inviteActions();
    expect(invite.dependencies ?? []).toEqual([]);
    expect(gateActions()).toHaveLength(1);
  });

  it("then plans no changes", async () => {
    const r = await runner("plan", "dev");
    expect(r.code).toBe(0);
    expect(r.out).toContain("No changes.");
  });

  it("applies a template edit as an update in place, nothing destroyed", async () => {
    const edited = structuredClone(shipped.stack);
    edited.resource.auth0_email_template.reset_email.body += "\n<!-- reworded -->";
    configure(dev, edited);
    const r = await runner("apply", "dev", "--yes");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /update\s+auth0_email_template\.reset_email\n\s+the email in en\n\s+body\n/,
    );
    expect(r.out).toContain("Plan: 0 to add, 1 to change, 0 to replace, 0 to destroy.");
    expect(String(tenant().resources.auth0_email_template.reset_email.body)).toContain(
      "<!-- reworded -->",
    );
  });

  describe("refuses, applying nothing, when", () => {
    let before: string;
    beforeEach(() => {
      before = readFileSync(tenantFile, "utf8");
    });
    afterEach(() => {
      expect(readFileSync(tenantFile, "utf8")).toBe(before);
    });

    it("the connection is renamed: terraform stops on prevent_destroy, and the runner says what to do", async () => {
      configure(variants.renamed, stackOf("renamed"));
      const r = await runner("apply", "dev", "--yes");
      expect(r.code).toBe(1);
      expect(r.err).toContain(
        "terraform stopped the plan for dev: it would destroy auth0_connection.database, which the stack protects with prevent_destroy; nothing was applied.",
      );
      expect(r.err).toContain("Revert connection.name in the environment file");
      // The summary still shows what terraform planned, guard verdict first.
      expect(r.out).toMatch(/REPLACE\s+auth0_connection\.database/);
    });

    // Five removals made at once, in one plan through the runner. Four come from the
    // environment file, whose settings keep the resources' blocks (count 0, prevent_destroy):
    // terraform itself stops on them, under any client. The connection's block is taken out
    // of the stack as a code change would: only the guard sees that one.
    describe("terraform and the destroy guard stop the plan", () => {
      let r: Awaited<ReturnType<typeof runner>>;
      let report: string;
      beforeAll(async () => {
        const before = readFileSync(tenantFile, "utf8");
        configure(variants["all-removed"], withoutConnection(stackOf("all-removed")));
        r = await runner("apply", "dev", "--yes");
        // The report is wrapped to the terminal's width.
        report = (r.out + r.err).replace(/\s+/g, " ");
        expect(readFileSync(tenantFile, "utf8")).toBe(before);
      });

      it("applying nothing: terraform refuses what the environment file removed, and the runner says what to do", () => {
        expect(r.code).toBe(1);
        expect(r.err).toContain("terraform stopped the plan for dev: it would destroy auth0_");
        expect(r.err).toContain("nothing was applied");
        expect(report).toContain(
          "auth0_email_provider.email[0]: the change would delete the tenant's email provider",
        );
        expect(report).toContain(
          "auth0_client.app[0]: the change would replace or delete the application users sign in to",
        );
        expect(report).toContain(
          'auth0_trigger_action.send_invite[0]: the Action would be deleted while still bound, which Auth0 refuses. Set `invite.state` to "unbound"',
        );
        expect(report).toContain(
          'auth0_trigger_action.login_gate[0]: the Action would be deleted while still bound, which Auth0 refuses. Set `loginGate.state` to "unbound"',
        );
      });

      it("the guard names the connection leaving the configuration, which terraform cannot see", () => {
        expect(r.err).not.toContain("auth0_connection.database: ");
        expect(r.out).toMatch(/DESTROY\s+auth0_connection\.database/);
        expect(report).toContain(
          "`auth0_connection.database` would be destroyed: it is no longer in the configuration",
        );
      });

      it("the guard names the email provider's removal", () => {
        expect(r.out).toMatch(/DESTROY\s+auth0_email_provider\.email\[0\]/);
        expect(report).toContain("Destroying it deletes the tenant's email provider");
      });

      it("the guard names both Actions removed in one apply, each with its setting", () => {
        expect(r.out).toMatch(/DESTROY\s+auth0_action\.send_invite/);
        expect(r.out).toMatch(/DESTROY\s+auth0_action\.login_gate/);
        expect(report).toContain('set `invite.state` to "unbound"');
        expect(report).toContain('set `loginGate.state` to "unbound"');
      });
    });
  });

  it("removes both Actions in two applies: unbound, then removed", async () => {
    configure(variants.unbound, stackOf("unbound"));
    expect((await runner("apply", "dev", "--yes")).code).toBe(0);
    expect(inviteActions()).toHaveLength(1);
    expect(gateActions()).toHaveLength(1);
    configure(variants.removed, stackOf("removed"));
    const r = await runner("apply", "dev", "--yes");
    expect(r.code).toBe(0);
    expect(r.out).toContain("Apply complete! Resources: 0 added, 0 changed, 2 destroyed.");
    expect(inviteActions()).toHaveLength(0);
    expect(gateActions()).toHaveLength(0);
    // The Actions someone else bound to the same triggers are still there.
    expect(tenant().resources.auth0_trigger_action[OTHER_BINDING_ID]).toBeDefined();
    expect(tenant().resources.auth0_trigger_action[OTHER_LOGIN_BINDING_ID]).toBeDefined();
  });
});
