// The facts the provider's docs lack (provider-schema/auth0.source-facts.json), laid over the
// docs-derived schema for the stand-in provider.
import { readFileSync } from "node:fs";
import path from "node:path";
import {
  resourceSchema,
  type SourceFacts,
  SourceFactsError,
} from "../../../lib/provider/schema/source-facts";
import type { ProvidersSchemaJson } from "../../../lib/provider/schema/types";
import { FIXTURES, ROOT } from "../../support/paths";

const root = ROOT;
const schema = JSON.parse(
  readFileSync(path.join(root, "provider-schema", "auth0.json"), "utf8"),
) as ProvidersSchemaJson;
const facts = JSON.parse(
  readFileSync(path.join(root, "provider-schema", "auth0.source-facts.json"), "utf8"),
) as SourceFacts;

describe("the source facts", () => {
  it("cover every resource type the shipped stack uses", () => {
    const stack = JSON.parse(readFileSync(path.join(FIXTURES, "plans", "create.json"), "utf8"));
    const used = new Set<string>(stack.resource_changes.map((c: { type: string }) => c.type));
    for (const type of used) expect(Object.keys(facts.resources)).toContain(type);
  });

  it("name only attributes and blocks the derived schema has", () => {
    for (const type of Object.keys(facts.resources)) {
      expect(() => resourceSchema(schema, facts, type)).not.toThrow();
    }
  });

  it("make optional attributes computed, as the Go source declares them", () => {
    const connection = resourceSchema(schema, facts, "auth0_connection");
    expect(connection.block.attributes?.realms).toMatchObject({ optional: true, computed: true });
    expect(connection.block.attributes?.id).toMatchObject({ optional: true, computed: true });
    expect(connection.computedBlocks.has("options")).toBe(true);
    expect(connection.computedBlocks.has("options.mfa")).toBe(true);
    // The docs-derived schema itself is left as the docs say.
    const derived =
      schema.provider_schemas?.["registry.terraform.io/auth0/auth0"]?.resource_schemas
        ?.auth0_connection;
    expect(derived?.block.attributes?.realms.computed).toBeUndefined();
  });

  it("carry the schema versions and the attributes that force a replacement", () => {
    expect(resourceSchema(schema, facts, "auth0_connection")).toMatchObject({
      version: 3,
      forceNew: ["name", "strategy"],
    });
    expect(resourceSchema(schema, facts, "auth0_client_credentials").version).toBe(1);
    expect(resourceSchema(schema, facts, "auth0_trigger_action").forceNew).toEqual([
      "action_id",
      "trigger",
    ]);
    expect(resourceSchema(schema, facts, "auth0_connection_client").forceNew).toEqual([
      "client_id",
      "connection_id",
    ]);
  });

  it("are refused, naming the path, when they name something the schema lacks", () => {
    const wrong: SourceFacts = {
      ...facts,
      resources: { auth0_action: { version: 0, optional_computed: ["runtmie"], force_new: [] } },
    };
    expect(() => resourceSchema(schema, wrong, "auth0_action")).toThrow(SourceFactsError);
    expect(() => resourceSchema(schema, wrong, "auth0_action")).toThrow(
      "auth0_action: optional_computed names runtmie, which the schema lacks",
    );
  });
});
