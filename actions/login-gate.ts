// Post-login Action: an invitee cannot log in with a password until they have accepted the
// invitation. The admin who created the user typed (or the CLI generated) a first password;
// without this gate that password works until the invitee sets their own. Accepting the
// invitation (completing the reset) sets last_password_reset, and may mark the address
// verified; from then on the gate lets the user through (invitation.ts: acceptedBecause).
// When only last_password_reset shows it, the gate records the acceptance in app_metadata,
// where the email template can see it.
//
// Bundled with invitation.ts (the rule of who is invited, shared with send-invite.ts) and
// language.ts (which language a user reads) into `auth0_action.code`, with the refusal in every
// catalogue language; no npm package, no network call. See actions/README.md.
import type { LOGIN_GATE } from "../lib/action/contract";
import type { EventUser, LoginApi, LoginEvent } from "./auth0-event";
import {
  ACCEPTED_MARKER,
  acceptedBecause,
  acceptedOnlyByPassword,
  notInvitedBecause,
  parseSkipDomains,
  parseUtcTime,
} from "./invitation";
import { DEFAULT_LANGUAGES, languageFor, parseLanguages } from "./language";

/**
 * The texts the gate shows, by catalogue key and language: put in by the build (lib/action),
 * from email-templates/messages/<language>.json, so translators edit them with the emails.
 */
declare const MESSAGES: {
  readonly login_gate_denied: Readonly<Record<string, string>>;
};

const LOG: typeof LOGIN_GATE.log = "login-gate:";

/**
 * Shown to the person at the login (the app receives it as error_description), in their
 * language among the environment's (LANGUAGES; the default when theirs is not one). A
 * LANGUAGES edited in the dashboard to name languages without a text falls back the same way:
 * the wording can never stop the gate.
 */
function deniedMessage(user: EventUser, languagesSecret: string | undefined): string {
  const texts = MESSAGES.login_gate_denied;
  const languages = parseLanguages(languagesSecret).filter((language) => language in texts);
  const served = languages.length > 0 ? languages : DEFAULT_LANGUAGES;
  return texts[languageFor(user.user_metadata, served)] ?? Object.values(texts)[0];
}

export const onExecutePostLogin = async (event: LoginEvent, api: LoginApi): Promise<void> => {
  const { user } = event;
  // The gate must never lock out someone it was not meant for. Whatever is wrong with its own
  // configuration (only an edit in the dashboard can do that: the stack never synthesizes it)
  // lets the login through and says so, as an error, in the execution's log.
  const connection = (event.secrets.CONNECTION_NAME ?? "").trim();
  if (connection === "") {
    return letInBecause(user.user_id, "secret CONNECTION_NAME is missing; set it on the Action");
  }
  if (event.connection.name !== connection) return;
  if (!isPasswordLogin(event)) return;
  const rules = { connection, skipDomains: parseSkipDomains(event.secrets.SKIP_EMAIL_DOMAINS) };
  if (notInvitedBecause(user, event.connection.name, rules) !== undefined) return;
  if (acceptedBecause(user) !== undefined) {
    if (acceptedOnlyByPassword(user)) {
      api.user.setAppMetadata(ACCEPTED_MARKER, true);
      console.log(`${LOG} user ${user.user_id} accepted the invitation; recorded in app_metadata`);
    }
    return;
  }

  const since = (event.secrets.INVITED_SINCE ?? "").trim();
  if (since !== "") {
    const cutoff = parseUtcTime(since);
    if (cutoff === undefined) {
      return letInBecause(
        user.user_id,
        `secret INVITED_SINCE must be a UTC time such as 2026-12-01T09:00:00Z, got "${since.slice(0, 40)}"`,
      );
    }
    const createdAt = Date.parse(user.created_at ?? "");
    // Users from before the cutoff predate the flow; one whose age is unknown may too.
    if (Number.isNaN(createdAt)) {
      console.log(`${LOG} let user ${user.user_id} in: no usable created_at to compare`);
      return;
    }
    if (createdAt < cutoff) return;
  }
  console.log(
    `${LOG} denied password login for user ${user.user_id}: invitation not accepted yet (no password set since the invitation, email not verified)`,
  );
  api.access.deny(deniedMessage(user, event.secrets.LANGUAGES));
};

// A password typed at the login page (method "pwd"), or sent in a password grant, whose event
// may not list the method. Passkeys, email codes and refresh-token exchanges are not: a refresh
// token exists only after a login the gate let through, whatever methods its event lists.
function isPasswordLogin(event: LoginEvent): boolean {
  const protocol = event.transaction?.protocol;
  if (protocol === "oauth2-refresh-token") return false;
  if (protocol === "oauth2-password" || protocol === "oauth2-resource-owner") return true;
  return (event.authentication?.methods ?? []).some((method) => method.name === "pwd");
}

function letInBecause(userId: string, problem: string): void {
  console.error(`${LOG} let user ${userId} in: ${problem}`);
}
