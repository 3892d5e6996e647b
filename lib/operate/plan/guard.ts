// The destroy guard: changes that lose data or break integrations for good, or that Auth0
// refuses half-way through an apply. `prevent_destroy` does not cover these on its own: a
// resource taken out of the configuration takes its lifecycle block with it.
import { ACTIONS, GATE_CUTOFF } from "../../action";
import { fieldPath } from "../../text/field-path";
import { type JsonResourceChange, parsePlan } from "./format";
import type { GuardViolation } from "./types";

function destroys(rc: JsonResourceChange): boolean {
  // Scanning for "delete" covers every replace order, as the format documentation advises.
  return rc.mode === "managed" && rc.change.actions.includes("delete");
}

function isReplace(rc: JsonResourceChange): boolean {
  return rc.change.actions.includes("create");
}

function replacePaths(rc: JsonResourceChange): string {
  return (rc.change.replace_paths ?? []).map((p) => `\`${fieldPath(p)}\``).join(", ");
}

/** "would be replaced because ..." / "would be destroyed because ...". */
function whatHappens(rc: JsonResourceChange): string {
  const subject = `\`${rc.address}\`${rc.deposed !== undefined ? ` (deposed object ${rc.deposed})` : ""}`;
  if (isReplace(rc)) {
    const paths = replacePaths(rc);
    if (paths !== "") return `${subject} would be replaced: ${paths} cannot change in place.`;
    switch (rc.action_reason) {
      case "replace_because_tainted":
        return `${subject} would be replaced because it is tainted.`;
      case "replace_by_request":
        return `${subject} would be replaced because \`-replace\` asked for it.`;
      case "replace_by_triggers":
        return `${subject} would be replaced by its \`replace_triggered_by\`.`;
      default:
        return `${subject} would be replaced.`;
    }
  }
  switch (rc.action_reason) {
    case "delete_because_no_resource_config":
      return `${subject} would be destroyed: it is no longer in the configuration (and its \`prevent_destroy\` went with it).`;
    case "delete_because_no_move_target":
      return `${subject} would be destroyed: the target of its \`moved\` block does not exist.`;
    case "delete_because_count_index":
    case "delete_because_each_key":
    case "delete_because_wrong_repetition":
      return `${subject} would be destroyed: its \`count\`/\`for_each\` no longer includes it.`;
    default:
      return `${subject} would be destroyed.`;
  }
}

/** How to get a plan without the destroy. */
function howToAvoid(rc: JsonResourceChange): string {
  if (isReplace(rc)) {
    const paths = replacePaths(rc);
    if (paths !== "") return `Revert the change to ${paths}.`;
    switch (rc.action_reason) {
      case "replace_because_tainted":
        return `If the object in Auth0 is fine, \`terraform untaint ${rc.address}\` and plan again.`;
      case "replace_by_request":
        return `Plan again without \`-replace=${rc.address}\`.`;
      default:
        return "Find what forces the replacement and undo it.";
    }
  }
  return (
    "Put it back in the configuration (if a construct id changed, restore it or add a `moved` block). " +
    "To stop managing it but keep it in Auth0, use a `removed` block with `lifecycle { destroy = false }`" +
    ` or \`terraform state rm ${rc.address}\`.`
  );
}

/**
 * What is said about destroying each protected resource: the guard's rule, what destroying (or
 * replacing) it costs, and the advice when terraform's prevent_destroy stopped the plan first.
 */
const PROTECTED = {
  auth0_connection: {
    rule: "connection-destroy",
    consequence: (replace: boolean) =>
      "Destroying a database connection deletes every user in it, irreversibly" +
      (replace
        ? "; the new connection starts empty. A connection cannot be renamed: to move users, create a second connection and migrate them."
        : "."),
    advice:
      "a new connection.name (or strategy) replaces the connection, and deleting it deletes every user in it. Revert connection.name in the environment file; to move users to a new connection, create it beside this one and migrate them first (docs: adopting a live tenant).",
  },
  auth0_client: {
    rule: "client-destroy",
    consequence: (replace: boolean) =>
      replace
        ? "The new application gets a new client_id, so every integration that uses the current one breaks (the app's login, the client id the invite Action sends, other services)."
        : "Deleting the application breaks every integration that uses its client_id. To use an application managed elsewhere, `terraform state rm` it first (docs/adopting.md#an-existing-application).",
    advice:
      "the change would replace or delete the application users sign in to. Revert it; to switch to an existing application (application.clientId), `terraform state rm auth0_client.app` first.",
  },
  auth0_email_provider: {
    rule: "email-provider-destroy",
    consequence: (_replace: boolean) =>
      "Destroying it deletes the tenant's email provider: Auth0 stops sending email through it, invitations included.",
    advice:
      "the change would delete the tenant's email provider, and no email goes out until one exists again. Revert it (put emailProvider back); to leave the provider to the dashboard, `terraform state rm auth0_email_provider.email` first.",
  },
} as const;

function isProtected(type: string): type is keyof typeof PROTECTED {
  return Object.hasOwn(PROTECTED, type);
}

/** The two applies that remove a bound Action: unbind it, then remove it. */
const unbindThenRemove = (setting: string, where = "") =>
  `${setting} to "unbound"${where} and apply (only the binding goes), then set it to "removed" and apply.`;

/** The environment setting that unbinds and removes the stack's Action named `name`. */
const stateSetting = (name: string) => ACTIONS.find((a) => a.terraformName === name)?.stateSetting;

/** What to do about a resource prevent_destroy kept a plan from destroying (`auth0_client.app`). */
export function protectedAdvice(address: string): string {
  const [type, name] = address.replace(/\[\d+\]$/, "").split(".");
  if (type === "auth0_trigger_action") {
    const setting = stateSetting(name);
    return `the Action would be deleted while still bound, which Auth0 refuses. Set ${unbindThenRemove(setting ? `\`${setting}\`` : "the Action's state")}`;
  }
  return isProtected(type)
    ? PROTECTED[type].advice
    : "revert the change that replaces or removes it.";
}

function stringAt(value: unknown, key: string): string | undefined {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return undefined;
  const found = (value as Record<string, unknown>)[key];
  return typeof found === "string" && found !== "" ? found : undefined;
}

/**
 * Every rule a plan (`terraform show -json` output, parsed or as text) breaks, in plan order.
 * Throws PlanFormatError when it is not the JSON plan format 1.x.
 */
export function guardPlan(plan: unknown, environment: string): GuardViolation[] {
  const changes = parsePlan(plan).resource_changes ?? [];
  const violations: GuardViolation[] = [];
  for (const rc of changes) {
    if (!destroys(rc) || !isProtected(rc.type)) continue;
    const { rule, consequence } = PROTECTED[rc.type];
    violations.push({
      rule,
      address: rc.address,
      addresses: [rc.address],
      message: `${whatHappens(rc)} ${consequence(isReplace(rc))} ${howToAvoid(rc)}`,
    });
  }

  // The gate's recorded cutoff (lib/stack/constructs/gate-cutoff.ts) goes when the file states
  // a cutoff or the gate goes; replaced, it would record a later time, and the invitees created
  // in between would no longer be gated, listed or re-sent to.
  for (const rc of changes) {
    if (!(destroys(rc) && isReplace(rc) && rc.type === "terraform_data")) continue;
    if (rc.name !== GATE_CUTOFF) continue;
    violations.push({
      rule: "gate-cutoff-replace",
      address: rc.address,
      addresses: [rc.address],
      message:
        `${whatHappens(rc)} It holds the time terraform first applied the login gate; a new one would be later, and the invitees created in between would no longer be gated, listed by \`npm run invite -- status\` or re-sent to. ` +
        `To change the cutoff on purpose, set \`loginGate.invitedSince\` in environments/${environment}.json. ${howToAvoid(rc)}`,
    });
  }

  const deletedBindings = changes.filter(
    (rc) => destroys(rc) && rc.type === "auth0_trigger_action",
  );
  for (const action of changes.filter((rc) => destroys(rc) && rc.type === "auth0_action")) {
    const actionId = stringAt(action.change.before, "id");
    // Without ids on both sides (a redacted plan) a binding might be this Action's: assume so.
    const bindings = deletedBindings.filter((binding) => {
      const boundId = stringAt(binding.change.before, "action_id");
      return actionId === undefined || boundId === undefined || boundId === actionId;
    });
    if (bindings.length === 0) continue;
    const bindingList = bindings.map((b) => `\`${b.address}\``).join(", ");
    const setting = stateSetting(action.name);
    const howToRemove = setting
      ? `Remove it in two applies: set ${unbindThenRemove(`\`${setting}\``, ` in environments/${environment}.json`)}`
      : "Remove it in two applies: first the binding, then the Action.";
    violations.push({
      rule: "bound-action-delete",
      address: action.address,
      addresses: [action.address, ...bindings.map((b) => b.address)],
      message:
        `\`${action.address}\` would be deleted in the same apply as its trigger binding ${bindingList}. ` +
        "Auth0 refuses to delete an Action that is still bound to a trigger, so the apply would fail half-way. " +
        howToRemove,
    });
  }
  return violations;
}
