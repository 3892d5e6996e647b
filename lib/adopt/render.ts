// The adoption report for people: text for a terminal, Markdown for the pull-request comment.
// Items are grouped by resource, in the order the report lists them; every loss and every
// blocker says so on its own line, so a reviewer never has to read between the lines.
import type { AdoptReport, ItemKind, ReportItem } from "./report";

const LABEL: Record<ItemKind, string> = {
  create: "create",
  import: "import",
  overwrite: "overwrite",
  "take-over": "take over",
  drop: "drop",
  stuck: "stuck",
  conflict: "conflict",
  beside: "beside",
};

function grouped(report: AdoptReport): [string, ReportItem[]][] {
  const groups = new Map<string, ReportItem[]>();
  for (const item of report.items) {
    const list = groups.get(item.resource) ?? [];
    list.push(item);
    groups.set(item.resource, list);
  }
  return [...groups];
}

/** One line of counts: what the first apply does, and what it loses or cannot do. */
export function countsLine(report: AdoptReport): string {
  const { counts } = report;
  const parts = (
    [
      ["create", "create"],
      ["import", "import"],
      ["overwrite", "overwrite"],
      ["take-over", "take over"],
      ["drop", "drop"],
      ["stuck", "stuck"],
      ["conflict", "conflict"],
    ] as const
  )
    .filter(([kind]) => counts[kind] > 0)
    .map(([kind, label]) => `${counts[kind]} ${label}`);
  const losses = `${counts.losses} ${counts.losses === 1 ? "loss" : "losses"}`;
  const blockers = `${counts.blockers} ${counts.blockers === 1 ? "blocker" : "blockers"}`;
  return `${parts.join(", ") || "nothing to do"}; ${losses}, ${blockers}`;
}

function verdict(item: ReportItem): string {
  return [item.loss ? "LOSS" : "", item.blocks ? "BLOCKS ADOPTION" : ""].filter(Boolean).join(", ");
}

export function renderText(report: AdoptReport): string {
  const out = [
    `adopt ${report.environment} (${report.domain}): the first apply of ${report.file}, against the tenant as read`,
    "",
  ];
  for (const [resource, items] of grouped(report)) {
    out.push(resource);
    for (const item of items) {
      const flag = verdict(item);
      out.push(`  ${LABEL[item.kind].padEnd(10)}${item.what}${flag ? `  [${flag}]` : ""}`);
      for (const change of item.changes ?? []) out.push(`              ${change}`);
      if (item.keep !== undefined) {
        out.push(`              keep: ${item.keep}${item.written ? " (--write sets it)" : ""}`);
      }
    }
    out.push("");
  }
  out.push(countsLine(report));
  return `${out.join("\n")}\n`;
}

/**
 * GitHub refuses a comment past its size limit; the report goes below the plan summary, and the
 * workflow leaves it out when the two together would not fit.
 */
const MARKDOWN_BUDGET = 20_000;

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/[\r\n]+/g, " ");

export function renderMarkdown(report: AdoptReport): string {
  const head = [
    `### Adoption report: \`${report.environment}\``,
    "",
    `What the first apply of \`${report.file}\` does to ${report.domain}, read with \`npm run adopt\`: **${countsLine(report)}**.`,
    "",
  ];
  if (report.counts.blockers > 0) {
    head.push(
      "> [!CAUTION]",
      "> **Something blocks the adoption: the apply would fail or the flow would not work.**",
      "",
    );
  } else if (report.counts.losses > 0) {
    head.push(
      "> [!WARNING]",
      "> **The first apply loses what the tenant has. Merge only if that is intended.**",
      "",
    );
  }
  // What blocks first, then what is lost: a long report cut short still shows them.
  const severity = (item: ReportItem) => (item.blocks ? 0 : item.loss ? 1 : 2);
  const rows = report.items
    .filter((item) => item.kind !== "beside" || item.keep !== undefined)
    .map((item, index) => ({ item, index }))
    .sort((a, b) => severity(a.item) - severity(b.item) || a.index - b.index)
    .map(({ item }) => item)
    .map(
      (item) =>
        `| ${LABEL[item.kind]} | \`${cell(item.resource)}\` | ${cell(item.what)}${
          item.changes?.length
            ? `<br>${item.changes
                .map((c) => `\`${cell(c)}\``)
                .slice(0, 4)
                .join("<br>")}`
            : ""
        } | ${verdict(item) || "-"} | ${item.keep ? cell(item.keep) : "-"} |`,
    );
  const table = ["| | Resource | What | | Keep |", "| --- | --- | --- | --- | --- |"];
  let size = [...head, ...table].join("\n").length;
  let shown = 0;
  for (const row of rows) {
    if (size + row.length + 1 > MARKDOWN_BUDGET) break;
    table.push(row);
    size += row.length + 1;
    shown++;
  }
  const tail =
    shown < rows.length
      ? [
          "",
          `_${rows.length - shown} more items are in the job log (npm run adopt prints them all)._`,
        ]
      : [];
  return [...head, ...(rows.length > 0 ? table : ["Nothing to adopt."]), ...tail, ""].join("\n");
}
