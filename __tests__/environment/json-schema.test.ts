// The JSON Schema editors read for environment files (lib/environment/json-schema.ts): generated
// from the valibot schema, committed, named by every environment file, never stricter than the
// loader, and one with the field tables of docs/environment.md.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { JsonSchema } from "@valibot/to-json-schema";
import Ajv from "ajv";
import { parseEnvironment } from "../../lib/environment";
import {
  eachField,
  environmentJsonSchema,
  environmentJsonSchemaText,
  FIELD_DOCS_FILE,
  fieldTable,
  JSON_SCHEMA_FILE,
} from "../../lib/environment/json-schema";
import { ROOT } from "../support/paths";

// biome-ignore lint/suspicious/noExplicitAny: environment files are edited freely here.
type Json = Record<string, any>;

const ENVIRONMENTS = path.join(ROOT, "environments");
const committed = (file: string) => readFileSync(path.join(ROOT, file), "utf8");
const example: Json = JSON.parse(committed("environments/dev.json"));
const validate = new Ajv({ allErrors: true }).compile(JSON.parse(committed(JSON_SCHEMA_FILE)));

/** The example after `edit`, with what the loader and what an editor say about it. */
function judged(edit: (env: Json) => void) {
  const env = structuredClone(example);
  edit(env);
  const loader = parseEnvironment("environments/dev.json", JSON.stringify(env));
  return { loaderAccepts: loader.ok, editorAccepts: validate(env) };
}

describe("the JSON Schema of environment files", () => {
  it("is committed as the valibot schema gives it (npm run environment-schema writes it)", () => {
    expect(committed(JSON_SCHEMA_FILE)).toBe(environmentJsonSchemaText());
  });

  it("is named by every committed environment file, so an editor finds it", () => {
    for (const file of readdirSync(ENVIRONMENTS).filter((f) => f.endsWith(".json"))) {
      const env = JSON.parse(readFileSync(path.join(ENVIRONMENTS, file), "utf8"));
      expect([file, path.resolve(ENVIRONMENTS, String(env.$schema))]).toEqual([
        file,
        path.join(ROOT, JSON_SCHEMA_FILE),
      ]);
    }
  });

  it("accepts every committed environment file", () => {
    for (const file of readdirSync(ENVIRONMENTS).filter((f) => f.endsWith(".json"))) {
      expect([
        file,
        validate(JSON.parse(readFileSync(path.join(ENVIRONMENTS, file), "utf8"))),
      ]).toEqual([file, true]);
    }
  });

  it.each<[string, (env: Json) => void]>([
    [
      "a created connection without a password policy",
      (env) => (env.connection = { name: "Invitees" }),
    ],
    [
      "a password policy without its model",
      (env) => (env.connection = { name: "Invitees", passwordPolicy: { minLength: 14 } }),
    ],
    [
      "an existing application by client id",
      (env) => (env.application = { clientId: "0123456789abcdefABCDEF0123456789" }),
    ],
    ["emoji in names", (env) => (env.email.productName = `👩‍💻 ${"🚀".repeat(29)}`)],
    [
      "a native app's custom-scheme callback",
      (env) =>
        Object.assign(env.application, {
          type: "native",
          callbacks: ["com.example.app://callback"],
        }),
    ],
    [
      "a web origin on localhost",
      (env) => (env.application.webOrigins = ["http://localhost:3000"]),
    ],
    [
      "punycode and hyphenated email domains",
      (env) => (env.email.supportEmail = "support@xn--bcher-kva.example"),
    ],
    [
      "a quoted display name with a comma",
      (env) => (env.email.from = '"Portal, Inc" <no-reply@dev.example.com>'),
    ],
    [
      "an S3 backend",
      (env) =>
        (env.backend = {
          type: "s3",
          bucket: "acme-tfstate",
          key: "auth0/dev.tfstate",
          region: "eu-west-1",
        }),
    ],
  ])("does not mark what the loader accepts: %s", (_, edit) => {
    expect(judged(edit)).toEqual({ loaderAccepts: true, editorAccepts: true });
  });

  it.each<[string, (env: Json) => void]>([
    ["an unknown key", (env) => (env.email.productname = "Portal")],
    ["a missing required field", (env) => delete env.domain],
    ["a choice that is not one", (env) => (env.application.type = "webapp")],
    ["a number written as a string", (env) => (env.applyOrder = "5")],
    ["a number out of range", (env) => (env.email.linkLifetimeSeconds = 60)],
    ["a host with https://", (env) => (env.domain = "https://example-dev.eu.auth0.com")],
    [
      "a plain-http login URL",
      (env) => (env.application.loginUrl = "http://portal.dev.example.com/login"),
    ],
    ["a name over its length in code points", (env) => (env.email.productName = "🚀".repeat(61))],
    [
      "an email provider setting of another provider",
      (env) => (env.emailProvider.smtpHost = "smtp.example.com"),
    ],
  ])("marks what it can say is wrong, as the loader does: %s", (_, edit) => {
    expect(judged(edit)).toEqual({ loaderAccepts: false, editorAccepts: false });
  });
});

describe("the field tables of docs/environment.md", () => {
  const schema = environmentJsonSchema();
  const rows = fieldTable(committed(FIELD_DOCS_FILE));
  const defaults = new Map<string, unknown[]>();
  eachField(schema, (field, node: JsonSchema) => {
    defaults.set(field, [...(defaults.get(field) ?? []), node.default]);
  });

  it("list every field of the schema once, and no field it does not have", () => {
    expect(rows.map((row) => row.field).sort()).toEqual([...defaults.keys()].sort());
  });

  it("state each default as the schema has it, and no default it does not have", () => {
    // A stated default is the value alone in code, optionally with a note in parentheses.
    const stated = (cell: string) => {
      const value = /^`([^`]+)`(?: \(.*\))?$/.exec(cell)?.[1];
      if (value === undefined) return undefined;
      try {
        return JSON.parse(value) as unknown;
      } catch {
        return value;
      }
    };
    for (const row of rows) {
      const schemaDefaults = [
        ...new Set((defaults.get(row.field) ?? []).map((d) => JSON.stringify(d))),
      ]
        .filter((d) => d !== undefined)
        .map((d) => JSON.parse(d) as unknown);
      expect([row.field, stated(row.default)]).toEqual([
        row.field,
        schemaDefaults.length === 1 ? schemaDefaults[0] : undefined,
      ]);
    }
  });

  it("give each field of the JSON Schema its meaning, for an editor's hover", () => {
    const described: string[] = [];
    eachField(schema, (field, node: JsonSchema) => {
      if (typeof node.description === "string" && node.description !== "") described.push(field);
    });
    expect(new Set(described)).toEqual(new Set(rows.map((row) => row.field)));
  });
});
