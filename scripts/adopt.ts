// `npm run adopt -- <env> [--write] [--snapshot <file>] [--accept-loss] [--json]`: reads a live
// tenant and says what the first apply of the environment would change (docs/adopting.md).
// This is the edge: argv, environment variables, streams and the exit code; the rest is in
// lib/adopt.
import { runAdopt } from "../lib/adopt/run";
import { exitWhenDone, processOutput } from "../lib/operate/edge";

exitWhenDone(
  runAdopt({
    argv: process.argv.slice(2),
    env: process.env,
    cwd: process.cwd(),
    // As in main.ts: tests and experiments can point at other environment files.
    environmentsDir: process.env.ENVIRONMENTS_DIR ?? "environments",
    ...processOutput,
  }),
);
