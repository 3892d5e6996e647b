// The edge of `npm run check-stack`: real `terraform validate` of every synthesized stack
// through the stand-in auth0 provider (lib/operate/check-stack.ts).
import { runCheckStack } from "../lib/operate/check-stack";
import { runFromProcess } from "../lib/operate/edge";

runFromProcess(runCheckStack, "check-stack");
