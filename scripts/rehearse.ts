// The edge of `npm run rehearse` (synth has already run as the pre-script).
import { runFromProcess } from "../lib/operate/edge";
import { runRehearse } from "../lib/operate/rehearse";

runFromProcess(runRehearse, "rehearse");
