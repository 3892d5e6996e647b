// Who to invite, from the command line or a CSV file, checked completely before anything is
// sent: every problem is reported, each with where it is (row or argument), and a run with
// problems sends nothing.
import { type CsvError, type Options, parse } from "csv-parse/sync";
import * as v from "valibot";
import { languageSubtag } from "../../actions/language";
import { email as emailSchema, text } from "../environment";
import { quote, spellOut } from "../text/terminal";
import { decodeUtf8 } from "../text/utf8";

export interface Invitee {
  /** Lower-case: Auth0 stores a database user's email in lower case. */
  email: string;
  name?: string;
  given_name?: string;
  family_name?: string;
  /** Their `user_metadata.language`: a BCP 47 tag in canonical form, e.g. `de-AT`. */
  language?: string;
}

export const CSV_COLUMNS = ["email", "name", "given_name", "family_name", "language"] as const;
type Column = (typeof CSV_COLUMNS)[number];

/** Auth0's limits for the profile fields of POST /api/v2/users. */
const NAME_LIMITS: Record<Exclude<Column, "email" | "language">, number> = {
  name: 300,
  given_name: 150,
  family_name: 150,
};

export type InputResult = { invitees: Invitee[] } | { problems: string[] };

export interface AddressRules {
  /** invite.skipEmailDomains: the Action sends nothing to them. */
  skipEmailDomains: readonly string[];
  /** The environment's languages: a user's language must be one of them (or a variant). */
  languages?: readonly string[];
  /** `--language`: for every address given as an argument, and every CSV row without one. */
  language?: string;
}

/** Addresses given as arguments, numbered from 1 in messages. */
export function addressesFromArguments(args: readonly string[], rules: AddressRules): InputResult {
  const problems: string[] = [];
  const language = optionLanguage(rules, problems);
  const seen = new Map<string, number>();
  const invitees: Invitee[] = [];
  args.forEach((arg, index) => {
    const where = `argument ${index + 1}`;
    const email = checkEmail(arg, rules, (p) => problems.push(`${where}: ${p}`));
    if (email === undefined) return;
    const first = seen.get(email);
    if (first !== undefined) {
      problems.push(`${where}: ${email} is also argument ${first}`);
      return;
    }
    seen.set(email, index + 1);
    invitees.push({ email, ...(language === undefined ? {} : { language }) });
  });
  return problems.length > 0 ? { problems } : { invitees };
}

const CSV_OPTIONS: Options = {
  bom: true,
  relax_column_count: true,
  trim: true,
  // Each line ends where it ends: a spreadsheet's CRLF header above rows a script added with LF
  // is one file, not one row.
  record_delimiter: ["\r\n", "\n", "\r"],
};

/** `--language`, checked like a CSV cell; its problem is reported as the option's. */
function optionLanguage(rules: AddressRules, problems: string[]): string | undefined {
  if (rules.language === undefined) return undefined;
  return checkLanguage(rules.language, rules, (p) => problems.push(`--language: ${p}`));
}

/**
 * A CSV file (its bytes, or its text): a header row naming `email` and any of name,
 * given_name, family_name, language; one invitee per row, comma-separated. Rows are numbered
 * as a spreadsheet shows them, the header being row 1. Bytes are read as UTF-8, strictly. A
 * row without a language gets `--language` when it was given.
 */
export function inviteesFromCsv(
  file: string,
  content: string | Uint8Array,
  rules: AddressRules,
): InputResult {
  const name = spellOut(file);
  let text: string;
  if (typeof content === "string") {
    text = content;
  } else {
    const decoded = decodeUtf8(content);
    if (!decoded.ok) {
      const where =
        decoded.before === undefined ? "" : `row ${rowAtEnd(decoded.before, decoded.line)}: `;
      return { problems: [`${name}: ${where}${decoded.problem}`] };
    }
    text = decoded.text;
  }
  const delimiter = otherDelimiter(text);
  if (delimiter !== undefined) return { problems: [`${name}: row 1 (header): ${delimiter}`] };
  let records: string[][];
  try {
    records = parse(text, CSV_OPTIONS) as string[][];
  } catch (error) {
    return { problems: [`${name}: ${csvProblem(error as CsvError)}`] };
  }
  // Blank lines and rows of only commas (a spreadsheet's trailing rows) count as rows, as a
  // spreadsheet numbers them, but hold no invitee.
  const rows = records
    .map((cells, index) => ({ cells, row: index + 1 }))
    .filter(({ cells }) => cells.some((cell) => cell !== ""));
  if (rows.length === 0)
    return {
      problems: [
        `${name}: is empty; expected a header row with ${CSV_COLUMNS[0]} and then one row per invitee`,
      ],
    };

  const [header, ...body] = rows;
  const problems: string[] = [];
  const defaultLanguage = optionLanguage(rules, problems);
  const columns = header.cells.map((cell) => cell.toLowerCase());
  const headerProblem = (p: string) => problems.push(`${name}: row ${header.row} (header): ${p}`);
  columns.forEach((column, index) => {
    if (!(CSV_COLUMNS as readonly string[]).includes(column)) {
      headerProblem(
        `unknown column ${quote(header.cells[index])}; the columns are ${CSV_COLUMNS.join(", ")} (email required)`,
      );
    } else if (columns.indexOf(column) !== index) {
      headerProblem(`column ${quote(column)} appears twice`);
    }
  });
  if (!columns.includes("email")) {
    headerProblem(
      `no email column; the first row must name the columns, such as: ${CSV_COLUMNS.join(",")}`,
    );
  }
  // Unknown columns leave the rows readable, so their problems are reported in the same run;
  // a missing or repeated column does not.
  const columnsUsable = columns.includes("email") && new Set(columns).size === columns.length;
  if (!columnsUsable) return { problems };
  if (body.length === 0) {
    return { problems: [...problems, `${name}: has a header row but no invitees`] };
  }

  const seen = new Map<string, number>();
  const invitees: Invitee[] = [];
  for (const { cells, row } of body) {
    const where = `${name}: row ${row}`;
    const rowProblem = (p: string) => problems.push(`${where}: ${p}`);
    if (cells.length !== columns.length) {
      rowProblem(
        `has ${cells.length} ${cells.length === 1 ? "cell" : "cells"}, the header ${columns.length}`,
      );
      continue;
    }
    const value = (column: Column) => cells[columns.indexOf(column)] ?? "";
    const email = checkEmail(value("email"), rules, rowProblem);
    const invitee: Invitee = { email: email ?? "" };
    for (const column of ["name", "given_name", "family_name"] as const) {
      if (!columns.includes(column) || value(column) === "") continue;
      const cell = value(column);
      const problem = nameProblem(cell, column, NAME_LIMITS[column]);
      if (problem) rowProblem(`${column} ${quote(cell)}: ${problem}`);
      else invitee[column] = cell;
    }
    const cell = columns.includes("language") ? value("language") : "";
    const language = cell === "" ? defaultLanguage : checkLanguage(cell, rules, rowProblem);
    if (language !== undefined) invitee.language = language;
    if (email === undefined) continue;
    const first = seen.get(email);
    if (first !== undefined) {
      rowProblem(`${email} is also on row ${first}`);
      continue;
    }
    seen.set(email, row);
    invitees.push(invitee);
  }
  return problems.length > 0 ? { problems } : { invitees };
}

/**
 * The row the end of `before` is on, as the rows are numbered; `line` when `before` cannot be
 * read as CSV (it ends inside a quoted cell).
 */
function rowAtEnd(before: string, line: number | undefined): number {
  try {
    const records = parse(before, CSV_OPTIONS) as string[][];
    return /(\r\n|\n|\r)$/.test(before) || records.length === 0
      ? records.length + 1
      : records.length;
  } catch {
    return line ?? 1;
  }
}

/**
 * Why the file is not comma-separated, when its first line says so: a spreadsheet's `sep=`
 * line, or a header without a comma that holds semicolons or tabs (what spreadsheets in many
 * locales export as "CSV"). Guessing the delimiter could split a name at a semicolon, so the
 * file is refused with what to do instead.
 */
function otherDelimiter(text: string): string | undefined {
  const first = text.replace(/^\uFEFF/, "").split(/\r\n|\n|\r/, 1)[0] ?? "";
  const fix = 'save it as "CSV UTF-8 (comma delimited)", or replace the delimiter with commas';
  const sep = /^sep=(.?)$/i.exec(first.trim());
  if (sep) {
    return `the first line ${quote(first)} is a spreadsheet's note of the delimiter, and the header must come first: ${sep[1] === "," ? "remove that line" : fix}`;
  }
  if (first.includes(",")) return undefined;
  for (const [delimiter, named] of [
    [";", "semicolons"],
    ["\t", "tabs"],
  ] as const) {
    if (first.includes(delimiter)) {
      return `the header ${quote(first)} is separated by ${named}, not commas: ${fix}`;
    }
  }
  return undefined;
}

/** csv-parse's error in a spreadsheet's terms: the row as numbered above, and the cell. */
function csvProblem(error: CsvError): string {
  const info = error as CsvError & { records?: number; column?: number | string | null };
  const row = (info.records ?? 0) + 1;
  const cell = typeof info.column === "number" ? `, cell ${info.column + 1}` : "";
  const at = `row ${row}${cell}`;
  switch (error.code) {
    case "CSV_QUOTE_NOT_CLOSED":
      return `${at}: a quoted cell has no closing quote ("), so the rest of the file would be one cell`;
    case "INVALID_OPENING_QUOTE":
      return `${at}: a quote (") inside a cell; put the whole cell in quotes and write each quote in it twice ("")`;
    case "CSV_INVALID_CLOSING_QUOTE":
    case "CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE":
      return `${at}: text after a quoted cell's closing quote; put the whole cell in quotes and write each quote in it twice ("")`;
    default:
      return `${at}: not readable as CSV (${error.code})`;
  }
}

/** The problems as one message, every one of them on its own line. */
export function describeProblems(problems: readonly string[]): string {
  return [
    `${problems.length} problem${problems.length === 1 ? "" : "s"} in the input; nothing was sent:`,
    ...problems.map((p) => `  - ${p}`),
  ].join("\n");
}

function checkEmail(
  raw: string,
  rules: AddressRules,
  problem: (text: string) => void,
): string | undefined {
  const text = raw.trim();
  if (text === "") {
    problem("email is empty");
    return undefined;
  }
  const result = v.safeParse(emailSchema, text);
  if (!result.success) {
    problem(`email ${quote(text)} ${result.issues[0].message}`);
    return undefined;
  }
  const email = text.toLowerCase();
  const domain = email.slice(email.lastIndexOf("@") + 1);
  if (rules.skipEmailDomains.map((d) => d.toLowerCase()).includes(domain)) {
    problem(
      `${email}: ${domain} is listed in invite.skipEmailDomains, so the invite Action would send no invitation`,
    );
    return undefined;
  }
  return email;
}

/**
 * A user's language as it is stored: the BCP 47 tag in canonical form (Intl's: `de-at` is
 * `de-AT`), whose language the environment serves (actions/language.ts: `de-AT` is read as
 * `de`). Anything else is a problem, since the user would silently get the default language.
 */
function checkLanguage(
  raw: string,
  rules: AddressRules,
  problem: (text: string) => void,
): string | undefined {
  let tag: string;
  try {
    [tag] = Intl.getCanonicalLocales(raw.trim());
  } catch {
    problem(`language ${JSON.stringify(raw)} is not a BCP 47 language tag such as de or de-AT`);
    return undefined;
  }
  const languages = rules.languages ?? [];
  const language = languageSubtag(tag);
  if (language === undefined || !languages.includes(language)) {
    problem(
      `language ${JSON.stringify(raw)} is not one the environment serves (languages: ${languages.join(", ")}); its users would get the default, ${languages[0]}`,
    );
    return undefined;
  }
  return tag;
}

function nameProblem(value: string, column: string, max: number): string | undefined {
  const result = v.safeParse(text(column, max), value);
  return result.success ? undefined : result.issues[0].message;
}
