// The edge of `npm run rehearse` (synth has already run as the pre-script).
import { runRehearse } from "../lib/operate/rehearse";
import { runFromProcess } from "../lib/operate/terraform-edge";

runFromProcess("rehearse", runRehearse);
