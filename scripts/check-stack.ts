// The edge of `npm run check-stack`: real `terraform validate` of every synthesized stack
// through the stand-in auth0 provider (lib/operate/check-stack.ts).

import { runCheckStack } from "../lib/operate/check-stack";
import { killTerraforms } from "../lib/operate/terraform-process";

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    // The exit handlers stop the stand-in providers and remove their directories.
    killTerraforms();
    process.stderr.write(`\ncheck-stack: stopped (${signal})\n`);
    process.exit(130);
  });
}

runCheckStack(process.argv.slice(2), {
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
