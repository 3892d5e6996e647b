// `npm run smoke`: the decisions made before any request (lib/smoke/preflight).

import { readMessages } from "../../lib/email-templates/messages";
import {
  EnvironmentConfigError,
  type LoadedEnvironment,
  parseEnvironment,
} from "../../lib/environment";
import { HELP, type Preflight, preflight } from "../../lib/smoke/preflight";
import { GATE_SCOPES, REQUIRED_SCOPES } from "../../lib/smoke/scopes";
import { ROOT } from "../support/paths";
import {
  APP_CLIENT_ID,
  APP_NAME,
  CLIENT_SECRET,
  CONNECTION_ID,
  CUSTOM_DOMAIN,
  DENIED_MESSAGE,
  TENANT,
  unexpected,
} from "./fake-tenant";

// ---------------------------------------------------------------------------------------------
// Environment files and preflight

const ENVIRONMENT = {
  domain: TENANT,
  connection: {
    name: "Username-Password-Authentication",
    id: "con_SMOKE00000000000",
    passwordPolicy: { model: "flexible" },
  },
  application: {
    name: APP_NAME,
    type: "regular_web",
    loginUrl: "https://portal.example.com/login",
  },
  email: {
    from: "Portal <no-reply@portal.example.com>",
    productName: "Portal",
    supportEmail: "support@example.com",
  },
  invite: { actionName: "send-invite", skipEmailDomains: ["test.example.com"] },
  // Most of the smoke runs without the gate; the gate's cases set their own.
  loginGate: { state: "removed" },
};

function environment(
  name = "dev",
  overrides: Partial<
    Record<
      keyof typeof ENVIRONMENT | "loginGate" | "customDomain" | "languages" | "tenantLocales",
      unknown
    >
  > = {},
): LoadedEnvironment {
  const file = `environments/${name}.json`;
  const result = parseEnvironment(file, JSON.stringify({ ...ENVIRONMENT, ...overrides }));
  if (!result.ok) throw new Error(result.problems.join("\n"));
  return { name, file, config: result.config };
}

const CREDENTIALS = { AUTH0_CLIENT_ID: "m2m-client", AUTH0_CLIENT_SECRET: CLIENT_SECRET };

function decide(
  argv: string[],
  env: Record<string, string | undefined> = CREDENTIALS,
  environments: LoadedEnvironment[] = [
    environment("dev"),
    environment("prod", { domain: "acme-prod.eu.auth0.com" }),
  ],
): Preflight {
  return preflight({
    argv,
    env,
    environmentsDir: "environments",
    loadEnvironments: () => environments,
    randomHex: () => "0123456789ab",
  });
}

function exitOf(decision: Preflight) {
  if (decision.kind !== "exit") throw new Error("expected the smoke to stop before running");
  return decision;
}

function planOf(decision: Preflight) {
  if (decision.kind !== "run") throw new Error(`expected a run, got: ${exitOf(decision).message}`);
  return decision.plan;
}

// ---------------------------------------------------------------------------------------------

describe("skipped", () => {
  it("without credentials: one message naming the variables, the tenant and the scopes, exit 0, no request", () => {
    const decision = exitOf(decide(["dev"], {}));

    expect(decision).toMatchObject({ code: 0, stream: "out" });
    expect(decision.message).toMatch(/^smoke: skipped: no Auth0 Management API credentials/);
    for (const word of [
      "AUTH0_CLIENT_ID",
      "AUTH0_CLIENT_SECRET",
      "AUTH0_API_TOKEN",
      TENANT,
      "environment dev",
      ...REQUIRED_SCOPES,
    ]) {
      expect(decision.message).toContain(word);
    }
    expect(decision.message.split("\n")).toHaveLength(1);
    expect(unexpected).toEqual([]);
  });

  it("without credentials while loginGate is bound: names the gate's scopes too", () => {
    const bound = environment("dev", { loginGate: { invitedSince: "2026-12-01T00:00:00Z" } });
    const decision = exitOf(decide(["dev"], {}, [bound]));

    expect(decision).toMatchObject({ code: 0, stream: "out" });
    expect(decision.message).toContain(
      `with the scopes ${[...REQUIRED_SCOPES, ...GATE_SCOPES].join(", ")} (the last 5 because loginGate.state is "bound").`,
    );
  });

  it("without credentials while loginGate is not bound: only the invite's scopes", () => {
    const decision = exitOf(decide(["dev"], {}));
    expect(decision.message).toContain(`with the scopes ${REQUIRED_SCOPES.join(", ")}.`);
    for (const scope of GATE_SCOPES) expect(decision.message).not.toContain(scope);
  });

  it("counts empty and blank variables as missing, as CI exports unset secrets", () => {
    const env = { AUTH0_CLIENT_ID: "", AUTH0_CLIENT_SECRET: " ", AUTH0_API_TOKEN: "" };
    expect(exitOf(decide(["dev"], env))).toMatchObject({ code: 0, stream: "out" });
  });

  it.each([
    [{ AUTH0_CLIENT_ID: "m2m-client" }, "AUTH0_CLIENT_ID is set, AUTH0_CLIENT_SECRET is not"],
    [{ AUTH0_CLIENT_SECRET: "x" }, "AUTH0_CLIENT_SECRET is set, AUTH0_CLIENT_ID is not"],
  ])("says which half of the client credentials is missing (%o)", (env, note) => {
    const decision = exitOf(decide(["dev"], env));
    expect(decision.code).toBe(0);
    expect(decision.message).toContain(note);
  });
  it.each(["unbound", "removed"])(
    "when the environment's invite.state is %s: the Action does not run, so exit 0",
    (state) => {
      const off = environment("dev", { invite: { state } });
      const decision = exitOf(decide(["dev"], CREDENTIALS, [off]));
      expect(decision).toEqual({
        kind: "exit",
        code: 0,
        stream: "out",
        message: `smoke: skipped: invite.state is "${state}" in environments/dev.json, so the invite Action does not run for new users on ${TENANT}; there is nothing to check.`,
      });
    },
  );
});

describe("stops before creating anything", () => {
  it.each<[string, string[], RegExp]>([
    ["no environment name", [], /expected exactly one environment name, got none/],
    ["two environment names", ["dev", "prod"], /got 2: dev prod/],
    ["an unknown option", ["dev", "--verbose"], /Unknown option '--verbose'/],
    [
      "a zero timeout",
      ["dev", "--timeout", "0"],
      /--timeout must be a positive number of seconds, got "0"/,
    ],
    ["a timeout that is no number", ["dev", "--timeout", "soon"], /got "soon"/],
    [
      "an unknown environment",
      ["staging"],
      /unknown environment "staging"; available in environments: dev, prod/,
    ],
  ])("with exit 2 and the usage line for %s", (_name, argv, message) => {
    const decision = exitOf(decide(argv));
    expect(decision).toMatchObject({ code: 2, stream: "err" });
    expect(decision.message).toMatch(message);
    expect(decision.message).toMatch(/\nusage: npm run smoke -- <environment>/);
  });

  it("prints the help with exit 0, explaining why example.com is a safe default", () => {
    expect(exitOf(decide(["--help"]))).toEqual({
      kind: "exit",
      code: 0,
      stream: "out",
      message: HELP,
    });
    expect(HELP).toMatch(
      /example\.com: reserved by\s+RFC 2606 and published with a null MX \(RFC 7505\)/,
    );
  });

  it("with exit 1 and the loader's own message when an environment file is invalid", () => {
    const decision = preflight({
      argv: ["dev"],
      env: CREDENTIALS,
      environmentsDir: "environments",
      loadEnvironments: () => {
        throw new EnvironmentConfigError(["environments/dev.json: domain: is required"]);
      },
    });
    expect(exitOf(decision)).toMatchObject({ code: 1, stream: "err" });
    expect(exitOf(decision).message).toContain("environments/dev.json: domain: is required");
  });

  it("refuses with exit 1 when AUTH0_DOMAIN names another tenant", () => {
    const decision = exitOf(
      decide(["dev"], { ...CREDENTIALS, AUTH0_DOMAIN: "acme-prod.eu.auth0.com" }),
    );
    expect(decision).toMatchObject({ code: 1, stream: "err" });
    expect(decision.message).toBe(
      `smoke: refusing to run: AUTH0_DOMAIN is "acme-prod.eu.auth0.com" but environments/dev.json is the tenant ${TENANT}. The smoke always uses the environment file's domain, and credentials set beside another AUTH0_DOMAIN are most likely for that other tenant. Unset AUTH0_DOMAIN or set it to ${TENANT}.`,
    );
  });

  it("accepts an AUTH0_DOMAIN that is the environment's domain written differently", () => {
    const plan = planOf(
      decide(["dev"], { ...CREDENTIALS, AUTH0_DOMAIN: `https://${TENANT.toUpperCase()}/` }),
    );
    expect(plan.target.domain).toBe(TENANT);
  });

  it("fails with exit 1 when SMOKE_EMAIL_DOMAIN is one the Action skips", () => {
    const decision = exitOf(
      decide(["dev"], { ...CREDENTIALS, SMOKE_EMAIL_DOMAIN: "Test.Example.com" }),
    );
    expect(decision).toMatchObject({ code: 1, stream: "err" });
    expect(decision.message).toContain(
      "test.example.com is listed in invite.skipEmailDomains of environments/dev.json",
    );
    expect(unexpected).toEqual([]);
  });

  it("with exit 2 when SMOKE_EMAIL_DOMAIN is no domain name", () => {
    const decision = exitOf(
      decide(["dev"], { ...CREDENTIALS, SMOKE_EMAIL_DOMAIN: "not a domain" }),
    );
    expect(decision).toMatchObject({ code: 2, stream: "err" });
  });
});

describe("plans the run from the environment file", () => {
  it("on its tenant, connection and application name, with a throwaway example.com address", () => {
    const plan = planOf(decide(["dev", "--timeout", "90"]));
    expect(plan).toEqual({
      environment: "dev",
      file: "environments/dev.json",
      credentials: {
        kind: "client-credentials",
        clientId: "m2m-client",
        clientSecret: CLIENT_SECRET,
      },
      target: {
        domain: TENANT,
        connection: "Username-Password-Authentication",
        email: "smoke-0123456789ab@example.com",
        expectedClient: { field: "client_name", value: APP_NAME },
        actionName: "send-invite",
        timeoutMs: 90_000,
        passwordLength: 40,
      },
    });
  });

  it("waits 120 s by default and takes the address domain from SMOKE_EMAIL_DOMAIN", () => {
    const plan = planOf(
      decide(["dev"], { ...CREDENTIALS, SMOKE_EMAIL_DOMAIN: "@Bounce.Example.org" }),
    );
    expect(plan.target.timeoutMs).toBe(120_000);
    expect(plan.target.email).toBe("smoke-0123456789ab@bounce.example.org");
  });

  it("uses AUTH0_API_TOKEN when it is set, like the Terraform provider", () => {
    const plan = planOf(decide(["dev"], { ...CREDENTIALS, AUTH0_API_TOKEN: "static-token" }));
    expect(plan.credentials).toEqual({ kind: "token", token: "static-token" });
  });

  it("expects an existing application's client_id, and a password as long as the policy asks", () => {
    const custom = environment("custom", {
      application: { clientId: APP_CLIENT_ID },
      connection: {
        name: "Invitees",
        passwordPolicy: { model: "legacy", strength: "excellent", minLength: 64 },
      },
    });
    const plan = planOf(decide(["custom"], CREDENTIALS, [custom]));
    expect(plan.target.expectedClient).toEqual({ field: "client_id", value: APP_CLIENT_ID });
    expect(plan.target.connection).toBe("Invitees");
    expect(plan.target.passwordLength).toBe(64);
  });

  it("with the login gate while loginGate.state is bound: its Action, a client name with the address's random part, the connection id and invitedSince", () => {
    const bound = environment("dev", { loginGate: { invitedSince: "2026-12-01T00:00:00Z" } });
    const plan = planOf(decide(["dev"], CREDENTIALS, [bound]));
    expect(plan.target.gate).toEqual({
      actionName: "invite-login-gate",
      clientName: "smoke-login-gate-0123456789ab",
      connectionId: CONNECTION_ID,
      invitedSince: "2026-12-01T00:00:00Z",
      deniedMessage: DENIED_MESSAGE,
    });
  });

  it("expects the gate's refusal in the environment's default language, as the throwaway user gets it", () => {
    const german = environment("dev", {
      languages: ["de", "en"],
      tenantLocales: ["de", "en"],
      loginGate: { invitedSince: "2026-12-01T00:00:00Z" },
    });
    const plan = planOf(decide(["dev"], CREDENTIALS, [german]));
    expect(plan.target.gate?.deniedMessage).toBe(
      readMessages(ROOT, ["login_gate_denied"]).login_gate_denied.de,
    );
    expect(plan.target.gate?.deniedMessage).not.toBe(DENIED_MESSAGE);
  });

  it("with the login gate of a connection the stack creates: no id (looked up by name), no invitedSince", () => {
    const created = environment("dev", {
      connection: { name: "Invitees" },
      loginGate: { actionName: "gate" },
    });
    const plan = planOf(decide(["dev"], CREDENTIALS, [created]));
    expect(plan.target.gate).toEqual({
      actionName: "gate",
      clientName: "smoke-login-gate-0123456789ab",
      deniedMessage: DENIED_MESSAGE,
    });
  });

  it.each<[string, Record<string, unknown>]>([
    ["unbound", { state: "unbound", invitedSince: "2026-12-01T00:00:00Z" }],
    ["removed", { state: "removed" }],
  ])("without the login gate while loginGate.state is %s", (_state, loginGate) => {
    const plan = planOf(decide(["dev"], CREDENTIALS, [environment("dev", { loginGate })]));
    expect(plan.target.gate).toBeUndefined();
  });

  it("with the login gate of an adopted connection without invitedSince: the cutoff terraform recorded at the apply lies before the throwaway user", () => {
    const plan = planOf(decide(["dev"], CREDENTIALS, [environment("dev", { loginGate: {} })]));
    expect(plan.target.gate).toEqual({
      actionName: "invite-login-gate",
      clientName: "smoke-login-gate-0123456789ab",
      connectionId: "con_SMOKE00000000000",
      deniedMessage: DENIED_MESSAGE,
    });
  });

  it("with the environment's customDomain, which the requests about the user name", () => {
    const custom = environment("dev", { customDomain: CUSTOM_DOMAIN });
    const plan = planOf(decide(["dev"], CREDENTIALS, [custom]));
    expect(plan.target).toMatchObject({ domain: TENANT, customDomain: CUSTOM_DOMAIN });
  });

  it("draws a new random address each time", () => {
    const plan = preflight({
      argv: ["dev"],
      env: CREDENTIALS,
      environmentsDir: "environments",
      loadEnvironments: () => [environment("dev")],
    });
    expect(planOf(plan).target.email).toMatch(/^smoke-[0-9a-f]{12}@example\.com$/);
  });
});
