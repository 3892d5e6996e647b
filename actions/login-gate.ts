// Post-login Action: an invitee cannot log in with a password until they have accepted the
// invitation. The admin who created the user typed (or the CLI generated) a first password;
// without this gate that password works until the invitee sets their own. Accepting the
// invitation (completing the reset) verifies the address, and from then on the gate lets the
// user through.
//
// Bundled with invitation.ts (the rule of who is invited, shared with send-invite.ts) into
// `auth0_action.code`; no npm package, no network call. See actions/README.md.
import type { LoginApi, LoginEvent } from "./auth0-event";
import { type InvitationRules, notInvitedBecause, parseSkipDomains } from "./invitation";

const LOG = "login-gate:";

/** Shown to the person at the login (the app receives it as error_description). */
export const DENIED_MESSAGE =
  "Your account is not set up yet. Choose your password with the link in your invitation " +
  "email, then log in. If you cannot find the email or its link has expired, ask the person " +
  "who invited you to send a new invitation.";

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

interface Config extends InvitationRules {
  /** Users created before this (epoch ms) are never gated; undefined gates every invitee. */
  invitedSince?: number;
}

export const onExecutePostLogin = async (event: LoginEvent, api: LoginApi): Promise<void> => {
  const connection = (event.secrets.CONNECTION_NAME ?? "").trim();
  // Without it no login can be told apart; this cannot come from the stack, only from an edit
  // in the dashboard, and failing every login makes it impossible to miss.
  if (connection === "") fail("missing required secret CONNECTION_NAME; set it on the Action");
  // Other connections are never touched, whatever else is wrong with the configuration.
  if (event.connection.name !== connection) return;
  if (!isPasswordLogin(event)) return;

  const config = readConfig(event.secrets, connection);
  const { user } = event;
  if (notInvitedBecause(user, event.connection.name, config) !== undefined) return;
  if (config.invitedSince !== undefined) {
    const createdAt = Date.parse(user.created_at ?? "");
    if (Number.isNaN(createdAt)) {
      // Never lock out someone who may predate the flow.
      console.log(`${LOG} let user ${user.user_id} in: no usable created_at to compare`);
      return;
    }
    if (createdAt < config.invitedSince) return;
  }
  console.log(
    `${LOG} denied password login for user ${user.user_id}: invitation not accepted yet (email not verified)`,
  );
  api.access.deny(DENIED_MESSAGE);
};

// A password typed at the login page (method "pwd"), or sent in a password grant, whose
// event may not list the method. Passkeys, email codes and refresh-token exchanges (which list
// no methods) are not: a refresh token exists only after a login the gate let through.
function isPasswordLogin(event: LoginEvent): boolean {
  const protocol = event.transaction?.protocol;
  if (protocol === "oauth2-password" || protocol === "oauth2-resource-owner") return true;
  return (event.authentication?.methods ?? []).some((method) => method.name === "pwd");
}

function readConfig(secrets: Record<string, string | undefined>, connection: string): Config {
  const since = (secrets.INVITED_SINCE ?? "").trim();
  let invitedSince: number | undefined;
  if (since !== "") {
    invitedSince = TIMESTAMP.test(since) ? Date.parse(since) : Number.NaN;
    if (Number.isNaN(invitedSince)) {
      fail(
        `secret INVITED_SINCE must be a UTC time such as 2026-12-01T09:00:00Z, got "${since.slice(0, 40)}"`,
      );
    }
  }
  return { connection, skipDomains: parseSkipDomains(secrets.SKIP_EMAIL_DOMAINS), invitedSince };
}

function fail(message: string): never {
  console.error(`${LOG} ${message}`);
  throw new Error(`${LOG} ${message}`);
}
