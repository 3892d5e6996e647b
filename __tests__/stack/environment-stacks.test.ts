// What the repository builds for each environment (lib/stack/environment-stacks.ts): the reset
// page's text in every language shipped, and an environment's language the repository has no
// text for, refused with the environment's file named.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseEnvironment } from "../../lib/environment";
import { environmentStackProps, resetPageFile } from "../../lib/stack/environment-stacks";
import { exampleWithoutOrderOrBackend } from "../support/environment-files";
import { ROOT } from "../support/paths";

type Screens = Record<string, Record<string, string>>;
const read = (file: string): Screens => JSON.parse(readFileSync(path.join(ROOT, file), "utf8"));
const shipped = readdirSync(path.join(ROOT, "prompts"))
  .map((name) => /^reset-password\.([a-z]+)\.json$/.exec(name)?.[1])
  .filter((language): language is string => language !== undefined)
  .sort();
const english = read(resetPageFile("en"));
const variables = (text: string) => [...text.matchAll(/\$\{\w+\}/g)].map((m) => m[0]).sort();

describe("the reset page's text", () => {
  it("is shipped in every language there is an email catalogue for", () => {
    const catalogues = readdirSync(path.join(ROOT, "email-templates/messages"))
      .map((name) => name.replace(/\.json$/, ""))
      .sort();
    expect(shipped).toEqual(catalogues);
    expect(shipped).toEqual(["de", "en", "es", "fr"]);
  });

  it.each(shipped.filter((language) => language !== "en"))(
    "in %s has the screens and texts of the English, each with the same Auth0 variables",
    (language) => {
      const screens = read(resetPageFile(language));
      expect(Object.keys(screens)).toEqual(Object.keys(english));
      for (const [screen, texts] of Object.entries(english)) {
        expect(Object.keys(screens[screen])).toEqual(Object.keys(texts));
        for (const [key, text] of Object.entries(texts)) {
          expect([screen, key, variables(screens[screen][key])]).toEqual([
            screen,
            key,
            variables(text),
          ]);
          expect(screens[screen][key]).not.toBe(text);
        }
      }
    },
  );
});

describe("an environment whose languages the repository has no text for", () => {
  const environment = (languages: string[], manageText: boolean) => {
    const file = "environments/acme.json";
    const parsed = parseEnvironment(
      file,
      JSON.stringify({
        ...exampleWithoutOrderOrBackend(),
        languages,
        tenantLocales: languages,
        resetPage: { manageText },
      }),
    );
    if (!parsed.ok) throw new Error(parsed.problems.join("\n"));
    return { name: "acme", file, config: parsed.config };
  };

  it("is refused, naming its file, the language and the page text it needs", () => {
    expect(() => environmentStackProps([environment(["en", "it"], true)])).toThrow(
      "environments/acme.json: languages: it has no reset page text (prompts/reset-password.it.json), which resetPage.manageText needs",
    );
  });

  it("is refused for want of an email catalogue too, where the page text is not managed", () => {
    expect(() => environmentStackProps([environment(["en", "it"], false)])).toThrow(
      "environments/acme.json: languages: it has no message catalogue (email-templates/messages/it.json); the catalogues are de, en, es, fr",
    );
  });
});
