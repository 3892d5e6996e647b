// After the run: the stand-in hosts have ended with their workers (their stdin closed); the
// run's folder goes, unless a parent run (the jest that started this one) owns it.
import { rmSync } from "node:fs";

export default function globalTeardown(): void {
  const run = (globalThis as { auth0RunDirToRemove?: string }).auth0RunDirToRemove;
  if (run) rmSync(run, { recursive: true, force: true });
}
