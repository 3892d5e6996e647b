// cdktf's Testing.app() makes a temporary output folder of its own at every call and never
// removes it; these apps share one per test file, removed after the file.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type App, Testing } from "cdktf";

let outdir: string | undefined;
afterAll(() => {
  if (outdir) rmSync(outdir, { recursive: true, force: true });
  outdir = undefined;
});

/** `Testing.app()`, writing (if ever) into the test file's own temporary folder. */
export function testingApp(): App {
  outdir ??= mkdtempSync(path.join(tmpdir(), "cdktf-test-app-"));
  return Testing.app({ outdir });
}
