/**
 * The shape of `terraform providers schema -json` (format_version 1.0), limited to what a
 * provider built on the plugin SDK / framework emits for resources and data sources.
 */

export type PrimitiveType = "string" | "number" | "bool";

export type AttributeType =
  | PrimitiveType
  | ["list", AttributeType]
  | ["set", AttributeType]
  | ["map", AttributeType]
  | ["object", { [name: string]: AttributeType }];

export interface SchemaAttribute {
  type: AttributeType;
  description_kind: "plain";
  deprecated?: true;
  required?: true;
  optional?: true;
  computed?: true;
  sensitive?: true;
  write_only?: true;
}

export type NestingMode = "single" | "list" | "set" | "map" | "group";

export interface SchemaBlockType {
  nesting_mode: NestingMode;
  block: SchemaBlock;
  min_items?: number;
  max_items?: number;
}

export interface SchemaBlock {
  attributes?: { [name: string]: SchemaAttribute };
  block_types?: { [name: string]: SchemaBlockType };
  description_kind: "plain";
  deprecated?: true;
}

export interface Schema {
  version: number;
  block: SchemaBlock;
}

export interface ProviderSchema {
  provider: Schema;
  resource_schemas: { [type: string]: Schema };
  data_source_schemas: { [type: string]: Schema };
}

export interface ProvidersSchemaJson {
  format_version: "1.0";
  provider_schemas: { [fqpn: string]: ProviderSchema };
}
