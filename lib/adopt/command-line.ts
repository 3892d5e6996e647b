// `npm run adopt -- <env> [...]`: the options and the help, with commander as `npm run invite`
// has them. Parsing only: what to run comes back as a request, so `--help` answers at once.

import { jsonProgram, parseJsonProgram } from "../management-api/cli";
import type { Output, Parsed } from "../operate/edge";
import { READ_SCOPES } from "./scopes";

export interface AdoptRequest {
  readonly env: string;
  readonly write: boolean;
  readonly snapshot?: string;
  readonly acceptLoss: boolean;
  readonly json: boolean;
  readonly summaryFile?: string;
}

function scopesHelp(): string {
  const width = Math.max(...READ_SCOPES.map((s) => s.scope.length));
  return `Management API scopes (read only):\n${READ_SCOPES.map((s) => `  ${s.scope.padEnd(width)}  ${s.what}`).join("\n")}`;
}

const HELP_AFTER = `
Reads the tenant of environments/<env>.json and changes nothing on it: every Management API
request is a GET (client credentials add the one POST that asks for a token).
The report lists, by resource, what the first apply creates, imports and overwrites (old ->
new, a template as a short diff), and what it drops or leaves in a state no plan shows; each
item says how to keep the tenant's value and whether it blocks the adoption.

Credentials come from the environment: AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET of a
machine-to-machine application authorized for the tenant's Management API (or
AUTH0_API_TOKEN). The tenant is always the environment file's domain; AUTH0_DOMAIN, when set,
must be the same. ENVIRONMENTS_DIR: directory of the environment files (default environments).

${scopesHelp()}

Exit codes: 0 nothing is lost (or --accept-loss) and nothing blocks; 1 something would be lost
or blocks the adoption, or the tenant could not be read; 2 bad usage or input.
More: docs/adopting.md`;

export function parseCommandLine(argv: readonly string[], output: Output): Parsed<AdoptRequest> {
  let request: AdoptRequest | undefined;
  const program = jsonProgram("adopt", argv, output, HELP_AFTER)
    .description(
      "Read a live tenant before its first apply: say everything the apply will change, and optionally write the environment file so that it keeps what the tenant has.",
    )
    .argument("<env>", "environment name (environments/<env>.json)")
    .option(
      "--write",
      "write the environment file so the first apply keeps the tenant's values wherever the file does not decide otherwise; prints the file's diff",
    )
    .option(
      "--snapshot <file>",
      "write the tenant as read (no secrets) as a tenant file for `npm run rehearse -- <env> --tenant <file>`",
    )
    .option(
      "--accept-loss",
      "what the report lists as lost is intended: exit 0 unless something blocks",
    )
    .option("--json", "machine-readable output only (one JSON document on stdout)")
    .option(
      "--summary-file <file>",
      "also write the report as Markdown there (the pull-request comment)",
    )
    .action((env: string, options) => {
      request = {
        env,
        write: options.write === true,
        ...(options.snapshot === undefined ? {} : { snapshot: options.snapshot as string }),
        acceptLoss: options.acceptLoss === true,
        json: options.json === true,
        ...(options.summaryFile === undefined
          ? {}
          : { summaryFile: options.summaryFile as string }),
      };
    });
  return parseJsonProgram(program, argv, output, "adopt", () => request);
}
