// The edge of `npm run rehearse` (synth has already run as the pre-script).

import { runRehearse } from "../lib/operate/rehearse";
import { killTerraforms } from "../lib/operate/terraform-process";

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    // The exit handlers stop the stand-in providers and remove their sockets.
    killTerraforms();
    process.stderr.write(`\nrehearse: stopped (${signal}); nothing real was touched\n`);
    process.exit(130);
  });
}

runRehearse(process.argv.slice(2), {
  root: process.cwd(),
  cwd: process.cwd(),
  env: process.env,
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
