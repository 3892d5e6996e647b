// The stand-in auth0 provider's process (lib/provider/stand-in): started by
// lib/provider/stand-in/launch.ts, never by hand.
//   node scripts/run.mjs scripts/stand-in-provider.ts --control <socket path>
import { main } from "../lib/provider/stand-in/main";

main(process.argv.slice(2), process.cwd()).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
