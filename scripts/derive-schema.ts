// `npm run derive-schema`: provider-schema/auth0.json from the provider's tfplugindocs docs.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { Command } from "commander";
import { parseProcessArguments } from "../lib/operate/edge";
import { deriveProviderSchema, formatProblem } from "../lib/provider/schema/derive";
import { writeFileAtomic } from "../lib/speed/cache";

const DEFAULT_DOCS = "../shared/reference/terraform-provider-auth0-v1.55.0/docs";
const DEFAULT_OUT = "provider-schema/auth0.json";
const FQPN = "registry.terraform.io/auth0/auth0";

const USAGE = `usage: npm run derive-schema -- [--docs <docs folder>] [--out <file>] [--check]

Derives ${DEFAULT_OUT} from the provider's tfplugindocs docs (--docs, default
${DEFAULT_DOCS}) and writes it to --out (default ${DEFAULT_OUT}).
Any line the parser does not understand is listed and nothing is written: a partial schema
would make the offline checker accept what Terraform rejects.

  --check  compare instead of writing; exit 1 when the committed file is out of date`;

const program = new Command()
  .option("--docs <folder>", "", DEFAULT_DOCS)
  .option("--out <file>", "", DEFAULT_OUT)
  .option("--check");
const values = parseProcessArguments(program, USAGE, () =>
  program.opts<{ docs: string; out: string; check?: boolean }>(),
);
const docsDir = path.resolve(values.docs);
const out = path.resolve(values.out);
if (!existsSync(docsDir)) {
  console.error(
    `derive-schema: no docs folder at ${values.docs}; pass --docs <folder> (the docs/ folder of terraform-provider-auth0 at tag v1.55.0)`,
  );
  process.exit(2);
}

const files = readdirSync(docsDir, { recursive: true, encoding: "utf8" })
  .filter((f) => f.endsWith(".md"))
  .map((f) => f.split(path.sep).join("/"))
  .map((f) => ({ path: f, text: readFileSync(path.join(docsDir, f), "utf8") }));

const { schema, problems } = deriveProviderSchema(files, FQPN);
if (problems.length > 0) {
  console.error(
    `derive-schema: ${problems.length} line(s) in ${docsDir} could not be parsed; nothing written:`,
  );
  for (const p of problems) console.error(`  ${formatProblem(p)}`);
  process.exit(1);
}
const p = schema.provider_schemas[FQPN];
const text = `${JSON.stringify(schema, null, 2)}\n`;
const shown = path.relative(process.cwd(), out);
if (values.check) {
  let current = "";
  try {
    current = readFileSync(out, "utf8");
  } catch {}
  if (current !== text) {
    console.error(
      `derive-schema: ${shown} is not what ${values.docs} derives to; run npm run derive-schema`,
    );
    process.exit(1);
  }
  console.log(`derive-schema: ${shown} is up to date`);
  process.exit(0);
}
writeFileAtomic(out, text);
console.log(
  `derive-schema: wrote ${shown}: ${Object.keys(p.resource_schemas).length} resources, ` +
    `${Object.keys(p.data_source_schemas).length} data sources, from ${files.length} docs`,
);
