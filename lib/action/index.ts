// The invite Action as the stack consumes it: its code, its npm dependencies and the secret
// names it reads. Files are read only when these functions are called (by the app's edge).
import { buildActionCode } from "./build";
import { type ActionDependency, actionDependencies } from "./dependencies";

export type { ActionDependency } from "./dependencies";

/** Where the Action's TypeScript lives, relative to the repository root. */
export const INVITE_ACTION_SOURCE = "actions/send-invite.ts";

/** The `event.secrets` names actions/send-invite.ts reads. */
export const INVITE_ACTION_SECRETS = {
  required: ["DOMAIN", "CLIENT_ID", "CONNECTION_NAME"],
  optional: ["SKIP_EMAIL_DOMAINS"],
} as const;

/**
 * The JavaScript for `auth0_action.code`, not yet escaped for Terraform: deterministic,
 * CommonJS, node22, dependencies left as `require(...)`. `root` is the repository root.
 */
export function buildInviteActionCode(root: string = process.cwd()): string {
  return buildActionCode(INVITE_ACTION_SOURCE, root);
}

/** Every package the Action requires, at the exact version package.json pins. */
export function inviteActionDependencies(root: string = process.cwd()): ActionDependency[] {
  return actionDependencies(buildInviteActionCode(root), INVITE_ACTION_SOURCE, root);
}
