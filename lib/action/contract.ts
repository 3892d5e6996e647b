// The Actions' contracts. Imports nothing: the Actions' own types (actions/auth0-event.ts) read
// it, and the environment schema imports from actions/.

/**
 * An Action's contract, declared once: the build reads its source, the stack deploys and binds
 * it, the destroy guard and adopt name its settings, and the Action's own types read its
 * secrets and log prefix.
 */
export interface ActionContract {
  /** The TypeScript, relative to the repository root. */
  readonly source: string;
  readonly trigger: "post-user-registration" | "post-login";
  /**
   * The Terraform name of both its resources (`auth0_action.<name>`,
   * `auth0_trigger_action.<name>`): renaming it replaces the Action on the tenant.
   */
  readonly terraformName: string;
  /** The environment setting that names it on the tenant. */
  readonly nameSetting: string;
  /** The environment setting that binds, unbinds and removes it. */
  readonly stateSetting: string;
  /** What each of its log lines starts with. */
  readonly log: string;
  /** The `event.secrets` names the code reads. */
  readonly secrets: { readonly required: readonly string[]; readonly optional: readonly string[] };
  /**
   * Catalogue keys (email-templates/messages/) the code shows, bundled into it as `MESSAGES`:
   * by key, the text in every catalogue language.
   */
  readonly messages?: readonly string[];
}

/** `event.secrets` as the Action's code sees it: the names it declares, any of them unset. */
export type ActionSecrets<A extends ActionContract> = Readonly<
  Partial<Record<A["secrets"]["required" | "optional"][number], string>>
>;

/** actions/send-invite.ts: post-user-registration, asks Auth0 for the invitation email. */
export const INVITE_ACTION = {
  source: "actions/send-invite.ts",
  trigger: "post-user-registration",
  terraformName: "send_invite",
  nameSetting: "invite.actionName",
  stateSetting: "invite.state",
  log: "send-invite:",
  secrets: {
    required: ["DOMAIN", "CLIENT_ID", "CONNECTION_NAME"],
    optional: ["SKIP_EMAIL_DOMAINS"],
  },
} as const satisfies ActionContract;

/** actions/login-gate.ts: post-login, keeps an invitee out until the invitation is accepted. */
export const LOGIN_GATE = {
  source: "actions/login-gate.ts",
  trigger: "post-login",
  terraformName: "login_gate",
  nameSetting: "loginGate.actionName",
  stateSetting: "loginGate.state",
  log: "login-gate:",
  secrets: {
    required: ["CONNECTION_NAME"],
    optional: ["INVITED_SINCE", "SKIP_EMAIL_DOMAINS", "LANGUAGES"],
  },
  messages: ["login_gate_denied"],
} as const satisfies ActionContract;

/** Every Action the stack deploys. */
export const ACTIONS: readonly ActionContract[] = [INVITE_ACTION, LOGIN_GATE];

/**
 * The Terraform name of the `terraform_data` that records the login gate's cutoff
 * (lib/stack/constructs/gate-cutoff.ts): renaming it would record a new time, moving the cutoff.
 */
export const GATE_CUTOFF = "login_gate_cutoff";
