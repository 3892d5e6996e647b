// The edge of `npm run plan` / `npm run apply`: process arguments, environment and terminal.
// (`npm run synth` has already run as the pre-script, so the stack JSON is fresh.)
import { createInterface } from "node:readline/promises";
import { runTerraformCommand } from "../lib/operate/terraform-runner";

const interactive = Boolean(process.stdin.isTTY) && !process.env.CI;

runTerraformCommand(process.argv.slice(2), {
  env: process.env,
  cwd: process.cwd(),
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  ask: interactive
    ? async (question) => {
        const rl = createInterface({ input: process.stdin, output: process.stdout });
        try {
          return await rl.question(question);
        } finally {
          rl.close();
        }
      }
    : undefined,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
