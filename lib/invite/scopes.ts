// The Management API scopes each command needs, for the help, the docs and a 403's message.

export type CommandName = "add" | "status" | "resend" | "revoke";

export interface ScopeNeed {
  scope: string;
  /** When only some runs need it. */
  when?: string;
}

export const COMMAND_SCOPES: Record<CommandName, readonly ScopeNeed[]> = {
  add: [{ scope: "create:users" }, { scope: "read:users", when: "only with --dry-run" }],
  status: [{ scope: "read:users" }],
  resend: [
    { scope: "read:users" },
    {
      scope: "update:users",
      when: "records when it was re-sent, sets --language; not with --dry-run",
    },
    {
      scope: "read:clients",
      when: "finds the application by name; only without application.clientId",
    },
  ],
  revoke: [{ scope: "read:users" }, { scope: "delete:users", when: "not with --dry-run" }],
};

export function scopesHelp(command: CommandName): string {
  const lines = COMMAND_SCOPES[command].map(
    ({ scope, when }) => `  ${scope}${when === undefined ? "" : ` (${when})`}`,
  );
  return `Management API scopes:\n${lines.join("\n")}`;
}
