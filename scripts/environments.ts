// `npm run environments [-- --json]`: the edge of the listing (lib/environment/listing.ts):
// argv, ENVIRONMENTS_DIR, the environment files, the output and the exit code. The workflows
// read the --json form, so CI decides what to plan and apply from the same loader, defaults
// and checks as synth, instead of reading the files a second time.
import { Command } from "commander";
import { EnvironmentConfigError, loadEnvironments } from "../lib/environment";
import { formatListing, listEnvironments } from "../lib/environment/listing";
import { parseProcessArguments } from "../lib/operate/edge";

const USAGE = `usage: npm run environments [-- --json]

Lists the environment files in ENVIRONMENTS_DIR (default: environments), validated as synth
validates them, in apply order (applyOrder, then name), with the kind of state backend of each.
Exits 1 when an environment file has a problem, listing every problem.

  --json   print a JSON array of { name, file, applyOrder, backend } instead of a table
  --help   print this text`;

function main(): number {
  const program = new Command().option("--json");
  const { json } = parseProcessArguments(program, USAGE, () => program.opts());
  const dir = process.env.ENVIRONMENTS_DIR ?? "environments";
  let listing: ReturnType<typeof listEnvironments>;
  try {
    listing = listEnvironments(loadEnvironments(dir));
  } catch (error) {
    if (!(error instanceof EnvironmentConfigError)) throw error;
    console.error(error.message);
    return 1;
  }
  console.log(json ? JSON.stringify(listing, null, 2) : formatListing(listing));
  return 0;
}

process.exitCode = main();
