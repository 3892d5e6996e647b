// The one way this repository builds a Management API client: the tenant from an environment
// file, the credentials the Terraform provider reads.
import { ManagementClient } from "auth0";
import type { Credentials } from "../operate/credentials";

export interface ManagementClientOptions {
  /** @default 30 */
  timeoutInSeconds?: number;
  /** Every request, the token request included, goes through it. @default the global fetch */
  fetch?: typeof fetch;
  /** The SDK's own retries; 0 where the caller paces and retries itself. @default the SDK's (2) */
  maxRetries?: number;
}

export function managementClient(
  domain: string,
  credentials: Credentials,
  options: ManagementClientOptions = {},
): ManagementClient {
  const common = {
    domain,
    timeoutInSeconds: options.timeoutInSeconds ?? 30,
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    ...(options.maxRetries === undefined ? {} : { maxRetries: options.maxRetries }),
  };
  return credentials.kind === "token"
    ? new ManagementClient({ ...common, token: credentials.token })
    : new ManagementClient({
        ...common,
        clientId: credentials.clientId,
        clientSecret: credentials.clientSecret,
      });
}
