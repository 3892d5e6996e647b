// The post-login gate, run from the code the synthesized stack ships, under Node 22 (see
// support/action-runner.ts). Every run also checks that no request was made, no rejection went
// unhandled, no timer was left behind, every log line is prefixed and none carries the email.
import { buildAction, LOGIN_GATE } from "../../lib/action";
import { readMessages } from "../../lib/email-templates/messages";
import {
  actionNodeVersion,
  CONNECTION,
  CREATED_AT,
  EMAIL,
  login,
  runLoginGate,
  USER_ID,
} from "../support/action-runner";
import { ROOT } from "../support/paths";
import { shippedEnvironmentNames, shippedStack, terraformUnescape } from "../support/shipped";

const MESSAGE =
  "Your account is not set up yet. Choose your password with the link in your invitation " +
  "email, then log in. If you cannot find the email or its link has expired, ask the person " +
  "who invited you to send a new invitation.";
const deniedLine = `log: login-gate: denied password login for user ${USER_ID}: invitation not accepted yet (no password set since the invitation, email not verified)`;
const acceptedLine = `log: login-gate: user ${USER_ID} accepted the invitation; recorded in app_metadata`;

/** A cutoff relative to the user's created_at (CREATED_AT), in milliseconds. */
const since = (offsetMs: number) => new Date(Date.parse(CREATED_AT) + offsetMs).toISOString();

async function expectDenied(event: Parameters<typeof runLoginGate>[0]) {
  const run = await runLoginGate(event);
  expect(run.outcome).toBe("resolved");
  expect(run.denied).toEqual([MESSAGE]);
  expect(run.logs).toEqual([deniedLine]);
  expect(run.requests).toEqual([]);
  expect(run.appMetadata).toEqual([]);
}

async function expectLetIn(
  event: Parameters<typeof runLoginGate>[0],
  logs: string[] = [],
  appMetadata: [string, unknown][] = [],
) {
  const run = await runLoginGate(event);
  expect(run.outcome).toBe("resolved");
  expect(run.denied).toEqual([]);
  expect(run.logs).toEqual(logs);
  expect(run.requests).toEqual([]);
  expect(run.appMetadata).toEqual(appMetadata);
}

/** A time relative to the user's created_at (CREATED_AT), in milliseconds. */
const afterCreation = (offsetMs: number) =>
  new Date(Date.parse(CREATED_AT) + offsetMs).toISOString();

it("runs under Node 22, as Auth0 runs it", async () => {
  expect(await actionNodeVersion()).toMatch(/^v22\./);
});

describe("denies, with a message that names no address,", () => {
  it("a password login of an invitee whose email is not verified yet", async () => {
    await expectDenied(login());
    expect(MESSAGE.toLowerCase()).not.toContain(EMAIL.toLowerCase());
  });

  it("a password grant, even when its event lists no authentication method", async () => {
    await expectDenied(
      login({ transaction: { protocol: "oauth2-password" }, authentication: undefined }),
    );
    await expectDenied(
      login({
        transaction: { protocol: "oauth2-resource-owner" },
        authentication: { methods: [] },
      }),
    );
  });

  it("a password login after an earlier factor in the same transaction", async () => {
    await expectDenied(login({ authentication: { methods: [{ name: "mfa" }, { name: "pwd" }] } }));
  });

  it("an invitee created exactly at INVITED_SINCE, or after it", async () => {
    await expectDenied(login({ secrets: { INVITED_SINCE: CREATED_AT } }));
    await expectDenied(login({ secrets: { INVITED_SINCE: since(-1) } }));
    await expectDenied(login({ secrets: { INVITED_SINCE: "2026-11-27T11:00:00Z" } }));
  });

  it("an invitee whose email domain is not the one SKIP_EMAIL_DOMAINS lists", async () => {
    await expectDenied(login({ secrets: { SKIP_EMAIL_DOMAINS: "example.org" } }));
  });
});

// Auth0's sources disagree on whether completing the reset marks the email verified; the
// invitee who set a password is let in either way.
describe("refuses in the invitee's language", () => {
  /** The refusal in each catalogue language, as translators wrote it. */
  const denied = readMessages(ROOT, ["login_gate_denied"]).login_gate_denied;
  const SHIPPED = ["en", "de", "fr", "es"];
  const deniedWith = async (
    userMetadata: Record<string, unknown> | undefined,
    languages: string | undefined,
  ) => {
    const run = await runLoginGate(
      login({ user: { user_metadata: userMetadata }, secrets: { LANGUAGES: languages } }),
    );
    expect(run.logs).toEqual([deniedLine]);
    return run.denied;
  };

  it("ships a refusal in every catalogue language, each its own", () => {
    expect(Object.keys(denied).sort()).toEqual([...SHIPPED].sort());
    expect(new Set(Object.values(denied)).size).toBe(SHIPPED.length);
    expect(denied.en).toBe(MESSAGE);
  });

  it.each(SHIPPED)("%s: in the language user_metadata.language names", async (language) => {
    expect(await deniedWith({ language }, "en,de,fr,es")).toEqual([denied[language]]);
  });

  it("de-AT, and de_at written by hand, in German", async () => {
    expect(await deniedWith({ language: "de-AT" }, "en,de,fr,es")).toEqual([denied.de]);
    expect(await deniedWith({ language: "DE_at" }, "en,de,fr,es")).toEqual([denied.de]);
  });

  it.each<[string, Record<string, unknown> | undefined]>([
    ["a language the environment does not serve", { language: "it" }],
    ["a tag that is no language", { language: "" }],
    ["a language that is no string", { language: ["de"] }],
    ["no language", { theme: "dark" }],
    ["no user_metadata at all", undefined],
  ])("%s: in the environment's default, the first of LANGUAGES", async (_name, metadata) => {
    expect(await deniedWith(metadata, "fr,en,de")).toEqual([denied.fr]);
  });

  it("in English when LANGUAGES is not set, as for an environment of the default languages", async () => {
    expect(await deniedWith({ language: "de" }, undefined)).toEqual([denied.en]);
  });

  it("in a language it has a text for when LANGUAGES was edited to name others, never failing", async () => {
    expect(await deniedWith({ language: "de" }, "xx, yy")).toEqual([denied.en]);
    expect(await deniedWith({ language: "it" }, " it , ES ")).toEqual([denied.es]);
  });
});

describe("lets in the invitee at once after they set their password through the invitation", () => {
  it("where completing the reset verified the email: silently", async () => {
    await expectLetIn(
      login({ user: { email_verified: true, last_password_reset: afterCreation(60_000) } }),
    );
  });

  it("where it did not: by last_password_reset, recording the acceptance in app_metadata", async () => {
    await expectLetIn(
      login({ user: { email_verified: false, last_password_reset: afterCreation(60_000) } }),
      [acceptedLine],
      [["invitation_accepted", true]],
    );
  });

  it("and, once recorded, silently", async () => {
    await expectLetIn(
      login({
        user: {
          last_password_reset: afterCreation(60_000),
          app_metadata: { invitation_accepted: true },
        },
      }),
    );
  });

  it("also where INVITED_SINCE is set and the user was created after it", async () => {
    await expectLetIn(
      login({
        user: { last_password_reset: afterCreation(60_000) },
        secrets: { INVITED_SINCE: since(-1) },
      }),
      [acceptedLine],
      [["invitation_accepted", true]],
    );
  });
});

describe("does not take for an acceptance", () => {
  it.each([
    ["a last_password_reset at the very time of creation", CREATED_AT],
    ["a last_password_reset before creation", afterCreation(-1)],
    ["a last_password_reset that is no time", "soon"],
  ])("%s", async (_name, value) => {
    await expectDenied(login({ user: { last_password_reset: value } }));
  });

  it("an invitation_accepted that is not true", async () => {
    await expectDenied(login({ user: { app_metadata: { invitation_accepted: "yes" } } }));
  });
});

describe("lets in, silently,", () => {
  it("the invitee at once after they accepted the invitation (email verified)", async () => {
    await expectLetIn(login({ user: { email_verified: true } }));
  });

  it("a user of an adopted connection created before INVITED_SINCE, even unverified", async () => {
    await expectLetIn(login({ secrets: { INVITED_SINCE: since(1) } }));
    await expectLetIn(login({ secrets: { INVITED_SINCE: "2026-12-01T00:00:00Z" } }));
  });

  it("users of every other connection, even unverified, even with a bad INVITED_SINCE", async () => {
    await expectLetIn(login({ connection: { name: "google-oauth2", strategy: "google-oauth2" } }));
    await expectLetIn(login({ connection: "Partners", secrets: { INVITED_SINCE: "soon" } }));
  });

  it.each<[string, Parameters<typeof login>[0]]>([
    ["a passkey", { authentication: { methods: [{ name: "passkey" }] } }],
    ["an email code", { authentication: { methods: [{ name: "email" }] } }],
    [
      "a refresh-token exchange (no methods)",
      { authentication: { methods: [] }, transaction: { protocol: "oauth2-refresh-token" } },
    ],
    [
      "a refresh-token exchange that lists the password of the original login",
      { transaction: { protocol: "oauth2-refresh-token" } },
    ],
    ["an event without authentication details", { authentication: undefined }],
  ])("logins that are not password logins: %s", async (_name, overrides) => {
    await expectLetIn(login(overrides));
  });

  it.each<[string, Parameters<typeof login>[0]]>([
    ["opted out with app_metadata.invite = false", { user: { app_metadata: { invite: false } } }],
    ["without an email", { user: { email: undefined } }],
    [
      "in a domain SKIP_EMAIL_DOMAINS lists",
      { secrets: { SKIP_EMAIL_DOMAINS: "example.org, @EXAMPLE.COM" } },
    ],
  ])("users the flow never invited: %s", async (_name, overrides) => {
    await expectLetIn(login(overrides));
  });

  it("does not lock out a user whose created_at cannot be compared, and says so", async () => {
    await expectLetIn(
      login({ user: { created_at: undefined }, secrets: { INVITED_SINCE: CREATED_AT } }),
      [`log: login-gate: let user ${USER_ID} in: no usable created_at to compare`],
    );
  });
});

describe("never locks anyone out over its own configuration: it lets the login through, logging an error naming the secret,", () => {
  it.each([
    ["missing", undefined],
    ["blank", "  "],
  ])("for every connection when CONNECTION_NAME is %s", async (_name, value) => {
    for (const connection of [CONNECTION, "Partners"]) {
      await expectLetIn(login({ connection, secrets: { CONNECTION_NAME: value } }), [
        `error: login-gate: let user ${USER_ID} in: secret CONNECTION_NAME is missing; set it on the Action`,
      ]);
    }
  });

  it.each(["yesterday", "2026-12-01", "2026-13-01T00:00:00Z", "2026-02-30T09:00:00Z"])(
    "for an invitee when INVITED_SINCE is not a real UTC time (%s)",
    async (value) => {
      await expectLetIn(login({ secrets: { INVITED_SINCE: value } }), [
        `error: login-gate: let user ${USER_ID} in: secret INVITED_SINCE must be a UTC time such as 2026-12-01T09:00:00Z, got "${value}"`,
      ]);
    },
  );

  it("and says nothing for users it would have let in anyway", async () => {
    await expectLetIn(
      login({ user: { email_verified: true }, secrets: { INVITED_SINCE: "soon" } }),
    );
  });
});

describe.each(
  shippedEnvironmentNames().filter((env) => shippedStack(env).resource?.auth0_action?.login_gate),
)("the gate shipped in %s", (env) => {
  const gate = shippedStack(env).resource.auth0_action.login_gate;

  it("is the build, handed to Auth0 verbatim, with no npm dependency", () => {
    expect(terraformUnescape(gate.code)).toBe(buildAction(LOGIN_GATE));
    expect(gate.dependencies).toBeUndefined();
    expect(gate.runtime).toBe("node22");
  });
});
