// The Management API credentials the Terraform provider reads from the environment, read the
// same way by `npm run plan/apply` (to name what is missing) and `npm run smoke` (to use them).

type Env = Readonly<Record<string, string | undefined>>;

/** The value, or undefined when unset or blank: CI systems export an unset secret as "". */
export function envValue(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === "" ? undefined : value;
}

/** As the provider reads them: a token wins over client credentials. */
export type Credentials =
  | { kind: "token"; token: string }
  | { kind: "client-credentials"; clientId: string; clientSecret: string };

/** The credentials, or which half of the client pair is there when the other is not. */
export function readAuth0Credentials(
  env: Env,
): Credentials | { missing: true; onlySet?: "AUTH0_CLIENT_ID" | "AUTH0_CLIENT_SECRET" } {
  const token = envValue(env, "AUTH0_API_TOKEN");
  if (token !== undefined) return { kind: "token", token };
  const clientId = envValue(env, "AUTH0_CLIENT_ID");
  const clientSecret = envValue(env, "AUTH0_CLIENT_SECRET");
  if (clientId !== undefined && clientSecret !== undefined) {
    return { kind: "client-credentials", clientId, clientSecret };
  }
  if (clientId !== undefined) return { missing: true, onlySet: "AUTH0_CLIENT_ID" };
  if (clientSecret !== undefined) return { missing: true, onlySet: "AUTH0_CLIENT_SECRET" };
  return { missing: true };
}
