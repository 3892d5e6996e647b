import { writeFileSync } from "node:fs";
import path from "node:path";
import { isDeepStrictEqual } from "node:util";
import {
  appliedRehearsal,
  devEnvironmentFile,
  expectOk,
  FAKE_ROTATED_API_KEY,
  initializedRehearsal,
  planJson,
  ROOT,
  synthesizeAll,
  type TerraformJson,
  withoutConnection,
} from "../__tests__/support/scenarios";
import { INVITE_ACTION } from "../lib/action";
import type { LoadedEnvironment } from "../lib/environment";
import { takeNoArguments } from "../lib/operate/edge";
import { guardPlan, summarizePlan } from "../lib/operate/plan";
import type { Rehearsal } from "../lib/operate/rehearsal";

const USAGE = `usage: npm run record-plans

Records __tests__/fixtures/plans/*.json: \`terraform show -json\` of plans that terraform itself
made, through the stand-in auth0 provider, for each situation the plan summary and the
destroy guard are tested on. Needs terraform >= 1.11 on PATH; no network, no credentials.

The same stack records the same files: ids come from the stand-in's deterministic ids, the
timestamp is fixed and relevant_attributes is sorted. \`configuration\`, \`planned_values\` and
\`prior_state\` are left out to keep the files small; the recorder checks that the summary
reads the same without them.`;
takeNoArguments(USAGE);

const OUT = path.join(ROOT, "__tests__", "fixtures", "plans");

function write(name: string, plan: TerraformJson): void {
  const kept: TerraformJson = { ...plan, timestamp: "2026-01-01T00:00:00Z" };
  delete kept.configuration;
  delete kept.planned_values;
  delete kept.prior_state;
  // Terraform lists relevant_attributes in no fixed order; sorted, a re-record is byte-identical.
  kept.relevant_attributes = [...(plan.relevant_attributes ?? [])].sort((x, y) =>
    JSON.stringify(x).localeCompare(JSON.stringify(y)),
  );
  const read = (p: TerraformJson) => [
    summarizePlan(p, { environment: "dev" }),
    guardPlan(p, "dev"),
  ];
  if (!isDeepStrictEqual(read(plan), read(kept))) {
    throw new Error(`${name}: the summary or the guard reads a key the recorder leaves out`);
  }
  writeFileSync(path.join(OUT, name), `${JSON.stringify(kept, null, 2)}\n`);
  console.log(`recorded ${path.relative(ROOT, path.join(OUT, name))}`);
}

async function main(): Promise<void> {
  const dev = devEnvironmentFile();
  const { emailProvider: _dropped, ...withoutProvider } = dev;
  const stacks = synthesizeAll({
    dev,
    renamed: { ...dev, connection: { ...dev.connection, name: "Invited-Users" } },
    removed: { ...dev, invite: { ...dev.invite, state: "removed" } },
    unbound: { ...dev, invite: { ...dev.invite, state: "unbound" } },
    "without-provider": withoutProvider,
  });
  const stackOf = (name: string) => (stacks.get(name) as { stack: TerraformJson }).stack;
  const { stack, environment } = stacks.get("dev") as {
    stack: TerraformJson;
    environment: LoadedEnvironment;
  };

  {
    const fresh = await initializedRehearsal(stack, environment);
    try {
      write("create.json", (await planJson(fresh)).plan);
    } finally {
      await fresh.close();
    }
  }

  const scenario = async (name: string, act: (r: Rehearsal) => Promise<TerraformJson>) => {
    const rehearsal = await appliedRehearsal(stack, environment);
    try {
      write(name, await act(rehearsal));
    } finally {
      await rehearsal.close();
    }
  };

  await scenario("no-changes.json", async (r) => (await planJson(r)).plan);

  await scenario("update.json", async (r) => {
    // A new template wording and a new build of the Action; someone had also edited the
    // Action's code in the dashboard, which the refresh finds.
    const changed = structuredClone(stack);
    changed.resource.auth0_email_template.reset_email.body += "\n<!-- reworded -->";
    changed.resource.auth0_action[INVITE_ACTION.terraformName].code += "\n// rebuilt";
    r.writeStack(changed);
    const tenant = r.tenant();
    for (const action of Object.values(tenant.resources.auth0_action)) {
      if (action.name === environment.config.invite.actionName)
        action.code = `${String(action.code)}\n// quick fix typed into the dashboard\n`;
    }
    r.setTenant(tenant);
    return (await planJson(r)).plan;
  });

  await scenario("import.json", async (r) => {
    // The connection is adopted on a tenant whose settings already match.
    await expectOk(r.terraform(["state", "rm", "-no-color", "auth0_connection.database"]));
    return (await planJson(r)).plan;
  });

  await scenario("replace-connection.json", async (r) => {
    // connection.name changed in environments/dev.json; terraform stops on prevent_destroy
    // but saves what it planned.
    r.writeStack(stackOf("renamed"));
    return (await planJson(r)).plan;
  });

  await scenario("delete-connection.json", async (r) => {
    r.writeStack(withoutConnection(stack));
    return (await planJson(r)).plan;
  });

  await scenario("forget-connection.json", async (r) => {
    r.writeStack(withoutConnection(stack, { forget: true }));
    return (await planJson(r)).plan;
  });

  await scenario("replace-client.json", async (r) => {
    // Someone took prevent_destroy off the application and asked for a replacement.
    const changed = structuredClone(stack);
    delete changed.resource.auth0_client.app.lifecycle;
    r.writeStack(changed);
    return (await planJson(r, ["-replace=auth0_client.app"])).plan;
  });

  await scenario("remove-action-one-apply.json", async (r) => {
    r.writeStack(stackOf("removed"));
    return (await planJson(r)).plan;
  });

  await scenario("unbind-action.json", async (r) => {
    r.writeStack(stackOf("unbound"));
    return (await planJson(r)).plan;
  });

  await scenario("delete-email-provider.json", async (r) => {
    r.writeStack(stackOf("without-provider"));
    return (await planJson(r)).plan;
  });

  await scenario("rotate-email-key.json", async (r) => {
    return (await planJson(r, [], { TF_VAR_email_provider_api_key: FAKE_ROTATED_API_KEY })).plan;
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
