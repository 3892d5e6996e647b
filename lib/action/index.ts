// The Actions as the stack consumes them: their code and the secret names each reads. Files
// are read only when these functions are called (by the app's edge).
import { readMessages } from "../email-templates/messages";
import { buildActionCode } from "./build";

/** What the stack needs to know of an Action besides its code. */
export interface ActionSource {
  /** The TypeScript, relative to the repository root. */
  readonly source: string;
  /** The `event.secrets` names the code reads. */
  readonly secrets: { readonly required: readonly string[]; readonly optional: readonly string[] };
  /**
   * Catalogue keys (email-templates/messages/) the code shows, bundled into it as `MESSAGES`:
   * by key, the text in every catalogue language.
   */
  readonly messages?: readonly string[];
}

/** actions/send-invite.ts: post-user-registration, asks Auth0 for the invitation email. */
export const INVITE_ACTION = {
  source: "actions/send-invite.ts",
  secrets: {
    required: ["DOMAIN", "CLIENT_ID", "CONNECTION_NAME"],
    optional: ["SKIP_EMAIL_DOMAINS"],
  },
} as const satisfies ActionSource;

/** actions/login-gate.ts: post-login, keeps an invitee out until the invitation is accepted. */
export const LOGIN_GATE = {
  source: "actions/login-gate.ts",
  secrets: {
    required: ["CONNECTION_NAME"],
    optional: ["INVITED_SINCE", "SKIP_EMAIL_DOMAINS", "LANGUAGES"],
  },
  messages: ["login_gate_denied"],
} as const satisfies ActionSource;

/**
 * The JavaScript for `auth0_action.code`, not yet escaped for Terraform: deterministic,
 * CommonJS, node22, one file. `root` is the repository root.
 */
export function buildAction(action: ActionSource, root: string = process.cwd()): string {
  const messages = action.messages === undefined ? undefined : readMessages(root, action.messages);
  return buildActionCode(
    action.source,
    root,
    messages === undefined ? {} : { MESSAGES: JSON.stringify(messages) },
  );
}
