// The subset of Terraform's JSON plan format (`terraform show -json <planfile>`) the summary
// reads. Objects are loose: the format promises additive minor versions, and a real plan carries
// planned_values, prior_state, configuration, ... which are none of our business.
import * as v from "valibot";
import { fieldPath } from "../../text/field-path";

/** The input is not the JSON plan format this module understands; the message says why. */
export class PlanFormatError extends Error {
  constructor(
    message: string,
    readonly problems: readonly string[] = [],
  ) {
    super(message);
    this.name = "PlanFormatError";
  }
}

/** The verbs Terraform 1.x writes into `change.actions` ("forget" since 1.7). */
export const PLAN_ACTIONS = ["no-op", "create", "read", "update", "delete", "forget"] as const;
export type PlanAction = (typeof PLAN_ACTIONS)[number];

const actions = v.pipe(
  v.array(
    v.picklist(
      PLAN_ACTIONS,
      (issue) =>
        // An unknown verb could be a new way of destroying something: refusing beats guessing.
        `unknown action ${issue.received} (this summary knows ${PLAN_ACTIONS.join(", ")}); update lib/operate/plan/format.ts before trusting the plan`,
    ),
  ),
  v.minLength(1, "is empty; every change names at least one action"),
);

const path = v.array(v.union([v.string(), v.number()], "path steps are strings or numbers"));

const change = v.looseObject({
  actions,
  // Values are never validated or printed: they are whatever the provider holds, secrets too.
  before: v.optional(v.unknown()),
  after: v.optional(v.unknown()),
  after_unknown: v.optional(v.unknown()),
  before_sensitive: v.optional(v.unknown()),
  after_sensitive: v.optional(v.unknown()),
  replace_paths: v.nullish(v.array(path)),
  importing: v.nullish(
    v.looseObject({
      id: v.optional(v.string()),
      unknown: v.optional(v.boolean()),
    }),
  ),
});

const resourceChange = v.looseObject({
  address: v.pipe(v.string(), v.nonEmpty("is empty")),
  previous_address: v.optional(v.string()),
  module_address: v.optional(v.string()),
  mode: v.picklist(["managed", "data"]),
  type: v.pipe(v.string(), v.nonEmpty("is empty")),
  name: v.string(),
  deposed: v.optional(v.string()),
  action_reason: v.optional(v.string()),
  change,
});

const outputChange = v.looseObject({ actions });

const plan = v.looseObject({
  format_version: v.pipe(
    v.string(),
    v.regex(/^\d+\.\d+$/, (issue) => `expected "<major>.<minor>", got ${issue.received}`),
    v.check(
      // The regex above reports malformed versions; this one only judges the major.
      (version) => !/^\d+\.\d+$/.test(version) || version.split(".")[0] === "1",
      (issue) =>
        `${issue.received} is not supported: this summary reads the JSON plan format 1.x, and a new major version is incompatible by definition`,
    ),
  ),
  terraform_version: v.optional(v.string()),
  // Terraform omits these when empty (Go `omitempty`), so absent means "none".
  resource_changes: v.nullish(v.array(resourceChange)),
  resource_drift: v.nullish(v.array(resourceChange)),
  output_changes: v.nullish(v.record(v.string(), outputChange)),
  errored: v.optional(v.boolean()),
  complete: v.optional(v.boolean()),
  applyable: v.optional(v.boolean()),
});

export type JsonPlan = v.InferOutput<typeof plan>;
export type JsonResourceChange = v.InferOutput<typeof resourceChange>;

const MAX_LISTED_PROBLEMS = 5;
const SOURCE = "terraform show -json <planfile>";

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : typeof value;
}

const formatPath = (issue: v.BaseIssue<unknown>) =>
  fieldPath((issue.path ?? []).map((step) => step.key));

function formatIssue(issue: v.BaseIssue<unknown>): string {
  // A missing key is reported by the object schema; say so plainly rather than "invalid key".
  if (issue.received === "undefined" && /object$/.test(issue.type)) {
    return `${formatPath(issue)}: is missing`;
  }
  // valibot's own messages quote the received value: keep it short, it is never a plan value
  // (before/after are not validated) but a verb, an address or a version.
  const message = issue.message.length > 200 ? `${issue.message.slice(0, 200)}...` : issue.message;
  return `${formatPath(issue)}: ${message}`;
}

/** Checks `input` (the parsed JSON, or its text) and returns the plan; throws PlanFormatError. */
export function parsePlan(input: unknown): JsonPlan {
  let data = input;
  if (typeof data === "string") {
    try {
      data = JSON.parse(data);
    } catch (error) {
      throw new PlanFormatError(
        `Not a Terraform JSON plan: the text is not JSON (${(error as Error).message}). Pass the output of \`${SOURCE}\`.`,
      );
    }
  }
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    throw new PlanFormatError(
      `Not a Terraform JSON plan: expected the object \`${SOURCE}\` prints, got ${describe(data)}.`,
    );
  }
  const record = data as Record<string, unknown>;
  // `terraform show -json` of a state file also has format_version 1.x; without this check it
  // would pass as a plan with no changes and the guard would wave it through.
  if ("values" in record && !("planned_values" in record) && !("resource_changes" in record)) {
    throw new PlanFormatError(
      `Not a Terraform JSON plan: this is a state (it has "values" but no "planned_values"); run \`${SOURCE}\` on the file written by \`terraform plan -out <planfile>\`.`,
    );
  }
  const result = v.safeParse(plan, record);
  if (!result.success) {
    const problems = result.issues.map(formatIssue);
    const listed = problems.slice(0, MAX_LISTED_PROBLEMS);
    const more = problems.length - listed.length;
    throw new PlanFormatError(
      [
        `Not a Terraform JSON plan as \`${SOURCE}\` writes it (format 1.x):`,
        ...listed.map((p) => `  - ${p}`),
        ...(more > 0 ? [`  - ... and ${more} more`] : []),
      ].join("\n"),
      problems,
    );
  }
  return result.output;
}
