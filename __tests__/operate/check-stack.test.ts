import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  formatProblem,
  locateDiagnostic,
  runCheckStack,
  type TerraformDiagnostic,
} from "../../lib/operate/check-stack";
import { ROOT } from "../support/paths";
import { shippedEnvironmentNames, shippedStack, type TerraformJson } from "../support/shipped";
import { describeWithTerraform } from "../support/terraform";

// `npm run check-stack`: real `terraform validate` of synthesized stacks, through the stand-in
// auth0 provider. Every terraform run takes a few tenths of a second, so each case is checked
// in one shared run.

const root = ROOT;
const tmp = mkdtempSync(path.join(tmpdir(), "check-stack-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function run(argv: string[], { cwd = tmp, env = {} as Record<string, string> } = {}) {
  let out = "";
  let err = "";
  const code = await runCheckStack(argv, {
    root,
    cwd,
    env: { TERRAFORM_BINARY_NAME: process.env.TERRAFORM_BINARY_NAME, ...env },
    out: (text) => {
      out += text;
    },
    err: (text) => {
      err += text;
    },
  });
  return { code, out, err };
}

/** The output as `{ "<file>": ["ok <file>" or "fail ...", ...its problem lines] }`. */
function sections(out: string): Record<string, string[]> {
  const byFile: Record<string, string[]> = {};
  let current: string[] = [];
  for (const line of out.trimEnd().split("\n")) {
    if (!line.startsWith("  ")) {
      current = [line];
      byFile[line.split(" ")[1]] = current;
    } else current.push(line.trim());
  }
  return byFile;
}

/** A copy of the shipped dev stack after `edit`, written to `<tmp>/<name>.json`. */
function variant(name: string, edit: (stack: TerraformJson) => void): string {
  const stack = structuredClone(shippedStack("dev"));
  edit(stack);
  const file = path.join(tmp, `${name}.json`);
  writeFileSync(file, JSON.stringify(stack, null, 2));
  return file;
}

describe("npm run check-stack, before terraform runs", () => {
  it("exits 1 with the synth hint when there are no stacks", async () => {
    const empty = mkdtempSync(path.join(tmp, "empty-"));
    const r = await run([], { cwd: empty });
    expect(r.code).toBe(1);
    expect(r.out).toBe("");
    expect(r.err).toContain("no stacks found at cdktf.out/stacks/*/cdk.tf.json");
    expect(r.err).toContain("synth first (npm run synth)");
  });

  it("exits 2 on an unknown option, with the usage", async () => {
    const r = await run(["--schema", "provider-schema/auth0.json"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("usage: npm run check-stack");
  });

  it("fails a file that is missing or not JSON, naming it", async () => {
    writeFileSync(path.join(tmp, "broken.json"), '{"resource":');
    const r = await run(["broken.json", "nowhere.json"]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^fail broken\.json \(1 problem\)\n {2}error not valid JSON: /);
    expect(r.out).toContain("fail nowhere.json (1 problem)\n  error file not found\n");
  });

  it("exits 1 with a clear message when terraform is not installed", async () => {
    const file = variant("no-terraform", () => {});
    const r = await run([file], { env: { TERRAFORM_BINARY_NAME: "no-such-terraform" } });
    expect(r.code).toBe(1);
    expect(r.out).toBe("");
    expect(r.err).toContain("no-such-terraform was not found on PATH: install Terraform >= 1.11");
  });
});

describe("a terraform diagnostic is located by resource and attribute", () => {
  const diagnostic = (d: Partial<TerraformDiagnostic>): TerraformDiagnostic => ({
    severity: "error",
    summary: "",
    ...d,
  });

  it("from the property its snippet highlights (a provider's own check)", () => {
    const located = locateDiagnostic(
      diagnostic({
        summary: "invalid value",
        detail: 'expected syntax to be one of ["liquid"], got handlebars',
        address: "auth0_email_template.reset_email",
        snippet: {
          context: "resource.auth0_email_template.reset_email",
          code: '        "syntax": "handlebars",',
          highlight_start_offset: 18,
        },
      }),
    );
    expect(formatProblem(located)).toBe(
      'error auth0_email_template.reset_email: syntax: invalid value: expected syntax to be one of ["liquid"], got handlebars',
    );
  });

  it("inside nested blocks, and in the provider block", () => {
    expect(
      locateDiagnostic(
        diagnostic({
          summary: "Too many mfa blocks",
          detail: 'No more than 1 "mfa" blocks are allowed',
          snippet: {
            context: "resource.auth0_connection.database.options.mfa[1]",
            code: "            }",
            highlight_start_offset: 12,
          },
        }),
      ),
    ).toMatchObject({ address: "auth0_connection.database", attribute: "options.mfa[1]" });
    expect(
      locateDiagnostic(
        diagnostic({
          summary: "Extraneous JSON object property",
          detail: 'No argument or block type is named "domian".',
          snippet: {
            context: "provider.auth0[0]",
            code: '        "domian": "x"',
            highlight_start_offset: 8,
          },
        }),
      ),
    ).toMatchObject({ address: "provider.auth0", attribute: "domian" });
  });

  it("an unknown resource type is the address itself", () => {
    expect(
      locateDiagnostic(
        diagnostic({
          summary: "Invalid resource type",
          detail: 'The provider auth0/auth0 does not support resource type "auth0_clinet".',
          snippet: {
            context: "resource",
            code: '    "auth0_clinet": {',
            highlight_start_offset: 4,
          },
        }),
      ),
    ).toMatchObject({ address: "auth0_clinet", attribute: "" });
  });
});

describeWithTerraform("npm run check-stack: terraform validate through the stand-in", () => {
  let clean: Awaited<ReturnType<typeof run>>;
  let broken: Awaited<ReturnType<typeof run>>;
  let byFile: Record<string, string[]>;
  const files = {
    unknownAttribute: "unknown-attribute.json",
    missingRequired: "missing-required.json",
    wrongType: "wrong-type.json",
    badEnum: "bad-enum.json",
    nested: "nested.json",
    readOnly: "read-only.json",
  };

  // Two shipped stacks where synth puts them, found without arguments. (Every committed
  // environment's stack is validated by rehearse.test.ts, which runs `terraform validate` on
  // each; here the number of environments makes no difference.)
  const cleanStacks = ["alpha", "beta"];

  beforeAll(async () => {
    const project = mkdtempSync(path.join(tmp, "project-"));
    const shipped = shippedStack(shippedEnvironmentNames()[0]);
    for (const name of cleanStacks) {
      const dir = path.join(project, "cdktf.out", "stacks", name);
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, "cdk.tf.json"), JSON.stringify(shipped, null, 2));
    }
    variant("unknown-attribute", (s) => {
      s.resource.auth0_client.app.nmae = "Portal";
    });
    variant("missing-required", (s) => {
      delete s.resource.auth0_action.send_invite.code;
    });
    variant("wrong-type", (s) => {
      s.resource.auth0_email_template.reset_email.url_lifetime_in_seconds = "a week";
    });
    variant("bad-enum", (s) => {
      s.resource.auth0_action.send_invite.runtime = "node99";
    });
    variant("nested", (s) => {
      s.resource.auth0_connection.database.options.mfa.actve = true;
    });
    variant("read-only", (s) => {
      s.resource.auth0_client.app.client_id = "chosen-by-hand";
    });
    [clean, broken] = await Promise.all([
      run([], { cwd: project }),
      run(Object.values(files), { cwd: tmp }),
    ]);
    byFile = sections(broken.out);
  });

  it("passes shipped stacks: exit 0, `ok <file>` each, in order", () => {
    expect(clean.err).toBe("");
    expect(clean.out).toBe(
      cleanStacks.map((name) => `ok cdktf.out/stacks/${name}/cdk.tf.json\n`).join(""),
    );
    expect(clean.code).toBe(0);
  });

  it("exits 1 when any stack has a problem, reporting every file in order", () => {
    expect(broken.code).toBe(1);
    expect(broken.err).toBe("");
    expect(Object.keys(byFile)).toEqual(Object.values(files));
  });

  it.each([
    ["an unknown attribute", files.unknownAttribute, "auth0_client.app: nmae:", /"nmae"/],
    [
      "a missing required attribute",
      files.missingRequired,
      "auth0_action.send_invite: code:",
      /required/,
    ],
    [
      "a value of the wrong type",
      files.wrongType,
      "auth0_email_template.reset_email: url_lifetime_in_seconds:",
      /number is required/,
    ],
    [
      "a value the provider does not accept (runtime node99)",
      files.badEnum,
      "auth0_action.send_invite: runtime:",
      /node99/,
    ],
    [
      "an unknown attribute in a nested block",
      files.nested,
      "auth0_connection.database: options.mfa.actve:",
      /"actve"/,
    ],
    [
      "a value only Auth0 sets (client_id)",
      files.readOnly,
      "auth0_client.app: client_id:",
      /this field cannot be set/,
    ],
  ])("fails %s, naming the resource and attribute", (_case, file, where, what) => {
    const [head, ...problems] = byFile[file];
    expect(head).toBe(`fail ${file} (1 problem)`);
    expect(problems).toEqual([expect.stringMatching(/^error /)]);
    expect(problems[0]).toContain(`error ${where} `);
    expect(problems[0]).toMatch(what);
  });
});
