// Markdown (PR comment, $GITHUB_STEP_SUMMARY) and plain text (terminal) renderings of a
// PlanSummary and the guard's verdict on the same plan. Both lead with the verdict: a reviewer
// must not have to scroll to it.
import type { AttributeChange } from "./attributes";
import type {
  ChangeAction,
  GuardViolation,
  OutputChangeSummary,
  PlanCounts,
  PlanSummary,
  ResourceChangeSummary,
} from "./types";

/** GitHub rejects comments over 65536 characters; stay clear of it. */
export const MARKDOWN_BUDGET = 60_000;
const MAX_ATTRIBUTES = 30;

const LABEL: Record<ChangeAction, string> = {
  create: "create",
  update: "update",
  replace: "replace",
  delete: "destroy",
  import: "import",
  "import+update": "import, update",
  forget: "forget",
  "forget+create": "forget, create",
  move: "move",
};

const DELETE_REASON: Record<string, string> = {
  delete_because_no_resource_config: "no longer in the configuration",
  delete_because_no_move_target: "the target of its moved block does not exist",
  delete_because_count_index: "no longer in its count",
  delete_because_each_key: "no longer in its for_each",
  delete_because_wrong_repetition: "count/for_each changed",
  delete_because_no_module: "its module is no longer in the configuration",
};

const OUTPUT_LABEL: Record<OutputChangeSummary["action"], string> = {
  create: "new",
  update: "changes",
  delete: "removed",
};

const REPLACE_REASON: Record<string, string> = {
  replace_because_tainted: "the object is tainted",
  replace_by_request: "requested with -replace",
  replace_by_triggers: "forced by replace_triggered_by",
};

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Terraform's "Plan:" line, with replacements counted on their own. */
export function countsLine(counts: PlanCounts): string {
  const parts = [
    ...(counts.import > 0 ? [`${counts.import} to import`] : []),
    `${counts.add} to add`,
    `${counts.change} to change`,
    `${counts.replace} to replace`,
    `${counts.destroy} to destroy`,
    ...(counts.forget > 0 ? [`${counts.forget} to forget`] : []),
  ];
  return `Plan: ${parts.join(", ")}.`;
}

function attributeText(a: AttributeChange, code: (s: string) => string): string {
  const notes = [
    ...(a.sensitive ? ["sensitive"] : []),
    ...(a.unknown ? ["known after apply"] : []),
  ];
  return notes.length > 0 ? `${code(a.path)} (${notes.join(", ")})` : code(a.path);
}

/** The detail of one change as phrases: import id, what forces a replace, attributes. */
function details(change: ResourceChangeSummary, code: (s: string) => string): string[] {
  const out: string[] = [];
  if (change.importId !== undefined) {
    out.push(
      change.importId === null
        ? "imported (the plan has no import id)"
        : `import id ${code(change.importId)}`,
    );
  }
  if (change.previousAddress !== undefined) out.push(`moved from ${code(change.previousAddress)}`);
  if (change.deposed !== undefined) out.push(`deposed object ${code(change.deposed)}`);
  if (change.action === "replace") {
    const order = change.createBeforeDestroy ? "new one created first" : "old one destroyed first";
    out.push(
      change.replacePaths.length > 0
        ? `forced by ${change.replacePaths.map(code).join(", ")}; ${order}`
        : `${REPLACE_REASON[change.reason ?? ""] ?? "no attribute forces it"}; ${order}`,
    );
  }
  if (change.action === "delete" || change.action === "forget") {
    const why = DELETE_REASON[change.reason ?? ""];
    if (why) out.push(why);
  }
  if (change.action === "forget" || change.action === "forget+create") {
    out.push("the existing object stays in Auth0, Terraform stops managing it");
  }
  if (change.languages !== undefined) {
    out.push(`the email in ${change.languages.map(code).join(", ")}`);
  }
  if (change.attributes.length > 0) {
    const shown = change.attributes.slice(0, MAX_ATTRIBUTES).map((a) => attributeText(a, code));
    const more = change.attributes.length - shown.length;
    out.push(`${shown.join(", ")}${more > 0 ? `, and ${more} more` : ""}`);
  }
  return out;
}

function driftLine(summary: PlanSummary, code: (s: string) => string): string | undefined {
  if (summary.drift.length === 0) return undefined;
  const list = summary.drift.map((d) => `${code(d.address)} (${LABEL[d.action]})`).join(", ");
  return `Drift: ${plural(summary.drift.length, "object")} changed outside Terraform since the last apply: ${list}. The plan above already accounts for it.`;
}

function outputsLine(summary: PlanSummary, code: (s: string) => string): string | undefined {
  if (summary.outputChanges.length === 0) return undefined;
  const list = summary.outputChanges
    .map((o) => `${code(o.name)} (${OUTPUT_LABEL[o.action]})`)
    .join(", ");
  return `Outputs: ${list}.`;
}

// Markdown --------------------------------------------------------------------------------------

/** Strips what could break out of a table cell or inline code: newlines, pipes, backticks. */
function mdCode(text: string): string {
  const flat = text.replace(/[\r\n\t]+/g, " ").replace(/\|/g, "\\|");
  const fence = flat.includes("`") ? "``" : "`";
  const pad = flat.startsWith("`") || flat.endsWith("`") ? " " : "";
  return `${fence}${pad}${flat}${pad}${fence}`;
}

function mdText(text: string): string {
  return text.replace(/[\r\n]+/g, " ").replace(/\|/g, "\\|");
}

function mdViolation(v: GuardViolation, i: number): string {
  return `> ${i + 1}. ${mdText(v.message)}`;
}

function mdRow(change: ResourceChangeSummary): string {
  const destructive = change.action === "delete" || change.action === "replace";
  const label = destructive ? `**${LABEL[change.action]}**` : LABEL[change.action];
  return `| ${label} | ${mdCode(change.address)} | ${details(change, mdCode).join("; ")} |`;
}

/** Adds lines while they fit in `budget` characters; returns how many were added. */
function appendWithin(target: string[], lines: readonly string[], budget: number): number {
  let used = 0;
  let added = 0;
  for (const line of lines) {
    if (used + line.length + 1 > budget) break;
    target.push(line);
    used += line.length + 1;
    added++;
  }
  return added;
}

/** For the PR comment and $GITHUB_STEP_SUMMARY; the first line identifies the comment. */
export function renderMarkdown(
  summary: PlanSummary,
  violations: readonly GuardViolation[],
): string {
  const head: string[] = [
    `<!-- auth0-invite-plan:${summary.environment} -->`,
    `### Terraform plan: ${mdCode(summary.environment)}`,
    "",
  ];
  const tail: string[] = [];
  const outputs = outputsLine(summary, mdCode);
  const drift = driftLine(summary, mdCode);
  if (outputs) tail.push("", outputs);
  if (drift) tail.push("", drift);
  const versions = [
    ...(summary.terraformVersion ? [`Terraform ${mdText(summary.terraformVersion)}`] : []),
    `JSON plan format ${mdText(summary.formatVersion)}`,
  ];
  tail.push("", `<sub>${versions.join(", ")}</sub>`);

  const size = (lines: readonly string[]) => lines.reduce((n, l) => n + l.length + 1, 0);
  // Room for the truncation notes and the lines between sections.
  let budget = MARKDOWN_BUDGET - size(head) - size(tail) - 1_000;

  const body: string[] = [];
  if (summary.errored) {
    body.push(
      "> [!WARNING]",
      "> Terraform stopped planning on an error: the changes below are incomplete. Fix the error first.",
      "",
    );
  }
  if (violations.length > 0) {
    const count = plural(violations.length, "problem");
    body.push(
      "> [!CAUTION]",
      `> **Blocked by the destroy guard (${count}). Do not apply this plan.**`,
      ">",
    );
    // Violations may use at most half the budget so the change list is never crowded out.
    const shown = appendWithin(body, violations.map(mdViolation), Math.floor(budget / 2));
    if (shown < violations.length) {
      body.push(`> ... and ${violations.length - shown} more; see the job log.`);
    }
    body.push("");
  }

  if (summary.changes.length === 0 && summary.outputChanges.length === 0) {
    body.push("**No changes.** The tenant matches the configuration.");
  } else {
    body.push(`**${countsLine(summary.counts)}**`);
    if (summary.changes.length > 0) {
      body.push("", "| Change | Resource | Details |", "| --- | --- | --- |");
      budget -= size(body);
      const shown = appendWithin(body, summary.changes.map(mdRow), budget);
      if (shown < summary.changes.length) {
        body.push(
          "",
          `_${summary.changes.length - shown} more changes are not listed: the comment would exceed GitHub's size limit. The job log has the full list._`,
        );
      }
    }
  }
  return [...head, ...body, ...tail].join("\n");
}

// Plain text ------------------------------------------------------------------------------------

const plain = (text: string) => text.replace(/[\r\n\t]+/g, " ");
const WIDTH = 100;

function wrap(text: string, indent: string): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line !== "" && indent.length + line.length + 1 + word.length > WIDTH) {
      lines.push(indent + line);
      line = word;
    } else {
      line = line === "" ? word : `${line} ${word}`;
    }
  }
  if (line !== "") lines.push(indent + line);
  return lines;
}

/** For a terminal: no colours, wraps at 100 columns. */
export function renderText(summary: PlanSummary, violations: readonly GuardViolation[]): string {
  const out: string[] = [`Terraform plan: ${plain(summary.environment)}`, ""];
  if (summary.errored) {
    out.push(
      "WARNING: Terraform stopped planning on an error; the changes below are incomplete.",
      "",
    );
  }
  if (violations.length > 0) {
    out.push(`DESTROY GUARD: ${plural(violations.length, "problem")}. Do not apply this plan.`);
    violations.forEach((v, i) => {
      const [first, ...rest] = wrap(plain(v.message), "     ");
      out.push(`  ${`${i + 1}.`.padEnd(3)}${first.trimStart()}`, ...rest);
    });
    out.push("");
  }
  if (summary.changes.length === 0 && summary.outputChanges.length === 0) {
    out.push("No changes. The tenant matches the configuration.");
  } else {
    out.push(countsLine(summary.counts));
    if (summary.changes.length > 0) out.push("");
    for (const change of summary.changes) {
      const destructive = change.action === "delete" || change.action === "replace";
      const label = destructive ? LABEL[change.action].toUpperCase() : LABEL[change.action];
      out.push(`  ${label.padEnd(16)}${plain(change.address)}`);
      for (const detail of details(change, plain)) out.push(...wrap(detail, " ".repeat(20)));
    }
  }
  const outputs = outputsLine(summary, plain);
  const drift = driftLine(summary, plain);
  if (outputs) out.push("", ...wrap(outputs, ""));
  if (drift) out.push("", ...wrap(drift, ""));
  return `${out.join("\n")}\n`;
}
