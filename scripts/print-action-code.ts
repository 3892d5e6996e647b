// Prints the built code of an Action (what auth0_action.code carries before Terraform
// escaping): `node scripts/run.mjs scripts/print-action-code.ts [invite|gate]`. Used by
// scripts/bench-action.mjs.
import { buildAction, INVITE_ACTION, LOGIN_GATE } from "../lib/action";

process.stdout.write(buildAction(process.argv[2] === "gate" ? LOGIN_GATE : INVITE_ACTION));
