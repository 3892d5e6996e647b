// The JSON Schema of an environment file, for editors: generated from the one valibot schema
// (schema.ts) by @valibot/to-json-schema, committed as docs/environment.schema.json and
// referenced from each file's `$schema`, so an editor completes the keys, shows the choices
// and defaults, and marks what JSON Schema can say is wrong. The loader stays the judge: what
// JSON Schema cannot express is left to it (`NOT_EXPRESSED`), never approximated by a rule
// that could mark a good file as wrong. What a field means is stated once, in the field tables
// of docs/environment.md; the generator copies it into each field's description, and the
// tests hold the tables to the schema (every field listed, every default as the schema has it).
import { readFileSync } from "node:fs";
import { type ConversionConfig, type JsonSchema, toJsonSchema } from "@valibot/to-json-schema";
import type * as v from "valibot";
import { environmentSchema } from "./schema";

/** Where the generated schema is committed, relative to the repository. */
export const JSON_SCHEMA_FILE = "docs/environment.schema.json";
/** The field tables: what each field means. Read relative to the working directory. */
export const FIELD_DOCS_FILE = "docs/environment.md";

/**
 * The valibot steps JSON Schema has no words for: checks written as code (URLs, text, senders,
 * the login gate's cutoff, the rules across fields), transformations (trimming, defaults that
 * depend on other fields) and the guard that an object is not an array. The conversion drops
 * them and keeps the rest; anything else it cannot convert fails it, so nothing is dropped
 * unnoticed.
 */
export const NOT_EXPRESSED = ["check", "raw_check", "transform", "trim", "custom"] as const;

const notExpressed = (type: string) => (NOT_EXPRESSED as readonly string[]).includes(type);

const CONFIG: ConversionConfig = {
  // Each pipeline from its last schema on: defaults come along, and the plain-object guard in
  // front of each object is skipped.
  typeMode: "output",
  errorMode: "throw",
  overrideAction: ({ valibotAction, jsonSchema }) =>
    notExpressed(valibotAction.type) ? jsonSchema : undefined,
  overrideSchema: ({ valibotSchema, jsonSchema }) => overrideSchema(valibotSchema, jsonSchema),
};

export function environmentJsonSchema(
  fieldDocs = readFileSync(FIELD_DOCS_FILE, "utf8"),
): JsonSchema {
  const { $schema, $defs, ...rest } = toJsonSchema(environmentSchema, CONFIG);
  // The loader's v.lazy leaves a definition behind that the "either" below does not use.
  const used = $defs !== undefined && JSON.stringify(rest).includes('"$ref"');
  const meanings = new Map(fieldTable(fieldDocs).map((row) => [row.field, plain(row.meaning)]));
  eachField(rest, (field, schema) => {
    const meaning = meanings.get(field);
    if (meaning !== undefined) schema.description = meaning;
  });
  return {
    $schema,
    title: "Auth0 invite onboarding: environment file",
    description:
      "One Auth0 tenant, environments/<name>.json (docs/environment.md). Generated from lib/environment/schema.ts by npm run environment-schema; npm run synth checks more than a JSON Schema can say.",
    ...rest,
    ...(used ? { $defs } : {}),
  };
}

/** A row of a field table in docs/environment.md. */
export interface FieldRow {
  field: string;
  type: string;
  default: string;
  meaning: string;
}

/** The rows of the field tables (the "Fields" section) of docs/environment.md. */
export function fieldTable(markdown: string): FieldRow[] {
  const section = markdown.split(/^## /m).find((part) => part.startsWith("Fields\n")) ?? "";
  const rows: FieldRow[] = [];
  for (const line of section.split("\n")) {
    const cells = /^\| `([^`]+)` \| (.*) \| (.*) \| (.*) \|$/.exec(line);
    if (cells === null) continue;
    const [, field, type, fieldDefault, meaning] = cells;
    rows.push({ field, type, default: fieldDefault, meaning });
  }
  return rows;
}

/**
 * Calls `visit` with every field of `schema` and its dotted path (`connection.passwordPolicy`),
 * through nested objects and through each option of a choice (`anyOf`, `oneOf`).
 */
export function eachField(
  schema: JsonSchema,
  visit: (field: string, schema: JsonSchema) => void,
  prefix = "",
): void {
  for (const [key, property] of Object.entries(schema.properties ?? {})) {
    if (typeof property !== "object") continue;
    const field = prefix === "" ? key : `${prefix}.${key}`;
    visit(field, property);
    eachField(property, visit, field);
  }
  for (const option of [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])]) {
    if (typeof option === "object") eachField(option, visit, prefix);
  }
}

// Markdown to the plain text an editor shows on hover: links keep their text (a bare "(why)"
// pointing further into the docs goes), code its content.
function plain(markdown: string): string {
  return markdown
    .replace(/ ?\(\[why\]\([^)]*\)\)/g, "")
    .replace(/\[([^\]]+)\]\([^)]*\)/g, "$1")
    .replace(/`([^`]*)`/g, "$1");
}

function overrideSchema(
  valibotSchema: v.BaseSchema<unknown, unknown, v.BaseIssue<unknown>>,
  jsonSchema: JsonSchema,
): JsonSchema | undefined {
  const schema = valibotSchema as {
    type: string;
    key?: string;
    getter?: (input: unknown) => v.GenericSchema;
    entries?: Record<string, unknown>;
  };
  // The application is one of two objects, chosen by whether it names a clientId: the loader
  // picks one with v.lazy, JSON Schema says "either".
  if (schema.type === "lazy" && schema.getter) {
    const options = [schema.getter({ clientId: "" }), schema.getter({})];
    return {
      anyOf: options.map((option) => {
        const { $schema: _draft, ...converted } = toJsonSchema(option, CONFIG);
        return converted;
      }),
    };
  }
  // The loader fills in connection.passwordPolicy, and its model, for a connection the stack
  // creates, so an editor requires neither; with the model left out both models may match,
  // hence "any of" rather than "exactly one of".
  if (schema.type === "strict_object" && schema.entries && "passwordPolicy" in schema.entries) {
    return { ...jsonSchema, required: jsonSchema.required?.filter((k) => k !== "passwordPolicy") };
  }
  if (schema.type === "variant" && schema.key === "model") {
    return {
      anyOf: ((jsonSchema.oneOf ?? []) as JsonSchema[]).map((option) => ({
        ...option,
        required: (option.required ?? []).filter((key) => key !== "model"),
      })),
    };
  }
  if (schema.type === "custom") return {};
  return undefined;
}

/** The file's text as committed: two-space JSON and a final newline. */
export function environmentJsonSchemaText(): string {
  return `${JSON.stringify(environmentJsonSchema(), null, 2)}\n`;
}
