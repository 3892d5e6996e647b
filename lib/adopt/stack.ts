// What the first apply would send, read from the stack itself: the environment is synthesized
// in memory by the same constructs `npm run synth` uses, so the report can never describe a
// stack other than the one terraform gets.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { App, Testing } from "cdktf";
import type { Environment } from "../environment";
import { withoutTokenCreationStacks } from "../speed/token-stack-traces";
import { loadSharedAssets, stackPropsFor } from "../stack/environment-stacks";
import { InviteStack } from "../stack/invite-stack";
import { unescapeTerraformTemplate } from "../stack/terraform-string";

// biome-ignore lint/suspicious/noExplicitAny: Terraform JSON is untyped by nature.
export type StackJson = Record<string, any>;

/** The stack's JSON as synth writes it, every string read back as terraform reads it. */
export function synthesizeStack(name: string, config: Environment): StackJson {
  const shared = loadSharedAssets(config.resetPage.manageText ? config.languages : []);
  // The App makes its output folder; nothing is written into it (Testing.synth stays in memory).
  const outdir = mkdtempSync(path.join(tmpdir(), "adopt-synth-"));
  try {
    const json = withoutTokenCreationStacks(() => {
      const app = new App({ outdir, stackTraces: false });
      const props = stackPropsFor({ file: `environments/${name}.json`, config }, shared);
      return Testing.synth(new InviteStack(app, name, props));
    }, false);
    return unescapeStrings(JSON.parse(json)) as StackJson;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

function unescapeStrings(value: unknown): unknown {
  if (typeof value === "string") return unescapeTerraformTemplate(value);
  if (Array.isArray(value)) return value.map(unescapeStrings);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unescapeStrings(v)]));
  }
  return value;
}
