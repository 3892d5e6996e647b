import type { Environment } from "./schema";

/** The stack's output holding the cutoff terraform recorded; `npm run invite` reads it. */
export const LOGIN_GATE_CUTOFF_OUTPUT = "login_gate_invited_since";

/**
 * Whether terraform records the login gate's cutoff at the apply that first creates the gate:
 * a gate on an adopted connection (whose users from before the flow must never be gated) when
 * the file states no loginGate.invitedSince. A connection the stack creates has no such users,
 * so its gate needs no cutoff.
 */
export function recordsGateCutoff(env: Environment): boolean {
  return (
    env.loginGate.state !== "removed" &&
    env.loginGate.invitedSince === undefined &&
    env.connection.id !== undefined
  );
}
