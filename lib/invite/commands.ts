// What each command does, in terms of the tenant's requests (lib/invite/tenant.ts) and the
// invitee rules (lib/invite/invitees.ts). No printing and no process: a command returns its
// report; lib/invite/run.ts renders it.
import type { Invitee } from "./input";
import {
  acceptedBecause,
  hasLoggedIn,
  type InviteeState,
  type InviteeStatus,
  type InviteTarget,
  notAnInviteeBecause,
  refusalOf,
  statusOf,
  type TenantUser,
} from "./invitees";
import type { Tenant } from "./tenant";

export type Outcome =
  | "created"
  | "existing"
  | "resent"
  | "revoked"
  | "skipped"
  | "failed"
  | "would-create"
  | "would-resend"
  | "would-revoke";

export interface RowResult {
  email: string;
  outcome: Outcome;
  userId?: string;
  /** Why it was skipped or failed, or what else there is to know. */
  detail?: string;
  /** Done, but something after it went wrong; counts as a failure for the exit code. */
  warning?: string;
  /** Skipped because the command refuses this user; counts as a failure for the exit code. */
  refused?: true;
}

export interface CommandDeps {
  tenant: Tenant;
  now: () => number;
  /** Rows worked on at once. */
  concurrency: number;
  /** A new password for each user created. */
  password: () => string;
  /** After each row. */
  progress?: (done: number, total: number) => void;
}

/** A command cannot run for this environment; nothing was sent. */
export class RefusedError extends Error {}

export async function addInvitees(
  target: InviteTarget,
  invitees: readonly Invitee[],
  deps: CommandDeps,
  dryRun: boolean,
): Promise<RowResult[]> {
  const refusal = refusalOf(target, { command: "add", listsAll: false }, deps.now());
  if (refusal !== undefined) throw new RefusedError(refusal);
  const existingDetail = `already a user of ${target.rules.connection}; nothing was sent (\`resend\` sends a new invitation if it was not accepted)`;
  return eachRow(
    invitees,
    deps,
    guarded(
      (invitee) => invitee.email,
      async (invitee) => {
        const { email } = invitee;
        if (dryRun) {
          const user = await deps.tenant.findByEmail(email);
          return user === undefined
            ? { email, outcome: "would-create" }
            : { email, outcome: "existing", userId: user.user_id, detail: existingDetail };
        }
        const password = deps.password();
        try {
          const result = await deps.tenant.createUser(invitee, password);
          return "created" in result
            ? { email, outcome: "created", userId: result.created }
            : { email, outcome: "existing", detail: existingDetail };
        } catch (error) {
          // An error that quoted the request would quote the password.
          return {
            email,
            outcome: "failed",
            detail: messageOf(error).split(password).join("[password]"),
          };
        }
      },
    ),
  );
}

/**
 * Sends the invitation again. With `language`, each named user's language is set to it first,
 * so the new invitation (and the pages after it) are in that language; otherwise each keeps
 * theirs.
 */
export async function resendInvitations(
  target: InviteTarget,
  who: { emails: readonly string[]; language?: string } | { expired: true },
  deps: CommandDeps,
  dryRun: boolean,
): Promise<RowResult[]> {
  // Before any row, also in a dry run: without the application nothing can be sent.
  await deps.tenant.applicationClientId();
  const language = "emails" in who ? who.language : undefined;
  const languageDetail =
    language === undefined
      ? {}
      : { detail: `language ${dryRun ? "would be " : ""}set to ${language}` };
  const send = async (user: TenantUser, email: string): Promise<RowResult> => {
    if (dryRun) return { email, outcome: "would-resend", userId: user.user_id, ...languageDetail };
    try {
      if (language !== undefined) await deps.tenant.recordLanguage(user.user_id, language);
      await deps.tenant.sendInvitation(email);
    } catch (error) {
      return { email, outcome: "failed", userId: user.user_id, detail: messageOf(error) };
    }
    try {
      await deps.tenant.recordResent(user.user_id, new Date(deps.now()).toISOString());
    } catch (error) {
      return {
        email,
        outcome: "resent",
        userId: user.user_id,
        warning: `the invitation was sent, but recording when failed (${messageOf(error)}), so status still counts the link from the earlier invitation`,
      };
    }
    return { email, outcome: "resent", userId: user.user_id, ...languageDetail };
  };

  if ("expired" in who) {
    const expired = (await listInvitees(target, "resend", deps)).filter(
      ({ status }) => status.state === "expired",
    );
    return eachRow(expired, deps, ({ user, status }) => send(user, status.email));
  }
  return eachRow(
    who.emails,
    deps,
    guarded(
      (email) => email,
      async (email) => {
        const user = await deps.tenant.findByEmail(email);
        const skip = (detail: string): RowResult => ({
          email,
          outcome: "skipped",
          refused: true,
          ...(user === undefined ? {} : { userId: user.user_id }),
          detail,
        });
        if (user === undefined) return skip(`not a user of ${target.rules.connection}`);
        const accepted = acceptedBecause(user);
        if (accepted !== undefined) {
          return skip(
            `has accepted the invitation (${accepted}); they can reset their password themselves`,
          );
        }
        const notInvitee = notAnInviteeBecause(user, target);
        if (notInvitee !== undefined) return skip(`not an invitee: ${notInvitee}`);
        return send(user, email);
      },
    ),
  );
}

export async function revokeInvitations(
  target: InviteTarget,
  emails: readonly string[],
  deps: CommandDeps,
  dryRun: boolean,
): Promise<RowResult[]> {
  return eachRow(
    emails,
    deps,
    guarded(
      (email) => email,
      async (email) => {
        const user = await deps.tenant.findByEmail(email);
        if (user === undefined) {
          // Nothing to revoke: what revoke is for is done, so a re-run of it succeeds.
          return {
            email,
            outcome: "skipped",
            detail: `not a user of ${target.rules.connection}; nothing to revoke`,
          };
        }
        const userId = user.user_id;
        const refuse = (detail: string): RowResult => ({
          email,
          outcome: "skipped",
          refused: true,
          userId,
          detail,
        });
        const accepted = acceptedBecause(user);
        if (accepted !== undefined) {
          return refuse(
            `has accepted the invitation (${accepted}); revoke only deletes invitations nobody accepted`,
          );
        }
        if (hasLoggedIn(user)) {
          return refuse("has logged in; revoke only deletes invitees who never did");
        }
        const notInvitee = notAnInviteeBecause(user, target);
        if (notInvitee !== undefined) return refuse(`not an invitee: ${notInvitee}`);
        if (dryRun) return { email, outcome: "would-revoke", userId };
        try {
          await deps.tenant.deleteUser(userId);
          return { email, outcome: "revoked", userId };
        } catch (error) {
          return { email, outcome: "failed", userId, detail: messageOf(error) };
        }
      },
    ),
  );
}

export interface StatusReport {
  /** The gate's cutoff: users of the connection created before it are not invitees. */
  invitedSince?: { at: string; source: "environment" | "recorded" };
  invitees: InviteeStatus[];
  /** Per state, over every invitee found (before the state filter). */
  counts: Record<InviteeState, number>;
  /** Named addresses that are no invitee of the connection, with why. */
  notInvitees: { email: string; reason: string }[];
}

export async function inviteeStatus(
  target: InviteTarget,
  emails: readonly string[],
  states: readonly InviteeState[],
  deps: CommandDeps,
): Promise<StatusReport> {
  const found: InviteeStatus[] = [];
  const notInvitees: StatusReport["notInvitees"] = [];
  if (emails.length === 0) {
    for (const { status } of await listInvitees(target, "status", deps)) found.push(status);
  } else {
    const users = await eachRow(emails, deps, (email) => deps.tenant.findByEmail(email));
    users.forEach((user, index) => {
      const email = emails[index];
      const reason =
        user === undefined
          ? `not a user of ${target.rules.connection}`
          : notAnInviteeBecause(user, target);
      if (reason !== undefined) notInvitees.push({ email, reason });
      else if (user !== undefined) found.push(statusOf(user, target, deps.now()));
    });
  }
  const counts: Record<InviteeState, number> = { pending: 0, expired: 0, accepted: 0 };
  for (const invitee of found) counts[invitee.state]++;
  return {
    ...(target.invitedSinceMs === undefined || target.invitedSinceSource === undefined
      ? {}
      : {
          invitedSince: {
            at: new Date(target.invitedSinceMs).toISOString(),
            source: target.invitedSinceSource,
          },
        }),
    invitees: states.length === 0 ? found : found.filter((i) => states.includes(i.state)),
    counts,
    notInvitees,
  };
}

/** Every invitee of the connection (refused where they cannot be told from other users). */
async function listInvitees(
  target: InviteTarget,
  command: "status" | "resend",
  deps: CommandDeps,
): Promise<{ user: TenantUser; status: InviteeStatus }[]> {
  const refusal = refusalOf(target, { command, listsAll: true }, deps.now());
  if (refusal !== undefined) throw new RefusedError(refusal);
  const now = deps.now();
  return (await deps.tenant.listConnectionUsers(target.invitedSinceMs))
    .filter((user) => notAnInviteeBecause(user, target) === undefined)
    .map((user) => ({ user, status: statusOf(user, target, now) }));
}

/** Runs `work` on every item, at most `deps.concurrency` at once; results in input order. */
async function eachRow<T, R>(
  items: readonly T[],
  deps: CommandDeps,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]);
      deps.progress?.(++done, items.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(deps.concurrency, items.length) }, worker));
  return results;
}

/** A row whose lookup failed is a failed row; the others go on. */
function guarded<T>(
  emailOf: (item: T) => string,
  work: (item: T) => Promise<RowResult>,
): (item: T) => Promise<RowResult> {
  return (item) =>
    work(item).catch((error: unknown) => ({
      email: emailOf(item),
      outcome: "failed" as const,
      detail: messageOf(error),
    }));
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
