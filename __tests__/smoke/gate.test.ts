// `npm run smoke`: the login gate check (lib/smoke/gate) against the fake tenant.
import nock from "nock";
import { PASSWORD_REALM_GRANT } from "../../lib/smoke/gate";
import { GATE_SCOPES } from "../../lib/smoke/scopes";
import {
  APP_NAME,
  CONNECTION,
  CONNECTION_ID,
  CREATED_AT,
  CUSTOM_DOMAIN,
  clock,
  EMAIL,
  expectExactlyTheMockedRequests,
  expectNoSecretsIn,
  GATE,
  insufficientScope,
  LOGIN_ACCESS_TOKEN,
  LOGIN_CLIENT_ID,
  LOGIN_CLIENT_SECRET,
  loginTokens,
  OTHER_CUSTOM_DOMAIN,
  smoke,
  TENANT,
  tenant,
  USER_ID,
  USER_PATH,
  userLog,
} from "./fake-tenant";

// ---------------------------------------------------------------------------------------------
// The login gate

describe("checks the login gate while it is bound, and passes", () => {
  it("denying the unverified user's password with the gate's message, letting them in once verified, deleting client and user, with timings", async () => {
    const mock = tenant()
      .token()
      .createUser(300)
      .logs([userLog()], 100)
      .createClient(120)
      .findConnection(40)
      .enableClient(60)
      .deniedLogin(200)
      .verifyUser(70)
      .allowedLogin(150)
      .deleteClient()
      .deleteUser();

    const { report, lines, output } = await smoke({
      gate: { ...GATE, connectionId: undefined },
    });

    expectExactlyTheMockedRequests();
    const { password } = mock.created[0];
    expectNoSecretsIn(output, password);
    expect(mock.gate.clients).toEqual([
      {
        name: "smoke-login-gate-0123456789ab",
        description: expect.stringContaining("npm run smoke"),
        app_type: "regular_web",
        grant_types: ["http://auth0.com/oauth/grant-type/password-realm"],
        token_endpoint_auth_method: "client_secret_post",
        is_first_party: true,
        oidc_conformant: true,
        client_metadata: { smoke: "true" },
      },
    ]);
    expect(mock.gate.enabled).toEqual([[{ client_id: LOGIN_CLIENT_ID, status: true }]]);
    expect(mock.gate.verified).toEqual([{ email_verified: true }]);
    const login = {
      grant_type: "http://auth0.com/oauth/grant-type/password-realm",
      realm: CONNECTION,
      username: EMAIL,
      password,
      client_id: LOGIN_CLIENT_ID,
      client_secret: LOGIN_CLIENT_SECRET,
      scope: "openid",
    };
    expect(mock.gate.logins).toEqual([login, login]);
    expect(report).toEqual({
      outcome: "passed",
      exitCode: 0,
      userId: USER_ID,
      cleanup: "deleted",
      logType: "scpr",
      polls: 1,
      gateCheck: "passed",
      loginClientId: LOGIN_CLIENT_ID,
      clientCleanup: "deleted",
      timings: {
        createMs: 300,
        visibleAfterMs: 100,
        loggedAfterMs: 1_834,
        loginClientMs: 120,
        enableConnectionMs: 100,
        deniedLoginMs: 200,
        verifyMs: 70,
        allowedLoginMs: 150,
        clientDeleteMs: 0,
        deleteMs: 0,
        totalMs: 1_040,
      },
    });
    expect(lines).toEqual([
      `out: smoke: ${TENANT}: creating ${EMAIL} in ${CONNECTION}, then waiting up to 120 s for the scpr log, then checking the login gate "invite-login-gate" with password logins`,
      `out: smoke: created user ${USER_ID} in 300 ms`,
      `out: smoke: scpr for ${USER_ID} found after 100 ms (1 log search); Auth0 logged it 1834 ms after creating the user; made by client_name "${APP_NAME}" as expected`,
      `out: smoke: created client ${LOGIN_CLIENT_ID} (smoke-login-gate-0123456789ab) with the password-realm grant in 120 ms`,
      `out: smoke: enabled ${CONNECTION} (${CONNECTION_ID}) for client ${LOGIN_CLIENT_ID} in 100 ms`,
      `out: smoke: login gate denied the password login of ${USER_ID} (email not verified) with its message, as expected, in 200 ms`,
      `out: smoke: marked ${USER_ID} verified in 70 ms`,
      `out: smoke: ${USER_ID}, now verified, logged in with the same password in 150 ms (tokens not shown)`,
      `out: smoke: deleted client ${LOGIN_CLIENT_ID} in 0 ms`,
      `out: smoke: deleted user ${USER_ID} in 0 ms`,
      "out: smoke: PASSED: user created in 300 ms, scpr found 100 ms after creation (logged after 1834 ms), login gate denied the unverified user in 200 ms and let them in once verified in 150 ms, client deleted in 0 ms, user deleted in 0 ms; 1040 ms in all",
    ]);
  });

  it("naming customDomain on the requests about the user and on no other, on a tenant with several verified custom domains", async () => {
    const mock = tenant()
      .withCustomDomains(CUSTOM_DOMAIN, OTHER_CUSTOM_DOMAIN)
      .token()
      .createUser()
      .logs([userLog()])
      .gateCheck()
      .deleteClient()
      .deleteUser();

    const { report, lines } = await smoke({ customDomain: CUSTOM_DOMAIN, gate: GATE });

    expectExactlyTheMockedRequests();
    expect(report).toMatchObject({ outcome: "passed", gateCheck: "passed", cleanup: "deleted" });
    expect(lines[0]).toMatch(
      new RegExp(`^out: smoke: ${TENANT} \\(custom domain ${CUSTOM_DOMAIN}\\): creating `),
    );
    // go-auth0's list of paths that carry the header, as far as the smoke requests them.
    expect(mock.sent).toEqual([
      ["POST /oauth/token", undefined],
      ["POST /api/v2/users", CUSTOM_DOMAIN],
      ["GET /api/v2/logs", undefined],
      ["POST /api/v2/clients", undefined],
      [`PATCH /api/v2/connections/${CONNECTION_ID}/clients`, undefined],
      ["POST /oauth/token", undefined],
      [`PATCH ${USER_PATH}`, CUSTOM_DOMAIN],
      ["POST /oauth/token", undefined],
      [`DELETE /api/v2/clients/${LOGIN_CLIENT_ID}`, undefined],
      [`DELETE ${USER_PATH}`, CUSTOM_DOMAIN],
    ]);
  });

  it("enabling the environment file's connection id without looking the connection up", async () => {
    tenant().token().createUser().logs([userLog()]).gateCheck().deleteClient().deleteUser();

    const { report } = await smoke({ gate: GATE });

    expectExactlyTheMockedRequests();
    expect(report).toMatchObject({ outcome: "passed", gateCheck: "passed" });
  });

  it("logging in again after a 503 and after a 429's Retry-After from /oauth/token", async () => {
    const mock = tenant()
      .token()
      .createUser()
      .logs([userLog()])
      .createClient()
      .enableClient()
      .login([503, { error: "server_error", error_description: "try later" }])
      .deniedLogin()
      .verifyUser()
      .login([429, { error: "too_many_requests" }, { "Retry-After": "3" }])
      .allowedLogin()
      .deleteClient()
      .deleteUser();

    const { report, lines, output } = await smoke({ gate: GATE });

    expectExactlyTheMockedRequests();
    expectNoSecretsIn(output, mock.created[0].password);
    expect(report).toMatchObject({ outcome: "passed", gateCheck: "passed" });
    expect(clock.sleeps).toEqual([1_000, 3_000]);
    expect(lines).toContain(
      "out: smoke: password login answered HTTP 503 server_error: try later; trying again in 1000 ms",
    );
  });

  it("without a login while the user was created before loginGate.invitedSince, which the gate never denies", async () => {
    tenant().token().createUser().logs([userLog()]).deleteUser();

    const { report, lines } = await smoke({
      gate: { ...GATE, invitedSince: "2026-12-01T00:00:00Z" },
    });

    expectExactlyTheMockedRequests();
    expect(report).toMatchObject({
      outcome: "passed",
      gateCheck: "skipped",
      clientCleanup: "nothing-created",
    });
    expect(lines).toContain(
      `out: smoke: login gate not checked: the user was created (${CREATED_AT}) before loginGate.invitedSince (2026-12-01T00:00:00Z), and the gate never denies such a user`,
    );
    expect(lines.at(-1)).toContain("login gate not checked (see above)");
  });
});

describe("does not touch clients or logins while the gate is not bound", () => {
  it("creating no client and logging nobody in, with a report as before", async () => {
    tenant().token().createUser().logs([userLog()]).deleteUser();

    const { report, lines } = await smoke({ gate: undefined });

    // Any request to /api/v2/clients, /api/v2/connections or /oauth/token would be unexpected.
    expectExactlyTheMockedRequests();
    expect(report.outcome).toBe("passed");
    expect(report).not.toHaveProperty("gateCheck");
    expect(report).not.toHaveProperty("clientCleanup");
    expect(lines.join("\n")).not.toMatch(/login gate|throwaway client|password login/);
  });
});

describe("fails the gate check, deleting client and user, when", () => {
  /** Up to the first login, which answers `reply`. */
  function untilTheFirstLogin(reply: [number, unknown]) {
    return tenant()
      .token()
      .createUser()
      .logs([userLog()])
      .createClient()
      .enableClient()
      .login(reply)
      .deleteClient()
      .deleteUser();
  }

  it("the gate lets the created-with password in", async () => {
    const mock = untilTheFirstLogin([200, loginTokens()]);

    const { report, lines, output } = await smoke({ gate: GATE });

    expectExactlyTheMockedRequests();
    expectNoSecretsIn(output, mock.created[0].password);
    expect(report).toMatchObject({
      outcome: "failed",
      exitCode: 1,
      gateCheck: "failed",
      cleanup: "deleted",
      clientCleanup: "deleted",
    });
    expect(report.failure).toBe(
      `the login gate let the created-with password in: check that the Action "invite-login-gate" is deployed and bound to post-login, and that its CONNECTION_NAME secret is "${CONNECTION}"; ${USER_ID} is not verified, so the gate should have denied the login`,
    );
    expect(lines.slice(-3)).toEqual([
      `out: smoke: deleted client ${LOGIN_CLIENT_ID} in 0 ms`,
      `out: smoke: deleted user ${USER_ID} in 0 ms`,
      `err: smoke: FAILED: ${report.failure}`,
    ]);
  });

  it("another Action denies the login first, with its own message", async () => {
    untilTheFirstLogin([
      403,
      { error: "access_denied", error_description: "Logins are closed for maintenance" },
    ]);

    const { report } = await smoke({ gate: GATE });

    expectExactlyTheMockedRequests();
    expect(report).toMatchObject({ outcome: "failed", clientCleanup: "deleted" });
    expect(report.failure).toBe(
      `the password login of the unverified user ${USER_ID} was denied, but not by the login gate: Auth0 answered HTTP 403 access_denied: Logins are closed for maintenance, not the gate's message. Another post-login Action bound before "invite-login-gate" (or a Rule) denied it first: Dashboard > Actions > Triggers > post-login shows the order, and the tenant log's failed login (type f) for the user shows the denial`,
    );
  });

  it.each<[string, [number, unknown], string]>([
    [
      "mfa_required (its mfa_token never printed)",
      [
        403,
        {
          error: "mfa_required",
          error_description: "Multifactor authentication required",
          mfa_token: LOGIN_ACCESS_TOKEN,
        },
      ],
      "HTTP 403 mfa_required: Multifactor authentication required. Auth0 asks for a second factor on this login",
    ],
    [
      "unauthorized_client",
      [
        403,
        {
          error: "unauthorized_client",
          error_description:
            "Grant type 'http://auth0.com/oauth/grant-type/password-realm' not allowed for the client.",
        },
      ],
      "The tenant does not allow the password-realm grant for the throwaway client",
    ],
    [
      "invalid_grant",
      [403, { error: "invalid_grant", error_description: "Wrong email or password." }],
      "HTTP 403 invalid_grant: Wrong email or password.. Auth0 refused the created-with password before any Action ran",
    ],
    [
      "too_many_attempts",
      [
        429,
        {
          error: "too_many_attempts",
          error_description:
            "Your account has been blocked after multiple consecutive login attempts.",
        },
      ],
      "Auth0's attack protection blocked the login",
    ],
  ])(
    "the login is refused with %s: says what it means, without retrying",
    async (_code, reply, meaning) => {
      const mock = untilTheFirstLogin(reply);

      const { report, output } = await smoke({ gate: GATE });

      expectExactlyTheMockedRequests();
      expectNoSecretsIn(output, mock.created[0].password);
      expect(clock.sleeps).toEqual([]);
      expect(report).toMatchObject({
        outcome: "failed",
        cleanup: "deleted",
        clientCleanup: "deleted",
      });
      expect(report.failure).toMatch(
        new RegExp(
          `^the password login of the unverified user ${USER_ID.replace("|", "\\|")} did not get the login gate's denial: HTTP`,
        ),
      );
      expect(report.failure).toContain(meaning);
    },
  );

  it("the gate still denies the user once verified", async () => {
    tenant()
      .token()
      .createUser()
      .logs([userLog()])
      .createClient()
      .enableClient()
      .deniedLogin()
      .verifyUser()
      .deniedLogin()
      .deleteClient()
      .deleteUser();

    const { report } = await smoke({ gate: GATE });

    expectExactlyTheMockedRequests();
    expect(report).toMatchObject({
      outcome: "failed",
      gateCheck: "failed",
      clientCleanup: "deleted",
    });
    expect(report.failure).toBe(
      `the login gate denied ${USER_ID} after the email was verified: the Action "invite-login-gate" on the tenant is not the one in actions/login-gate.ts, which lets a verified invitee in at once; apply the stack again`,
    );
  });

  it("creating the client is refused (403 insufficient_scope): names the gate's scopes, still deletes the user", async () => {
    tenant()
      .token()
      .createUser()
      .logs([userLog()])
      .createClient(0, insufficientScope("create:clients"))
      .deleteUser();

    const { report } = await smoke({ gate: GATE });

    expectExactlyTheMockedRequests();
    expect(report).toMatchObject({
      outcome: "failed",
      exitCode: 1,
      gateCheck: "failed",
      cleanup: "deleted",
      clientCleanup: "nothing-created",
    });
    expect(report).not.toHaveProperty("loginClientId");
    expect(report.failure).toBe(
      'could not create the throwaway client for the login gate check: HTTP 403 insufficient_scope: Insufficient scope, expected any of: create:clients (with loginGate.state "bound" the credentials also need the scopes create:clients, delete:clients, read:connections, update:connections, update:users).',
    );
  });

  it("creating the client fails with a 5xx: warns that it may exist after all", async () => {
    tenant()
      .token()
      .createUser()
      .logs([userLog()])
      .createClient(0, [503, { statusCode: 503, error: "Service Unavailable", message: "later" }])
      .deleteUser();

    const { report } = await smoke({ gate: GATE });

    expectExactlyTheMockedRequests();
    expect(report.failure).toContain(
      'Auth0 may have created it anyway: look for the application smoke-login-gate-0123456789ab (client_metadata.smoke = "true") and delete it.',
    );
  });

  it("enabling the connection is forbidden: names the gate's scopes, deletes the client it created", async () => {
    tenant()
      .token()
      .createUser()
      .logs([userLog()])
      .createClient()
      .enableClient(0, insufficientScope("update:connections"))
      .deleteClient()
      .deleteUser();

    const { report, output } = await smoke({ gate: GATE });

    expectExactlyTheMockedRequests();
    expect(output).not.toContain(LOGIN_CLIENT_SECRET);
    expect(report).toMatchObject({ clientCleanup: "deleted", loginClientId: LOGIN_CLIENT_ID });
    expect(report.failure).toBe(
      `could not enable the connection ${CONNECTION} (${CONNECTION_ID}) for the throwaway client ${LOGIN_CLIENT_ID}: HTTP 403 insufficient_scope: Insufficient scope, expected any of: update:connections (with loginGate.state "bound" the credentials also need the scopes ${GATE_SCOPES.join(", ")})`,
    );
  });

  it("the tenant has no such database connection", async () => {
    tenant()
      .token()
      .createUser()
      .logs([userLog()])
      .createClient()
      .findConnection(0, [200, { connections: [] }])
      .deleteClient()
      .deleteUser();

    const { report } = await smoke({ gate: { ...GATE, connectionId: undefined } });

    expectExactlyTheMockedRequests();
    expect(report.failure).toBe(
      `the tenant has no database connection named ${CONNECTION}, so the login gate cannot be checked`,
    );
  });

  it("marking the user verified is forbidden: names the gate's scopes", async () => {
    tenant()
      .token()
      .createUser()
      .logs([userLog()])
      .createClient()
      .enableClient()
      .deniedLogin()
      .verifyUser(0, insufficientScope("update:users"))
      .deleteClient()
      .deleteUser();

    const { report } = await smoke({ gate: GATE });

    expectExactlyTheMockedRequests();
    expect(report.failure).toMatch(
      /^could not mark .* verified: HTTP 403 insufficient_scope: .*update:users \(with loginGate.state "bound" the credentials also need the scopes/,
    );
  });

  it("interrupted (SIGINT) while logging in: stops, still deletes client and user", async () => {
    tenant()
      .token()
      .createUser()
      .logs([userLog()])
      .createClient()
      .enableClient()
      .login([503, { error: "server_error" }])
      .deleteClient()
      .deleteUser();
    const controller = new AbortController();
    clock.onSleep = () => controller.abort(new Error("SIGINT"));

    const { report } = await smoke({ gate: GATE }, { signal: controller.signal });

    expectExactlyTheMockedRequests();
    expect(report).toMatchObject({
      failure: "interrupted (SIGINT)",
      cleanup: "deleted",
      clientCleanup: "deleted",
    });
  });
});

describe("never prints the secrets of the gate check", () => {
  it("not even when Auth0 quotes the password and the client secret in an error", async () => {
    let password = "";
    const mock = tenant().token().createUser().logs([userLog()]).createClient().enableClient();
    nock(`https://${TENANT}`)
      .post("/oauth/token", (body: Record<string, string>) => {
        password = body.password;
        return body.grant_type === PASSWORD_REALM_GRANT;
      })
      .reply(() => [
        400,
        {
          error: "invalid_request",
          error_description: `rejected ${password} for client_secret ${LOGIN_CLIENT_SECRET}`,
        },
      ]);
    mock.deleteClient().deleteUser();

    const { report, output } = await smoke({ gate: GATE });

    expectExactlyTheMockedRequests();
    expectNoSecretsIn(output, mock.created[0].password);
    expect(report.failure).toContain("rejected [password] for client_secret [secret]");
    expect(output).toContain("rejected [password] for client_secret [secret]");
  });
});

describe("fails loudly, printing the client id, when the throwaway client cannot be deleted", () => {
  it("after retrying a 500 twice, even though the check itself passed", async () => {
    const serverError = [
      500,
      { statusCode: 500, error: "Internal Server Error", message: "oops" },
    ] as [number, unknown];
    tenant()
      .token()
      .createUser()
      .logs([userLog()])
      .gateCheck()
      .deleteClient(0, serverError)
      .deleteClient(0, serverError)
      .deleteClient(0, serverError)
      .deleteUser();

    const { report, lines } = await smoke({ gate: GATE });

    expectExactlyTheMockedRequests();
    expect(clock.sleeps).toEqual([1_000, 2_000]);
    expect(report).toMatchObject({
      outcome: "failed",
      exitCode: 1,
      gateCheck: "passed",
      cleanup: "deleted",
      clientCleanup: "not-deleted",
      loginClientId: LOGIN_CLIENT_ID,
    });
    expect(lines.slice(-3)).toEqual([
      `err: smoke: COULD NOT DELETE the throwaway client ${LOGIN_CLIENT_ID} (smoke-login-gate-0123456789ab), which can log users of ${CONNECTION} in with a password: HTTP 500 Internal Server Error: oops (attempt 3). Delete it by hand: Auth0 Dashboard > Applications > Applications, or DELETE https://${TENANT}/api/v2/clients/${LOGIN_CLIENT_ID}`,
      `out: smoke: deleted user ${USER_ID} in 0 ms`,
      "err: smoke: FAILED: the check passed, but the throwaway client could not be deleted (see above)",
    ]);
  });

  it("without retrying a 403 (no delete:clients), keeping the check's own failure as the reason", async () => {
    tenant()
      .token()
      .createUser()
      .logs([userLog()])
      .createClient()
      .enableClient()
      .login([200, loginTokens()])
      .deleteClient(0, insufficientScope("delete:clients"))
      .deleteUser();

    const { report, output } = await smoke({ gate: GATE });

    expectExactlyTheMockedRequests();
    expect(report).toMatchObject({ exitCode: 1, clientCleanup: "not-deleted", cleanup: "deleted" });
    expect(report.failure).toMatch(/^the login gate let the created-with password in/);
    expect(output).toContain(
      `COULD NOT DELETE the throwaway client ${LOGIN_CLIENT_ID} (smoke-login-gate-0123456789ab), which can log users of ${CONNECTION} in with a password: HTTP 403 insufficient_scope: Insufficient scope, expected any of: delete:clients (attempt 1)`,
    );
  });
});
