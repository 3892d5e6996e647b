// Everything `npm run smoke` decides before it touches a tenant: arguments, which environment,
// whether credentials are present, and the safety checks. Pure apart from the injected loader,
// so scripts/smoke.ts stays a thin edge and this never loads the (slow to load) auth0 SDK.
import { randomBytes } from "node:crypto";
import { Command, CommanderError } from "commander";
import { readMessages } from "../email-templates/messages";
import {
  DEFAULT_CONNECTION_NAME,
  type Environment,
  EnvironmentConfigError,
  HOSTNAME,
  type LoadedEnvironment,
} from "../environment";
import { DEFAULT_PASSWORD_LENGTH } from "../management-api/password";
import {
  type Credentials,
  envValue,
  normaliseDomain,
  readAuth0Credentials,
} from "../operate/credentials";
import type { GateTarget } from "./gate";
import type { ExpectedClient, SmokeTarget } from "./run";
import { GATE_SCOPES, REQUIRED_SCOPES, requiredScopes } from "./scopes";

export const DEFAULT_TIMEOUT_SECONDS = 120;
/** RFC 2606 reserves it; it publishes a null MX (RFC 7505), so mail to it is refused at once. */
export const DEFAULT_EMAIL_DOMAIN = "example.com";

export interface SmokePlan {
  environment: string;
  file: string;
  credentials: Credentials;
  target: SmokeTarget;
}

export type Preflight =
  | { kind: "exit"; code: 0 | 1 | 2; stream: "out" | "err"; message: string }
  | { kind: "run"; plan: SmokePlan };

export interface PreflightInput {
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  environmentsDir: string;
  /** May throw EnvironmentConfigError. */
  loadEnvironments: () => LoadedEnvironment[];
  /** The random part of the throwaway address and client name. */
  randomHex?: () => string;
}

const PREFIX = "smoke:";

export const HELP = `usage: npm run smoke -- <environment> [--timeout <seconds>]

Checks the invitation flow on the tenant of environments/<environment>.json: creates a
throwaway user (random address, random password that is never shown) in the environment's
connection.name (default ${DEFAULT_CONNECTION_NAME}), waits until the
tenant logs show that the invite Action asked Auth0 for the change-password email (log type
scpr, made with the environment's application), reports timings and deletes the user again,
also when a step fails or the run is interrupted. When the environment sets customDomain, the
requests about the user name it (the auth0-custom-domain header), which a tenant with several
verified custom domains requires.

While loginGate.state is "bound" it then checks the login gate without a browser: a throwaway
client (smoke-login-gate-<random>, password-realm grant, its secret never shown) logs the user
in with that password, which the gate must deny while the email is unverified; once the user
is marked verified the same login must succeed. The client is deleted like the user.

options:
  --timeout <seconds>  how long to wait for that log (default ${DEFAULT_TIMEOUT_SECONDS}); Auth0's log search lags
  -h, --help           this text

environment variables:
  AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET, or AUTH0_API_TOKEN
                       Management API credentials, read as the Terraform provider reads them,
                       with the scopes ${REQUIRED_SCOPES.join(", ")}, and while
                       loginGate.state is "bound" also ${GATE_SCOPES.join(", ")}.
                       Without them the check is skipped with exit code 0, so CI without
                       secrets stays green.
  AUTH0_DOMAIN         optional; when set it must equal the environment's domain. The tenant
                       always comes from the environment file.
  SMOKE_EMAIL_DOMAIN   domain of the throwaway address (default ${DEFAULT_EMAIL_DOMAIN}: reserved by
                       RFC 2606 and published with a null MX (RFC 7505), so the invitation is
                       refused at once and reaches nobody). Must not be listed in the
                       environment's invite.skipEmailDomains: the Action would skip the user.
  ENVIRONMENTS_DIR     directory of the environment files (default environments)

exit codes: 0 passed or skipped, 1 failed or the user or client could not be deleted, 2 usage
error`;

export function preflight(input: PreflightInput): Preflight {
  const parsed = parseCommandLine(input.argv);
  if (parsed.kind !== "args") return parsed;
  if (parsed.names.length !== 1) {
    return usage(
      `expected exactly one environment name, got ${parsed.names.length === 0 ? "none" : `${parsed.names.length}: ${parsed.names.join(" ")}`}`,
    );
  }
  const timeoutText = parsed.timeout ?? String(DEFAULT_TIMEOUT_SECONDS);
  const timeoutSeconds = Number(timeoutText);
  if (timeoutText.trim() === "" || !Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) {
    return usage(`--timeout must be a positive number of seconds, got "${timeoutText}"`);
  }

  let environments: LoadedEnvironment[];
  try {
    environments = input.loadEnvironments();
  } catch (error) {
    if (!(error instanceof EnvironmentConfigError)) throw error;
    return { kind: "exit", code: 1, stream: "err", message: error.message };
  }
  const [name] = parsed.names;
  const environment = environments.find((e) => e.name === name);
  if (environment === undefined) {
    const available = environments.map((e) => e.name).join(", ");
    return usage(
      `unknown environment "${name}"; available in ${input.environmentsDir}: ${available}`,
    );
  }
  const { config } = environment;
  const { domain } = config;
  if (config.invite.state !== "bound") {
    // Deliberately switched off, so no invitation is the expected outcome, not a failure.
    return {
      kind: "exit",
      code: 0,
      stream: "out",
      message: `${PREFIX} skipped: invite.state is "${config.invite.state}" in ${environment.file}, so the invite Action does not run for new users on ${domain}; there is nothing to check.`,
    };
  }

  const gateBound = config.loginGate.state === "bound";
  const credentials = readCredentials(input.env);
  if ("missing" in credentials) {
    return {
      kind: "exit",
      code: 0,
      stream: "out",
      message: `${PREFIX} skipped: no Auth0 Management API credentials${credentials.missing}, so nothing was checked on ${domain} (environment ${name}). To run it, set AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET (a machine-to-machine application authorized for that tenant's Management API) or AUTH0_API_TOKEN, the variables the Terraform provider reads, with the scopes ${requiredScopes(gateBound).join(", ")}${gateBound ? ` (the last ${GATE_SCOPES.length} because loginGate.state is "bound")` : ""}.`,
    };
  }

  const domainOverride = envValue(input.env, "AUTH0_DOMAIN");
  if (domainOverride !== undefined && normaliseDomain(domainOverride) !== domain) {
    return {
      kind: "exit",
      code: 1,
      stream: "err",
      message: `${PREFIX} refusing to run: AUTH0_DOMAIN is "${domainOverride}" but ${environment.file} is the tenant ${domain}. The smoke always uses the environment file's domain, and credentials set beside another AUTH0_DOMAIN are most likely for that other tenant. Unset AUTH0_DOMAIN or set it to ${domain}.`,
    };
  }

  const emailDomainText = envValue(input.env, "SMOKE_EMAIL_DOMAIN");
  const emailDomain = (emailDomainText ?? DEFAULT_EMAIL_DOMAIN).toLowerCase().replace(/^@/, "");
  if (!HOSTNAME.test(emailDomain)) {
    return usage(
      `SMOKE_EMAIL_DOMAIN must be a domain name such as ${DEFAULT_EMAIL_DOMAIN}, got "${emailDomainText}"`,
    );
  }
  // Compared the way the Action compares them (lower-case, exact domain).
  if (config.invite.skipEmailDomains.map((d) => d.toLowerCase()).includes(emailDomain)) {
    return {
      kind: "exit",
      code: 1,
      stream: "err",
      message: `${PREFIX} ${emailDomain} is listed in invite.skipEmailDomains of ${environment.file}, so the Action would skip the throwaway user and the smoke could only time out; nothing was created. Set SMOKE_EMAIL_DOMAIN to a domain that is not listed.`,
    };
  }

  const randomHex = input.randomHex ?? (() => randomBytes(6).toString("hex"));
  // One random part for both, so a client left behind is traced to its user and run.
  const random = randomHex();
  return {
    kind: "run",
    plan: {
      environment: name,
      file: environment.file,
      credentials,
      target: {
        domain,
        ...(config.customDomain === undefined ? {} : { customDomain: config.customDomain }),
        connection: config.connection.name,
        email: `smoke-${random}@${emailDomain}`,
        expectedClient: expectedClientOf(config),
        actionName: config.invite.actionName,
        timeoutMs: Math.round(timeoutSeconds * 1000),
        passwordLength: Math.max(
          DEFAULT_PASSWORD_LENGTH,
          config.connection.passwordPolicy.minLength,
        ),
        ...(gateBound ? { gate: gateTargetOf(config, random) } : {}),
      },
    },
  };
}

/** What the gate check needs from the environment file; only while loginGate is bound. */
export function gateTargetOf(
  config: Environment,
  random: string,
  root: string = process.cwd(),
): GateTarget {
  const { loginGate, connection } = config;
  const denied = readMessages(root, ["login_gate_denied"]).login_gate_denied;
  return {
    actionName: loginGate.actionName,
    deniedMessage: denied[config.languages[0]] ?? "",
    clientName: `smoke-login-gate-${random}`,
    ...(connection.id === undefined ? {} : { connectionId: connection.id }),
    ...(loginGate.invitedSince === undefined ? {} : { invitedSince: loginGate.invitedSince }),
  };
}

function parseCommandLine(
  argv: readonly string[],
): { kind: "args"; names: string[]; timeout?: string } | Preflight {
  // The help and commander's messages are made into the decision, not written.
  const program = new Command()
    .argument("[environment...]")
    .option("--timeout <seconds>")
    .exitOverride()
    .configureOutput({ writeOut: () => {}, writeErr: () => {} })
    .helpCommand(false);
  try {
    program.parse([...argv], { from: "user" });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    if (error.exitCode === 0) return { kind: "exit", code: 0, stream: "out", message: HELP };
    // Worded as the smoke always has: `Unknown option '--verbose'`.
    return usage(error.message.replace(/^error: (.)/, (_, first: string) => first.toUpperCase()));
  }
  return {
    kind: "args",
    names: program.args,
    timeout: program.opts<{ timeout?: string }>().timeout,
  };
}

function usage(problem: string): Preflight {
  return {
    kind: "exit",
    code: 2,
    stream: "err",
    message: `${PREFIX} ${problem}\nusage: npm run smoke -- <environment> [--timeout <seconds>] (--help for more)`,
  };
}

/** The credentials, or what is missing (a note to append to the skip message, maybe ""). */
export function readCredentials(
  env: Readonly<Record<string, string | undefined>>,
): Credentials | { missing: string } {
  const read = readAuth0Credentials(env);
  if (!("missing" in read)) return read;
  if (read.onlySet === undefined) return { missing: "" };
  const other = read.onlySet === "AUTH0_CLIENT_ID" ? "AUTH0_CLIENT_SECRET" : "AUTH0_CLIENT_ID";
  return { missing: ` (${read.onlySet} is set, ${other} is not)` };
}

/**
 * Who made the change-password request: the Action sends the application's client id. An
 * existing application is known by that id; one the stack creates gets its id only at apply,
 * so its name is what the environment file can vouch for.
 */
export function expectedClientOf(config: Environment): ExpectedClient {
  const { application } = config;
  if (application.kind === "referenced") return { field: "client_id", value: application.clientId };
  return { field: "client_name", value: application.name };
}
