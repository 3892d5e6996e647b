// The edge of `npm run plan` / `npm run apply` (`npm run synth` has already run as the
// pre-script, so the stack JSON is fresh). Ctrl-C and SIGTERM do not end this process: the
// runner asks terraform to stop, waits for it, deletes the saved plan and returns the exit code
// of an interrupted run.
import { runFromProcess } from "../lib/operate/edge";
import { runTerraformCommand } from "../lib/operate/terraform-runner";

runFromProcess(runTerraformCommand);
