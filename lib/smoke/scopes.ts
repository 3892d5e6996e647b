// The Management API scopes of the smoke's credentials. Apart from preflight.ts so that run.ts
// can name them in its hints without loading the environment code, and preflight.ts can list
// them without loading the SDK.

/**
 * Management API scopes the smoke needs: create and delete the user, search the tenant logs.
 * Not read:users: creating a user returns it, nothing is read back. Auth0 lists read:logs_users
 * ("read logs relating to users") beside read:logs for the log search; every log read here is
 * about a user.
 */
export const REQUIRED_SCOPES = ["create:users", "delete:users", "read:logs", "read:logs_users"];

/**
 * Needed besides REQUIRED_SCOPES while loginGate.state is "bound": a throwaway client for the
 * password logins (create and delete it), enabling it on the connection (update:connections;
 * read:connections finds the connection's id when the environment file has none) and marking
 * the user verified between the two logins.
 */
export const GATE_SCOPES = [
  "create:clients",
  "delete:clients",
  "read:connections",
  "update:connections",
  "update:users",
];

/** The scopes for a run, the gate's included when it is checked. */
export function requiredScopes(gateBound: boolean): string[] {
  return gateBound ? [...REQUIRED_SCOPES, ...GATE_SCOPES] : [...REQUIRED_SCOPES];
}

/** The hint for a 401/403 from a step of the gate check. */
export const GATE_SCOPES_HINT = `with loginGate.state "bound" the credentials also need the scopes ${GATE_SCOPES.join(", ")}`;
