import { type Dirent, readdirSync, readFileSync, realpathSync } from "node:fs";
import path from "node:path";
import {
  createScanner,
  type ParseError,
  parse as parseJsonc,
  printParseErrorCode,
  SyntaxKind,
  visit,
} from "jsonc-parser";
import * as v from "valibot";
import type { ProvidersSchemaJson } from "../provider/schema/types";
import { fieldPath } from "../text/field-path";
import { quote, spellOut } from "../text/terminal";
import { decodeUtf8 } from "../text/utf8";
import { extraOptionProblems, readProviderSchema } from "./extra-options";
import { type Environment, environmentSchema, isPlainObject, LIMITS, STACK_NAME } from "./schema";

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
  /**
   * The repository: a symbolic link among the environment files must point inside it.
   * @default the directory that holds `dir`
   */
  readonly root?: string;
}

/**
 * Every problem found in the environment files, one line each. Each line is safe for a
 * terminal whatever a file held: values, keys and file names come spelled out, and a line
 * built elsewhere (the provider schema's check) is spelled out here as well.
 */
export class EnvironmentConfigError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    const lines = problems.map((p) => spellOut(p));
    super(
      `${lines.length} problem${lines.length === 1 ? "" : "s"} in the environment files:\n${lines
        .map((p) => `  - ${p}`)
        .join("\n")}`,
    );
    this.problems = lines;
    this.name = "EnvironmentConfigError";
  }
}

/**
 * Files an editor writes beside the file it has open, on its own: Vim's swap files
 * (`.dev.json.swp`, `.swo`, ...), backups ending in `~`, Emacs' auto-save (`#dev.json#`) and
 * lock files (`.#dev.json`), JetBrains' safe-write copies, Kate's swap files. They come and go
 * while a file is edited, so they are skipped with a note; a copy a person made
 * (`dev.json.bak`) is refused by name instead, since it may have been meant as an environment.
 */
const EDITOR_FILES = [
  /^\..+\.sw[a-p]$/,
  /~$/,
  /^#.*#$/,
  /^\.#/,
  /___jb_(?:tmp|old)___$/,
  /\.kate-swp$/,
];

/**
 * Reads and validates every `*.json` file in `dir`. Throws one EnvironmentConfigError listing
 * all problems of all files, so a reviewer fixes them in one round.
 */
export function loadEnvironments(
  dir = "environments",
  { warn = (message: string) => console.warn(message), root }: LoadOptions = {},
): LoadedEnvironment[] {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    throw new EnvironmentConfigError([
      `${spellOut(dir)}: cannot read the directory (${(error as Error).message})`,
    ]);
  }
  const names: string[] = [];
  const misnamed: string[] = [];
  for (const entry of entries) {
    const file = spellOut(path.join(dir, entry.name));
    if (EDITOR_FILES.some((pattern) => pattern.test(entry.name))) {
      warn(`${file}: ignored: an editor's swap, lock or backup file, not an environment`);
    } else if (entry.name.endsWith(".json")) {
      names.push(entry.name);
    } else if (/\.json/i.test(entry.name)) {
      // prod.JSON, prod.jsonc, prod.json.bak: meant as an environment, and would otherwise be
      // silently skipped, its tenant left out of every plan.
      misnamed.push(
        `${file}: is not read as an environment: environment files are named <stack-name>.json, with .json in lower case and nothing after it`,
      );
    } else {
      warn(`${file}: ignored: only <stack-name>.json files in ${spellOut(dir)} are environments`);
    }
  }
  names.sort();
  if (names.length === 0 && misnamed.length === 0) {
    throw new EnvironmentConfigError([`${spellOut(dir)}: no environment files (*.json) found`]);
  }

  const problems: string[] = misnamed.sort();
  const loaded: LoadedEnvironment[] = [];
  const byDomain = new Map<string, string>();
  const stackNames = new Set(names.map((n) => n.slice(0, -".json".length)));
  const symlinked = new Set(
    entries.filter((entry) => entry.isSymbolicLink()).map((entry) => entry.name),
  );
  for (const fileName of names) {
    const filePath = path.join(dir, fileName);
    const file = spellOut(filePath);
    const name = fileName.slice(0, -".json".length);
    const validName = STACK_NAME.test(name);
    if (!validName) {
      // Every valid stack name is lower case, so a name that differs from another only in case
      // is this invalid one; on a case-insensitive file system (macOS, Windows) the two would
      // be one file.
      const twin = name.toLowerCase();
      const clash =
        twin !== name && stackNames.has(twin)
          ? `; beside ${spellOut(path.join(dir, `${twin}.json`))} it would be the same file on a case-insensitive file system (macOS, Windows)`
          : "";
      problems.push(
        `${file}: file name ${quote(name)} is not a valid stack name: use lower-case letters, digits and "-" (at most 63), starting with a letter or digit${clash}`,
      );
    }
    if (symlinked.has(fileName)) {
      const outside = linkOutside(filePath, root ?? path.dirname(path.resolve(dir)));
      if (outside !== undefined) {
        problems.push(`${file}: ${outside}`);
        continue;
      }
    }

    let bytes: Buffer;
    try {
      bytes = readFileSync(filePath);
    } catch (error) {
      problems.push(`${file}: cannot read the file (${(error as Error).message})`);
      continue;
    }
    const decoded = decodeUtf8(bytes);
    if (!decoded.ok) {
      const at = decoded.line === undefined ? "" : `:${decoded.line}:${decoded.column}`;
      problems.push(`${file}${at}: ${decoded.problem}`);
      continue;
    }
    const result = parseEnvironment(file, decoded.text);
    // Checked even when the file has other problems, so all of them come out in one round; a
    // file whose name is no stack name is no stack, so it takes no domain from the others.
    const domain = result.ok ? result.config.domain : result.domain;
    if (domain !== undefined && validName) {
      const other = byDomain.get(domain);
      if (other !== undefined) {
        problems.push(
          `${file}: domain: ${quote(domain)} is also the domain of ${other}; two stacks on one tenant would overwrite each other`,
        );
      }
      byDomain.set(domain, file);
    }
    if (!result.ok) {
      problems.push(...result.problems);
      continue;
    }
    if (validName) loaded.push({ name, file: filePath, config: result.config });
  }
  if (problems.length > 0) throw new EnvironmentConfigError(problems);
  return loaded;
}

/**
 * Why a symbolic link among the environment files cannot be read as one, or undefined. A link
 * to a file outside the repository would make plans depend on a file no pull request shows.
 */
function linkOutside(file: string, root: string): string | undefined {
  let target: string;
  let realRoot: string;
  try {
    target = realpathSync(file);
    realRoot = realpathSync(root);
  } catch (error) {
    return `is a symbolic link that cannot be followed (${(error as Error).message})`;
  }
  const relative = path.relative(realRoot, target);
  if (relative === "" || relative.startsWith("..") || path.isAbsolute(relative)) {
    return `is a symbolic link to ${spellOut(target)}, outside the repository (${spellOut(realRoot)}): plans would depend on a file no pull request shows; put the file itself here`;
  }
  return undefined;
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
  // Before anything reads the file recursively: a file nested thousands deep would overflow
  // the stack of every reader after JSON.parse, with no word about the file.
  const tooDeep = nestingProblem(file, text);
  if (tooDeep !== undefined) return { ok: false, problems: [tooDeep] };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, problems: [jsonSyntaxProblem(file, text)] };
  }
  // All of a file's problems in one round: what JSON.parse lets through (duplicate keys, of
  // which it keeps the last, for `domain` silently picking a tenant; numbers beyond a double;
  // lone surrogates), the schema, and the provider's options schema.
  const literal = literalProblems(file, text);
  const problems = literal.problems;
  // One problem per value: the first rule it breaks says what to fix. A value already reported
  // as unreadable is not reported again by the rule it then breaks.
  const result = v.safeParse(environmentSchema, data, { abortPipeEarly: true });
  if (!result.success) {
    for (const issue of result.issues) {
      if (literal.paths.has(issuePath(issue))) continue;
      problems.push(describeIssue(file, issue));
    }
  }
  const extraOptions = (data as { connection?: { extraOptions?: unknown } } | null)?.connection
    ?.extraOptions;
  // The provider schema is only read when there are options to check against it.
  if (isPlainObject(extraOptions) && Object.keys(extraOptions).length > 0) {
    problems.push(
      ...extraOptionProblems(file, extraOptions, providerSchema()).map((p) => spellOut(p)),
    );
  }
  if (problems.length > 0 || !result.success) {
    const domain = (data as { domain?: unknown } | null)?.domain;
    return { ok: false, problems, ...(typeof domain === "string" ? { domain } : {}) };
  }
  return { ok: true, config: result.output };
}

/** The first place objects and arrays nest deeper than LIMITS.nesting, found without recursion. */
function nestingProblem(file: string, text: string): string | undefined {
  const scanner = createScanner(text, false);
  let depth = 0;
  for (let token = scanner.scan(); token !== SyntaxKind.EOF; token = scanner.scan()) {
    if (token === SyntaxKind.OpenBraceToken || token === SyntaxKind.OpenBracketToken) {
      depth++;
      if (depth > LIMITS.nesting) {
        const line = scanner.getTokenStartLine() + 1;
        const column = scanner.getTokenStartCharacter() + 1;
        return `${file}:${line}:${column}: objects and arrays are nested more than ${LIMITS.nesting} deep; no environment file needs that many levels`;
      }
    } else if (token === SyntaxKind.CloseBraceToken || token === SyntaxKind.CloseBracketToken) {
      depth--;
    }
  }
  return undefined;
}

/**
 * What JSON.parse accepts but no environment can hold, with line and column: a key given twice
 * in one object, a number too large for a double (1e309 would become Infinity, and then null
 * in the stack's JSON), and a string with a lone surrogate (`"\ud800"`, half a character, which
 * JSON tools such as jq refuse to read). `paths` are the fields reported.
 */
function literalProblems(file: string, text: string): { problems: string[]; paths: Set<string> } {
  const problems: string[] = [];
  const paths = new Set<string>();
  const at = (line: number, column: number, segments: readonly unknown[]) => {
    paths.add(fieldPath(segments));
    return `${file}:${line + 1}:${column + 1}: ${spellOut(fieldPath(segments))}`;
  };
  const halfCharacter =
    "holds a lone surrogate (half of a character written as a \\u escape), which is not text";
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
      const where = [...pathSupplier(), property];
      if (keys.has(property)) {
        problems.push(
          `${at(line, column, where)}: duplicate key ${quote(property)}; JSON would silently keep only the last value`,
        );
      }
      if (LONE_SURROGATE.test(property)) {
        problems.push(`${at(line, column, where)}: the key ${quote(property)} ${halfCharacter}`);
      }
      keys.add(property);
    },
    onLiteralValue: (value, offset, length, line, column, pathSupplier) => {
      const where = pathSupplier();
      if (typeof value === "number" && !Number.isFinite(value)) {
        problems.push(
          `${at(line, column, where)}: ${spellOut(text.slice(offset, offset + length))} is too large to be a number; use a number in the field's range`,
        );
      } else if (typeof value === "string" && LONE_SURROGATE.test(value)) {
        problems.push(
          `${at(line, column, where)}: ${quote(value)} ${halfCharacter}; write the whole character`,
        );
      }
    },
  });
  return { problems, paths };
}

const LONE_SURROGATE = /\p{Cs}/u;

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

function show(value: unknown): string {
  if (value === undefined) return "nothing";
  // Invisible and direction-changing characters are spelled out, or the terminal would apply them.
  const json = [...quote(value)];
  return json.length > 80 ? `${json.slice(0, 77).join("")}...` : json.join("");
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

function issuePath(issue: Issue): string {
  return fieldPath((issue.path ?? []).map((item) => item.key));
}

// A number written in quotes (or a string without them): say that the choices are numbers (or
// strings), not only that the value is not one of them.
function notAllowed(given: unknown, expected: string | null): string {
  const list = choices(expected);
  const strings = list.startsWith('"');
  if (typeof given === "string" && !strings) {
    return `is a string; must be a number, one of: ${list} (written without quotes)`;
  }
  if (typeof given !== "string" && strings) {
    return `is ${typeName(given)}; must be a string, one of: ${list}`;
  }
  return `is not allowed; allowed: ${list}`;
}

/** One line per problem: file, field path, the value given, and what is allowed. */
function describeIssue(file: string, issue: Issue): string {
  const keys = (issue.path ?? []).map((item) => item.key);
  const at = `${file}: ${spellOut(fieldPath(keys))}`;
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
      return `${at}: ${show(given)} ${notAllowed(given, issue.expected)}`;
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

// The schemas of the environment read through valibot's typed, documented parts only: `unwrap`
// for optional and its kin, a pipe's `pipe`, a lazy schema's `getter`, a variant's `key` and
// `options`, an object's `entries`. An upgrade that changes them fails the typecheck instead of
// quietly emptying the messages.
type Schema = v.GenericSchema;
type Wrapper = Extract<Parameters<typeof v.unwrap>[0], { async: false }>;
type Piped = v.SchemaWithPipe<readonly [Schema, ...v.GenericPipeItem[]]>;
type Variant = v.VariantSchema<string, v.VariantOptions<string>, undefined>;
type StrictObject = v.StrictObjectSchema<v.ObjectEntries, undefined>;
const isWrapper = (s: Schema): s is Wrapper => "wrapped" in s;
const isPiped = (s: Schema): s is Piped => "pipe" in s;
const isObject = (s: Schema): s is StrictObject => "entries" in s;
const isLazy = (s: Schema): s is v.LazySchema<Schema> => s.type === "lazy";
const isVariant = (s: Schema): s is Variant => s.type === "variant";

/**
 * The schema that decides a value: through optional and its kin, to the last schema of a pipe
 * (`pipe(plainObject, strictObject)`), and to what a lazy schema or a variant chose for `input`.
 */
function deciding(schema: Schema, input: unknown): Schema | undefined {
  if (isWrapper(schema)) return deciding(v.unwrap(schema), input);
  if (isPiped(schema)) {
    const last = schema.pipe.filter((item): item is Schema => item.kind === "schema").at(-1);
    return last === undefined ? undefined : deciding(last, input);
  }
  if (isLazy(schema)) return deciding(schema.getter(input), input);
  if (isVariant(schema)) {
    const { key, options } = schema;
    const chosen = isPlainObject(input) ? input[key] : undefined;
    const option = options.find((o) => isObject(o) && v.is(o.entries[key], chosen));
    return option === undefined ? undefined : deciding(option, input);
  }
  return schema;
}

/** The object schema holding the issue's last key (for a variant: the option the input chose). */
function containingObject(issue: Issue): StrictObject | undefined {
  const path = issue.path ?? [];
  let schema: Schema | undefined = environmentSchema;
  for (const [i, item] of path.entries()) {
    const decided: Schema | undefined = schema && deciding(schema, item.input);
    if (decided === undefined || !isObject(decided)) return undefined;
    if (i === path.length - 1) return decided;
    schema = decided.entries[String(item.key)];
  }
  return undefined;
}

// What a missing key must hold, read off the schema: its type and its first rule's message.
function expectation(issue: Issue): string {
  let schema: Schema | undefined =
    containingObject(issue)?.entries[String(issue.path?.at(-1)?.key)];
  while (schema !== undefined && isWrapper(schema)) schema = v.unwrap(schema);
  const rules = schema !== undefined && isPiped(schema) ? schema.pipe : [];
  const base = rules[0] ?? schema;
  // A rule's message, or what a message function says when there is no value to talk about.
  const message = rules
    .map((rule) => (rule.kind === "validation" && "message" in rule ? rule.message : undefined))
    .map((m) => (typeof m === "function" ? m({ input: undefined }) : m))
    .find((m): m is string => typeof m === "string");
  const type =
    base?.expects === "Object" || base?.expects === "unknown"
      ? "an object"
      : (base?.expects ?? "a value");
  return message ? `a ${type} that ${message.replace(/^must be /, "is ")}` : `expected ${type}`;
}

// The keys the object containing an unknown key accepts, read off the schema that rejected it.
function allowedKeys(issue: Issue): string[] {
  return Object.keys(containingObject(issue)?.entries ?? {});
}
