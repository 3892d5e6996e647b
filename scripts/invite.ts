// `npm run invite -- <command> <env> [...]`: the admin CLI for invitations (see
// `npm run invite -- --help` and docs/inviting.md). This is the edge: argv, environment
// variables, files, streams and the exit code; everything else is in lib/invite.
import { readFileSync } from "node:fs";
import { LOGIN_GATE_CUTOFF_OUTPUT, loadEnvironments } from "../lib/environment";
import { runInvite } from "../lib/invite/run";
import { exitWhenDone, processOutput } from "../lib/operate/edge";
import { readStackOutput } from "../lib/operate/stack-outputs";

// As in main.ts: tests and experiments can point at other environment files.
const dir = process.env.ENVIRONMENTS_DIR ?? "environments";

exitWhenDone(
  runInvite({
    argv: process.argv.slice(2),
    env: process.env,
    environmentsDir: dir,
    // Notes about ignored files would only interleave with the output.
    loadEnvironments: () => loadEnvironments(dir, { warn: () => {} }),
    readFile: (file) => readFileSync(file),
    recordedCutoff: (environment) =>
      readStackOutput(environment, LOGIN_GATE_CUTOFF_OUTPUT, {
        cwd: process.cwd(),
        env: process.env,
      }),
    ...processOutput,
    ...(process.stderr.isTTY ? { progressStream: process.stderr } : {}),
  }),
);
