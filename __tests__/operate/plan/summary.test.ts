// The plan summary, the destroy guard and their renderings over `terraform show -json <planfile>`
// output. Fixtures in fixtures/plans are recorded by scripts/record-plans.ts: terraform's own
// plans of the dev stack through the stand-in auth0 provider.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { buildEmailTemplates } from "../../../lib/email-templates";
import {
  type GuardViolation,
  guardPlan,
  PlanFormatError,
  type PlanSummary,
  renderMarkdown,
  renderText,
  summarizePlan,
} from "../../../lib/operate/plan";
import { MARKDOWN_BUDGET } from "../../../lib/operate/plan/render";
import { fixtureBranding } from "../../support/email-templates";
import { FIXTURES as FIXTURE_ROOT } from "../../support/paths";
import { shippedStack, type TerraformJson } from "../../support/shipped";

const FIXTURES = path.join(FIXTURE_ROOT, "plans");
const FIXTURE_NAMES = readdirSync(FIXTURES)
  .filter((f) => f.endsWith(".json"))
  .sort();
const FAKE_SECRET = "SG.fake-secret-do-not-print";

const loaded = new Map<string, TerraformJson>();
/** A fresh copy of a fixture, safe to modify. */
function fixture(name: string): TerraformJson {
  let plan = loaded.get(name);
  if (!plan) {
    plan = JSON.parse(readFileSync(path.join(FIXTURES, name), "utf8")) as TerraformJson;
    loaded.set(name, plan);
  }
  return structuredClone(plan);
}

/** A plan as the runner shows it: its summary, and the guard's verdict on the same plan. */
type Reviewed = PlanSummary & { violations: GuardViolation[] };

function reviewed(plan: unknown, { environment } = { environment: "dev" }): Reviewed {
  return { ...summarizePlan(plan, { environment }), violations: guardPlan(plan, environment) };
}
const asMarkdown = (s: Reviewed) => renderMarkdown(s, s.violations);
const asText = (s: Reviewed) => renderText(s, s.violations);

function summary(name: string): Reviewed {
  return reviewed(fixture(name), { environment: "dev" });
}

function change(s: PlanSummary, address: string) {
  const found = s.changes.find((c) => c.address === address);
  if (!found) throw new Error(`no change for ${address}`);
  return found;
}

function paths(s: PlanSummary, address: string): string[] {
  return change(s, address).attributes.map((a) => a.path);
}

/** A minimal valid plan around the given resource changes. */
function planWith(resourceChanges: unknown[], extra: Record<string, unknown> = {}) {
  return { format_version: "1.2", resource_changes: resourceChanges, ...extra };
}

function failure(input: unknown): PlanFormatError {
  try {
    summarizePlan(input, { environment: "dev" });
  } catch (error) {
    expect(error).toBeInstanceOf(PlanFormatError);
    return error as PlanFormatError;
  }
  throw new Error("summarizePlan accepted the input");
}

describe("passes", () => {
  it.each([
    "create.json",
    "update.json",
    "import.json",
    "unbind-action.json",
    "no-changes.json",
    "forget-connection.json",
    "rotate-email-key.json",
  ])("%s: no guard violation, and neither rendering shows a guard block", (name) => {
    const s = summary(name);
    expect(s.violations).toEqual([]);
    expect(asMarkdown(s)).not.toContain("[!CAUTION]");
    expect(asText(s)).not.toContain("DESTROY GUARD");
  });

  it("unbind-action.json: deleting only the trigger binding is the first of the two applies", () => {
    const s = summary("unbind-action.json");
    expect(s.changes.map((c) => [c.action, c.address])).toEqual([
      ["delete", "auth0_trigger_action.send_invite"],
    ]);
  });

  it("an Action deleted on its own (already unbound) passes", () => {
    const plan = fixture("remove-action-one-apply.json");
    plan.resource_changes = plan.resource_changes.filter(
      (rc: TerraformJson) => rc.type !== "auth0_trigger_action",
    );
    expect(reviewed(plan, { environment: "dev" }).violations).toEqual([]);
  });

  it("an Action deleted with the binding of another Action passes (ids differ)", () => {
    const plan = fixture("remove-action-one-apply.json");
    const binding = plan.resource_changes.find(
      (rc: TerraformJson) => rc.address === "auth0_trigger_action.send_invite",
    );
    binding.change.before.action_id = "00000000-0000-4000-8000-000000000000";
    expect(reviewed(plan, { environment: "dev" }).violations).toEqual([]);
  });

  it("forget-connection.json: forgetting is not destroying", () => {
    const s = summary("forget-connection.json");
    expect(change(s, "auth0_connection.database").action).toBe("forget");
    expect(s.counts).toMatchObject({ destroy: 0, forget: 1 });
  });
});

describe("rejects", () => {
  it("replace-connection.json: the connection would be replaced (rule: connection-destroy)", () => {
    const s = summary("replace-connection.json");
    expect(s.violations.map((v) => [v.rule, v.address])).toEqual([
      ["connection-destroy", "auth0_connection.database"],
    ]);
    const [message] = s.violations.map((v) => v.message);
    expect(message).toContain("would be replaced: `name` cannot change in place");
    expect(message).toContain("deletes every user in it, irreversibly");
    expect(message).toContain("Revert the change to `name`");
  });

  it("delete-connection.json: the connection left the configuration (rule: connection-destroy)", () => {
    const s = summary("delete-connection.json");
    expect(s.violations.map((v) => [v.rule, v.address])).toEqual([
      ["connection-destroy", "auth0_connection.database"],
    ]);
    expect(s.violations[0].message).toContain("no longer in the configuration");
    expect(s.violations[0].message).toContain(
      "`removed` block with `lifecycle { destroy = false }`",
    );
  });

  it("replace-client.json: the application would be replaced (rule: client-destroy)", () => {
    const s = summary("replace-client.json");
    expect(s.violations.map((v) => [v.rule, v.address])).toEqual([
      ["client-destroy", "auth0_client.app"],
    ]);
    expect(s.violations[0].message).toContain("new client_id");
    expect(s.violations[0].message).toContain("without `-replace=auth0_client.app`");
  });

  it("remove-action-one-apply.json: Action and binding in one apply (rule: bound-action-delete)", () => {
    const s = summary("remove-action-one-apply.json");
    expect(s.violations).toHaveLength(1);
    expect(s.violations[0]).toMatchObject({
      rule: "bound-action-delete",
      address: "auth0_action.send_invite",
      addresses: ["auth0_action.send_invite", "auth0_trigger_action.send_invite"],
    });
    expect(s.violations[0].message).toContain(
      'set `invite.state` to "unbound" in environments/dev.json and apply',
    );
    expect(s.violations[0].message).toContain('then set it to "removed" and apply');
  });

  it("an Action and binding in one apply names the setting of that Action: the login gate's, or none for another", () => {
    const renamed = (name: string) => {
      const plan = fixture("remove-action-one-apply.json");
      for (const rc of plan.resource_changes) {
        if (rc.name !== "send_invite") continue;
        rc.name = name;
        rc.address = `${rc.type}.${name}`;
      }
      return reviewed(plan, { environment: "dev" }).violations;
    };
    const [gate] = renamed("login_gate");
    expect(gate).toMatchObject({ rule: "bound-action-delete", address: "auth0_action.login_gate" });
    expect(gate.message).toContain('set `loginGate.state` to "unbound" in environments/dev.json');
    const [other] = renamed("constructor");
    expect(other.message).toContain(
      "Remove it in two applies: first the binding, then the Action.",
    );
  });

  it("delete-email-provider.json: the email provider would be deleted (rule: email-provider-destroy)", () => {
    const s = summary("delete-email-provider.json");
    expect(s.violations.map((v) => [v.rule, v.address])).toEqual([
      ["email-provider-destroy", "auth0_email_provider.email"],
    ]);
    expect(s.violations[0].message).toContain("stops sending email");
  });

  it("a create-before-destroy replacement and a deposed object are destroys too", () => {
    const plan = fixture("replace-connection.json");
    const connection = plan.resource_changes.find(
      (rc: TerraformJson) => rc.address === "auth0_connection.database",
    );
    connection.change.actions = ["create", "delete"];
    const deposed = structuredClone(connection);
    deposed.deposed = "a1b2c3d4";
    deposed.change.actions = ["delete"];
    deposed.change.after = null;
    plan.resource_changes.push(deposed);
    const s = reviewed(plan, { environment: "dev" });
    expect(s.violations.map((v) => v.rule)).toEqual(["connection-destroy", "connection-destroy"]);
    const replace = s.changes.find((c) => c.action === "replace" && c.type === "auth0_connection");
    expect(replace?.createBeforeDestroy).toBe(true);
    expect(s.violations[1].message).toContain("(deposed object a1b2c3d4)");
  });

  it("lists the violations above the change list in both renderings", () => {
    const s = summary("replace-connection.json");
    const markdown = asMarkdown(s);
    expect(markdown.indexOf("[!CAUTION]")).toBeGreaterThan(0);
    expect(markdown.indexOf("[!CAUTION]")).toBeLessThan(markdown.indexOf("Plan:"));
    expect(markdown).toContain("Do not apply this plan.");
    const text = asText(s);
    expect(text.indexOf("DESTROY GUARD: 1 problem.")).toBeLessThan(text.indexOf("Plan:"));
  });
});

describe("summarizes", () => {
  it("create.json: Terraform's counts, with the adopted connection as import + update", () => {
    const s = summary("create.json");
    expect(s.counts).toEqual({ import: 1, add: 11, change: 1, replace: 0, destroy: 0, forget: 0 });
    expect(asText(s)).toContain(
      "Plan: 1 to import, 11 to add, 1 to change, 0 to replace, 0 to destroy.",
    );
    expect(change(s, "auth0_connection.database")).toMatchObject({
      action: "import+update",
      importId: "con_EXAMPLE000000000",
    });
    expect(s.outputChanges).toEqual([
      { name: "action_id", action: "create" },
      { name: "client_id", action: "create" },
      { name: "connection_id", action: "create" },
      { name: "login_gate_action_id", action: "create" },
    ]);
  });

  it("create.json: attribute paths one level into options, unknown ones marked", () => {
    const s = summary("create.json");
    expect(paths(s, "auth0_connection.database")).toEqual([
      "options.disable_signup",
      "options.password_options",
    ]);
    const trigger = change(s, "auth0_trigger_action.send_invite").attributes;
    expect(trigger).toContainEqual({ path: "action_id", sensitive: false, unknown: true });
    expect(asText(s)).toContain("action_id (known after apply)");
  });

  it("update.json: the template body and the Action code, in place", () => {
    const s = summary("update.json");
    expect(s.changes.map((c) => [c.action, c.address])).toEqual([
      ["update", "auth0_action.send_invite"],
      ["update", "auth0_email_template.reset_email"],
    ]);
    expect(paths(s, "auth0_email_template.reset_email")).toEqual(["body"]);
    // The provider keeps version_id from the prior state in the plan (no CustomizeDiff marks it
    // unknown); Auth0 gives a new one on apply.
    expect(paths(s, "auth0_action.send_invite")).toEqual(["code"]);
    expect(s.counts).toEqual({ import: 0, add: 0, change: 2, replace: 0, destroy: 0, forget: 0 });
  });

  it("update.json: the language of the email that changes, English for an English environment", () => {
    const s = summary("update.json");
    expect(change(s, "auth0_email_template.reset_email").languages).toEqual(["en"]);
    expect(change(s, "auth0_action.send_invite").languages).toBeUndefined();
    expect(asMarkdown(s)).toContain(
      "| update | `auth0_email_template.reset_email` | the email in `en`; `body` |",
    );
    expect(asText(s)).toMatch(/reset_email\n +the email in en\n +body\n/);
  });

  describe("the languages an email change touches, in an environment of several", () => {
    const build = (languages: string[]) => {
      const reset = buildEmailTemplates({ ...fixtureBranding, languages }).find(
        (t) => t.template === "reset_email",
      );
      if (!reset) throw new Error("no reset_email");
      return { template: "reset_email", body: reset.body, subject: reset.subject, from: "a@b.c" };
    };
    const before = build(["en", "de", "fr"]);
    const emailChange = (after: Record<string, unknown>) =>
      reviewed(
        planWith([
          {
            address: "auth0_email_template.reset_email",
            mode: "managed",
            type: "auth0_email_template",
            name: "reset_email",
            change: { actions: ["update"], before, after },
          },
        ]),
        { environment: "dev" },
      ).changes[0].languages;

    it("names only the language whose text changed", () => {
      const body = before.body.replaceAll("Passwort festlegen", "Passwort w&auml;hlen");
      expect(body).not.toBe(before.body);
      expect(emailChange({ ...before, body })).toEqual(["de"]);
    });

    it("names a language added", () => {
      expect(emailChange(build(["en", "de", "fr", "es"]))).toEqual(["es"]);
    });

    it("names every language when the layout or a shared setting changes", () => {
      const body = before.body.replace("</body>", "<!-- reworded --></body>");
      expect(emailChange({ ...before, body })).toEqual(["en", "de", "fr"]);
      expect(emailChange({ ...before, from: "other@b.c" })).toEqual(["en", "de", "fr"]);
    });
  });

  it("update.json: drift is counted and named", () => {
    const s = summary("update.json");
    expect(s.drift).toEqual([{ address: "auth0_action.send_invite", action: "update" }]);
    expect(asMarkdown(s)).toContain(
      "Drift: 1 object changed outside Terraform since the last apply: `auth0_action.send_invite` (update).",
    );
  });

  it("rotate-email-key.json: a sensitive attribute is named and marked, never shown", () => {
    const s = summary("rotate-email-key.json");
    expect(change(s, "auth0_email_provider.email").attributes).toEqual([
      { path: "credentials.api_key", sensitive: true, unknown: false },
    ]);
    expect(asMarkdown(s)).toContain("`credentials.api_key` (sensitive)");
    expect(asText(s)).toContain("credentials.api_key (sensitive)");
  });

  it("replace-connection.json: what forces the replacement", () => {
    const s = summary("replace-connection.json");
    expect(change(s, "auth0_connection.database")).toMatchObject({
      action: "replace",
      replacePaths: ["name"],
      createBeforeDestroy: false,
      reason: "replace_because_cannot_update",
    });
    // Terraform stops planning at prevent_destroy: what depends on the connection's new id
    // (its client binding) is not planned at all, and the plan is marked errored.
    expect(s.errored).toBe(true);
    expect(s.changes.map((c) => c.address)).not.toContain("auth0_connection_client.app_database");
    expect(change(s, "auth0_email_template.reset_email").action).toBe("update");
    expect(s.counts).toEqual({ import: 0, add: 0, change: 1, replace: 1, destroy: 0, forget: 0 });
    expect(asMarkdown(s)).toContain("forced by `name`; old one destroyed first");
  });

  it("replace-client.json: a replacement with no replace_paths says why", () => {
    const s = summary("replace-client.json");
    expect(change(s, "auth0_client.app").replacePaths).toEqual([]);
    expect(asText(s)).toContain("requested with -replace; old one destroyed first");
  });

  it("import.json: the import id, and nothing else changes", () => {
    const s = summary("import.json");
    expect(s.changes).toEqual([
      expect.objectContaining({
        address: "auth0_connection.database",
        action: "import",
        importId: "con_EXAMPLE000000000",
        attributes: [],
      }),
    ]);
    expect(s.counts).toEqual({ import: 1, add: 0, change: 0, replace: 0, destroy: 0, forget: 0 });
    expect(asText(s)).toContain("Plan: 1 to import, 0 to add");
    expect(asMarkdown(s)).toContain("import id `con_EXAMPLE000000000`");
  });

  it("no-changes.json: says so, in both renderings", () => {
    const s = summary("no-changes.json");
    expect(s.changes).toEqual([]);
    expect(asMarkdown(s)).toContain("**No changes.**");
    expect(asText(s)).toContain("No changes.");
    expect(asText(s)).not.toContain("Plan:");
  });

  it("a plan without resource_changes (Terraform omits the key when empty) has no changes", () => {
    const s = reviewed({ format_version: "1.2" }, { environment: "dev" });
    expect(s.changes).toEqual([]);
    expect(s.violations).toEqual([]);
    expect(asText(s)).toContain("No changes.");
  });

  it("output changes by name only", () => {
    const s = summary("remove-action-one-apply.json");
    expect(s.outputChanges).toEqual([{ name: "action_id", action: "delete" }]);
    expect(asMarkdown(s)).toContain("Outputs: `action_id` (removed).");
  });

  it("a move (previous_address, no-op) is listed but not counted", () => {
    const plan = fixture("no-changes.json");
    const rc = plan.resource_changes.find((r: TerraformJson) => r.address === "auth0_client.app");
    rc.previous_address = "auth0_client.portal";
    const s = reviewed(plan, { environment: "dev" });
    expect(s.changes).toEqual([
      expect.objectContaining({ action: "move", previousAddress: "auth0_client.portal" }),
    ]);
    expect(asText(s)).toContain("moved from auth0_client.portal");
  });

  it("an errored plan is flagged as incomplete", () => {
    const s = reviewed({ ...fixture("update.json"), errored: true }, { environment: "dev" });
    expect(asMarkdown(s)).toContain("Terraform stopped planning on an error");
    expect(asText(s)).toContain("WARNING: Terraform stopped planning on an error");
  });

  it("the Markdown starts with the comment marker of its environment", () => {
    const s = reviewed(fixture("update.json"), { environment: "prod-eu" });
    expect(asMarkdown(s).split("\n")[0]).toBe("<!-- auth0-invite-plan:prod-eu -->");
  });

  it("a huge plan is cut to fit a GitHub comment, with a note", () => {
    const attributes = Object.fromEntries(
      Array.from({ length: 40 }, (_, i) => [`attribute_${i}`, `value ${i}`]),
    );
    const changes = Array.from({ length: 1000 }, (_, i) => ({
      address: `auth0_email_template.t${i}`,
      mode: "managed",
      type: "auth0_email_template",
      name: `t${i}`,
      change: { actions: ["create"], before: null, after: attributes, after_unknown: {} },
    }));
    const markdown = asMarkdown(reviewed(planWith(changes), { environment: "dev" }));
    expect(markdown.length).toBeLessThan(MARKDOWN_BUDGET);
    expect(markdown).toMatch(/_\d+ more changes are not listed: the comment would exceed/);
    expect(markdown).toContain("Plan: 1000 to add");
    expect(markdown).toContain(", and 10 more");
  });

  it("unbind-action.json renders as this Markdown", () => {
    expect(asMarkdown(summary("unbind-action.json"))).toMatchInlineSnapshot(`
"<!-- auth0-invite-plan:dev -->
### Terraform plan: \`dev\`

**Plan: 0 to add, 0 to change, 0 to replace, 1 to destroy.**

| Change | Resource | Details |
| --- | --- | --- |
| **destroy** | \`auth0_trigger_action.send_invite\` | no longer in the configuration |

<sub>Terraform 1.11.4, JSON plan format 1.2</sub>"
`);
  });
});

describe("never prints", () => {
  /** String leaves of before/after (and variable values) of a plan, with multi-line pieces. */
  function planValues(plan: TerraformJson): string[] {
    const out: string[] = [];
    const walk = (value: unknown) => {
      if (typeof value === "string") {
        out.push(value);
        // A leak of part of a long value (one line of the Action's code) counts too.
        for (const line of value.split("\n")) if (line.trim().length >= 16) out.push(line.trim());
      } else if (Array.isArray(value)) value.forEach(walk);
      else if (value !== null && typeof value === "object") Object.values(value).forEach(walk);
    };
    for (const rc of [...(plan.resource_changes ?? []), ...(plan.resource_drift ?? [])]) {
      walk(rc.change.before);
      walk(rc.change.after);
    }
    for (const oc of Object.values(plan.output_changes ?? {}) as TerraformJson[]) {
      walk(oc.before);
      walk(oc.after);
    }
    for (const variable of Object.values(plan.variables ?? {}) as TerraformJson[]) {
      walk(variable.value);
    }
    return out.filter((v) => v.length >= 8);
  }

  /** What a rendering may legitimately contain: addresses (`reset_email`) and import ids. */
  function printable(plan: TerraformJson): (value: string) => boolean {
    const addresses: string[] = (plan.resource_changes ?? []).map(
      (rc: TerraformJson) => rc.address,
    );
    const importIds = new Set(
      (plan.resource_changes ?? [])
        .map((rc: TerraformJson) => rc.change.importing?.id)
        .filter(Boolean),
    );
    return (value) => importIds.has(value) || addresses.some((a) => a.includes(value));
  }

  it.each(FIXTURE_NAMES)("%s: no value from the plan appears in either rendering", (name) => {
    const plan = fixture(name);
    const s = reviewed(plan, { environment: "dev" });
    const rendered = `${asMarkdown(s)}\n${asText(s)}`;
    const allowed = printable(plan);
    const values = planValues(plan).filter((v) => !allowed(v));
    expect(values.length).toBeGreaterThan(20);
    expect(values.filter((v) => rendered.includes(v))).toEqual([]);
  });

  it("the fixtures hold the fake secret and the Action code in clear, as real plans do", () => {
    const create = fixture("create.json");
    const values = planValues(create);
    expect(values).toContain(FAKE_SECRET);
    const action = create.resource_changes.find(
      (rc: TerraformJson) => rc.address === "auth0_action.send_invite",
    );
    expect(action.change.after.code).toContain("onExecutePostUserRegistration");
    for (const name of ["create.json", "rotate-email-key.json", "update.json"]) {
      const s = summary(name);
      for (const rendered of [asMarkdown(s), asText(s)]) {
        expect(rendered).not.toContain("fake-secret");
        expect(rendered).not.toContain("do-not-print");
        expect(rendered).not.toContain("onExecutePostUserRegistration");
      }
    }
  });
});

describe("fails when", () => {
  it("format_version has another major version", () => {
    const error = failure({ ...fixture("no-changes.json"), format_version: "2.0" });
    expect(error.message).toContain('format_version: "2.0" is not supported');
    expect(error.message).toContain("JSON plan format 1.x");
  });

  it("format_version is missing or malformed", () => {
    expect(failure({ resource_changes: [] }).message).toContain("format_version: is missing");
    expect(failure({ format_version: "v1" }).message).toContain(
      'format_version: expected "<major>.<minor>", got "v1"',
    );
  });

  it("the input is not an object, or not JSON", () => {
    expect(failure([]).message).toContain("got an array");
    expect(failure(null).message).toContain("got null");
    expect(failure("Plan: 1 to add").message).toContain("the text is not JSON");
  });

  it("the input is the JSON of a state, not of a plan", () => {
    expect(failure({ format_version: "1.0", values: { root_module: {} } }).message).toContain(
      "this is a state",
    );
  });

  it("an action is one Terraform does not write", () => {
    const plan = planWith([
      { address: "auth0_client.app", mode: "managed", type: "auth0_client", name: "app" },
      {
        address: "auth0_connection.database",
        mode: "managed",
        type: "auth0_connection",
        name: "database",
        change: { actions: ["destroy"] },
      },
    ]);
    const error = failure(plan);
    expect(error.problems).toEqual([
      "resource_changes[0].change: is missing",
      expect.stringMatching(
        /^resource_changes\[1\]\.change\.actions\[0\]: unknown action "destroy"/,
      ),
    ]);
  });

  it("actions combine in a way Terraform does not write", () => {
    const plan = planWith([
      {
        address: "auth0_client.app",
        mode: "managed",
        type: "auth0_client",
        name: "app",
        change: { actions: ["delete", "forget"] },
      },
    ]);
    expect(failure(plan).message).toContain(
      'resource_changes[0].change.actions is ["delete","forget"], not a combination',
    );
  });

  it("resource_changes is not a list; at most five problems are listed", () => {
    expect(failure({ format_version: "1.2", resource_changes: {} }).message).toContain(
      "resource_changes: Invalid type: Expected Array",
    );
    const many = planWith(Array.from({ length: 9 }, () => ({})));
    const message = failure(many).message;
    expect(message.split("\n").filter((l) => l.startsWith("  - resource_changes"))).toHaveLength(5);
    expect(message).toMatch(/\.\.\. and \d+ more/);
  });

  it("the environment is not a stack name (it goes into the HTML comment marker)", () => {
    expect(() => summarizePlan(planWith([]), { environment: "dev -->" })).toThrow(
      /is not a stack name/,
    );
  });

  it("accepts the plan as JSON text too", () => {
    const text = readFileSync(path.join(FIXTURES, "import.json"), "utf8");
    expect(reviewed(text, { environment: "dev" }).counts.import).toBe(1);
  });
});

describe("fixtures", () => {
  it("every address a fixture keeps (not deleted) exists in the shipped dev stack, same type", () => {
    const resources = shippedStack("dev").resource as Record<string, Record<string, unknown>>;
    const missing: string[] = [];
    let checked = 0;
    for (const name of FIXTURE_NAMES) {
      for (const rc of fixture(name).resource_changes ?? []) {
        const actions: string[] = rc.change.actions;
        if (actions.includes("delete") && !actions.includes("create")) continue;
        if (actions.includes("forget") && !actions.includes("create")) continue;
        checked++;
        if (!resources[rc.type]?.[rc.name] || rc.address !== `${rc.type}.${rc.name}`) {
          missing.push(`${name}: ${rc.address}`);
        }
      }
    }
    expect(checked).toBeGreaterThan(50);
    expect(missing).toEqual([]);
  });

  it("the required situations are all there", () => {
    expect(FIXTURE_NAMES).toEqual(
      expect.arrayContaining([
        "create.json",
        "update.json",
        "import.json",
        "replace-connection.json",
        "delete-connection.json",
        "replace-client.json",
        "remove-action-one-apply.json",
        "unbind-action.json",
        "no-changes.json",
      ]),
    );
    for (const name of FIXTURE_NAMES) {
      expect(fixture(name)).toMatchObject({ format_version: "1.2", terraform_version: "1.11.4" });
    }
  });
});
