#!/usr/bin/env node
// Generates .gen/providers/auth0 from the committed provider schema, offline.
//
// `cdktf get` would ask terraform for the schema, which needs the registry. This feeds the
// committed schema (provider-schema/auth0.json) to the same generator `cdktf get` uses,
// with the same provider constraint from cdktf.json, so the generated API is the one
// `cdktf get` produces where the registry is reachable. It runs at `npm ci` (postinstall)
// and skips all work while the inputs are unchanged.
//
// Usage: node scripts/generate-bindings.mjs [--force] [--quiet] [--out <dir, default .gen>]
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { values: args } = parseArgs({
  options: {
    force: { type: "boolean", default: false },
    out: { type: "string", default: ".gen" },
    // npm test / npm run synth call this on every run; stay silent when there is nothing to do.
    quiet: { type: "boolean", default: false },
  },
});
const genDir = path.resolve(root, args.out);
const shownDir = path.relative(root, path.join(genDir, "providers", "auth0"));
const stampFile = path.join(genDir, "providers", "auth0", ".inputs-hash");
const schemaFile = path.join(root, "provider-schema", "auth0.json");
const FQPN = "registry.terraform.io/auth0/auth0";

function fail(message) {
  console.error(`generate-bindings: ${message}`);
  process.exit(1);
}

const cdktfJson = JSON.parse(readFileSync(path.join(root, "cdktf.json"), "utf8"));
const constraintText = (cdktfJson.terraformProviders ?? []).find((p) =>
  String(p).startsWith("auth0/auth0@"),
);
if (!constraintText) fail("cdktf.json declares no auth0/auth0@<version> in terraformProviders");
const version = constraintText.split("@")[1];
if (!/^\d+\.\d+\.\d+$/.test(version)) {
  fail(`cdktf.json: auth0/auth0 must be pinned to an exact version, got "${version}"`);
}

const schemaText = readFileSync(schemaFile, "utf8");
const generatorVersion = JSON.parse(
  readFileSync(path.join(root, "node_modules/@cdktf/provider-generator/package.json"), "utf8"),
).version;
const inputsHash = createHash("sha256")
  .update(
    [
      schemaText,
      constraintText,
      generatorVersion,
      readFileSync(fileURLToPath(import.meta.url)),
    ].join("\0"),
  )
  .digest("hex");

if (!args.force && existsSync(stampFile) && readFileSync(stampFile, "utf8") === inputsHash) {
  if (!args.quiet) console.log(`generate-bindings: ${shownDir} is up to date (auth0 ${version})`);
  process.exit(0);
}

const started = performance.now();
// @cdktf/commons reports usage to HashiCorp's checkpoint service unless told not to; the
// generation is offline by design, so it must not try (and print a DNS error) at npm ci.
process.env.CHECKPOINT_DISABLE ??= "1";
const { TerraformProviderGenerator, CodeMaker } = await import("@cdktf/provider-generator");
const { ConstructsMakerProviderTarget, TerraformProviderConstraint, LANGUAGES, DISPLAY_VERSION } =
  await import("@cdktf/commons");

const schema = JSON.parse(schemaText);
if (!schema.provider_schemas?.[FQPN]) fail(`${path.relative(root, schemaFile)} has no ${FQPN}`);
// `cdktf get` records the provider version it was handed alongside the schema; so do we.
schema.provider_versions = { [FQPN]: version };

const constraint = new TerraformProviderConstraint(constraintText);
const code = new CodeMaker();
const generator = new TerraformProviderGenerator(code, schema);
generator.generate(new ConstructsMakerProviderTarget(constraint, LANGUAGES[0]));
// The same bookkeeping files `cdktf get` writes, so a later `cdktf get` recognises the output.
code.openFile("versions.json");
code.line(JSON.stringify({ [FQPN]: version }, null, 2));
code.closeFile("versions.json");
code.openFile("constraints.json");
code.line(
  JSON.stringify({ cdktf: DISPLAY_VERSION, providers: { [constraint.fqn]: version } }, null, 2),
);
code.closeFile("constraints.json");

// Generate beside .gen and swap in, so an interrupted run never leaves half a provider.
const staging = `${genDir}.staging-${process.pid}`;
rmSync(staging, { recursive: true, force: true });
try {
  await code.save(staging);
  writeFileSync(path.join(staging, "providers", "auth0", ".inputs-hash"), inputsHash);
  mkdirSync(path.join(genDir, "providers"), { recursive: true });
  rmSync(path.join(genDir, "providers", "auth0"), { recursive: true, force: true });
  renameSync(path.join(staging, "providers", "auth0"), path.join(genDir, "providers", "auth0"));
  for (const file of ["versions.json", "constraints.json"]) {
    renameSync(path.join(staging, file), path.join(genDir, file));
  }
} finally {
  rmSync(staging, { recursive: true, force: true });
}
console.log(
  `generate-bindings: wrote ${shownDir} (auth0 ${version}) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
);
