import type { Liquid, LiquidOptions, Template } from "liquidjs";

// Auth0 renders email templates with LiquidJS but only documents a subset of its tags and
// filters ("Supported Liquid Syntax for Email Templates",
// https://auth0.com/docs/customize/email/email-templates/supported-liquid-syntax). A template
// that works in plain LiquidJS can therefore still break at Auth0, so our engine knows nothing
// else: an unsupported tag or filter is a parse error at synth and in the tests.
//
// Tags: deliberately narrower than the page, which also lists cycle, tablerow, increment,
// decrement, include, layout and a custom debug tag. Partials have no file system at Auth0 and
// the rest has no use in an email; `elsif`, `else`, `when` and the `end...` tags are parsed by
// their opening tag, so they need no entry of their own.
export const AUTH0_LIQUID_TAGS: readonly string[] = [
  "if",
  "unless",
  "case",
  "for",
  "assign",
  "raw",
  "comment",
];

// Filters: exactly the page's table (Math, String, HTML/URI, Array, Date, Misc).
export const AUTH0_LIQUID_FILTERS: readonly string[] = [
  ...["plus", "minus", "modulo", "times", "floor", "ceil", "round", "divided_by", "abs"],
  ...["at_least", "at_most"],
  ...["append", "prepend", "capitalize", "upcase", "downcase", "strip", "lstrip", "rstrip"],
  ...["strip_newlines", "split", "replace", "replace_first", "remove", "remove_first"],
  ...["truncate", "truncatewords"],
  ...["escape", "escape_once", "url_encode", "url_decode", "strip_html", "newline_to_br"],
  ...["slice", "map", "sort", "sort_natural", "first", "last", "join", "reverse", "size"],
  "date",
  "default",
];

/**
 * A LiquidJS engine that only knows what Auth0 supports. Pass `strictVariables` and
 * `strictFilters` for tests and previews so a misspelt variable fails instead of rendering
 * as nothing, which is what Auth0 would do.
 */
export function createAuth0Liquid(options: LiquidOptions = {}): Liquid {
  // Loaded on demand: synth only parses templates when the inlined-template cache misses.
  const { Liquid: Engine } = require("liquidjs") as typeof import("liquidjs");
  const engine = new Engine({ ownPropertyOnly: true, ...options });
  for (const name of Object.keys(engine.tags)) {
    if (!AUTH0_LIQUID_TAGS.includes(name)) delete engine.tags[name];
  }
  for (const name of Object.keys(engine.filters)) {
    if (!AUTH0_LIQUID_FILTERS.includes(name)) delete engine.filters[name];
  }
  return engine;
}

/** Where a template outputs a `user` field without `| escape` as its last filter. */
export interface UnescapedUserField {
  variable: string;
  row: number;
  col: number;
}

// Tags whose own arguments only decide which branch renders; a user field compared there
// never reaches the email.
const CONDITION_TAGS = new Set(["if", "unless", "case"]);

/**
 * Every reference to a `user` field that can reach the rendered email unescaped. Auth0 marks
 * name, nickname, given_name, family_name and picture as untrusted (users can set them), so
 * the rule covers all of `user`: a field may be compared in if/unless/case, or output with
 * `| escape` as the last filter; anything else (a bare output, a later filter undoing the
 * escape) is reported. A variable that holds a user field, the variable of a loop over one or
 * the target of an `assign` from one, obeys the same rule wherever it is used (inside the loop;
 * anywhere after the assign); otherwise the loop or the assign is reported too, so a value
 * laundered through another variable is caught where it is output.
 */
export function findUnescapedUserFields(
  engine: Liquid,
  source: string,
  filename = "template",
): UnescapedUserField[] {
  const templates = engine.parse(source, filename);
  const safe = new Set<string>();
  // Variables that stand for user fields: `user`, and the variables of loops over user fields.
  const roots = new Set(["user"]);
  // The loops and assigns whose variable holds a user field; `body` is where it may be used.
  const bindings: { over: AnalysedVariable[]; variable: string; body: Template[] }[] = [];
  const key = (v: { location: { row: number; col: number } }) =>
    `${v.location.row}:${v.location.col}`;
  const tainted = (variables: Record<string, AnalysedVariable[]>) =>
    [...roots].flatMap((root) => variables[root] ?? []);
  const { Output, Tag, analyzeSync, toValueSync } =
    require("liquidjs") as typeof import("liquidjs");
  // The tag's own references are those not found in its children.
  const ownReferences = (node: Template, children: Template[]) => {
    const inChildren = new Set(tainted(analyzeSync(children).variables).map(key));
    return tainted(analyzeSync([node]).variables).filter((v) => !inChildren.has(key(v)));
  };

  const visit = (nodes: Template[]) => {
    for (const node of nodes) {
      const children = node.children ? toValueSync(node.children(false, true)) : [];
      if (node instanceof Output) {
        const filters = node.value.filters;
        if (filters.length > 0 && filters[filters.length - 1].name === "escape") {
          for (const v of tainted(analyzeSync([node]).variables)) safe.add(key(v));
        }
      } else if (node instanceof Tag && CONDITION_TAGS.has(node.name)) {
        for (const v of ownReferences(node, children)) safe.add(key(v));
      } else if (node instanceof Tag && node.name === "for") {
        const over = ownReferences(node, children);
        const variable = (node as unknown as { variable: string }).variable;
        if (over.length > 0) {
          roots.add(variable);
          bindings.push({ over, variable, body: children });
        }
      } else if (node instanceof Tag && node.name === "assign") {
        const over = ownReferences(node, children);
        const variable = (node as unknown as { key: string }).key;
        if (over.length > 0) {
          roots.add(variable);
          bindings.push({ over, variable, body: templates });
        }
      }
      visit(children);
    }
  };
  visit(templates);
  // A variable holding user fields is as safe as every use of it. One binding's safety can
  // make another's (a loop variable assigned on), so this runs until nothing changes.
  const pending = new Set(bindings);
  for (let changed = true; changed; ) {
    changed = false;
    for (const binding of pending) {
      const uses = analyzeSync(binding.body).variables[binding.variable] ?? [];
      if (!uses.every((v) => safe.has(key(v)))) continue;
      for (const v of binding.over) safe.add(key(v));
      pending.delete(binding);
      changed = true;
    }
  }

  return tainted(analyzeSync(templates).variables)
    .filter((v) => !safe.has(key(v)))
    .map((v) => ({ variable: v.toString(), row: v.location.row, col: v.location.col }));
}

type AnalysedVariable = import("liquidjs").Variable;
