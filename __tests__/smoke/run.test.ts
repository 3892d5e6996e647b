// `npm run smoke`: the flow (lib/smoke/run) against the fake tenant: creating the throwaway
// user, waiting for its log, deleting it.
import { USER_EXISTS } from "../support/auth0-answers";
import {
  APP_CLIENT_ID,
  APP_NAME,
  CUSTOM_DOMAIN,
  clock,
  EMAIL,
  expectExactlyTheMockedRequests,
  expectNoSecretsIn,
  insufficientScope,
  type Log,
  OTHER_CUSTOM_DOMAIN,
  smoke,
  TENANT,
  tenant,
  USER_ID,
  userLog,
} from "./fake-tenant";

describe("passes", () => {
  it("creating the user in the connection, waiting for the scpr log, deleting the user, with timings", async () => {
    const mock = tenant()
      .token(50)
      .createUser(250)
      .logs([], 100)
      .logs([{ ...userLog(), type: "sapi", description: "Create a User" }], 100)
      .logs([userLog()], 100)
      .deleteUser(80);

    const { report, lines, output } = await smoke();

    expectExactlyTheMockedRequests();
    expect(mock.created).toEqual([
      {
        connection: "Username-Password-Authentication",
        email: EMAIL,
        password: expect.any(String),
        email_verified: false,
        verify_email: false,
        app_metadata: { smoke: true },
      },
    ]);
    const { password } = mock.created[0];
    expect(password).toMatch(/^.{40}$/);
    expectNoSecretsIn(output, password);
    expect(clock.sleeps).toEqual([2_000, 2_000]);
    expect(report).toEqual({
      outcome: "passed",
      exitCode: 0,
      userId: USER_ID,
      cleanup: "deleted",
      logType: "scpr",
      polls: 3,
      timings: {
        createMs: 300,
        visibleAfterMs: 4_300,
        loggedAfterMs: 1_834,
        deleteMs: 80,
        totalMs: 4_680,
      },
    });
    expect(lines).toEqual([
      `out: smoke: ${TENANT}: creating ${EMAIL} in Username-Password-Authentication, then waiting up to 120 s for the scpr log`,
      `out: smoke: created user ${USER_ID} in 300 ms`,
      `out: smoke: scpr for ${USER_ID} found after 4300 ms (3 log searches); Auth0 logged it 1834 ms after creating the user; made by client_name "${APP_NAME}" as expected`,
      `out: smoke: deleted user ${USER_ID} in 80 ms`,
      "out: smoke: PASSED: user created in 300 ms, scpr found 4300 ms after creation (logged after 1834 ms), user deleted in 80 ms; 4680 ms in all",
    ]);
  });

  it("authenticating with AUTH0_API_TOKEN as the bearer token, without a token request", async () => {
    tenant("static-token").createUser().logs([userLog()]).deleteUser();

    const { report } = await smoke({}, {}, { kind: "token", token: "static-token" });

    expectExactlyTheMockedRequests();
    expect(report.outcome).toBe("passed");
  });

  it("when an existing application (application.clientId) made the request", async () => {
    tenant()
      .token()
      .createUser()
      .logs([userLog({ client_id: APP_CLIENT_ID, client_name: "Renamed in the Dashboard" })])
      .deleteUser();

    const { report } = await smoke({
      expectedClient: { field: "client_id", value: APP_CLIENT_ID },
    });

    expectExactlyTheMockedRequests();
    expect(report.outcome).toBe("passed");
  });

  it("after waiting exactly as long as a 429's Retry-After asks", async () => {
    tenant()
      .token()
      .createUser()
      .logs([
        429,
        { statusCode: 429, error: "Too Many Requests", message: "Global limit has been reached" },
        { "Retry-After": "5" },
      ])
      .logs([userLog()])
      .deleteUser();

    const { report, lines } = await smoke();

    expectExactlyTheMockedRequests();
    expect(report.outcome).toBe("passed");
    expect(clock.sleeps).toEqual([5_000]);
    expect(lines).toContain("out: smoke: log search rate-limited by Auth0; waiting 5000 ms");
  });

  it("searching on through a 503 from the log search", async () => {
    tenant()
      .token()
      .createUser()
      .logs([503, { statusCode: 503, error: "Service Unavailable", message: "try later" }])
      .logs([userLog()])
      .deleteUser();

    const { report, lines } = await smoke();

    expectExactlyTheMockedRequests();
    expect(report).toMatchObject({ outcome: "passed", polls: 2 });
    expect(lines).toContain(
      "out: smoke: log search failed (HTTP 503 Service Unavailable: try later); trying again",
    );
  });

  it("only on the throwaway user's own log, whatever else a search returns", async () => {
    const otherUser = userLog({ user_id: "auth0|someone-else", user_name: "someone@example.org" });
    tenant().token().createUser().logs([otherUser]).logs([otherUser, userLog()]).deleteUser();

    const { report } = await smoke();

    expectExactlyTheMockedRequests();
    expect(report).toMatchObject({ outcome: "passed", polls: 2 });
  });
});

describe("fails, deleting the user, when", () => {
  it("no scpr log appears before the timeout", async () => {
    tenant().token().createUser().emptyLogSearches(6).deleteUser();

    const { report, lines } = await smoke({ timeoutMs: 10_000 });

    expectExactlyTheMockedRequests();
    expect(clock.sleeps).toEqual([2_000, 2_000, 2_000, 2_000, 2_000]);
    expect(report).toMatchObject({ outcome: "failed", exitCode: 1, cleanup: "deleted", polls: 6 });
    expect(lines.slice(-2)).toEqual([
      `out: smoke: deleted user ${USER_ID} in 0 ms`,
      `err: smoke: FAILED: no scpr log for ${USER_ID} within 10 s (6 log searches; log types seen for the user: none). Check that the Action "send-invite" is deployed and bound to the post-user-registration trigger and did not skip the user (its execution logs say why), or give Auth0's log search more time with --timeout.`,
    ]);
  });

  it.each<[string, Log, string]>([
    [
      "fcpr",
      // Failure logs may carry no user_id; the address still ties them to the user.
      { type: "fcpr", user_id: "", description: "Unable to send email: connection is disabled" },
      "Auth0 logged fcpr (failed change password request)",
    ],
    [
      "fn",
      { type: "fn", description: "Error sending email: provider rejected the API key" },
      "Auth0 logged fn (failed to send an email notification)",
    ],
    [
      "actions_execution_failed",
      {
        type: "actions_execution_failed",
        description: "send-invite: missing required secret(s) CLIENT_ID",
      },
      "Auth0 logged actions_execution_failed (execution of an Action failed)",
    ],
  ])("Auth0 logs %s for the user: at once, with its description", async (_type, log, what) => {
    tenant()
      .token()
      .createUser()
      .logs([])
      .logs([userLog({ ...log, client_id: "x", client_name: APP_NAME })])
      .deleteUser();

    const { report } = await smoke();

    expectExactlyTheMockedRequests();
    expect(report).toMatchObject({ outcome: "failed", cleanup: "deleted", polls: 2 });
    expect(report.failure).toBe(
      `${what} for ${USER_ID}: ${log.description} (client "${APP_NAME}", client_id x)`,
    );
  });

  it("the request came from another application than application.name", async () => {
    tenant()
      .token()
      .createUser()
      .logs([userLog({ client_name: "Some Other App", client_id: "OtherClient" })])
      .deleteUser();

    const { report } = await smoke();

    expectExactlyTheMockedRequests();
    expect(report).toMatchObject({ outcome: "failed", cleanup: "deleted", logType: "scpr" });
    expect(report.failure).toBe(
      `the scpr log for ${USER_ID} names client_name "Some Other App" (client "Some Other App", client_id OtherClient), expected "${APP_NAME}" (application.name of the environment); the Action's CLIENT_ID secret is probably another application's`,
    );
  });

  it("the request came from another client_id than application.clientId", async () => {
    tenant()
      .token()
      .createUser()
      .logs([userLog({ client_id: "OtherClient" })])
      .deleteUser();

    const { report } = await smoke({
      expectedClient: { field: "client_id", value: APP_CLIENT_ID },
    });

    expectExactlyTheMockedRequests();
    expect(report.failure).toContain(
      `names client_id "OtherClient" (client "${APP_NAME}", client_id OtherClient), expected "${APP_CLIENT_ID}" (application.clientId of the environment)`,
    );
  });

  it("the log search is forbidden: at once, naming the scopes", async () => {
    tenant().token().createUser().logs(insufficientScope("read:logs")).deleteUser();

    const { report } = await smoke();

    expectExactlyTheMockedRequests();
    expect(report).toMatchObject({ outcome: "failed", cleanup: "deleted", polls: 1 });
    expect(report.failure).toBe(
      "searching the tenant logs failed: HTTP 403 insufficient_scope: Insufficient scope, expected any of: read:logs (the credentials need the scopes read:logs and read:logs_users)",
    );
  });

  it("interrupted (SIGINT) while waiting: stops waiting, still deletes", async () => {
    tenant().token().createUser().logs([]).deleteUser();
    const controller = new AbortController();
    clock.onSleep = () => controller.abort(new Error("SIGINT"));

    const { report } = await smoke({}, { signal: controller.signal });

    expectExactlyTheMockedRequests();
    expect(report).toMatchObject({
      outcome: "failed",
      failure: "interrupted (SIGINT)",
      cleanup: "deleted",
      polls: 1,
    });
  });
});

describe("fails without a user to delete when", () => {
  it("Auth0 refuses to create it: says nothing was created, sends no delete", async () => {
    const mock = tenant()
      .token()
      .createUser(0, [
        400,
        {
          statusCode: 400,
          error: "Bad Request",
          message: "PasswordStrengthError: Password is too weak",
          errorCode: "invalid_body",
        },
      ]);

    const { report, output } = await smoke();

    expectExactlyTheMockedRequests();
    expectNoSecretsIn(output, mock.created[0].password);
    expect(report).toMatchObject({
      outcome: "failed",
      exitCode: 1,
      cleanup: "nothing-created",
      polls: 0,
    });
    expect(report.userId).toBeUndefined();
    expect(report.failure).toBe(
      "could not create the user in Username-Password-Authentication: HTTP 400 invalid_body: PasswordStrengthError: Password is too weak. Nothing was created.",
    );
  });

  it("the tenant has several verified custom domains and the environment names none: says what to set", async () => {
    tenant().withCustomDomains(CUSTOM_DOMAIN, OTHER_CUSTOM_DOMAIN).token().createUser();

    const { report } = await smoke();

    expectExactlyTheMockedRequests();
    expect(report).toMatchObject({ outcome: "failed", exitCode: 1, cleanup: "nothing-created" });
    expect(report.failure).toBe(
      "could not create the user in Username-Password-Authentication: HTTP 409 custom_domain_conflict: The tenant has multiple verified custom domains. Set customDomain in the environment file (docs/environment.md) to the verified custom domain invitees should see. Nothing was created.",
    );
  });

  it("the address is already a user: leaves that user alone", async () => {
    tenant().token().createUser(0, [409, USER_EXISTS]);

    const { report } = await smoke();

    expectExactlyTheMockedRequests();
    expect(report).toMatchObject({ outcome: "failed", exitCode: 1, cleanup: "nothing-created" });
    expect(report.failure).toBe(
      `could not create the user in Username-Password-Authentication: HTTP 409 auth0_idp_error: The user already exists. Nothing was created: ${EMAIL} was a user before this run, so it is not the smoke's to delete.`,
    );
  });

  it("the token request is refused", async () => {
    tenant().token(0, [401, { error: "access_denied", error_description: "Unauthorized" }]);

    const { report } = await smoke();

    expectExactlyTheMockedRequests();
    expect(report).toMatchObject({ outcome: "failed", cleanup: "nothing-created" });
    expect(report.failure).toBe(
      "could not create the user in Username-Password-Authentication: token request HTTP 401 access_denied: Unauthorized. Nothing was created.",
    );
  });

  it("creating it fails with a 5xx: warns that it may exist after all", async () => {
    tenant()
      .token()
      .createUser(0, [
        503,
        { statusCode: 503, error: "Service Unavailable", message: "try later" },
      ]);

    const { report } = await smoke();

    expectExactlyTheMockedRequests();
    expect(report.failure).toContain(
      `Auth0 may have created it anyway: look for ${EMAIL} (app_metadata.smoke = true) and delete it.`,
    );
  });

  it("interrupted before anything was created", async () => {
    const controller = new AbortController();
    controller.abort(new Error("SIGTERM"));

    const { report } = await smoke({}, { signal: controller.signal });

    expectExactlyTheMockedRequests();
    expect(report).toMatchObject({ failure: "interrupted (SIGTERM)", cleanup: "nothing-created" });
  });
});

describe("fails loudly, printing the user id, when the user cannot be deleted", () => {
  it("after retrying a 500 twice, even though the check itself passed", async () => {
    const serverError = [
      500,
      { statusCode: 500, error: "Internal Server Error", message: "oops" },
    ] as [number, unknown];
    tenant()
      .token()
      .createUser()
      .logs([userLog()])
      .deleteUser(0, serverError)
      .deleteUser(0, serverError)
      .deleteUser(0, serverError);

    const { report, lines } = await smoke();

    expectExactlyTheMockedRequests();
    expect(clock.sleeps).toEqual([1_000, 2_000]);
    expect(report).toMatchObject({
      outcome: "failed",
      exitCode: 1,
      cleanup: "not-deleted",
      userId: USER_ID,
    });
    expect(lines.slice(-2)).toEqual([
      `err: smoke: COULD NOT DELETE the throwaway user ${USER_ID} (${EMAIL}): HTTP 500 Internal Server Error: oops (attempt 3). Delete it by hand: Auth0 Dashboard > User Management > Users, or DELETE https://${TENANT}/api/v2/users/auth0%7C5e0c1a0ffee0000000000001`,
      "err: smoke: FAILED: the check passed, but the throwaway user could not be deleted (see above)",
    ]);
  });

  it("without retrying a 403 (no delete:users), keeping the first failure as the reason", async () => {
    tenant()
      .token()
      .createUser()
      .logs([userLog({ client_name: "Other" })])
      .deleteUser(0, insufficientScope("delete:users"));

    const { report, lines } = await smoke();

    expectExactlyTheMockedRequests();
    expect(report).toMatchObject({ exitCode: 1, cleanup: "not-deleted" });
    expect(report.failure).toMatch(/^the scpr log for .* names client_name "Other"/);
    expect(lines.join("\n")).toContain(
      `COULD NOT DELETE the throwaway user ${USER_ID} (${EMAIL}): HTTP 403 insufficient_scope: Insufficient scope, expected any of: delete:users (attempt 1)`,
    );
  });

  it("treating a 404 as already deleted", async () => {
    tenant()
      .token()
      .createUser()
      .logs([userLog()])
      .deleteUser(0, [
        404,
        { statusCode: 404, error: "Not Found", message: "The user does not exist." },
      ]);

    const { report, lines } = await smoke();

    expectExactlyTheMockedRequests();
    expect(report).toMatchObject({ outcome: "passed", cleanup: "deleted" });
    expect(lines).toContain(`out: smoke: deleted user ${USER_ID} in 0 ms (it was already gone)`);
  });
});
