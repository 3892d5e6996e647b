export type FindingKind =
  | "unknown-attribute"
  | "unknown-block"
  | "missing-required"
  | "wrong-type"
  | "block-count"
  | "computed-only"
  | "unknown-resource-type"
  | "bad-import";

export interface Finding {
  /** `auth0_action.foo`, `data.auth0_connection.bar`, `provider.auth0`, `import[0]`. */
  address: string;
  /** Dotted path inside the address, e.g. `supported_triggers[0].version`; empty for the whole address. */
  path: string;
  kind: FindingKind;
  message: string;
}
