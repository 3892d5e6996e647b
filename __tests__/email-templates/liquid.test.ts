// The Liquid in email-templates/ must work at Auth0, whose LiquidJS knows fewer tags and
// filters than the library's defaults, and must never output a user field unescaped.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Liquid } from "liquidjs";
import { buildEmailTemplates } from "../../lib/email-templates";
import { chooseLanguage } from "../../lib/email-templates/languages";
import {
  AUTH0_LIQUID_FILTERS,
  AUTH0_LIQUID_TAGS,
  createAuth0Liquid,
  findUnescapedUserFields,
} from "../../lib/email-templates/liquid";
import { auth0EmailContext, renderEmail } from "../../lib/email-templates/render";
import { fixtureBranding, repoRoot, scratchRoot } from "../support/email-templates";

const templatesDir = path.join(repoRoot, "email-templates");
// Every Liquid source in the folder: the HTML bodies and the subjects in the settings files
// (the message catalogues, in messages/, hold plain text).
const sources = readdirSync(templatesDir, { withFileTypes: true }).flatMap((entry) => {
  if (!entry.isFile()) return [];
  const file = entry.name;
  const text = readFileSync(path.join(templatesDir, file), "utf8");
  if (file.endsWith(".html")) return [{ where: file, source: text }];
  if (file.endsWith(".json"))
    return [{ where: `${file} subject`, source: JSON.parse(text).subject as string }];
  return [];
});
const engine = createAuth0Liquid({ strictFilters: true });

describe("the template sources", () => {
  it("are all found (three bodies, three subjects)", () => {
    expect(sources).toHaveLength(6);
  });

  it.each(sources)(
    "$where parses with only the tags and filters Auth0 supports",
    ({ source, where }) => {
      expect(() => engine.parse(source, where)).not.toThrow();
    },
  );

  it.each(sources)("$where outputs user fields only through | escape", ({ source, where }) => {
    expect(findUnescapedUserFields(engine, source, where)).toEqual([]);
  });
});

describe("Liquid that Auth0 does not support is rejected", () => {
  it.each([
    ["include", "{% include 'footer' %}"],
    ["render", "{% render 'footer' %}"],
    ["layout", "{% layout 'base' %}"],
    ["capture", "{% capture x %}a{% endcapture %}"],
    ["echo", "{% echo url %}"],
    ["liquid", "{% liquid assign x = 1 %}"],
    ["increment", "{% increment n %}"],
    ["cycle", "{% for i in (1..2) %}{% cycle 'a', 'b' %}{% endfor %}"],
    ["tablerow", "{% tablerow i in (1..2) %}{{ i }}{% endtablerow %}"],
    ["break", "{% for i in (1..2) %}{% break %}{% endfor %}"],
    ["inline comment", "{% # note %}"],
  ])("the %s tag", (_, source) => {
    expect(() => engine.parse(source)).toThrow(/tag .* not found/);
  });

  it.each(["json", "jsonify", "raw", "where: 'a', 'b'", "base64_encode", "slugify", "sum"])(
    "the %s filter",
    (filter) => {
      expect(() => engine.parse(`{{ url | ${filter} }}`)).toThrow(/undefined filter/);
    },
  );

  it("in a template, by failing the build (and so the synth)", () => {
    const root = scratchRoot();
    const file = path.join(root, "email-templates/welcome_email.html");
    writeFileSync(
      file,
      readFileSync(file, "utf8").replace("</body>", "{% render 'footer' %}</body>"),
    );
    expect(() => buildEmailTemplates(fixtureBranding, { root })).toThrow(
      /email-templates\/welcome_email\.html: .*tag "render" not found/,
    );
  });
});

describe("the allowlist", () => {
  // Guards the lists themselves: a misspelt name would silently allow nothing.
  const stock = new Liquid();

  it.each(AUTH0_LIQUID_TAGS)("names a real LiquidJS tag: %s", (tag) => {
    expect(stock.tags[tag]).toBeDefined();
  });

  it.each(AUTH0_LIQUID_FILTERS)("names a real LiquidJS filter: %s", (filter) => {
    expect(stock.filters[filter]).toBeDefined();
  });

  it("keeps elsif, else, when and raw blocks working", () => {
    const source =
      "{% if a %}A{% elsif b %}B{% else %}C{% endif %}{% case n %}{% when 1 %}one{% else %}many{% endcase %}{% raw %}{{ x }}{% endraw %}";
    expect(engine.parseAndRenderSync(source, { a: false, b: false, n: 1 })).toBe("Cone{{ x }}");
  });
});

describe("an unescaped user field is found", () => {
  it.each([
    ["output with no filter", "{{ user.name }}"],
    ["output with another filter", "{{ user.nickname | upcase }}"],
    ["escape undone by a later filter", "{{ user.given_name | escape | replace: '&lt;', '<' }}"],
    ["laundered through assign", "{% assign n = user.family_name %}{{ n }}"],
    ["looped over", "{% for p in user.user_metadata %}{{ p }}{% endfor %}"],
    [
      "looped over, its loop variable output in one place and compared in another",
      "{% for p in user.app_metadata %}{% if p[0] == 'x' %}{{ p[1] }}{% endif %}{% endfor %}",
    ],
    [
      "looped over, its loop variable laundered through assign",
      "{% for p in user.app_metadata %}{% assign v = p[1] %}{% endfor %}{{ v }}",
    ],
    [
      "laundered through two assigns",
      "{% assign a = user.name | downcase %}{% assign b = a %}{{ b }}",
    ],
    [
      "assigned, compared in one place and output in another",
      "{% assign t = user.name %}{% if t == 'x' %}{{ t }}{% endif %}",
    ],
    ["inside a branch", "{% if user.email_verified %}<b>{{ user.name }}</b>{% endif %}"],
    ["in an attribute", '<img src="{{ user.picture }}" alt="">'],
    ["by bracket access", '{{ user["name"] }}'],
    ["the whole user object", "{{ user }}"],
  ])("%s", (_, source) => {
    expect(findUnescapedUserFields(engine, source)).not.toEqual([]);
  });

  it.each([
    ["escaped output", "{{ user.name | escape }}"],
    ["another filter before escape", "{{ user.nickname | upcase | escape }}"],
    ["a comparison in if", "{% if user.name != user.email %}Hi{% endif %}"],
    ["a case on a field", "{% case user.nickname %}{% when 'x' %}X{% endcase %}"],
    [
      "a loop whose variable is only compared",
      "{% assign a = false %}{% for p in user.app_metadata %}{% if p[0] == 'x' and p[1] == true %}{% assign a = true %}{% endif %}{% endfor %}{% if a %}A{% endif %}",
    ],
    [
      "a loop whose variable is output escaped",
      "{% for p in user.user_metadata %}{{ p[1] | escape }}{% endfor %}",
    ],
    [
      "an assign whose variable is only compared",
      "{% assign t = user.nickname | downcase %}{% case t %}{% when 'x' %}X{% endcase %}",
    ],
    ["an assign whose variable is output escaped", "{% assign n = user.name %}{{ n | escape }}"],
    [
      "the language choice: a loop variable assigned on, the result only compared",
      `${chooseLanguage(["en", "de"])}{% case language %}{% when "de" %}Hallo{% else %}Hello{% endcase %}`,
    ],
  ])("but not in %s", (_, source) => {
    expect(findUnescapedUserFields(engine, source)).toEqual([]);
  });

  it("and reports where", () => {
    expect(findUnescapedUserFields(engine, "ok\n  {{ user.name }}")).toEqual([
      { variable: "user.name", row: 2, col: 6 },
    ]);
  });
});

describe("strict rendering in tests and previews", () => {
  const context = auth0EmailContext("verified", fixtureBranding.connectionName);

  it("fails on a misspelt variable instead of rendering nothing", () => {
    expect(() => renderEmail({ subject: "x", body: "{{ user.emial }}" }, context)).toThrow(
      /undefined variable: user.emial/,
    );
  });

  it("fails on an unknown filter", () => {
    expect(() => renderEmail({ subject: "{{ url | shout }}", body: "x" }, context)).toThrow(
      /undefined filter: shout/,
    );
  });

  it("gives an invitee no given or family name, as Auth0 does for an admin-created user", () => {
    expect(() =>
      renderEmail(
        { subject: "x", body: "{{ user.given_name }}" },
        auth0EmailContext("invitee", fixtureBranding.connectionName),
      ),
    ).toThrow(/undefined variable/);
  });
});
