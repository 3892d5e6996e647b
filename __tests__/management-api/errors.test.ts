// What a refused user create means, as the invite CLI and the smoke check read it: Auth0's
// answers as the SDK hands them over (ManagementError with the parsed body), one per kind.
import { ManagementError } from "auth0";
import { classifyUserCreateError } from "../../lib/management-api/errors";
import {
  CUSTOM_DOMAIN_CONFLICT,
  CUSTOM_DOMAIN_NOT_FOUND,
  USER_EXISTS,
} from "../support/auth0-answers";

const answer = (statusCode: number, body: unknown) =>
  new ManagementError({ message: "Status code", statusCode, body });

describe("a refused user create", () => {
  it.each([
    ["the body as commonly quoted", USER_EXISTS],
    ["the docs' lower-case wording", { ...USER_EXISTS, message: "user already exists" }],
  ])("is an existing user only on Auth0's user-exists answer: %s", (_what, body) => {
    expect(classifyUserCreateError(answer(409, body))).toEqual({
      kind: "user-exists",
      message: `HTTP 409 auth0_idp_error: ${body.message}`,
    });
  });

  it.each<[string, number, unknown]>([
    ["the wording without the code", 409, { ...USER_EXISTS, errorCode: undefined }],
    ["the code with other wording", 409, { ...USER_EXISTS, message: "Could not create user." }],
    ["the wording with another code", 409, { ...USER_EXISTS, errorCode: "invalid_body" }],
    ["the wording in a text body", 409, "The user already exists."],
    ["the wording with another status", 400, USER_EXISTS],
    ["the custom-domain conflict", 409, CUSTOM_DOMAIN_CONFLICT],
  ])("is refused, not existing, on %s", (_what, status, body) => {
    expect(classifyUserCreateError(answer(status, body)).kind).toBe("refused");
  });

  it("says what to set when the tenant wants to be told the custom domain", () => {
    expect(classifyUserCreateError(answer(409, CUSTOM_DOMAIN_CONFLICT)).message).toBe(
      "HTTP 409 custom_domain_conflict: The tenant has multiple verified custom domains. Set customDomain in the environment file (docs/environment.md) to the verified custom domain invitees should see",
    );
  });

  it.each([
    ["one it does not have", CUSTOM_DOMAIN_NOT_FOUND.message],
    ["a header it cannot read", "The auth0-custom-domain HTTP header has an invalid format."],
  ])("says what customDomain must be when the tenant refuses %s", (_what, message) => {
    const refused = classifyUserCreateError(answer(400, { ...CUSTOM_DOMAIN_NOT_FOUND, message }));
    expect(refused).toEqual({
      kind: "refused",
      message: `HTTP 400 Bad Request: ${message} customDomain in the environment file (docs/environment.md) must be one of the tenant's verified custom domains`,
    });
  });

  it("is refused with Auth0's own line on another client error, rate limits included", () => {
    const tooWeak = {
      statusCode: 400,
      error: "Bad Request",
      message: "PasswordStrengthError: Password is too weak",
      errorCode: "invalid_body",
    };
    expect(classifyUserCreateError(answer(400, tooWeak))).toEqual({
      kind: "refused",
      message: "HTTP 400 invalid_body: PasswordStrengthError: Password is too weak",
    });
    expect(classifyUserCreateError(answer(429, { error: "Too Many Requests" })).kind).toBe(
      "refused",
    );
  });

  it.each<[string, unknown]>([
    ["a server error", answer(503, { statusCode: 503, error: "Service Unavailable" })],
    ["a lost answer", new TypeError("fetch failed", { cause: { code: "ECONNRESET" } })],
  ])("is unknown on %s: the user may exist", (_what, error) => {
    expect(classifyUserCreateError(error).kind).toBe("unknown");
  });
});
