// The shape of a plan summary, shared by the summarizer, the guard and the renderings.
import type { AttributeChange } from "./attributes";
import type { PlanAction } from "./format";

/**
 * What happens to one resource instance. `replace` covers both orders; `move` is a change of
 * address alone (a `moved` block), which Terraform does not count.
 */
export type ChangeAction =
  | "create"
  | "update"
  | "replace"
  | "delete"
  | "import"
  | "import+update"
  | "forget"
  | "forget+create"
  | "move";

export interface ResourceChangeSummary {
  readonly address: string;
  readonly type: string;
  readonly name: string;
  readonly action: ChangeAction;
  /** `change.actions` as Terraform wrote it. */
  readonly planActions: readonly PlanAction[];
  /** Attribute paths that change (none for delete, forget, import without update, move). */
  readonly attributes: AttributeChange[];
  /** For a replace: the attribute paths that force it (`replace_paths`), possibly none. */
  readonly replacePaths: string[];
  /** For a replace: the new object is created before the old one is destroyed. */
  readonly createBeforeDestroy: boolean;
  /** Set when the change imports: the import id, or null when the plan has none (unknown, or an import by identity). */
  readonly importId?: string | null;
  readonly previousAddress?: string;
  /** Set for a leftover (deposed) object of an earlier create-before-destroy replacement. */
  readonly deposed?: string;
  /** Terraform's `action_reason`, e.g. `delete_because_no_resource_config`. */
  readonly reason?: string;
  /**
   * For an email template that is created or changes: the languages whose email reads
   * differently after the apply (all of them when a setting every language shares changes).
   */
  readonly languages?: readonly string[];
}

export interface DriftSummary {
  readonly address: string;
  readonly action: ChangeAction;
}

export interface OutputChangeSummary {
  readonly name: string;
  readonly action: "create" | "update" | "delete";
}

/** As in Terraform's "Plan:" line, except that a replacement counts once, as a replace. */
export interface PlanCounts {
  readonly import: number;
  readonly add: number;
  readonly change: number;
  readonly replace: number;
  readonly destroy: number;
  readonly forget: number;
}

export type GuardRule =
  | "connection-destroy"
  | "client-destroy"
  | "email-provider-destroy"
  | "bound-action-delete"
  | "gate-cutoff-replace";

export interface GuardViolation {
  readonly rule: GuardRule;
  /** The resource that must not go (for bound-action-delete: the Action). */
  readonly address: string;
  /** Every address involved, the offending one first. */
  readonly addresses: string[];
  /** What would happen and what to do instead, for the operator. */
  readonly message: string;
}

export interface PlanSummary {
  readonly environment: string;
  readonly formatVersion: string;
  readonly terraformVersion?: string;
  /** Changes in display order: the destructive ones first, then by address. */
  readonly changes: ResourceChangeSummary[];
  readonly counts: PlanCounts;
  /** Objects changed outside Terraform since the last apply (`resource_drift`). */
  readonly drift: DriftSummary[];
  readonly outputChanges: OutputChangeSummary[];
  /** Terraform stopped planning on an error; the changes listed are incomplete. */
  readonly errored: boolean;
}
