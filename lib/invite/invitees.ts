// Who on the tenant is an invitee, and where each invitee stands. The rule of who is invited is
// the Actions' own (actions/invitation.ts); the link lifetime and the gate's cutoff come from
// the environment file.
import {
  acceptedBecause,
  type InvitationRules,
  notInvitedBecause,
  parseUtcTime,
} from "../../actions/invitation";
import { invitedSinceProblem, type LoadedEnvironment } from "../environment";

/** What the CLI needs to know about an environment, taken from its validated file only. */
export interface InviteTarget {
  environment: string;
  file: string;
  /** The tenant: only ever from the environment file. */
  domain: string;
  /** customDomain: named on the requests about users, and where invitations are re-sent. */
  customDomain?: string;
  rules: InvitationRules;
  /** email.linkLifetimeSeconds: how long an invitation link works. */
  linkLifetimeSeconds: number;
  /** loginGate.invitedSince as written, when the file sets it. */
  invitedSince?: string;
  /**
   * The gate's cutoff as epoch ms: users created before it are not invitees. The file's
   * loginGate.invitedSince, or the time terraform recorded when it first applied the gate.
   */
  invitedSinceMs?: number;
  /** Where the cutoff comes from, for the report. */
  invitedSinceSource?: "environment" | "recorded";
  /** Why the cutoff terraform records could not be read (it was not applied yet, ...). */
  cutoffUnknownBecause?: string;
  /** The connection existed before the stack (connection.id is set): it has other users. */
  adoptedConnection: boolean;
  inviteState: string;
  requiresUsername: boolean;
  passwordMinLength: number;
  /** How the change-password request names the application. */
  application: LoadedEnvironment["config"]["application"];
}

/**
 * `recorded`: when the environment leaves the cutoff to terraform (recordsGateCutoff), the
 * value its state holds, or why it could not be read.
 */
export function targetOf(
  { name, file, config }: LoadedEnvironment,
  recorded?: { value: unknown } | { missing: string },
): InviteTarget {
  const { connection, application, loginGate } = config;
  const recordedMs =
    recorded !== undefined && "value" in recorded && typeof recorded.value === "string"
      ? parseUtcTime(recorded.value)
      : undefined;
  const invitedSinceMs =
    loginGate.invitedSince === undefined ? recordedMs : parseUtcTime(loginGate.invitedSince);
  const cutoff =
    loginGate.invitedSince !== undefined
      ? { invitedSinceSource: "environment" as const }
      : recordedMs !== undefined
        ? { invitedSinceSource: "recorded" as const }
        : recorded === undefined
          ? {}
          : {
              cutoffUnknownBecause:
                "missing" in recorded
                  ? recorded.missing
                  : `the recorded value ${JSON.stringify(recorded.value)} is not a UTC time`,
            };
  return {
    environment: name,
    file,
    domain: config.domain,
    ...(config.customDomain === undefined ? {} : { customDomain: config.customDomain }),
    rules: {
      connection: connection.name,
      skipDomains: config.invite.skipEmailDomains.map((d) => d.toLowerCase()),
    },
    linkLifetimeSeconds: config.email.linkLifetimeSeconds,
    ...(invitedSinceMs === undefined ? {} : { invitedSinceMs }),
    ...(loginGate.invitedSince === undefined ? {} : { invitedSince: loginGate.invitedSince }),
    ...cutoff,
    adoptedConnection: connection.id !== undefined,
    inviteState: config.invite.state,
    requiresUsername: connection.requiresUsername,
    passwordMinLength: connection.passwordPolicy.minLength,
    application,
  };
}

/** What a command is asked to do, as far as the environment alone can refuse it. */
export interface CommandScope {
  command: "add" | "status" | "resend" | "revoke";
  /** Every invitee of the connection (status without addresses, resend --expired). */
  listsAll: boolean;
}

/**
 * Why the command cannot run for this environment, found from its file alone, or undefined.
 * The CLI asks before it reads credentials, so a refusal needs none; each command asks again.
 */
export function refusalOf(
  target: InviteTarget,
  { command, listsAll }: CommandScope,
  nowMs: number,
): string | undefined {
  if (command === "add") {
    if (target.inviteState !== "bound") {
      return `invite.state is "${target.inviteState}" in ${target.file}, so the invite Action does not run for new users on ${target.domain}: a user created now would get no invitation. Nothing was created.`;
    }
    if (target.requiresUsername) {
      return `connection.requiresUsername is true in ${target.file}: users of ${target.rules.connection} need a username, and invitees are created by email address only. Nothing was created.`;
    }
    if (
      target.invitedSince !== undefined &&
      invitedSinceProblem(target.invitedSince, nowMs) !== undefined
    ) {
      return `loginGate.invitedSince in ${target.file} is ${new Date(target.invitedSinceMs ?? 0).toISOString()}, in the future: users created now would not count as invitees (the login gate would not hold them back, and status and resend would not know them). Nothing was created.`;
    }
  }
  // On a connection the stack adopted, the users who were there before the flow are only told
  // apart from invitees by loginGate.invitedSince, so without it there is no list: a "re-send
  // to everyone expired" would mail every old unverified user.
  if (listsAll && target.adoptedConnection && target.invitedSinceMs === undefined) {
    const recorded =
      target.cutoffUnknownBecause === undefined
        ? ""
        : `, and the cutoff terraform records when it first applies the gate could not be read (${target.cutoffUnknownBecause})`;
    return `${target.file} adopts an existing connection (connection.id) and sets no loginGate.invitedSince${recorded}, so its users who were there before the invitation flow cannot be told apart from invitees. Apply the environment (docs/adopting.md), or name the addresses.`;
  }
  return undefined;
}

/** The fields of a user the CLI reads; all it asks the Management API for. */
export interface TenantUser {
  user_id: string;
  email?: string;
  email_verified?: boolean;
  created_at?: string;
  /** Absent until the password is reset or changed: the invitee accepted. */
  last_password_reset?: string;
  last_login?: string;
  logins_count?: number;
  app_metadata?: Record<string, unknown>;
  identities?: { connection?: string }[];
}

export const USER_FIELDS = [
  "user_id",
  "email",
  "email_verified",
  "created_at",
  "last_password_reset",
  "last_login",
  "logins_count",
  "app_metadata",
  "identities",
] as const;

/** Set by `resend` when it asked for a new link: the last invitation is the newer of it and created_at. */
export const RESENT_AT = "invite_resent_at";

export type InviteeState = "pending" | "expired" | "accepted";
export const INVITEE_STATES: readonly InviteeState[] = ["pending", "expired", "accepted"];

export interface InviteeStatus {
  email: string;
  userId: string;
  state: InviteeState;
  /** ISO time of the last invitation: creation, or the last re-send. */
  invitedAt: string;
  /** ISO time the last link stops working (also for accepted users: when it would have). */
  expiresAt: string;
  lastLogin?: string;
}

export { acceptedBecause };

export function inConnection(user: TenantUser, connection: string): boolean {
  return (user.identities ?? []).some((identity) => identity.connection === connection);
}

/**
 * Why this user of the connection is not an invitee, or undefined when they are: the Actions'
 * rule, whatever the email's state (an accepted invitee is still an invitee), and created at
 * or after loginGate.invitedSince when that is set.
 */
export function notAnInviteeBecause(user: TenantUser, target: InviteTarget): string | undefined {
  const connection = inConnection(user, target.rules.connection)
    ? target.rules.connection
    : "another connection";
  const rule = notInvitedBecause(user, connection, target.rules);
  if (rule !== undefined) return rule;
  const createdMs = timeOf(user.created_at);
  if (
    target.invitedSinceMs !== undefined &&
    (createdMs === undefined || createdMs < target.invitedSinceMs)
  ) {
    return target.invitedSinceSource === "recorded"
      ? "created before the login gate was first applied, so not invited by this flow"
      : "created before loginGate.invitedSince, so not invited by this flow";
  }
  return undefined;
}

/** Where an invitee stands at `nowMs`. */
export function statusOf(user: TenantUser, target: InviteTarget, nowMs: number): InviteeStatus {
  const created = timeOf(user.created_at) ?? 0;
  const resent = timeOf(user.app_metadata?.[RESENT_AT]);
  const invitedMs = resent !== undefined && resent > created ? resent : created;
  const expiresMs = invitedMs + target.linkLifetimeSeconds * 1000;
  // The Actions' rule of acceptance: true whether or not the reset marked the email verified.
  const state: InviteeState =
    acceptedBecause(user) !== undefined ? "accepted" : nowMs >= expiresMs ? "expired" : "pending";
  return {
    email: user.email ?? "",
    userId: user.user_id,
    state,
    invitedAt: new Date(invitedMs).toISOString(),
    expiresAt: new Date(expiresMs).toISOString(),
    ...(user.last_login === undefined ? {} : { lastLogin: user.last_login }),
  };
}

/** Whether the user has ever logged in: then deleting them is not undoing a typo. */
export function hasLoggedIn(user: TenantUser): boolean {
  return (user.logins_count ?? 0) > 0 || user.last_login !== undefined;
}

function timeOf(value: unknown): number | undefined {
  if (typeof value !== "string") return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}
