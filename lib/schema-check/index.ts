export { checkTerraformJson, formatFindings } from "./check";
export { type CliIo, DEFAULT_SCHEMA, runCheckStack } from "./cli";
export type {
  AttributeType,
  DescriptionKind,
  Finding,
  FindingKind,
  NestingMode,
  ProviderSchema,
  ProvidersSchemaJson,
  SchemaAttribute,
  SchemaBlock,
  SchemaBlockType,
  SchemaRepresentation,
} from "./types";
