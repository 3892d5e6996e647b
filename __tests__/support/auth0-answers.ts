// Auth0's answers the mock tenants give, as Auth0 gives them: where one was recorded
// (terraform-provider-auth0's test recordings), as it was recorded; otherwise as documented.
// Shared by the nock tenant of the invite tests and the smoke tests' mock.

/**
 * Auth0's answer to creating an address the connection already has. No recording holds it; the
 * docs name its code and wording (custom-db error-handling: "auth0_idp_error; user already
 * exists"), and this is the body as it is commonly quoted.
 */
export const USER_EXISTS = {
  statusCode: 409,
  error: "Conflict",
  message: "The user already exists.",
  errorCode: "auth0_idp_error",
};

/** As recorded (TestAccUserCustomDomains): a create that names no custom domain. */
export const CUSTOM_DOMAIN_CONFLICT = {
  statusCode: 409,
  error: "Conflict",
  message: "The tenant has multiple verified custom domains.",
  errorCode: "custom_domain_conflict",
};

/**
 * A header naming a domain the tenant has not verified. Auth0's multiple-custom-domains docs give
 * the status and the wording but no errorCode, so none is made up here.
 */
export const CUSTOM_DOMAIN_NOT_FOUND = {
  statusCode: 400,
  error: "Bad Request",
  message: "The custom domain does not exist for the tenant.",
};

/**
 * How a tenant with these verified custom domains answers a request that creates a user (or,
 * `creates` false, updates one) as far as its auth0-custom-domain header goes: undefined when
 * the request goes on. A named domain must be one of them; without one, only a tenant with
 * several refuses, and only a create (the conflict recorded is a create's; a default custom
 * domain, which would make the header optional, is not modelled).
 */
export function customDomainAnswer(
  verified: readonly string[],
  header: string | string[] | undefined,
  creates: boolean,
): [number, Record<string, unknown>] | undefined {
  const named = Array.isArray(header) ? header[0] : header;
  if (named !== undefined) {
    return verified.includes(named.toLowerCase()) ? undefined : [400, CUSTOM_DOMAIN_NOT_FOUND];
  }
  return creates && verified.length > 1 ? [409, CUSTOM_DOMAIN_CONFLICT] : undefined;
}

/** As recorded (TestAccConnection*): GET of a connection id the tenant does not have. */
export const CONNECTION_NOT_FOUND = {
  statusCode: 404,
  error: "Not Found",
  message: "The connection does not exist",
  errorCode: "inexistent_connection",
};

/** As recorded (TestAccEmail): GET /api/v2/emails/provider on a tenant without one. */
export const NO_EMAIL_PROVIDER = {
  statusCode: 404,
  error: "Not Found",
  message: "There is not a configured email provider",
  errorCode: "inexistent_email_provider",
};

/** As recorded (TestAccDataSourceClientNonexistentID): GET of a client id the tenant does not have. */
export const CLIENT_NOT_FOUND = {
  statusCode: 404,
  error: "Not Found",
  message: "The client does not exist",
  errorCode: "inexistent_client",
};

/**
 * GET of a template the tenant never customised. No recording holds it (the provider's create
 * only learns that the read failed); this is the envelope of every recorded 404 with a wording
 * of its own, so only the status is relied on.
 */
export const TEMPLATE_NOT_FOUND = {
  statusCode: 404,
  error: "Not Found",
  message: "The template does not exist.",
  errorCode: "inexistent_email_template",
};
