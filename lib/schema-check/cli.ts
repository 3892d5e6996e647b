import { existsSync, readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import type { ProvidersSchemaJson } from "../provider-schema/types";
import { checkTerraformJson, formatFindings } from "./check";
import { isPlainObject } from "./names";

export interface CliIo {
  /** Directory that relative paths and the default stack glob resolve against. */
  cwd: string;
  out: (line: string) => void;
  err: (line: string) => void;
}

export const DEFAULT_SCHEMA = "provider-schema/auth0.json";
const STACKS_DIR = "cdktf.out/stacks";

const USAGE = `usage: check-stack [--schema <file>] [cdk.tf.json ...]

Checks synthesized CDKTF stacks against a \`terraform providers schema -json\` dump.
Without files, checks every ${STACKS_DIR}/*/cdk.tf.json under the current directory.
  --schema <file>  provider schema JSON (default: ${DEFAULT_SCHEMA})`;

interface Options {
  schema: string;
  files: string[];
  help: boolean;
}

function parseOptions(argv: readonly string[]): Options | string {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        schema: { type: "string", default: DEFAULT_SCHEMA },
        help: { type: "boolean", short: "h", default: false },
      },
    });
    return { schema: values.schema, files: positionals, help: values.help };
  } catch (error) {
    return (error as Error).message;
  }
}

function discoverStacks(cwd: string): string[] {
  const stacksDir = path.join(cwd, STACKS_DIR);
  if (!existsSync(stacksDir)) return [];
  return readdirSync(stacksDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => path.join(STACKS_DIR, entry.name, "cdk.tf.json"))
    .filter((file) => existsSync(path.join(cwd, file)))
    .sort();
}

/** Reads and parses a JSON file, or explains (naming the file) why it could not. */
function readJson(file: string, cwd: string): { value: unknown } | { error: string } {
  let text: string;
  try {
    text = readFileSync(path.resolve(cwd, file), "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return {
      error: code === "ENOENT" ? `${file}: file not found` : `${file}: ${(error as Error).message}`,
    };
  }
  try {
    return { value: JSON.parse(text) };
  } catch (error) {
    return { error: `${file}: not valid JSON (${(error as Error).message})` };
  }
}

/** Runs the check-stack command; returns the process exit code (0 clean, 1 problems, 2 usage). */
export function runCheckStack(argv: readonly string[], io: CliIo): number {
  const options = parseOptions(argv);
  if (typeof options === "string") {
    io.err(`check-stack: ${options}\n${USAGE}`);
    return 2;
  }
  if (options.help) {
    io.out(USAGE);
    return 0;
  }

  const schemaJson = readJson(options.schema, io.cwd);
  if ("error" in schemaJson) {
    io.err(`check-stack: cannot load provider schema ${schemaJson.error}`);
    return 1;
  }
  if (!isPlainObject(schemaJson.value) || !isPlainObject(schemaJson.value.provider_schemas)) {
    io.err(
      `check-stack: ${options.schema} has no "provider_schemas"; expected the output of \`terraform providers schema -json\``,
    );
    return 1;
  }
  const schema = schemaJson.value as unknown as ProvidersSchemaJson;

  const files = options.files.length > 0 ? options.files : discoverStacks(io.cwd);
  if (files.length === 0) {
    io.err(`check-stack: no stacks found at ${STACKS_DIR}/*/cdk.tf.json in ${io.cwd}; synth first`);
    return 1;
  }

  let failed = false;
  for (const file of files) {
    const config = readJson(file, io.cwd);
    if ("error" in config) {
      io.err(`error ${config.error}`);
      failed = true;
      continue;
    }
    let findings: ReturnType<typeof checkTerraformJson>;
    try {
      findings = checkTerraformJson(config.value, schema);
    } catch (error) {
      io.err(`error ${file}: ${(error as Error).message}`);
      failed = true;
      continue;
    }
    if (findings.length === 0) {
      io.out(`ok ${file}`);
      continue;
    }
    failed = true;
    const noun = findings.length === 1 ? "finding" : "findings";
    io.out(`fail ${file} (${findings.length} ${noun})`);
    for (const line of formatFindings(findings).split("\n")) io.out(`  ${line}`);
  }
  return failed ? 1 : 0;
}
