import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import {
  type CliIo,
  checkTerraformJson,
  type Finding,
  formatFindings,
  type ProvidersSchemaJson,
  runCheckStack,
} from "../lib/schema-check";

const FIXTURES = path.join(__dirname, "fixtures", "schema-check");
const SCHEMA_TEXT = readFileSync(path.join(FIXTURES, "schema.json"), "utf8");
const VALID_TEXT = readFileSync(path.join(FIXTURES, "cdk.tf.json"), "utf8");
const schema = JSON.parse(SCHEMA_TEXT) as ProvidersSchemaJson;

type Json = string | number | boolean | null | Json[] | JsonObject;
interface JsonObject {
  [key: string]: Json;
}

/** A fresh deep copy of the valid fixture, so each test's mutation is the only difference. */
function validConfig(): JsonObject {
  return JSON.parse(VALID_TEXT) as JsonObject;
}

/** Walks object keys or array indexes and insists on landing on an object. */
function at(root: JsonObject, ...steps: Array<string | number>): JsonObject {
  let node: Json = root;
  for (const step of steps) {
    const next: Json | undefined = Array.isArray(node)
      ? node[step as number]
      : (node as JsonObject)[step as string];
    if (next === undefined || next === null || typeof next !== "object") {
      throw new Error(`fixture has no object at ${steps.join(".")}`);
    }
    node = next;
  }
  if (Array.isArray(node)) throw new Error(`fixture has an array at ${steps.join(".")}`);
  return node;
}

const postLogin = (config: JsonObject) => at(config, "resource", "auth0_action", "post_login");
const preRegistration = (config: JsonObject) =>
  at(config, "resource", "auth0_action", "pre_registration");
const client = (config: JsonObject) => at(config, "resource", "auth0_client", "app");
const api = (config: JsonObject) => at(config, "resource", "auth0_resource_server", "api");

/** A Terraform interpolation, written via a helper so the linter does not take it for a JS template. */
function expr(inner: string): string {
  return `\${${inner}}`;
}

function check(config: unknown): Finding[] {
  return checkTerraformJson(config, schema);
}

/** Asserts exactly one finding at `where`, and that its message mentions each of `mentions`. */
function expectOnlyFinding(
  config: JsonObject,
  where: Omit<Finding, "message">,
  ...mentions: string[]
): void {
  const findings = check(config);
  expect(findings.map(({ message: _message, ...rest }) => rest)).toEqual([where]);
  for (const mention of mentions) expect(findings[0].message).toContain(mention);
}

describe("checkTerraformJson", () => {
  describe("accepts", () => {
    it("accepts the valid CDKTF fixture without findings", () => {
      expect(check(validConfig())).toEqual([]);
    });

    it("accepts numbers and bools for strings, and numeric or boolean strings", () => {
      const config = validConfig();
      postLogin(config).name = 42;
      postLogin(config).runtime = true;
      postLogin(config).deploy = "false";
      api(config).token_lifetime = "-1.5e3";
      api(config).token_lifetimes = ["10", 20.5];
      expect(check(config)).toEqual([]);
    });

    it("accepts one expression in place of a whole list, set, map or list of objects", () => {
      const config = validConfig();
      client(config).allowed_origins = expr("var.origins");
      client(config).client_metadata = expr("var.metadata");
      api(config).scopes = expr("var.scopes");
      api(config).token_lifetimes = expr("var.lifetimes");
      expect(check(config)).toEqual([]);
    });

    it("accepts null for optional attributes and optional blocks", () => {
      const config = validConfig();
      postLogin(config).runtime = null;
      postLogin(config).version_id = null;
      postLogin(config).timeouts = null;
      client(config).jwt_configuration = null;
      expect(check(config)).toEqual([]);
    });

    it("accepts list blocks given as an object, as an array and as an empty array", () => {
      const config = validConfig();
      postLogin(config).secrets = { name: "ONLY", value: "one" };
      postLogin(config).dependencies = [];
      at(client(config), "native_social_login").apple = { enabled: true };
      expect(check(config)).toEqual([]);
    });

    it("accepts a required block supplied only through a dynamic block", () => {
      const config = validConfig();
      const action = preRegistration(config);
      delete action.supported_triggers;
      at(action, "dynamic").supported_triggers = {
        for_each: expr("var.triggers"),
        content: { id: expr("each.key"), version: expr("each.value") },
      };
      expect(check(config)).toEqual([]);
    });

    it("accepts a provider configuration given as an object instead of an array", () => {
      const config = validConfig();
      config.provider = { auth0: { domain: "example.eu.auth0.com", alias: "eu" } };
      expect(check(config)).toEqual([]);
    });

    it("accepts an import into an indexed instance of a defined resource", () => {
      const config = validConfig();
      at(config, "import", 0).to = 'auth0_resource_server.api["main"]';
      expect(check(config)).toEqual([]);
    });

    it("accepts a provider matched by its type name when required_providers omits it", () => {
      const config = validConfig();
      delete at(config, "terraform").required_providers;
      expect(check(config)).toEqual([]);
    });

    it("accepts resource types and providers from any provider in the schema", () => {
      const withRandom = JSON.parse(SCHEMA_TEXT) as ProvidersSchemaJson;
      const lengthOnly = {
        attributes: { length: { type: "number" as const, required: true } },
        description_kind: "plain" as const,
      };
      withRandom.provider_schemas = {
        ...withRandom.provider_schemas,
        "registry.terraform.io/hashicorp/random": {
          provider: { version: 0, block: { description_kind: "plain" } },
          resource_schemas: { random_password: { version: 0, block: lengthOnly } },
        },
      };
      const config = validConfig();
      at(config, "provider").random = [{}];
      at(config, "resource").random_password = { secret: { length: "32" } };
      expect(checkTerraformJson(config, withRandom)).toEqual([]);
    });
  });

  describe("reports unknown names", () => {
    it("reports a near miss of an attribute as an unknown attribute even when given an object", () => {
      const config = validConfig();
      client(config).client_metadta = { tier: "gold" };
      expectOnlyFinding(
        config,
        { address: "auth0_client.app", path: "client_metadta", kind: "unknown-attribute" },
        '"client_metadta"',
        'did you mean "client_metadata"?',
      );
    });

    it("reports an unknown attribute with the closest schema name", () => {
      const config = validConfig();
      postLogin(config).nmae = "typo";
      expectOnlyFinding(
        config,
        { address: "auth0_action.post_login", path: "nmae", kind: "unknown-attribute" },
        '"nmae"',
        'did you mean "name"?',
      );
    });

    it("reports an unknown attribute inside a block given as an array, by index", () => {
      const config = validConfig();
      at(preRegistration(config), "supported_triggers", 0).versoin = "v2";
      expectOnlyFinding(
        config,
        {
          address: "auth0_action.pre_registration",
          path: "supported_triggers[0].versoin",
          kind: "unknown-attribute",
        },
        '"versoin"',
        'did you mean "version"?',
      );
    });

    it("reports an unknown attribute with the list of accepted names when nothing is close", () => {
      const config = validConfig();
      at(postLogin(config), "timeouts").update = "10m";
      expectOnlyFinding(
        config,
        { address: "auth0_action.post_login", path: "timeouts.update", kind: "unknown-attribute" },
        '"update"',
        "expected one of: create, delete",
      );
    });

    it("reports an unknown block when the key is close to a block name", () => {
      const config = validConfig();
      postLogin(config).secret = [{ name: "A", value: "b" }];
      expectOnlyFinding(
        config,
        { address: "auth0_action.post_login", path: "secret", kind: "unknown-block" },
        '"secret"',
        'did you mean "secrets"?',
      );
    });

    it("reports an unknown block type in a dynamic block", () => {
      const config = validConfig();
      const dynamic = at(preRegistration(config), "dynamic");
      dynamic.secret = dynamic.secrets;
      delete dynamic.secrets;
      expectOnlyFinding(
        config,
        { address: "auth0_action.pre_registration", path: "dynamic.secret", kind: "unknown-block" },
        '"secret"',
        'did you mean "secrets"?',
      );
    });

    it("reports an unknown lifecycle argument", () => {
      const config = validConfig();
      at(postLogin(config), "lifecycle").prevent_destory = true;
      expectOnlyFinding(
        config,
        {
          address: "auth0_action.post_login",
          path: "lifecycle.prevent_destory",
          kind: "unknown-attribute",
        },
        '"prevent_destory"',
        'did you mean "prevent_destroy"?',
      );
    });

    it("reports an unknown field of an object inside a list attribute", () => {
      const config = validConfig();
      at(api(config), "scopes", 0).enabeld = true;
      expectOnlyFinding(
        config,
        {
          address: "auth0_resource_server.api",
          path: "scopes[0].enabeld",
          kind: "unknown-attribute",
        },
        '"enabeld"',
        'did you mean "enabled"?',
      );
    });

    it("reports an unknown provider argument at provider.<name>", () => {
      const config = validConfig();
      at(config, "provider", "auth0", 0).domian = "example.eu.auth0.com";
      expectOnlyFinding(
        config,
        { address: "provider.auth0", path: "domian", kind: "unknown-attribute" },
        '"domian"',
        'did you mean "domain"?',
      );
    });

    it("reports provider findings with an index when there are several configurations", () => {
      const config = validConfig();
      const configs = at(config, "provider").auth0 as Json[];
      configs.push({ alias: "us", domain: "example.us.auth0.com", debug: "verbose" });
      expectOnlyFinding(
        config,
        { address: "provider.auth0[1]", path: "debug", kind: "wrong-type" },
        '"debug"',
        "bool",
      );
    });

    it("reports a resource type the schema does not know", () => {
      const config = validConfig();
      at(config, "resource").auth0_actoin = { extra: { name: "x", code: "y" } };
      expectOnlyFinding(
        config,
        { address: "auth0_actoin.extra", path: "", kind: "unknown-resource-type" },
        '"auth0_actoin"',
        'did you mean "auth0_action"?',
      );
    });

    it("reports a data source type the schema does not know, even if it is a resource type", () => {
      const config = validConfig();
      at(config, "data").auth0_client = { app: { name: "x" } };
      expectOnlyFinding(
        config,
        { address: "data.auth0_client.app", path: "", kind: "unknown-resource-type" },
        'data source type "auth0_client"',
      );
    });

    it("reports a provider the schema does not know", () => {
      const config = validConfig();
      at(config, "provider").okta = [{ org_name: "x" }];
      expectOnlyFinding(
        config,
        { address: "provider.okta", path: "", kind: "unknown-resource-type" },
        'provider "okta"',
      );
    });
  });

  describe("reports missing required values", () => {
    it("reports a missing required attribute", () => {
      const config = validConfig();
      delete postLogin(config).code;
      expectOnlyFinding(
        config,
        { address: "auth0_action.post_login", path: "code", kind: "missing-required" },
        '"code"',
        "string",
      );
    });

    it("reports a required attribute set to null as missing", () => {
      const config = validConfig();
      api(config).identifier = null;
      expectOnlyFinding(
        config,
        { address: "auth0_resource_server.api", path: "identifier", kind: "missing-required" },
        '"identifier"',
      );
    });

    it("reports a missing required attribute inside a nested block", () => {
      const config = validConfig();
      delete at(postLogin(config), "supported_triggers").version;
      expectOnlyFinding(
        config,
        {
          address: "auth0_action.post_login",
          path: "supported_triggers.version",
          kind: "missing-required",
        },
        '"version"',
        "string",
      );
    });

    it("reports a missing block whose min_items is at least 1", () => {
      const config = validConfig();
      delete postLogin(config).supported_triggers;
      expectOnlyFinding(
        config,
        {
          address: "auth0_action.post_login",
          path: "supported_triggers",
          kind: "missing-required",
        },
        'block "supported_triggers"',
        "exactly 1",
      );
    });

    it("reports a missing field of an object inside a list attribute", () => {
      const config = validConfig();
      delete at(api(config), "scopes", 1).enabled;
      expectOnlyFinding(
        config,
        {
          address: "auth0_resource_server.api",
          path: "scopes[1].enabled",
          kind: "missing-required",
        },
        '"enabled"',
        "bool",
      );
    });

    it("reports a required attribute missing from dynamic block content", () => {
      const config = validConfig();
      delete at(preRegistration(config), "dynamic", "secrets", "content").value;
      expectOnlyFinding(
        config,
        {
          address: "auth0_action.pre_registration",
          path: "dynamic.secrets.content.value",
          kind: "missing-required",
        },
        '"value"',
      );
    });

    it("reports a dynamic block without for_each", () => {
      const config = validConfig();
      delete at(preRegistration(config), "dynamic", "secrets").for_each;
      expectOnlyFinding(
        config,
        {
          address: "auth0_action.pre_registration",
          path: "dynamic.secrets.for_each",
          kind: "missing-required",
        },
        '"for_each"',
      );
    });
  });

  describe("reports wrong types", () => {
    it("reports a number attribute given a non-numeric string", () => {
      const config = validConfig();
      api(config).token_lifetime = "one day";
      expectOnlyFinding(
        config,
        { address: "auth0_resource_server.api", path: "token_lifetime", kind: "wrong-type" },
        '"token_lifetime" expects number',
        'got string "one day"',
      );
    });

    it("reports a bool attribute given a string other than true or false", () => {
      const config = validConfig();
      postLogin(config).deploy = "yes";
      expectOnlyFinding(
        config,
        { address: "auth0_action.post_login", path: "deploy", kind: "wrong-type" },
        '"deploy" expects bool',
      );
    });

    it("reports a string attribute given an object", () => {
      const config = validConfig();
      postLogin(config).runtime = { version: 22 };
      expectOnlyFinding(
        config,
        { address: "auth0_action.post_login", path: "runtime", kind: "wrong-type" },
        '"runtime" expects string',
        "got object",
      );
    });

    it("reports a list element of the wrong type by its index", () => {
      const config = validConfig();
      (api(config).token_lifetimes as Json[])[1] = "two hours";
      expectOnlyFinding(
        config,
        { address: "auth0_resource_server.api", path: "token_lifetimes[1]", kind: "wrong-type" },
        '"token_lifetimes[1]" expects number',
      );
    });

    it("reports a set attribute given a literal string", () => {
      const config = validConfig();
      client(config).allowed_origins = "https://app.example.com";
      expectOnlyFinding(
        config,
        { address: "auth0_client.app", path: "allowed_origins", kind: "wrong-type" },
        '"allowed_origins" expects set of string',
      );
    });

    it("reports a map value of the wrong type by its key", () => {
      const config = validConfig();
      at(client(config), "client_metadata").tier = ["gold"];
      expectOnlyFinding(
        config,
        { address: "auth0_client.app", path: 'client_metadata["tier"]', kind: "wrong-type" },
        '"client_metadata["tier"]" expects string',
        "got array",
      );
    });

    it("reports an object field of the wrong type inside a list attribute", () => {
      const config = validConfig();
      at(api(config), "scopes", 0).enabled = "sometimes";
      expectOnlyFinding(
        config,
        { address: "auth0_resource_server.api", path: "scopes[0].enabled", kind: "wrong-type" },
        '"scopes[0].enabled" expects bool',
      );
    });

    it("reports a wrong type in a block nested inside another block", () => {
      const config = validConfig();
      at(client(config), "native_social_login", "apple", 0).enabled = "sometimes";
      expectOnlyFinding(
        config,
        {
          address: "auth0_client.app",
          path: "native_social_login.apple[0].enabled",
          kind: "wrong-type",
        },
        '"native_social_login.apple[0].enabled" expects bool',
      );
    });

    it("reports a wrong type inside dynamic block content", () => {
      const config = validConfig();
      at(preRegistration(config), "dynamic", "secrets", "content").value = { from: "vault" };
      expectOnlyFinding(
        config,
        {
          address: "auth0_action.pre_registration",
          path: "dynamic.secrets.content.value",
          kind: "wrong-type",
        },
        '"dynamic.secrets.content.value" expects string',
      );
    });

    it("reports an escaped $${ as a literal string rather than an expression", () => {
      const config = validConfig();
      // A "$" in front of the interpolation gives Terraform's escape: the literal "$${var.lifetime}".
      api(config).token_lifetime = `$${expr("var.lifetime")}`;
      expectOnlyFinding(
        config,
        { address: "auth0_resource_server.api", path: "token_lifetime", kind: "wrong-type" },
        '"token_lifetime" expects number',
      );
    });

    it("reports a nested block given as an expression string", () => {
      const config = validConfig();
      postLogin(config).timeouts = expr("var.timeouts");
      expectOnlyFinding(
        config,
        { address: "auth0_action.post_login", path: "timeouts", kind: "wrong-type" },
        'block "timeouts" expects a block object',
      );
    });
  });

  describe("reports block counts", () => {
    it("reports more blocks than max_items in a list block", () => {
      const config = validConfig();
      const trigger = at(postLogin(config), "supported_triggers");
      postLogin(config).supported_triggers = [trigger, { ...trigger, version: "v2" }];
      expectOnlyFinding(
        config,
        { address: "auth0_action.post_login", path: "supported_triggers", kind: "block-count" },
        'block "supported_triggers" expects exactly 1',
        "got 2",
      );
    });

    it("reports more blocks than max_items in a set block", () => {
      const config = validConfig();
      (postLogin(config).secrets as Json[]).push({ name: "THIRD", value: "3" });
      expectOnlyFinding(
        config,
        { address: "auth0_action.post_login", path: "secrets", kind: "block-count" },
        'block "secrets" expects at most 2',
        "got 3",
      );
    });

    it("reports an empty array for a block whose min_items is 1", () => {
      const config = validConfig();
      preRegistration(config).supported_triggers = [];
      expectOnlyFinding(
        config,
        {
          address: "auth0_action.pre_registration",
          path: "supported_triggers",
          kind: "block-count",
        },
        'block "supported_triggers" expects exactly 1',
        "got 0",
      );
    });

    it("reports a single nested block given twice", () => {
      const config = validConfig();
      postLogin(config).timeouts = [{ create: "5m" }, { delete: "5m" }];
      expectOnlyFinding(
        config,
        { address: "auth0_action.post_login", path: "timeouts", kind: "block-count" },
        'block "timeouts" expects at most 1',
        "got 2",
      );
    });
  });

  describe("reports computed-only attributes", () => {
    it("reports a computed-only resource attribute set in configuration", () => {
      const config = validConfig();
      postLogin(config).version_id = "ver_123";
      expectOnlyFinding(
        config,
        { address: "auth0_action.post_login", path: "version_id", kind: "computed-only" },
        '"version_id" is computed by the provider',
      );
    });

    it("reports a computed-only data source attribute set in configuration", () => {
      const config = validConfig();
      at(config, "data", "auth0_connection", "database").strategy = "auth0";
      expectOnlyFinding(
        config,
        { address: "data.auth0_connection.database", path: "strategy", kind: "computed-only" },
        '"strategy" is computed by the provider',
      );
    });
  });

  describe("reports bad imports", () => {
    it("reports an import into a resource that is not in the configuration", () => {
      const config = validConfig();
      at(config, "import", 0).to = "auth0_resource_server.missing";
      expectOnlyFinding(
        config,
        { address: "import[0]", path: "to", kind: "bad-import" },
        '"auth0_resource_server.missing"',
        "expected the address of a resource in this configuration",
      );
    });

    it("reports an import into a data source", () => {
      const config = validConfig();
      at(config, "import", 0).to = "data.auth0_connection.database";
      expectOnlyFinding(
        config,
        { address: "import[0]", path: "to", kind: "bad-import" },
        '"data.auth0_connection.database"',
      );
    });

    it("reports an import without an id", () => {
      const config = validConfig();
      delete at(config, "import", 0).id;
      expectOnlyFinding(
        config,
        { address: "import[0]", path: "id", kind: "bad-import" },
        '"auth0_resource_server.api"',
        'missing "id"',
      );
    });
  });

  describe("orders and formats findings", () => {
    it("sorts findings by address, then path, whatever the order they are found in", () => {
      const config = validConfig();
      at(config, "provider", "auth0", 0).debug = "loud";
      postLogin(config).deploy = "maybe";
      delete postLogin(config).code;
      delete at(config, "import", 0).id;
      at(config, "data", "auth0_connection", "database").strategy = "auth0";
      const where = check(config).map((f) => `${f.address} ${f.path}`);
      expect(where).toEqual([
        "auth0_action.post_login code",
        "auth0_action.post_login deploy",
        "data.auth0_connection.database strategy",
        "import[0] id",
        "provider.auth0 debug",
      ]);
    });

    it("resolves a type offered by two providers to the first by source address", () => {
      const shadowed = JSON.parse(SCHEMA_TEXT) as ProvidersSchemaJson;
      const emptyAction = { version: 0, block: { description_kind: "plain" as const } };
      shadowed.provider_schemas = {
        "registry.terraform.io/zzz/shadow": { resource_schemas: { auth0_action: emptyAction } },
        ...shadowed.provider_schemas,
      };
      expect(checkTerraformJson(validConfig(), shadowed)).toEqual([]);
    });

    it("formats one line per finding as address, path and message", () => {
      const findings: Finding[] = [
        { address: "auth0_action.a", path: "code", kind: "missing-required", message: "m1" },
        { address: "auth0_nope.b", path: "", kind: "unknown-resource-type", message: "m2" },
      ];
      expect(formatFindings(findings)).toBe("auth0_action.a: code: m1\nauth0_nope.b: m2");
    });

    it("rejects a configuration that is not a JSON object", () => {
      expect(() => check([])).toThrow("Terraform JSON must be an object, got array");
    });
  });
});

describe("runCheckStack", () => {
  let cwd: string;
  let out: string[];
  let err: string[];
  let io: CliIo;

  beforeEach(() => {
    cwd = mkdtempSync(path.join(tmpdir(), "schema-check-"));
    out = [];
    err = [];
    io = { cwd, out: (line) => out.push(line), err: (line) => err.push(line) };
    mkdirSync(path.join(cwd, "provider-schema"));
    writeFileSync(path.join(cwd, "provider-schema", "auth0.json"), SCHEMA_TEXT);
  });

  afterEach(() => {
    rmSync(cwd, { recursive: true, force: true });
  });

  function writeStack(name: string, text: string): string {
    const dir = path.join(cwd, "cdktf.out", "stacks", name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "cdk.tf.json"), text);
    return path.join("cdktf.out", "stacks", name, "cdk.tf.json");
  }

  it("prints ok for every clean stack under cdktf.out/stacks and exits 0", () => {
    const first = writeStack("tenant", VALID_TEXT);
    const second = writeStack("admin", VALID_TEXT);
    expect(runCheckStack([], io)).toBe(0);
    expect(out).toEqual([`ok ${second}`, `ok ${first}`]);
    expect(err).toEqual([]);
  });

  it("prints the findings under the failing file and exits 1", () => {
    const config = validConfig();
    delete postLogin(config).code;
    writeFileSync(path.join(cwd, "broken.json"), JSON.stringify(config));
    expect(runCheckStack(["broken.json"], io)).toBe(1);
    expect(out).toEqual([
      "fail broken.json (1 finding)",
      '  auth0_action.post_login: code: missing required attribute "code" (string)',
    ]);
  });

  it("reads the schema from --schema", () => {
    writeFileSync(path.join(cwd, "stack.json"), VALID_TEXT);
    writeFileSync(path.join(cwd, "other.json"), JSON.stringify({ format_version: "1.0" }));
    expect(runCheckStack(["--schema", "other.json", "stack.json"], io)).toBe(1);
    expect(err.join("\n")).toContain('other.json has no "provider_schemas"');
  });

  it("reports a missing file by name and exits 1", () => {
    expect(runCheckStack(["nowhere/cdk.tf.json"], io)).toBe(1);
    expect(err).toEqual(["error nowhere/cdk.tf.json: file not found"]);
  });

  it("reports an unparsable file by name and exits 1", () => {
    const file = writeStack("tenant", "{ not json");
    expect(runCheckStack([], io)).toBe(1);
    expect(err).toHaveLength(1);
    expect(err[0]).toContain(`error ${file}: not valid JSON`);
  });

  it("reports a missing schema file and exits 1", () => {
    writeFileSync(path.join(cwd, "stack.json"), VALID_TEXT);
    expect(runCheckStack(["--schema=absent.json", "stack.json"], io)).toBe(1);
    expect(err).toEqual(["check-stack: cannot load provider schema absent.json: file not found"]);
  });

  it("reports that no stacks were found and exits 1", () => {
    expect(runCheckStack([], io)).toBe(1);
    expect(err.join("\n")).toContain("no stacks found at cdktf.out/stacks/*/cdk.tf.json");
  });

  it("reports an unknown option as a usage error with exit code 2", () => {
    expect(runCheckStack(["--strict"], io)).toBe(2);
    expect(err.join("\n")).toContain("Unknown option '--strict'");
  });
});
