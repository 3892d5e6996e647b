// Prints the built invite Action code (what auth0_action.code carries before Terraform
// escaping): `node scripts/run.mjs lib/action/print-code.ts`. Used by scripts/bench-action.mjs.
import { buildInviteActionCode } from "./";

process.stdout.write(buildInviteActionCode());
