export type * from "../provider-schema/types";
export { checkTerraformJson, formatFindings } from "./check";
export { type CliIo, DEFAULT_SCHEMA, runCheckStack } from "./cli";
export type { Finding, FindingKind } from "./types";
