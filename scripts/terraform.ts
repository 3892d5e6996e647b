// The edge of `npm run plan` / `npm run apply`: process arguments, environment, terminal and
// signals. (`npm run synth` has already run as the pre-script, so the stack JSON is fresh.)
import { createInterface } from "node:readline/promises";
import { interrupts } from "../lib/operate/interrupts";
import { runTerraformCommand } from "../lib/operate/terraform-runner";

const interactive = Boolean(process.stdin.isTTY) && !process.env.CI;

// Ctrl-C and SIGTERM do not end this process: the runner asks terraform to stop, waits for it,
// deletes the saved plan and returns the exit code of an interrupted run.
const received = interrupts();
process.on("SIGINT", received.receive);
process.on("SIGTERM", received.receive);

runTerraformCommand(process.argv.slice(2), {
  env: process.env,
  cwd: process.cwd(),
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  ask: interactive
    ? async (question) => {
        const rl = createInterface({ input: process.stdin, output: process.stdout });
        // While readline reads the terminal, Ctrl-C comes to it as a key, not as a signal.
        rl.on("SIGINT", () => {
          process.stdout.write("\n");
          received.receive("SIGINT");
        });
        try {
          return await rl.question(question, { signal: received.interrupt });
        } finally {
          rl.close();
        }
      }
    : undefined,
  interrupt: received.interrupt,
  interruptAgain: received.interruptAgain,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
