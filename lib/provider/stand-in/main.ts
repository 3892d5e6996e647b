import { readFileSync } from "node:fs";
import path from "node:path";
import type { SourceFacts } from "../schema/source-facts";
import type { ProvidersSchemaJson } from "../schema/types";
import { servedSchema } from "./schema";
import { serve } from "./server";

/** The provider address the stacks require (`source = "auth0/auth0"`). */
export const PROVIDER_ADDRESS = "registry.terraform.io/auth0/auth0";

/** Where the committed schema, facts and protocol files live, from the repository root. */
export const standInFiles = (root: string) => ({
  schema: path.join(root, "provider-schema", "auth0.json"),
  facts: path.join(root, "provider-schema", "auth0.source-facts.json"),
  protocolDir: path.join(root, "lib", "provider", "stand-in", "protocol"),
});

/**
 * The stand-in's process: serves on `socket`, then prints the one line Terraform needs to
 * attach (the TF_REATTACH_PROVIDERS value) and runs until its parent closes stdin or signals.
 * Terraform does not own a reattached provider, so a parent that dies must not leave it behind.
 */
export async function main(argv: readonly string[], root: string): Promise<void> {
  const arg = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    const value = i >= 0 ? argv[i + 1] : undefined;
    if (!value) throw new Error(`stand-in provider: --${name} <path> is required`);
    return value;
  };
  const files = standInFiles(root);
  const schema = servedSchema(
    JSON.parse(readFileSync(files.schema, "utf8")) as ProvidersSchemaJson,
    JSON.parse(readFileSync(files.facts, "utf8")) as SourceFacts,
  );
  const socket = arg("socket");
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const server = await serve(
    { schema, tenantFile: arg("tenant"), protocolDir: files.protocolDir, log },
    socket,
  );
  const stop = () => {
    server.forceShutdown();
    process.exit(0);
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  process.stdin.on("end", stop);
  process.stdin.on("error", stop);
  process.stdin.resume();
  const reattach = {
    [PROVIDER_ADDRESS]: {
      Protocol: "grpc",
      ProtocolVersion: 6,
      Pid: process.pid,
      Test: true,
      Addr: { Network: "unix", String: socket },
    },
  };
  process.stdout.write(`${JSON.stringify(reattach)}\n`);
}
