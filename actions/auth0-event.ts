// Types only (erased from the built Actions): the parts of Auth0's events and api objects that
// the Actions read, shared with the tests that build such events. The secrets are those each
// Action's contract (lib/action) declares.
import type { ActionSecrets, INVITE_ACTION, LOGIN_GATE } from "../lib/action/contract";

/** The user fields both triggers carry and the invitation rule reads. */
export interface EventUser {
  user_id: string;
  email?: string;
  email_verified?: boolean;
  app_metadata?: Record<string, unknown>;
  /** The user's own settings; `language` (actions/language.ts) chooses their messages. */
  user_metadata?: Record<string, unknown>;
  /** ISO 8601, e.g. "2026-12-01T10:00:00.000Z". */
  created_at?: string;
  /**
   * ISO 8601: the last time the password was reset or changed. Absent at creation; database
   * connections only (Auth0's post-login event and user profile).
   */
  last_password_reset?: string;
}

/** Post-user-registration (v2). */
export interface RegistrationEvent {
  user: EventUser;
  connection: { name: string };
  secrets: ActionSecrets<typeof INVITE_ACTION>;
}

/** Post-login (v3). */
export interface LoginEvent {
  user: EventUser;
  connection: { name: string; strategy?: string };
  /** How the user proved who they are in this transaction; "pwd" is a password. */
  authentication?: { methods?: { name: string; timestamp?: string }[] };
  transaction?: { protocol?: string };
  secrets: ActionSecrets<typeof LOGIN_GATE>;
}

/** The part of the post-login `api` the gate uses. */
export interface LoginApi {
  access: { deny(reason: string): unknown };
  user: { setAppMetadata(key: string, value: unknown): unknown };
}
