import { writeFileSync } from "node:fs";
import { environmentJsonSchemaText, JSON_SCHEMA_FILE } from "../lib/environment/json-schema";
import { takeNoArguments } from "../lib/operate/edge";

const USAGE = `usage: npm run environment-schema

Writes docs/environment.schema.json, the JSON Schema editors read for environments/*.json,
from the valibot schema (lib/environment/json-schema.ts).
__tests__/environment/json-schema.test.ts fails when the committed file is out of date.`;
takeNoArguments(USAGE);

writeFileSync(JSON_SCHEMA_FILE, environmentJsonSchemaText());
console.log(`environment-schema: wrote ${JSON_SCHEMA_FILE}`);
