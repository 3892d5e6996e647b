// Who this flow invites: stated once, for the Action that sends the invitation and the gate
// that keeps an invitee out until they have accepted it. Bundled into both Actions.
import type { EventUser } from "./auth0-event";

export interface InvitationRules {
  /** The database connection whose new users are invited (CONNECTION_NAME). */
  connection: string;
  /** Lower-case email domains never invited (SKIP_EMAIL_DOMAINS). */
  skipDomains: string[];
}

/** SKIP_EMAIL_DOMAINS: comma-separated; spaces, a leading @ and case do not matter. */
export function parseSkipDomains(secret: string | undefined): string[] {
  return (secret ?? "")
    .split(",")
    .map((d) => d.trim().replace(/^@/, "").toLowerCase())
    .filter((d) => d !== "");
}

/**
 * A UTC time as ISO 8601 with a Z, to the second or the millisecond (`2026-12-01T09:00:00Z`),
 * as epoch milliseconds; undefined for anything else, impossible dates included. The format
 * of loginGate.invitedSince, checked by the environment schema and again by the gate.
 */
export function parseUtcTime(text: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/.test(text)) return undefined;
  const ms = Date.parse(text);
  // Date.parse rolls 2026-02-30 over into March; a real date reads back unchanged.
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 19) !== text.slice(0, 19)) {
    return undefined;
  }
  return ms;
}

/**
 * Why the flow does not invite this user, or undefined when it does: a user of the
 * connection, not opted out, with an email address not in a skipped domain. Whether they
 * have accepted already is `acceptedBecause`.
 */
export function notInvitedBecause(
  user: EventUser,
  connectionName: string,
  rules: InvitationRules,
): string | undefined {
  if (connectionName !== rules.connection) {
    return `connection ${connectionName} is not ${rules.connection}`;
  }
  if (user.app_metadata?.invite === false) return "app_metadata.invite is false";
  if (typeof user.email !== "string" || user.email.trim() === "") return "no email address";
  const domain = user.email.slice(user.email.lastIndexOf("@") + 1).toLowerCase();
  // The domain is not logged: a personal domain identifies its owner.
  if (rules.skipDomains.includes(domain)) return "email domain is listed in SKIP_EMAIL_DOMAINS";
  return undefined;
}

/**
 * The `app_metadata` key the login gate sets on an invitee who accepted without Auth0 marking
 * the email verified. The email template cannot see `last_password_reset` (it is not among the
 * variables Auth0 gives templates), so this is how the template, and anyone else reading the
 * profile, tells an accepted invitee from a new one.
 */
export const ACCEPTED_MARKER = "invitation_accepted";

/**
 * Why this user has accepted the invitation (chosen a password of their own), or undefined
 * while they have not. The one rule of acceptance, true whether or not completing the reset
 * marks the email verified (Auth0's sources disagree):
 * - the email is verified (a reset that verifies it, or a user who arrived verified);
 * - the gate marked them accepted (`ACCEPTED_MARKER`);
 * - their password was reset or changed after they were created: `last_password_reset` does
 *   not exist at creation, so the admin's first password never counts.
 */
export function acceptedBecause(user: EventUser): string | undefined {
  if (user.email_verified === true) return "email already verified";
  if (user.app_metadata?.[ACCEPTED_MARKER] === true) return "invitation accepted";
  if (passwordChangedAfterCreation(user)) return "password set after the invitation";
  return undefined;
}

/** Whether acceptance shows only in `last_password_reset`, which the gate then records. */
export function acceptedOnlyByPassword(user: EventUser): boolean {
  return (
    user.email_verified !== true &&
    user.app_metadata?.[ACCEPTED_MARKER] !== true &&
    passwordChangedAfterCreation(user)
  );
}

function passwordChangedAfterCreation(user: EventUser): boolean {
  const reset = Date.parse(user.last_password_reset ?? "");
  if (Number.isNaN(reset)) return false;
  const created = Date.parse(user.created_at ?? "");
  // Without a creation time, the field's presence is the signal: it is absent at creation.
  return Number.isNaN(created) || reset > created;
}
