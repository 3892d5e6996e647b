// What `npm run invite` and `npm run adopt` share at their edge: a commander program whose
// --json makes everything one JSON document on stdout (usage errors and stops included), and
// the Management API credentials for the environment file's tenant.
import { Command, CommanderError } from "commander";
import {
  type Credentials,
  envValue,
  normaliseDomain,
  readAuth0Credentials,
} from "../operate/credentials";
import type { Output, Parsed } from "../operate/edge";

/** The run stops before its result: bad usage or input (2), or a refusal or failed request (1). */
export class Stop extends Error {
  constructor(
    message: string,
    readonly problems: readonly string[] = [],
    readonly code: 1 | 2 = 2,
  ) {
    super(message);
  }
}

const errorDocument = (command: string | null, error: string, problems: readonly string[]) =>
  `${JSON.stringify({ command, error, problems }, null, 2)}\n`;

/** Reports `stop` as `command`'s JSON document, or on stderr after `cli:`; its exit code. */
export function reportStop(io: Output, stop: Stop, json: boolean, cli: string, command = cli) {
  if (json) io.out(errorDocument(command, stop.message, stop.problems));
  else io.err(`${cli}: ${stop.message}\n`);
  return stop.code;
}

/** `npm run <cli> --`, its help followed by `helpAfter`; with --json its errors are not written. */
export function jsonProgram(cli: string, argv: readonly string[], io: Output, helpAfter: string) {
  const writeErr = argv.includes("--json") ? () => {} : io.err;
  return new Command(`npm run ${cli} --`)
    .configureOutput({ writeOut: io.out, writeErr })
    .exitOverride()
    .showHelpAfterError(`(npm run ${cli} -- --help for usage)`)
    .helpCommand(false)
    .addHelpText("after", helpAfter);
}

/**
 * Parses `argv` with a jsonProgram: no arguments print the help (exit 2), `--help` exits 0, a
 * usage error exits 2 (with --json as the JSON document of `command`, `hint` appended).
 * `request` is what the program's action made.
 */
export function parseJsonProgram<T>(
  program: Command,
  argv: readonly string[],
  io: Output,
  command: string | null,
  request: () => T | undefined,
  hint: (error: CommanderError) => string | undefined = () => undefined,
): Parsed<T> {
  try {
    if (argv.length === 0) {
      program.outputHelp({ error: true });
      return { kind: "exit", code: 2 };
    }
    program.parse([...argv], { from: "user" });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    // Help and --version exit 0; everything else is a usage error.
    if (error.exitCode === 0) return { kind: "exit", code: 0 };
    const extra = hint(error);
    if (argv.includes("--json")) {
      const message = [error.message.replace(/^error: /, ""), extra]
        .filter((part) => part !== undefined)
        .join("; ");
      io.out(errorDocument(command, message, [message]));
    } else if (extra !== undefined) io.err(`${extra}\n`);
    return { kind: "exit", code: 2 };
  }
  const made = request();
  return made === undefined ? { kind: "exit", code: 2 } : { kind: "run", request: made };
}

/**
 * The Management API credentials for `domain`, the tenant of `file`: a Stop when they are
 * missing (`scopes` says where to find the scopes) or when AUTH0_DOMAIN names another tenant.
 */
export function tenantCredentials(
  env: Readonly<Record<string, string | undefined>>,
  file: string,
  domain: string,
  scopes: string,
): Credentials {
  const read = readAuth0Credentials(env);
  if ("missing" in read) {
    const missing =
      read.onlySet === undefined
        ? "AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET are not set"
        : `${read.onlySet === "AUTH0_CLIENT_ID" ? "AUTH0_CLIENT_SECRET" : "AUTH0_CLIENT_ID"} is not set (${read.onlySet} is)`;
    throw new Stop(
      `${missing}: set them to a machine-to-machine application authorized for the Management API of ${domain}${scopes}`,
    );
  }
  const named = envValue(env, "AUTH0_DOMAIN");
  if (named !== undefined && normaliseDomain(named) !== domain) {
    throw new Stop(
      `AUTH0_DOMAIN is "${named}" but ${file} is the tenant ${domain}; the tenant always comes from the environment file, and credentials set beside another AUTH0_DOMAIN are most likely for that other tenant. Unset AUTH0_DOMAIN or set it to ${domain}.`,
    );
  }
  return read;
}
