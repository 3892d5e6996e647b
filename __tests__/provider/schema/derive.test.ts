import { execFileSync } from "node:child_process";
import {
  appendFileSync,
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type DocFile, deriveProviderSchema } from "../../../lib/provider/schema/derive";
import type { ProviderSchema } from "../../../lib/provider/schema/types";
import { FIXTURES, ROOT } from "../../support/paths";

const FQPN = "registry.terraform.io/example/example";
const fixtureDir = path.join(FIXTURES, "provider-docs");

function readDocs(dir: string): DocFile[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".md"))
    .map((f) => ({
      path: f.split(path.sep).join("/"),
      text: readFileSync(path.join(dir, f), "utf8"),
    }));
}

function derive(files: DocFile[]) {
  const { schema, problems } = deriveProviderSchema(files, FQPN);
  return { provider: schema.provider_schemas[FQPN], problems, schema };
}

/** A one-resource doc set whose schema section is `body`. */
function docWith(body: string): DocFile[] {
  return [
    { path: "index.md", text: "# P\n\n## Schema\n\n### Optional\n\n- `domain` (String) d\n" },
    { path: "resources/thing.md", text: `# Resource: example_thing\n\n## Schema\n\n${body}\n` },
  ];
}

describe("deriving a provider schema from tfplugindocs docs", () => {
  const { provider, problems, schema } = derive(readDocs(fixtureDir));
  const widget = provider.resource_schemas.example_widget.block;

  describe("reads every kind of type string", () => {
    it("finds nothing it cannot parse in the fixture docs", () => {
      expect(problems).toEqual([]);
    });

    it("writes the envelope of `terraform providers schema -json`", () => {
      expect(schema.format_version).toBe("1.0");
      expect(Object.keys(schema.provider_schemas)).toEqual([FQPN]);
      expect(provider.provider.block.attributes?.domain).toEqual({
        type: "string",
        description_kind: "plain",
        optional: true,
      });
      expect(Object.keys(provider.resource_schemas)).toEqual(["example_widget"]);
      expect(Object.keys(provider.data_source_schemas)).toEqual(["example_widget"]);
    });

    it("maps Required, Optional and Read-Only to required, optional and computed", () => {
      expect(widget.attributes?.name).toEqual({
        type: "string",
        description_kind: "plain",
        required: true,
      });
      expect(widget.attributes?.count_limit).toEqual({
        type: "number",
        description_kind: "plain",
        optional: true,
      });
      expect(widget.attributes?.id).toEqual({
        type: "string",
        description_kind: "plain",
        computed: true,
      });
    });

    it("reads collections of primitives, including nested ones", () => {
      expect(widget.attributes?.ports.type).toEqual(["list", "number"]);
      expect(widget.attributes?.tags.type).toEqual(["set", "string"]);
      expect(widget.attributes?.labels.type).toEqual(["map", "string"]);
      expect(widget.attributes?.keys.type).toEqual(["list", ["map", "string"]]);
    });

    it("builds List of Object types from nestedatt and nestedobjatt sections", () => {
      expect(widget.attributes?.history).toEqual({
        type: ["list", ["object", { at: "number", by: ["list", ["object", { user: "string" }]] }]],
        description_kind: "plain",
        computed: true,
      });
    });

    it("records sensitive, write-only and deprecated flags", () => {
      expect(widget.attributes?.labels.sensitive).toBe(true);
      expect(widget.attributes?.keys.sensitive).toBe(true);
      expect(widget.attributes?.secret_wo).toEqual({
        type: "string",
        description_kind: "plain",
        optional: true,
        sensitive: true,
        write_only: true,
      });
      expect(widget.attributes?.enabled.deprecated).toBe(true);
      expect(widget.block_types?.legacy.block.deprecated).toBe(true);
    });

    it("reads blocks with their nesting mode and item limits, nested blocks included", () => {
      expect(widget.block_types?.trigger).toMatchObject({
        nesting_mode: "list",
        min_items: 1,
        max_items: 1,
      });
      expect(widget.block_types?.trigger.block.attributes?.id.required).toBe(true);
      expect(widget.block_types?.trigger.block.block_types?.options).toEqual({
        nesting_mode: "list",
        block: {
          description_kind: "plain",
          attributes: { value: { type: "string", description_kind: "plain", optional: true } },
        },
      });
      expect(widget.block_types?.rules).toMatchObject({
        nesting_mode: "set",
        min_items: 1,
        max_items: 2,
      });
      expect(widget.block_types?.legacy).toMatchObject({ nesting_mode: "list", max_items: 1 });
    });

    it("reads `Block, Optional` as a single nested block, not as a flag", () => {
      expect(widget.block_types?.timeouts).toEqual({
        nesting_mode: "single",
        block: {
          description_kind: "plain",
          attributes: { create: { type: "string", description_kind: "plain", optional: true } },
        },
      });
    });

    it("handles the irregular spots: NOTE lines, Meta-Arguments prose, blocks under Read-Only, a required id", () => {
      expect(widget.attributes).not.toHaveProperty("depends_on");
      const data = provider.data_source_schemas.example_widget.block;
      expect(data.attributes?.id.required).toBe(true);
      expect(data.block_types?.rules.nesting_mode).toBe("set");
      expect(data.block_types?.rules.block.attributes?.match.computed).toBe(true);
    });

    it("keeps no description prose", () => {
      const text = JSON.stringify(schema);
      expect(text).not.toContain("The name");
      expect(text).not.toContain('description"');
    });
  });

  describe("reports lines it cannot parse instead of guessing", () => {
    it("reports an unknown type with the file, line and text", () => {
      const { problems } = derive(docWith("### Optional\n\n- `ratio` (Float) A ratio."));
      expect(problems).toEqual([
        {
          file: "resources/thing.md",
          line: 7,
          text: "- `ratio` (Float) A ratio.",
          reason: 'unknown type "Float"',
        },
      ]);
    });

    it("reports an unknown flag", () => {
      const { problems } = derive(docWith("### Optional\n\n- `x` (String, Secret) X."));
      expect(problems.map((p) => p.reason)).toEqual(['unknown type flag "Secret"']);
    });

    it("reports prose inside a schema section", () => {
      const { problems } = derive(
        docWith("### Optional\n\n- `x` (String) X.\nThis sentence is not a bullet."),
      );
      expect(problems).toMatchObject([
        { line: 8, reason: "unrecognised line in a schema section" },
      ]);
    });

    it("reports a List of Object without a nested schema", () => {
      const { problems } = derive(docWith("### Read-Only\n\n- `items` (List of Object) Items."));
      expect(problems.map((p) => p.reason)).toEqual([
        '"List of Object" needs a nested schema link',
      ]);
    });

    it("reports a link to a nested section that does not exist", () => {
      const { problems } = derive(
        docWith(
          "### Optional\n\n- `b` (Block List) B. (see [below for nested schema](#nestedblock--b))",
        ),
      );
      expect(problems.map((p) => p.reason)).toEqual([
        "nested schema nestedblock--b is missing or of the wrong kind",
      ]);
    });

    it("reports a nested section nobody links to", () => {
      const { problems } = derive(
        docWith(
          '### Optional\n\n- `x` (String) X.\n\n<a id="nestedblock--y"></a>\n### Nested Schema for `y`\n\nOptional:\n\n- `z` (String)',
        ),
      );
      expect(problems.map((p) => p.reason)).toEqual(["nested schema section is never referenced"]);
    });

    it("reports a nested heading that does not match its anchor", () => {
      const { problems } = derive(
        docWith(
          '### Optional\n\n- `b` (Block List) B. (see [below for nested schema](#nestedblock--b))\n\n<a id="nestedblock--b"></a>\n### Nested Schema for `c`\n\nOptional:\n\n- `z` (String)',
        ),
      );
      expect(problems.map((p) => p.reason)).toEqual([
        "nested schema heading does not match the anchor before it (nestedblock--b)",
      ]);
    });

    it("reports an attribute listed before any section heading", () => {
      const { problems } = derive(docWith("- `x` (String) X."));
      expect(problems.map((p) => p.reason)).toEqual([
        "attribute outside a Required / Optional / Read-Only section",
      ]);
    });

    it("reports a resource page without a title or a schema", () => {
      const { problems } = derive([
        { path: "index.md", text: "## Schema\n" },
        { path: "resources/a.md", text: "# Resource: example_a\n\nNo schema here.\n" },
        { path: "resources/b.md", text: "## Schema\n" },
      ]);
      expect(problems.map((p) => `${p.file}: ${p.reason}`)).toEqual([
        "resources/a.md: no `## Schema` section",
        'resources/b.md: no "# Resource: <name>" title',
      ]);
    });
  });

  describe("the command line", () => {
    const run = (args: string[]) =>
      execFileSync(process.execPath, ["scripts/run.mjs", "scripts/derive-schema.ts", ...args], {
        cwd: ROOT,
        encoding: "utf8",
        stdio: "pipe",
      });

    it("writes nothing and exits non-zero when a line cannot be parsed", () => {
      const dir = mkdtempSync(path.join(tmpdir(), "derive-"));
      try {
        const docs = path.join(dir, "docs");
        cpSync(fixtureDir, docs, { recursive: true });
        appendFileSync(path.join(docs, "data-sources/widget.md"), "- `bad` (Float) x\n");
        const out = path.join(dir, "schema.json");
        let error: { status?: number; stderr?: string } = {};
        try {
          run(["--docs", docs, "--out", out]);
        } catch (e) {
          error = e as typeof error;
        }
        expect(error.status).toBe(1);
        expect(error.stderr).toContain('data-sources/widget.md:24: unknown type "Float"');
        expect(existsSync(out)).toBe(false);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});

describe("the committed auth0 1.55.0 schema", () => {
  const committed = JSON.parse(readFileSync(path.join(ROOT, "provider-schema/auth0.json"), "utf8"));
  const auth0: Required<ProviderSchema> =
    committed.provider_schemas["registry.terraform.io/auth0/auth0"];

  it("covers all 78 resources and 51 data sources of v1.55.0", () => {
    expect(Object.keys(auth0.resource_schemas)).toHaveLength(78);
    expect(Object.keys(auth0.data_source_schemas)).toHaveLength(51);
  });

  it("knows the provider block's credential settings", () => {
    expect(Object.keys(auth0.provider.block.attributes ?? {})).toEqual(
      expect.arrayContaining(["domain", "client_id", "client_secret", "api_token"]),
    );
  });

  it("records the Action's write-only secrets and its single trigger block", () => {
    const action = auth0.resource_schemas.auth0_action.block;
    expect(action.block_types?.secrets_wo.block.attributes?.value).toMatchObject({
      sensitive: true,
      write_only: true,
    });
    expect(action.block_types?.supported_triggers).toMatchObject({ min_items: 1, max_items: 1 });
  });
});
