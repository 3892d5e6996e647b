// A checkout of the repository as a user has one, in a folder of its own: the repository's
// files by reference, with its own environments/, cdktf.json and cdktf.out/, so that a test
// can commit a lock file or run the cdktf CLI there without touching the repository.
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ROOT } from "./paths";

// What a checkout has of its own; the rest (actions/, email-templates/, prompts/, which the
// app reads from where it runs, and .build/, its cache) is the repository's.
const OWN = new Set(["environments", "cdktf.out", "cdktf.json", ".git", ".terraform"]);
const isOwn = (entry: string) =>
  OWN.has(entry) || entry.endsWith(".hcl") || /^terraform\..*\.tfstate/.test(entry);

/** Fills `dir` (existing, empty) and returns the command that runs the app there. */
export function checkOut(dir: string): string[] {
  for (const entry of readdirSync(ROOT)) {
    if (!isOwn(entry)) symlinkSync(path.join(ROOT, entry), path.join(dir, entry));
  }
  mkdirSync(path.join(dir, "environments"));
  // The app's bundle stays the repository's: scripts/run.mjs keeps it under its own root.
  const app = ["node", path.join(ROOT, "scripts", "run.mjs"), path.join(ROOT, "main.ts")];
  const cdktfJson = JSON.parse(readFileSync(path.join(ROOT, "cdktf.json"), "utf8"));
  writeFileSync(path.join(dir, "cdktf.json"), JSON.stringify({ ...cdktfJson, app: app.join(" ") }));
  return app;
}
