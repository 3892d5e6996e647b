/**
 * Types for the output of `terraform providers schema -json` (format_version "1.0"), shared by
 * the deriver (which writes it) and the checker (which reads any provider's schema, hence the
 * cty types the auth0 docs never use). Descriptions are optional: the derived schema keeps
 * none, and hand-written fixtures stay small.
 */

/** A cty type in its JSON encoding. */
export type AttributeType =
  | "string"
  | "number"
  | "bool"
  | "dynamic"
  | ["list", AttributeType]
  | ["set", AttributeType]
  | ["map", AttributeType]
  | ["object", { [name: string]: AttributeType }]
  // cty lists optional object attributes in a third element.
  | ["object", { [name: string]: AttributeType }, string[]]
  | ["tuple", AttributeType[]];

export type DescriptionKind = "plain" | "markdown";

export interface SchemaAttribute {
  type: AttributeType;
  description?: string;
  description_kind?: DescriptionKind;
  required?: boolean;
  optional?: boolean;
  computed?: boolean;
  sensitive?: boolean;
  deprecated?: boolean;
  write_only?: boolean;
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
  description?: string;
  description_kind?: DescriptionKind;
  deprecated?: boolean;
}

export interface SchemaRepresentation {
  version: number;
  block: SchemaBlock;
}

export interface ProviderSchema {
  provider?: SchemaRepresentation;
  resource_schemas?: { [type: string]: SchemaRepresentation };
  data_source_schemas?: { [type: string]: SchemaRepresentation };
}

export interface ProvidersSchemaJson {
  format_version: string;
  provider_schemas?: { [source: string]: ProviderSchema };
}
