import { type Dirent, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { type ParseError, parse as parseJsonc, printParseErrorCode, visit } from "jsonc-parser";
import * as v from "valibot";
import type { ProvidersSchemaJson } from "../provider/schema/types";
import { extraOptionProblems, readProviderSchema } from "./extra-options";
import { type Environment, environmentSchema, isPlainObject, STACK_NAME } from "./schema";

export interface LoadedEnvironment {
  /** Stack name: the file name without `.json`. */
  readonly name: string;
  /** Path as given (relative to the working directory when the directory was relative). */
  readonly file: string;
  readonly config: Environment;
}

export interface LoadOptions {
  /** Where notes about ignored entries go. @default console.warn */
  readonly warn?: (message: string) => void;
}

/** Every problem found in the environment files, one line each. */
export class EnvironmentConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(
      `${problems.length} problem${problems.length === 1 ? "" : "s"} in the environment files:\n${problems
        .map((p) => `  - ${p}`)
        .join("\n")}`,
    );
    this.name = "EnvironmentConfigError";
  }
}

/**
 * Reads and validates every `*.json` file in `dir`. Throws one EnvironmentConfigError listing
 * all problems of all files, so a reviewer fixes them in one round.
 */
export function loadEnvironments(
  dir = "environments",
  { warn = (message: string) => console.warn(message) }: LoadOptions = {},
): LoadedEnvironment[] {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    throw new EnvironmentConfigError([
      `${dir}: cannot read the directory (${(error as Error).message})`,
    ]);
  }
  const names: string[] = [];
  const misnamed: string[] = [];
  for (const entry of entries) {
    const file = path.join(dir, entry.name);
    if (entry.name.endsWith(".json")) {
      names.push(entry.name);
    } else if (/\.json/i.test(entry.name)) {
      // prod.JSON, prod.jsonc, prod.json.bak: meant as an environment, and would otherwise be
      // silently skipped, its tenant left out of every plan.
      misnamed.push(
        `${file}: is not read as an environment: environment files are named <stack-name>.json, with .json in lower case and nothing after it`,
      );
    } else {
      warn(`${file}: ignored: only <stack-name>.json files in ${dir} are environments`);
    }
  }
  names.sort();
  if (names.length === 0 && misnamed.length === 0) {
    throw new EnvironmentConfigError([`${dir}: no environment files (*.json) found`]);
  }

  const problems: string[] = misnamed.sort();
  const loaded: LoadedEnvironment[] = [];
  const byStackName = new Map<string, string>();
  const byDomain = new Map<string, string>();
  for (const fileName of names) {
    const file = path.join(dir, fileName);
    const name = fileName.slice(0, -".json".length);
    if (!STACK_NAME.test(name)) {
      problems.push(
        `${file}: file name "${name}" is not a valid stack name: use lower-case letters, digits and "-" (at most 63), starting with a letter or digit`,
      );
    }
    // Case-insensitive file systems (macOS, Windows) would merge these stacks' output.
    const clash = byStackName.get(name.toLowerCase());
    if (clash !== undefined) {
      problems.push(`${file}: duplicate stack name "${name}": ${clash} already defines it`);
    }
    byStackName.set(name.toLowerCase(), file);

    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (error) {
      problems.push(`${file}: cannot read the file (${(error as Error).message})`);
      continue;
    }
    const result = parseEnvironment(file, text);
    // Checked even when the file has other problems, so all of them come out in one round.
    const domain = result.ok ? result.config.domain : result.domain;
    if (domain !== undefined) {
      const other = byDomain.get(domain);
      if (other !== undefined) {
        problems.push(
          `${file}: domain: "${domain}" is also the domain of ${other}; two stacks on one tenant would overwrite each other`,
        );
      }
      byDomain.set(domain, file);
    }
    if (!result.ok) {
      problems.push(...result.problems);
      continue;
    }
    loaded.push({ name, file, config: result.config });
  }
  if (problems.length > 0) throw new EnvironmentConfigError(problems);
  return loaded;
}

export type ParseResult =
  | { ok: true; config: Environment }
  /** `domain`: the file's domain string, when it has one, for cross-file checks. */
  | { ok: false; problems: string[]; domain?: string };

/**
 * Parses one file's text; `file` only labels the messages. `providerSchema` (read from
 * provider-schema/auth0.json when needed) checks connection.extraOptions.
 */
export function parseEnvironment(
  file: string,
  rawText: string,
  providerSchema: () => ProvidersSchemaJson = readProviderSchema,
): ParseResult {
  // Editors on Windows like to start files with a byte-order mark; it is not JSON.
  const text = rawText.replace(/^\uFEFF/, "");
  if (text.trim() === "") {
    return { ok: false, problems: [`${file}: the file is empty; expected a JSON object`] };
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, problems: [jsonSyntaxProblem(file, text)] };
  }
  // All of a file's problems in one round: duplicate keys (JSON.parse keeps the last of two,
  // for `domain` that silently picks a tenant), the schema, and the provider's options schema.
  const problems = duplicateKeys(file, text);
  // One problem per value: the first rule it breaks says what to fix.
  const result = v.safeParse(environmentSchema, data, { abortPipeEarly: true });
  if (!result.success) problems.push(...result.issues.map((issue) => describeIssue(file, issue)));
  const extraOptions = (data as { connection?: { extraOptions?: unknown } } | null)?.connection
    ?.extraOptions;
  // The provider schema is only read when there are options to check against it.
  if (isPlainObject(extraOptions) && Object.keys(extraOptions).length > 0) {
    problems.push(...extraOptionProblems(file, extraOptions, providerSchema()));
  }
  if (problems.length > 0 || !result.success) {
    const domain = (data as { domain?: unknown } | null)?.domain;
    return { ok: false, problems, ...(typeof domain === "string" ? { domain } : {}) };
  }
  return { ok: true, config: result.output };
}

function duplicateKeys(file: string, text: string): string[] {
  const problems: string[] = [];
  // The keys seen so far in each object being read, innermost last.
  const scopes: Set<string>[] = [];
  visit(text, {
    onObjectBegin: () => {
      scopes.push(new Set());
    },
    onObjectEnd: () => {
      scopes.pop();
    },
    onObjectProperty: (property, _offset, _length, line, column, pathSupplier) => {
      const keys = scopes.at(-1);
      if (!keys) return;
      if (keys.has(property)) {
        const where = fieldPath([...pathSupplier(), property]);
        problems.push(
          `${file}:${line + 1}:${column + 1}: ${where}: duplicate key "${property}"; JSON would silently keep only the last value`,
        );
      }
      keys.add(property);
    },
  });
  return problems;
}

// JSON.parse only reports an offset; jsonc-parser (in strict JSON mode) tells what was expected.
function jsonSyntaxProblem(file: string, text: string): string {
  const errors: ParseError[] = [];
  parseJsonc(text, errors, { disallowComments: true, allowTrailingComma: false });
  const first = errors[0];
  if (first === undefined) return `${file}: invalid JSON`;
  const before = text.slice(0, first.offset).split("\n");
  const line = before.length;
  const column = (before.at(-1)?.length ?? 0) + 1;
  // "CommaExpected" -> "comma expected"
  const what = printParseErrorCode(first.error)
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .toLowerCase();
  return `${file}:${line}:${column}: invalid JSON: ${what}`;
}

function fieldPath(segments: readonly unknown[]): string {
  let out = "";
  for (const s of segments) {
    if (typeof s === "number") out += `[${s}]`;
    else out += out === "" ? String(s) : `.${String(s)}`;
  }
  return out === "" ? "(top level)" : out;
}

function show(value: unknown): string {
  if (value === undefined) return "nothing";
  // Invisible and direction-changing characters are spelled out, or the terminal would apply them.
  const json = (JSON.stringify(value) ?? String(value)).replace(
    /[\p{Cf}\p{Zl}\p{Zp}]/gu,
    (c) => `\\u${c.codePointAt(0)?.toString(16).padStart(4, "0")}`,
  );
  return json.length > 80 ? `${json.slice(0, 77)}...` : json;
}

function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  return `a ${typeof value}`;
}

/** `("a" | "b")` -> `"a", "b"` */
function choices(expected: string | null): string {
  return (expected ?? "")
    .replace(/^\((.*)\)$/, "$1")
    .split(" | ")
    .join(", ");
}

type Issue = v.BaseIssue<unknown>;

/** One line per problem: file, field path, the value given, and what is allowed. */
function describeIssue(file: string, issue: Issue): string {
  const keys = (issue.path ?? []).map((item) => item.key);
  const at = `${file}: ${fieldPath(keys)}`;
  const given = issue.input;
  switch (issue.type) {
    case "strict_object":
      // Valibot reports a missing key here too (expected is the key's name).
      if (issue.expected !== "never") return `${at}: is required (${expectation(issue)})`;
      return `${at}: unknown key ${show(keys.at(-1))}; allowed keys here: ${allowedKeys(issue).join(", ")}`;
    case "picklist":
    case "variant":
    case "literal":
      // A variant may say itself why its key is required (valibot's own messages start so).
      if (
        given === undefined &&
        issue.type === "variant" &&
        !issue.message.startsWith("Invalid ")
      ) {
        return `${at}: ${issue.message}`;
      }
      if (given === undefined) return `${at}: is required; one of: ${choices(issue.expected)}`;
      return `${at}: ${show(given)} is not allowed; allowed: ${choices(issue.expected)}`;
    case "min_value":
    case "max_value":
      return `${at}: ${show(given)} is out of range; must be ${issue.type === "min_value" ? "at least" : "at most"} ${String((issue as { requirement?: unknown }).requirement)}`;
    case "max_length": {
      const max = String((issue as { requirement?: unknown }).requirement);
      if (Array.isArray(given)) return `${at}: ${given.length} items are too many; at most ${max}`;
      return `${at}: ${show(given)} is too long; at most ${max} characters`;
    }
    case "string":
    case "number":
    case "boolean":
    case "array":
    case "object":
      if (given === undefined) return `${at}: is required (expected ${issue.expected})`;
      return `${at}: ${show(given)} is ${typeName(given)}; expected ${issue.expected}`;
    case "custom":
      if (given === undefined) return `${at}: is required (expected a JSON object)`;
      return `${at}: ${show(given)} is ${typeName(given)}; ${issue.message}`;
    default:
      // Our own checks: the message says what is allowed.
      if (given === undefined) return `${at}: ${issue.message}`;
      return `${at}: ${show(given)} ${issue.message}`;
  }
}

// The object schema holding the issue's last key (for a variant: the option the input chose).
function containingObject(issue: Issue): { entries?: Record<string, unknown> } | undefined {
  const path = issue.path ?? [];
  let schema: unknown = environmentSchema;
  for (const item of path.slice(0, -1)) {
    schema = (objectSchema(schema, item.input) as { entries?: Record<string, unknown> } | undefined)
      ?.entries?.[String(item.key)];
  }
  return objectSchema(schema, path.at(-1)?.input) as
    | { entries?: Record<string, unknown> }
    | undefined;
}

// What a missing key must hold, read off the schema: its type and its first rule's message.
function expectation(issue: Issue): string {
  let schema = containingObject(issue)?.entries?.[String(issue.path?.at(-1)?.key)] as
    | {
        wrapped?: unknown;
        expects?: string;
        pipe?: { kind?: string; expects?: string; message?: unknown }[];
      }
    | undefined;
  while (schema?.wrapped) schema = schema.wrapped as typeof schema;
  const base = schema?.pipe?.[0] ?? schema;
  const rule = schema?.pipe?.find(
    (item) => item.kind === "validation" && typeof item.message === "string",
  );
  const type =
    base?.expects === "Object" || base?.expects === "unknown"
      ? "an object"
      : (base?.expects ?? "a value");
  return rule
    ? `a ${type} that ${String(rule.message).replace(/^must be /, "is ")}`
    : `expected ${type}`;
}

// The keys the object containing an unknown key accepts, read off the schema that rejected it.
function allowedKeys(issue: Issue): string[] {
  return Object.keys(containingObject(issue)?.entries ?? {});
}

// optional(x) -> x, pipe(custom, object) -> object, variant -> the option the input chose.
function unwrap(schema: unknown): unknown {
  const s = schema as { wrapped?: unknown; pipe?: unknown[] } | undefined;
  if (s?.wrapped) return unwrap(s.wrapped);
  if (s?.pipe)
    return unwrap(
      s.pipe.find((item) => {
        const step = item as { entries?: unknown; type?: string };
        return step.entries !== undefined || step.type === "lazy" || step.type === "variant";
      }) ?? s.pipe[0],
    );
  return schema;
}

function objectSchema(schema: unknown, input: unknown): unknown {
  let s = unwrap(schema) as
    | { type?: string; key?: string; options?: unknown[]; getter?: (input: unknown) => unknown }
    | undefined;
  // lazy: the schema the input chose (application: referenced or new).
  while (s?.type === "lazy" && s.getter) s = unwrap(s.getter(input)) as typeof s;
  if (s?.type !== "variant") return s;
  const chosen = (input as Record<string, unknown> | undefined)?.[s.key ?? ""];
  return s.options
    ?.map(unwrap)
    .find(
      (option) =>
        (option as { entries?: Record<string, { literal?: unknown }> }).entries?.[s.key ?? ""]
          ?.literal === chosen,
    );
}
