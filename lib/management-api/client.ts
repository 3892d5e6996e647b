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
  /**
   * The environment's customDomain: named in the auth0-custom-domain header of the requests
   * that create or change users. @default - no header
   */
  customDomain?: string;
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
    // The requests still go to the tenant's own domain, the token's audience; the header only
    // says which custom domain the users' emails and links are for. A tenant with several
    // verified custom domains refuses to create a user without it, and one with a default
    // custom domain uses that one instead
    // (https://auth0.com/docs/customize/custom-domains/multiple-custom-domains). The SDK's own
    // option adds it, around the fetch above, to the paths on its list only: users and a user,
    // the tickets, the verification-email job, organization invitations. That is go-auth0's list
    // (the Terraform provider's SDK) but for the self-service SSO ticket, never requested here.
    ...(options.customDomain === undefined ? {} : { withCustomDomainHeader: options.customDomain }),
  };
  return credentials.kind === "token"
    ? new ManagementClient({ ...common, token: credentials.token })
    : new ManagementClient({
        ...common,
        clientId: credentials.clientId,
        clientSecret: credentials.clientSecret,
      });
}
