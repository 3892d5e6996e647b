// What the commands print: one line per address and a summary table for people, or one JSON
// document with --json. Nothing here knows a password: none reaches a report.
import type { Outcome, RowResult, StatusReport } from "./commands";
import { INVITEE_STATES } from "./invitees";

export interface Summary {
  created: number;
  existing: number;
  resent: number;
  revoked: number;
  skipped: number;
  failed: number;
}

const SUMMARY_COLUMNS: [keyof Summary, string][] = [
  ["created", "created"],
  ["existing", "existing"],
  ["resent", "re-sent"],
  ["revoked", "revoked"],
  ["skipped", "skipped"],
  ["failed", "failed"],
];

/** A dry run's "would" rows count where the real run's would. */
const COUNTED_AS: Record<Outcome, keyof Summary> = {
  created: "created",
  "would-create": "created",
  existing: "existing",
  resent: "resent",
  "would-resend": "resent",
  revoked: "revoked",
  "would-revoke": "revoked",
  skipped: "skipped",
  failed: "failed",
};

export function summarize(results: readonly RowResult[]): Summary {
  const summary: Summary = {
    created: 0,
    existing: 0,
    resent: 0,
    revoked: 0,
    skipped: 0,
    failed: 0,
  };
  for (const result of results) summary[COUNTED_AS[result.outcome]]++;
  return summary;
}

export function renderRows(results: readonly RowResult[], dryRun: boolean): string {
  const outcomeWidth = Math.max(0, ...results.map((r) => label(r.outcome).length));
  const emailWidth = Math.max(0, ...results.map((r) => r.email.length));
  const lines = results.map((r) => {
    const notes = [
      r.userId,
      r.detail,
      r.warning === undefined ? undefined : `warning: ${r.warning}`,
    ]
      .filter((note) => note !== undefined)
      .join("  ");
    return `${label(r.outcome).padEnd(outcomeWidth)}  ${r.email.padEnd(emailWidth)}  ${notes}`.trimEnd();
  });
  const summary = summarize(results);
  return [
    ...lines,
    "",
    table(
      SUMMARY_COLUMNS.map(([, heading]) => heading),
      SUMMARY_COLUMNS.map(([key]) => String(summary[key])),
    ),
    ...(dryRun ? ["", "dry run: nothing was changed and no email was sent"] : []),
  ].join("\n");
}

export function renderStatus(report: StatusReport): string {
  const rows = report.invitees.map((i) => [i.state, i.email, i.invitedAt, i.expiresAt, i.userId]);
  const lines =
    rows.length === 0
      ? ["no invitees"]
      : alignColumns([["state", "email", "invited", "link expires", "user"], ...rows]);
  const notes = report.notInvitees.map((n) => `not an invitee: ${n.email}: ${n.reason}`);
  const since = report.invitedSince;
  const cutoff =
    since === undefined
      ? []
      : [
          `invitees: users created since ${since.at} (${since.source === "recorded" ? "recorded by terraform when it first applied the login gate" : "loginGate.invitedSince"})`,
          "",
        ];
  const states = INVITEE_STATES;
  return [
    ...cutoff,
    ...lines,
    ...(notes.length === 0 ? [] : ["", ...notes]),
    "",
    table(
      [...states, "total"],
      [
        ...states.map((s) => String(report.counts[s])),
        String(states.reduce((n, s) => n + report.counts[s], 0)),
      ],
    ),
  ].join("\n");
}

function label(outcome: Outcome): string {
  return outcome.replace("would-", "would ");
}

/** A two-row table, each column as wide as its heading or value. */
function table(headings: readonly string[], values: readonly string[]): string {
  const widths = headings.map((h, i) => Math.max(h.length, values[i].length));
  return [
    headings.map((h, i) => h.padStart(widths[i])).join("  "),
    values.map((v, i) => v.padStart(widths[i])).join("  "),
  ].join("\n");
}

function alignColumns(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  return rows.map((row) =>
    row
      .map((cell, i) => cell.padEnd(widths[i]))
      .join("  ")
      .trimEnd(),
  );
}
