import { readFileSync } from "node:fs";
import path from "node:path";
import { ROOT } from "./paths";

// biome-ignore lint/suspicious/noExplicitAny: environment files are written freely in tests.
type Json = Record<string, any>;

/**
 * The committed example without applyOrder and backend: valid whatever the schema asks for, so
 * a copy states only what a test gives it (and a domain of its own: two files on one domain are
 * refused).
 */
export function exampleWithoutOrderOrBackend(): Json {
  const {
    applyOrder: _order,
    backend: _backend,
    ...example
  } = JSON.parse(readFileSync(path.join(ROOT, "environments", "dev.json"), "utf8"));
  return example;
}

export const S3_BACKEND = {
  type: "s3",
  bucket: "acme-tfstate",
  key: "auth0/env.tfstate",
  region: "eu-west-1",
};
export const HCP_BACKEND = { type: "hcp", organization: "acme", workspace: "auth0" };
