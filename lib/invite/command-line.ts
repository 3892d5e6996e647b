// `npm run invite -- <command> <env> [...]`: the commands, their options and their help, with
// commander. Parsing only: what to run comes back as a Request, so this loads nothing slow and
// `--help` answers at once.

import { type Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { jsonProgram, parseJsonProgram } from "../management-api/cli";
import { DEFAULT_PASSWORD_LENGTH } from "../management-api/password";
import type { Output, Parsed } from "../operate/edge";
import { DEFAULT_CONCURRENCY, MAX_CONCURRENCY } from "./defaults";
import { INVITEE_STATES, type InviteeState } from "./invitees";
import { scopesHelp } from "./scopes";

/** What every command is given: its environment and addresses, and the options `common` adds. */
interface Given {
  env: string;
  emails: string[];
  json: boolean;
  concurrency: number;
}

export type Request = Given &
  (
    | {
        command: "add";
        csv?: string;
        /** --language: the invitees' language (CSV rows with a language of their own keep it). */
        language?: string;
        dryRun: boolean;
      }
    | { command: "status"; states: InviteeState[] }
    | {
        command: "resend";
        expired: boolean;
        /** --language: set as each named user's language before sending; otherwise kept. */
        language?: string;
        dryRun: boolean;
      }
    | { command: "revoke"; dryRun: boolean }
  );

const ENVIRONMENT_HELP = `
Credentials come from the environment: AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET of a
machine-to-machine application authorized for the tenant's Management API (or
AUTH0_API_TOKEN), as the Terraform provider reads them. The tenant is always the
environment file's domain; AUTH0_DOMAIN, when set, must be the same.
ENVIRONMENTS_DIR: directory of the environment files (default environments).

Exit codes: 0 all done; 1 something failed or was refused; 2 bad usage or input.
More: docs/inviting.md`;

export function parseCommandLine(argv: readonly string[], output: Output): Parsed<Request> {
  let request: Request | undefined;
  const program = jsonProgram("invite", argv, output, ENVIRONMENT_HELP).description(
    "Invite users to an environment's tenant and follow their invitations. Nobody ever knows a password: each user gets a random one that is never shown, and sets their own with the link in the one invitation email.",
  );

  const common = (command: Command, mutating: boolean) => {
    if (mutating) {
      command.option("--dry-run", "print what would be done; change nothing, send no email");
    }
    return command
      .option("--json", "machine-readable output only (one JSON document on stdout)")
      .addOption(
        new Option("--concurrency <n>", `requests in flight at once (1-${MAX_CONCURRENCY})`)
          .default(DEFAULT_CONCURRENCY)
          .argParser(concurrency),
      )
      .showHelpAfterError(`(npm run invite -- ${command.name()} --help for usage)`);
  };

  common(
    program
      .command("add")
      .summary("create users in the connection; each gets one invitation email")
      .description(
        `Creates each user in the environment's connection with email_verified false and a random password (${DEFAULT_PASSWORD_LENGTH} characters, or the password policy's minimum length if longer; never shown), so the invite Action sends the one invitation. Addresses already in the connection are reported as existing, not failed: a run can be repeated.`,
      )
      .argument("<env>", "environment name (environments/<env>.json)")
      .argument("[email...]", "addresses to invite")
      .option(
        "--csv <file>",
        "a CSV file with a header row: email, and optionally name, given_name, family_name, language",
      )
      .option(
        "--language <tag>",
        "the invitees' language (BCP 47, e.g. de or de-AT; one of the environment's languages), for the invitation and the pages after it; CSV rows with a language of their own keep it (default: the environment's default language)",
      )
      .addHelpText("after", `\n${scopesHelp("add")}`),
    true,
  ).action((env: string, emails: string[], options) => {
    if (options.csv !== undefined && emails.length > 0) usage("give addresses or --csv, not both");
    if (options.csv === undefined && emails.length === 0)
      usage("give at least one address, or --csv <file>");
    request = {
      ...given(env, emails, options),
      command: "add",
      ...(options.csv === undefined ? {} : { csv: options.csv as string }),
      ...(options.language === undefined ? {} : { language: options.language as string }),
      dryRun: options.dryRun === true,
    };
  });

  const statusCommand = program
    .command("status")
    .summary("list invitees with their state: pending, expired or accepted")
    .description(
      "Lists the invitees of the environment's connection (or the named ones) with their state, when they were last invited and when that link expires, and counts per state. pending: unverified, link still valid; expired: unverified, link older than email.linkLifetimeSeconds; accepted: email verified.",
    )
    .argument("<env>", "environment name (environments/<env>.json)")
    .argument("[email...]", "only these addresses");
  for (const state of INVITEE_STATES) statusCommand.option(`--${state}`, `only ${state} invitees`);
  common(statusCommand.addHelpText("after", `\n${scopesHelp("status")}`), false).action(
    (env: string, emails: string[], options) => {
      request = {
        ...given(env, emails, options),
        command: "status",
        states: INVITEE_STATES.filter((state) => options[state] === true),
      };
    },
  );

  common(
    program
      .command("resend")
      .summary("send the invitation again to users who have not accepted it")
      .description(
        "Asks Auth0 to send the invitation (the Change Password email) again, with a new link, to each named user who exists and has not accepted, or with --expired to every invitee whose link has expired. Verified and unknown addresses are refused, each named with why.",
      )
      .argument("<env>", "environment name (environments/<env>.json)")
      .argument("[email...]", "addresses to send the invitation to again")
      .option("--expired", "every invitee whose link has expired")
      .option(
        "--language <tag>",
        "set the named users' language first (BCP 47, e.g. de or de-AT; one of the environment's languages); without it, each keeps theirs",
      )
      .addHelpText("after", `\n${scopesHelp("resend")}`),
    true,
  ).action((env: string, emails: string[], options) => {
    if (options.expired === true && emails.length > 0)
      usage("give addresses or --expired, not both");
    if (options.expired !== true && emails.length === 0)
      usage("give at least one address, or --expired");
    if (options.expired === true && options.language !== undefined)
      usage("--language changes the named users' language; name them instead of --expired");
    request = {
      ...given(env, emails, options),
      command: "resend",
      expired: options.expired === true,
      ...(options.language === undefined ? {} : { language: options.language as string }),
      dryRun: options.dryRun === true,
    };
  });

  common(
    program
      .command("revoke")
      .summary("delete invitees who never accepted (to undo a mistyped address)")
      .description(
        "Deletes each named user who never accepted the invitation: email unverified and never logged in. Anyone else is refused, named with why.",
      )
      .argument("<env>", "environment name (environments/<env>.json)")
      .argument("<email...>", "addresses whose invitation to revoke")
      .addHelpText("after", `\n${scopesHelp("revoke")}`),
    true,
  ).action((env: string, emails: string[], options) => {
    request = {
      ...given(env, emails, options),
      command: "revoke",
      dryRun: options.dryRun === true,
    };
  });

  const command = ["add", "status", "resend", "revoke"].find((c) => c === argv[0]) ?? null;
  return parseJsonProgram(
    program,
    argv,
    output,
    command,
    () => request,
    (error) => optionHint(error, argv),
  );

  function usage(message: string): never {
    program.error(`error: ${message}`, { exitCode: 2, code: "invite.usage" });
    // exitOverride makes error() throw, so this is never reached.
    throw new CommanderError(2, "invite.usage", message);
  }
}

/**
 * An address that starts with a hyphen (`-x@example.com`, valid in email) reads as an option;
 * after `--` every argument is an address.
 */
function optionHint(error: CommanderError, argv: readonly string[]): string | undefined {
  if (error.code !== "commander.unknownOption") return undefined;
  const option = /'([^']*)'/.exec(error.message)?.[1];
  if (option === undefined || !option.includes("@")) return undefined;
  const rest = argv.filter((arg) => arg !== option).join(" ");
  return `${option} is read as an option because it starts with "-"; to give it as an address, put it after --: npm run invite -- ${rest} -- ${option}`;
}

function given(
  env: string,
  emails: string[],
  options: { json?: true; concurrency: number },
): Given {
  return { env, emails, json: options.json === true, concurrency: options.concurrency };
}

function concurrency(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > MAX_CONCURRENCY) {
    throw new InvalidArgumentError(`must be a whole number from 1 to ${MAX_CONCURRENCY}`);
  }
  return n;
}
