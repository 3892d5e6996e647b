/**
 * Derives a `terraform providers schema -json` document from a provider's tfplugindocs
 * markdown. Only names, types and flags are recorded: the docs' prose is upstream's and
 * would only add churn to the committed schema.
 *
 * tfplugindocs does not record `computed` on optional attributes, defaults, enums or
 * conflicts, so neither does the derived schema. Every line inside a `## Schema` section
 * is either understood or reported as a problem: a guess would silently weaken the
 * offline checker that relies on this schema.
 */
import type {
  AttributeType,
  ProviderSchema,
  ProvidersSchemaJson,
  SchemaAttribute,
  SchemaBlock,
  SchemaBlockType,
  SchemaRepresentation,
} from "./types";

export interface DocFile {
  /** Path relative to the docs folder, e.g. `resources/action.md` or `index.md`. */
  path: string;
  text: string;
}

export interface Problem {
  file: string;
  line: number;
  text: string;
  reason: string;
}

/** What the deriver writes: every section present, one provider. */
export interface DerivedSchema extends ProvidersSchemaJson {
  provider_schemas: { [fqpn: string]: Required<ProviderSchema> };
}

export interface DeriveResult {
  schema: DerivedSchema;
  problems: Problem[];
}

type Section = "required" | "optional" | "read-only";

interface Entry {
  name: string;
  type: string;
  section: Section;
  anchor?: string;
  line: number;
  text: string;
}

interface NestedSection {
  anchor: string;
  entries: Entry[];
  line: number;
  used: boolean;
}

interface ParsedDoc {
  top: Entry[];
  nested: Map<string, NestedSection>;
}

const TOP_HEADING = /^### (Required|Optional|Read-Only)\s*$/;
const LABEL = /^(Required|Optional|Read-Only):\s*$/;
const ANCHOR = /^<a id="((?:nestedblock|nestedatt|nestedobjatt)--[A-Za-z0-9_-]+)"><\/a>\s*$/;
const NESTED_HEADING = /^### Nested Schema for `([A-Za-z0-9_.]+)`\s*$/;
const BULLET_START = /^- `([A-Za-z0-9_]+)` \(/;
const SEE_BELOW = /\(see \[below for nested schema\]\(#([A-Za-z0-9_-]+)\)\)\s*$/;
/** Callouts that tfplugindocs lets authors put between schema bullets. */
const CALLOUT = /^(> |~> |-> |<!--)/;

function sectionOf(word: string): Section {
  return word.toLowerCase() as Section;
}

/** Reads the `(TYPE)` after a bullet's name, allowing parentheses nested inside it. */
function readParenthesised(text: string, open: number): { inner: string; end: number } | null {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === "(") depth++;
    else if (text[i] === ")") {
      depth--;
      if (depth === 0) return { inner: text.slice(open + 1, i), end: i + 1 };
    }
  }
  return null;
}

function parseDoc(file: DocFile, problems: Problem[]): ParsedDoc | null {
  const lines = file.text.split(/\r?\n/);
  const start = lines.findIndex((l) => /^## Schema\s*$/.test(l));
  if (start < 0) {
    problems.push({ file: file.path, line: 0, text: "", reason: "no `## Schema` section" });
    return null;
  }
  const doc: ParsedDoc = { top: [], nested: new Map() };
  let current: NestedSection | null = null;
  let awaitingHeading = false;
  let section: Section | null = null;
  const report = (i: number, reason: string) =>
    problems.push({ file: file.path, line: i + 1, text: lines[i], reason });

  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i];
    if (/^## /.test(line)) break;
    // Prose about depends_on follows this heading; it is not part of the schema.
    if (/^### Meta-Arguments\s*$/.test(line)) break;
    if (line.trim() === "" || CALLOUT.test(line)) continue;

    let m: RegExpMatchArray | null = line.match(TOP_HEADING);
    if (m) {
      if (current) report(i, "top-level section heading after a nested schema section");
      section = sectionOf(m[1]);
      continue;
    }
    m = line.match(ANCHOR);
    if (m) {
      if (doc.nested.has(m[1])) report(i, `duplicate anchor ${m[1]}`);
      current = { anchor: m[1], entries: [], line: i + 1, used: false };
      doc.nested.set(m[1], current);
      awaitingHeading = true;
      section = null;
      continue;
    }
    m = line.match(NESTED_HEADING);
    if (m) {
      const expected = current?.anchor.replace(/^[a-z]+--/, "").replace(/--/g, ".");
      if (!awaitingHeading || m[1] !== expected) {
        report(
          i,
          `nested schema heading does not match the anchor before it (${current?.anchor ?? "none"})`,
        );
      }
      awaitingHeading = false;
      continue;
    }
    m = line.match(LABEL);
    if (m) {
      if (!current) report(i, "nested section label outside a nested schema section");
      section = sectionOf(m[1]);
      continue;
    }
    m = line.match(BULLET_START);
    if (m) {
      const paren = readParenthesised(line, m[0].length - 1);
      if (!paren) {
        report(i, "unbalanced parentheses in the type");
        continue;
      }
      if (!section) {
        report(i, "attribute outside a Required / Optional / Read-Only section");
        continue;
      }
      const entry: Entry = {
        name: m[1],
        type: paren.inner,
        section,
        anchor: line.slice(paren.end).match(SEE_BELOW)?.[1],
        line: i + 1,
        text: line,
      };
      const list = current ? current.entries : doc.top;
      if (list.some((e) => e.name === entry.name)) report(i, `duplicate attribute ${entry.name}`);
      list.push(entry);
      continue;
    }
    report(i, "unrecognised line in a schema section");
  }
  return doc;
}

/** Splits `Block List, Min: 1, Max: 1` at top-level commas (a flag may hold a link). */
function splitType(type: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < type.length; i++) {
    const c = type[i];
    if (c === "(" || c === "[") depth++;
    else if (c === ")" || c === "]") depth--;
    else if (c === "," && depth === 0) {
      parts.push(type.slice(from, i).trim());
      from = i + 1;
    }
  }
  parts.push(type.slice(from).trim());
  return parts;
}

interface Flags {
  sensitive?: true;
  deprecated?: true;
  writeOnly?: true;
  min?: number;
  max?: number;
  optionalWord?: true;
}

function parseFlags(parts: string[]): Flags | string {
  const flags: Flags = {};
  for (const part of parts) {
    const limit = part.match(/^(Min|Max): (\d+)$/);
    if (part === "Sensitive") flags.sensitive = true;
    else if (part === "Deprecated") flags.deprecated = true;
    else if (/^\[Write-only\]\(.*\)$/.test(part)) flags.writeOnly = true;
    else if (part === "Optional") flags.optionalWord = true;
    else if (limit?.[1] === "Min") flags.min = Number(limit[2]);
    else if (limit?.[1] === "Max") flags.max = Number(limit[2]);
    else return `unknown type flag "${part}"`;
  }
  return flags;
}

class Builder {
  constructor(
    private readonly file: string,
    private readonly doc: ParsedDoc,
    private readonly problems: Problem[],
  ) {}

  private report(entry: Entry, reason: string): void {
    this.problems.push({ file: this.file, line: entry.line, text: entry.text, reason });
  }

  private nested(entry: Entry, kinds: string[]): NestedSection | null {
    if (!entry.anchor) {
      this.report(entry, `"${entry.type}" needs a nested schema link`);
      return null;
    }
    const kind = entry.anchor.split("--")[0];
    const section = this.doc.nested.get(entry.anchor);
    if (!kinds.includes(kind) || !section) {
      this.report(entry, `nested schema ${entry.anchor} is missing or of the wrong kind`);
      return null;
    }
    section.used = true;
    return section;
  }

  block(entries: Entry[]): SchemaBlock {
    const attributes: { [name: string]: SchemaAttribute } = {};
    const blockTypes: { [name: string]: SchemaBlockType } = {};
    for (const entry of entries) {
      const [base, ...rest] = splitType(entry.type);
      const flags = parseFlags(rest);
      if (typeof flags === "string") {
        this.report(entry, flags);
        continue;
      }
      const blockMatch = base.match(/^Block( List| Set)?$/);
      if (blockMatch) {
        const bt = this.blockType(entry, blockMatch[1]?.trim(), flags);
        if (bt) blockTypes[entry.name] = bt;
        continue;
      }
      if (flags.min !== undefined || flags.max !== undefined || flags.optionalWord) {
        this.report(entry, `"${entry.type}" has block flags on an attribute`);
        continue;
      }
      const type = this.attributeType(entry, base);
      if (!type) continue;
      const attribute: SchemaAttribute = { type, description_kind: "plain" };
      if (flags.deprecated) attribute.deprecated = true;
      if (entry.section === "required") attribute.required = true;
      if (entry.section === "optional") attribute.optional = true;
      if (entry.section === "read-only") attribute.computed = true;
      if (flags.sensitive) attribute.sensitive = true;
      if (flags.writeOnly) attribute.write_only = true;
      attributes[entry.name] = attribute;
    }
    const block: SchemaBlock = { description_kind: "plain" };
    if (Object.keys(attributes).length > 0) block.attributes = sortKeys(attributes);
    if (Object.keys(blockTypes).length > 0) block.block_types = sortKeys(blockTypes);
    return block;
  }

  private blockType(entry: Entry, kind: string | undefined, flags: Flags): SchemaBlockType | null {
    if (flags.sensitive || flags.writeOnly) {
      this.report(entry, `"${entry.type}": a block cannot be sensitive or write-only`);
      return null;
    }
    // `Block, Optional` is how tfplugindocs writes a single nested block (e.g. timeouts).
    if (
      kind === undefined &&
      (!flags.optionalWord || flags.min !== undefined || flags.max !== undefined)
    ) {
      this.report(
        entry,
        `"${entry.type}" is neither a block list, a block set nor "Block, Optional"`,
      );
      return null;
    }
    if (kind !== undefined && flags.optionalWord) {
      this.report(entry, `"${entry.type}": Optional is not a flag of a block list or set`);
      return null;
    }
    const section = this.nested(entry, ["nestedblock"]);
    if (!section) return null;
    const inner = this.block(section.entries);
    if (flags.deprecated) inner.deprecated = true;
    const bt: SchemaBlockType = {
      nesting_mode: kind === "List" ? "list" : kind === "Set" ? "set" : "single",
      block: inner,
    };
    if (flags.min !== undefined) bt.min_items = flags.min;
    if (flags.max !== undefined) bt.max_items = flags.max;
    return bt;
  }

  private attributeType(entry: Entry, text: string): AttributeType | null {
    switch (text) {
      case "String":
        return "string";
      case "Number":
        return "number";
      case "Boolean":
        return "bool";
      case "Object": {
        const section = this.nested(entry, ["nestedatt", "nestedobjatt"]);
        if (!section) return null;
        const fields: { [name: string]: AttributeType } = {};
        for (const field of section.entries) {
          const [base, ...rest] = splitType(field.type);
          if (rest.length > 0) {
            this.report(field, `object field type "${field.type}" carries flags`);
            continue;
          }
          const t = this.attributeType(field, base);
          if (t) fields[field.name] = t;
        }
        return ["object", sortKeys(fields)];
      }
    }
    const m = text.match(/^(List|Set|Map) of (.+)$/);
    if (m) {
      const element = this.attributeType(entry, m[2]);
      if (!element) return null;
      return [m[1].toLowerCase() as "list" | "set" | "map", element];
    }
    this.report(entry, `unknown type "${text}"`);
    return null;
  }

  finish(): void {
    for (const section of this.doc.nested.values()) {
      if (!section.used) {
        this.problems.push({
          file: this.file,
          line: section.line,
          text: `<a id="${section.anchor}"></a>`,
          reason: "nested schema section is never referenced",
        });
      }
    }
  }
}

function sortKeys<T>(record: { [k: string]: T }): { [k: string]: T } {
  return Object.fromEntries(
    Object.keys(record)
      .sort()
      .map((k) => [k, record[k]]),
  );
}

function titleName(file: DocFile, kind: "Resource" | "Data Source"): string | null {
  const m = file.text.match(new RegExp(`^# ${kind}: ([a-z0-9_]+)\\s*$`, "m"));
  return m ? m[1] : null;
}

function schemaOf(file: DocFile, problems: Problem[]): SchemaRepresentation | null {
  const doc = parseDoc(file, problems);
  if (!doc) return null;
  const builder = new Builder(file.path, doc, problems);
  const block = builder.block(doc.top);
  builder.finish();
  return { version: 0, block };
}

/**
 * @param fqpn fully qualified provider name, e.g. `registry.terraform.io/auth0/auth0`
 */
export function deriveProviderSchema(files: DocFile[], fqpn: string): DeriveResult {
  const problems: Problem[] = [];
  const resources: { [type: string]: SchemaRepresentation } = {};
  const dataSources: { [type: string]: SchemaRepresentation } = {};
  let provider: SchemaRepresentation | null = null;

  for (const file of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    const dir = file.path.split("/")[0];
    if (file.path === "index.md") {
      provider = schemaOf(file, problems);
      continue;
    }
    if (dir !== "resources" && dir !== "data-sources") continue;
    const kind = dir === "resources" ? "Resource" : "Data Source";
    const name = titleName(file, kind);
    if (!name) {
      problems.push({ file: file.path, line: 0, text: "", reason: `no "# ${kind}: <name>" title` });
      continue;
    }
    const target = dir === "resources" ? resources : dataSources;
    if (target[name]) {
      problems.push({ file: file.path, line: 0, text: "", reason: `${name} is documented twice` });
      continue;
    }
    const schema = schemaOf(file, problems);
    if (schema) target[name] = schema;
  }
  if (!provider) {
    problems.push({ file: "index.md", line: 0, text: "", reason: "provider page is missing" });
    provider = { version: 0, block: { description_kind: "plain" } };
  }

  const providerSchema: Required<ProviderSchema> = {
    provider,
    resource_schemas: sortKeys(resources),
    data_source_schemas: sortKeys(dataSources),
  };
  return {
    schema: { format_version: "1.0", provider_schemas: { [fqpn]: providerSchema } },
    problems,
  };
}

export function formatProblem(p: Problem): string {
  return `${p.file}:${p.line}: ${p.reason}${p.text ? `\n    ${p.text.slice(0, 160)}` : ""}`;
}
