// `npm run adopt -- <env> [--write] [--snapshot <file>] [--accept-loss] [--json]`: reads a live
// tenant and says what the first apply of the environment would change (docs/adopting.md).
// This is the edge: argv, environment variables, streams and the exit code; the rest is in
// lib/adopt.
import { runAdopt } from "../lib/adopt/run";

runAdopt({
  argv: process.argv.slice(2),
  env: process.env,
  cwd: process.cwd(),
  // As in main.ts: tests and experiments can point at other environment files.
  environmentsDir: process.env.ENVIRONMENTS_DIR ?? "environments",
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
}).then(
  (code) => {
    process.exitCode = code;
    // The auth0 SDK leaves its request timer running when a request fails in transport, which
    // would keep the process alive for its timeout after the report (as in scripts/invite.ts).
    process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
