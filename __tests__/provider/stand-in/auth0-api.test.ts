// What the stand-in makes of the provider's requests, where Auth0 does not simply store what
// Terraform planned (lib/provider/stand-in/auth0-api.ts), each from recorded traffic.
import {
  readMissing,
  refusal,
  storedAfterWrite,
  unplannedChanges,
} from "../../../lib/provider/stand-in/auth0-api";
import { UNKNOWN } from "../../../lib/provider/stand-in/values";

describe("a connection's options, written", () => {
  const existing = {
    id: "con_1",
    name: "Users",
    options: [
      {
        password_policy: "good",
        password_history: [{ enable: true, size: 5 }],
        mfa: [{ active: true }],
        authentication_methods: [{ password: [{ enabled: true }] }],
        passkey_options: [{ challenge_ui: "both" }],
      },
    ],
  };
  // The plan keeps optional+computed options the configuration leaves out.
  const planned = {
    ...existing,
    options: [{ ...existing.options[0], password_options: [{ history: [{ active: true }] }] }],
  };
  const config = {
    name: "Users",
    options: [{ password_options: [{ history: [{ active: true }] }] }],
  };
  const stored = storedAfterWrite("auth0_connection", existing, planned, config);
  const options = (stored.options as Record<string, unknown>[])[0];

  it("keep what the configuration states", () => {
    expect(options.password_options).toEqual([{ history: [{ active: true }] }]);
  });

  it("lose every other option, though the plan kept it", () => {
    expect(options.password_policy).toBeNull();
    expect(options.password_history).toEqual([]);
    expect(options.mfa).toEqual([]);
  });

  it("keep authentication_methods and passkey_options, which Auth0 keeps itself", () => {
    expect(options.authentication_methods).toEqual(existing.options[0].authentication_methods);
    expect(options.passkey_options).toEqual(existing.options[0].passkey_options);
  });

  it("differ from the plan exactly where Auth0 dropped something", () => {
    expect(
      unplannedChanges("auth0_connection", "con_1", planned, stored).map((c) => c.path),
    ).toEqual(["options.password_policy", "options.password_history", "options.mfa"]);
  });
});

describe("an email template, written", () => {
  const existing = {
    id: "reset_email",
    template: "reset_email",
    body: "old",
    result_url: "https://app.example.com/",
    url_lifetime_in_seconds: 3600,
  };

  it("keeps the fields the request leaves out (null), and takes the others", () => {
    const planned = { ...existing, body: "new", result_url: null, url_lifetime_in_seconds: null };
    expect(storedAfterWrite("auth0_email_template", existing, planned, null)).toEqual({
      ...existing,
      body: "new",
    });
  });

  it("refuses a Redirect To on a tenant created since May 5, 2026 without enterprise", () => {
    const planned = { ...existing, result_url: "https://app.example.com/new" };
    expect(
      refusal({ createdAt: "2026-06-01T00:00:00Z" }, "auth0_email_template", existing, planned),
    ).toBe(
      "403 Forbidden: Customizations for resultUrl are not allowed for non-enterprise tenants",
    );
    expect(
      refusal(
        { createdAt: "2026-06-01T00:00:00Z", enterprise: true },
        "auth0_email_template",
        existing,
        planned,
      ),
    ).toBeUndefined();
    expect(
      refusal({ createdAt: "2025-01-01T00:00:00Z" }, "auth0_email_template", existing, planned),
    ).toBeUndefined();
  });
});

describe("reading what the tenant does not hold", () => {
  it("finds prompt text as {}: Auth0 answers {} and the provider keeps the resource", () => {
    expect(readMissing("auth0_prompt_custom_text", "reset-password::de")).toEqual({
      id: "reset-password::de",
      prompt: "reset-password",
      language: "de",
      body: "{}",
    });
  });

  it("finds nothing of any other type", () => {
    expect(readMissing("auth0_client", "abc")).toBeNull();
  });
});

it("counts a value the plan left unknown as no difference", () => {
  expect(unplannedChanges("auth0_client", "a", { client_id: UNKNOWN }, { client_id: "x" })).toEqual(
    [],
  );
});
