// Offline stand-in for `terraform validate`; see lib/schema-check. Kept thin so the logic stays
// unit-tested: paths resolve against the working directory because __dirname moves when bundled.
import { runCheckStack } from "../lib/schema-check";

process.exitCode = runCheckStack(process.argv.slice(2), {
  cwd: process.cwd(),
  out: (line) => console.log(line),
  err: (line) => console.error(line),
});
