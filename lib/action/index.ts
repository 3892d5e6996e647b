// The Actions' contracts, and their code as the stack consumes it. Files are read only when
// these functions are called (by the app's edge).
import { readMessages } from "../email-templates/messages";
import { buildActionCode } from "./build";
import type { ActionContract } from "./contract";

export * from "./contract";

/**
 * The JavaScript for `auth0_action.code`, not yet escaped for Terraform: deterministic,
 * CommonJS, node22, one file. `root` is the repository root.
 */
export function buildAction(action: ActionContract, root: string = process.cwd()): string {
  const messages = action.messages === undefined ? undefined : readMessages(root, action.messages);
  return buildActionCode(
    action.source,
    root,
    messages === undefined ? {} : { MESSAGES: JSON.stringify(messages) },
  );
}
