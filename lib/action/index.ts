// The invite Action as the stack consumes it: its code, its npm dependencies and the secret
// names it reads. Files are read only when these functions are called (by the app's edge).
import { readFileSync } from "node:fs";
import path from "node:path";
import { cached } from "../speed/cache";
import { buildActionCode } from "./build";
import {
  type ActionDependency,
  actionDependencies,
  DEPENDENCY_RULES_VERSION,
} from "./dependencies";

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

/**
 * Every package the Action requires, at the exact version package.json pins, then their own
 * dependencies at the versions package-lock.json resolved.
 *
 * Parsing the lock file on every synth would be slow, so the list is cached in `.build/` under
 * a hash of everything it is derived from: the built code, package.json, the lock file and the
 * version of the derivation rules.
 */
export function inviteActionDependencies(
  root: string = process.cwd(),
  code: string = buildInviteActionCode(root),
): ActionDependency[] {
  return cached(
    root,
    INVITE_ACTION_SOURCE.replace(/\.ts$/, ".deps"),
    [
      `rules ${DEPENDENCY_RULES_VERSION}`,
      code,
      readFileSync(path.join(root, "package.json")),
      readFileSync(path.join(root, "package-lock.json")),
    ],
    () => actionDependencies(code, INVITE_ACTION_SOURCE, root),
  );
}
