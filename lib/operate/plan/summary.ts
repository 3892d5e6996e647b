// Summary of `terraform show -json <planfile>`, for the PR comment, the job summary and the
// terminal; the guard (guard.ts) gives its verdict on the same plan. Paths and addresses only: a plan holds every value in clear,
// the email provider's credentials and the Action's code included.
import { inLanguage, languagesOf } from "../../email-templates/languages";
import { STACK_NAME } from "../../environment/schema";
import { byCodePoint } from "../../text/by-code-point";
import { fieldPath } from "../../text/field-path";
import { type AttributeChange, changedAttributes } from "./attributes";
import { type JsonResourceChange, type PlanAction, PlanFormatError, parsePlan } from "./format";
import type {
  ChangeAction,
  DriftSummary,
  OutputChangeSummary,
  PlanCounts,
  PlanSummary,
  ResourceChangeSummary,
} from "./types";

function actionOf(actions: readonly PlanAction[]): ChangeAction | "no-op" | "read" | undefined {
  if (actions.length === 1) return actions[0];
  if (actions.length !== 2) return undefined;
  const has = (action: PlanAction) => actions.includes(action);
  if (has("delete") && has("create")) return "replace";
  if (has("forget") && has("create")) return "forget+create";
  return undefined;
}

function changeAction(rc: JsonResourceChange, where: string): ChangeAction | undefined {
  const action = actionOf(rc.change.actions);
  if (action === undefined) {
    throw new PlanFormatError(
      `Not a Terraform JSON plan this summary understands: ${where}.change.actions is ${JSON.stringify(rc.change.actions)}, not a combination Terraform 1.x writes.`,
    );
  }
  const importing = rc.change.importing != null;
  if (action === "read") return undefined;
  if (action === "no-op") {
    if (importing) return "import";
    if (rc.previous_address !== undefined && rc.previous_address !== rc.address) return "move";
    return undefined;
  }
  if (action === "update" && importing) return "import+update";
  return action;
}

const ORDER: Record<ChangeAction, number> = {
  delete: 0,
  replace: 1,
  "forget+create": 2,
  forget: 3,
  update: 4,
  "import+update": 5,
  import: 6,
  create: 7,
  move: 8,
};

function summarizeChange(rc: JsonResourceChange, action: ChangeAction): ResourceChangeSummary {
  const { change } = rc;
  const showsAttributes =
    action === "create" ||
    action === "update" ||
    action === "replace" ||
    action === "import+update" ||
    action === "forget+create";
  const importing = change.importing;
  const attributes = showsAttributes
    ? changedAttributes({
        before: change.before,
        after: change.after,
        afterUnknown: change.after_unknown,
        beforeSensitive: change.before_sensitive,
        afterSensitive: change.after_sensitive,
      })
    : [];
  const languages =
    rc.type === "auth0_email_template" && showsAttributes
      ? languagesTouched(change.before, change.after, attributes)
      : undefined;
  return {
    address: rc.address,
    type: rc.type,
    name: rc.name,
    action,
    planActions: change.actions,
    attributes,
    replacePaths: action === "replace" ? (change.replace_paths ?? []).map(fieldPath) : [],
    // Terraform lists the first step first: ["create", "delete"] is create_before_destroy.
    createBeforeDestroy: action === "replace" && change.actions[0] === "create",
    ...(importing != null
      ? { importId: importing.id !== undefined && importing.id !== "" ? importing.id : null }
      : {}),
    ...(rc.previous_address !== undefined && rc.previous_address !== rc.address
      ? { previousAddress: rc.previous_address }
      : {}),
    ...(rc.deposed !== undefined ? { deposed: rc.deposed } : {}),
    ...(rc.action_reason !== undefined ? { reason: rc.action_reason } : {}),
    ...(languages !== undefined && languages.length > 0 ? { languages } : {}),
  };
}

/**
 * The languages an email template change touches, read from the bodies before and after
 * (lib/email-templates/languages.ts): those whose body or subject reads differently, and those
 * added or dropped. A change to anything else (sender, link lifetime, whether it is on) touches
 * every language. Languages are codes the build wrote, never a value of the plan.
 */
function languagesTouched(
  before: unknown,
  after: unknown,
  attributes: readonly AttributeChange[],
): string[] {
  const text = (side: unknown, key: "body" | "subject") => {
    const value = (side as Record<string, unknown> | null | undefined)?.[key];
    return typeof value === "string" ? value : "";
  };
  const [was, is] = [languagesOf(text(before, "body")), languagesOf(text(after, "body"))];
  const all = [...new Set([...is, ...was])];
  if (attributes.some((a) => a.path !== "body" && a.path !== "subject")) return all;
  const reads = (side: unknown, language: string) =>
    `${inLanguage(text(side, "body"), language)}\0${inLanguage(text(side, "subject"), language)}`;
  return all.filter(
    (language) =>
      !was.includes(language) ||
      !is.includes(language) ||
      reads(before, language) !== reads(after, language),
  );
}

function countChanges(changes: ResourceChangeSummary[]): PlanCounts {
  const counts = { import: 0, add: 0, change: 0, replace: 0, destroy: 0, forget: 0 };
  for (const c of changes) {
    if (c.importId !== undefined) counts.import++;
    switch (c.action) {
      case "create":
        counts.add++;
        break;
      case "update":
      case "import+update":
        counts.change++;
        break;
      case "replace":
        counts.replace++;
        break;
      case "delete":
        counts.destroy++;
        break;
      case "forget":
        counts.forget++;
        break;
      case "forget+create":
        counts.forget++;
        counts.add++;
        break;
      case "import":
      case "move":
        break;
    }
  }
  return counts;
}

/**
 * Reads `terraform show -json <planfile>` output (parsed, or as text) for one environment.
 * Throws PlanFormatError when it is not the JSON plan format 1.x.
 */
export function summarizePlan(plan: unknown, options: { environment: string }): PlanSummary {
  const { environment } = options;
  // The name goes into an HTML comment a workflow searches for, and into file paths in messages.
  if (!STACK_NAME.test(environment)) {
    throw new Error(
      `summarizePlan: environment ${JSON.stringify(environment)} is not a stack name (lower-case letters, digits and -)`,
    );
  }
  const parsed = parsePlan(plan);
  const resourceChanges = parsed.resource_changes ?? [];

  const changes: ResourceChangeSummary[] = [];
  resourceChanges.forEach((rc, i) => {
    const action = changeAction(rc, `resource_changes[${i}]`);
    if (action !== undefined) changes.push(summarizeChange(rc, action));
  });
  changes.sort((a, b) => ORDER[a.action] - ORDER[b.action] || byCodePoint(a.address, b.address));

  const drift: DriftSummary[] = [];
  (parsed.resource_drift ?? []).forEach((rc, i) => {
    const action = changeAction(rc, `resource_drift[${i}]`);
    if (action !== undefined) drift.push({ address: rc.address, action });
  });

  const outputChanges: OutputChangeSummary[] = [];
  for (const [name, change] of Object.entries(parsed.output_changes ?? {})) {
    const action = actionOf(change.actions);
    if (action === "create" || action === "update" || action === "delete") {
      outputChanges.push({ name, action });
    } else if (action === "replace") {
      outputChanges.push({ name, action: "update" });
    }
  }
  outputChanges.sort((a, b) => byCodePoint(a.name, b.name));

  return {
    environment,
    formatVersion: parsed.format_version,
    ...(parsed.terraform_version !== undefined
      ? { terraformVersion: parsed.terraform_version }
      : {}),
    changes,
    counts: countChanges(changes),
    drift,
    outputChanges,
    errored: parsed.errored === true,
  };
}

/** Whether applying would change anything at all (resources or outputs). */
export function hasChanges(summary: PlanSummary): boolean {
  return summary.changes.length > 0 || summary.outputChanges.length > 0;
}
