// One template in the environment's languages (lib/email-templates/languages.ts): the Liquid
// that picks a user's language agrees with the rule the login gate and the CLI use, a
// right-to-left language is laid out right to left, and a built template reads for each
// language as that language's text alone (what the plan summary compares).
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { languageFor } from "../../actions/language";
import { buildEmailTemplates } from "../../lib/email-templates";
import {
  chooseLanguage,
  inLanguage,
  isRightToLeft,
  languagesOf,
} from "../../lib/email-templates/languages";
import {
  auth0EmailContext,
  renderEmail,
  strictAuth0Liquid,
} from "../../lib/email-templates/render";
import { fixtureBranding, scratchRoot } from "../support/email-templates";

const resetOf = (templates: ReturnType<typeof buildEmailTemplates>) => {
  const found = templates.find((t) => t.template === "reset_email");
  if (!found) throw new Error("no reset_email");
  return found;
};

describe("the language the email picks", () => {
  const languages = ["de", "en", "fr"];
  const picked = (metadata: Record<string, unknown>) =>
    strictAuth0Liquid().parseAndRenderSync(
      `${chooseLanguage(languages)}{% case language %}{% when "en" %}en{% when "fr" %}fr{% else %}de{% endcase %}`,
      { user: { user_metadata: metadata } },
    );

  it.each<[string, Record<string, unknown>]>([
    ["a served language", { language: "fr" }],
    ["a regional tag", { language: "en-GB" }],
    ["a tag written by hand", { language: "FR_ca" }],
    ["a script and region", { language: "en-Latn-US" }],
    ["a language not served", { language: "it" }],
    ["an empty tag", { language: "" }],
    ["a dash", { language: "-" }],
    ["a number", { language: 7 }],
    ["null", { language: null }],
    ["no language", { theme: "dark" }],
  ])("is the one the login gate and the CLI read for %s", (_name, metadata) => {
    expect(picked(metadata)).toBe(languageFor(metadata, languages));
  });

  it("is nothing to choose for one language: the template is plain text, as before languages", () => {
    expect(chooseLanguage(["en"])).toBe("");
  });
});

describe("a right-to-left language", () => {
  // A catalogue added here, not shipped: Arabic, which Intl knows to be written right to left.
  const root = scratchRoot();
  const messages = path.join(root, "email-templates/messages");
  const english = JSON.parse(readFileSync(path.join(messages, "en.json"), "utf8"));
  writeFileSync(
    path.join(messages, "ar.json"),
    JSON.stringify(
      Object.fromEntries(Object.entries(english).map(([key, text]) => [key, `عربي ${text}`])),
    ),
  );
  const render = (languages: string[], language: string) =>
    renderEmail(
      resetOf(buildEmailTemplates({ ...fixtureBranding, languages }, { root })),
      auth0EmailContext("invitee", fixtureBranding.connectionName, {
        user_metadata: { language },
      }),
    ).html;

  it("is known as one, and the shipped ones are not", () => {
    expect(["ar", "he", "fa", "ur"].map(isRightToLeft)).toEqual([true, true, true, true]);
    expect(["en", "de", "fr", "es"].some(isRightToLeft)).toBe(false);
  });

  it('renders with dir="rtl" on the document and on the card, its text as references', () => {
    const html = render(["ar"], "ar");
    expect(html).toMatch(/<html lang="ar" dir="rtl">/);
    expect(html).toMatch(/<td class="card" dir="rtl"/);
    expect(html).toContain("&#1593;&#1585;&#1576;&#1610;");
  });

  it("renders right to left for its readers only, in an environment of both directions", () => {
    expect(render(["en", "ar"], "ar")).toMatch(/<html lang="ar" dir="rtl">/);
    expect(render(["en", "ar"], "en")).toMatch(/<html lang="en" dir="ltr">/);
    expect(render(["en", "ar"], "ar")).toMatch(/<td class="card" dir="rtl"/);
  });

  it("leaves the markup of a left-to-right environment without dir, as it always was", () => {
    expect(render(["en", "de"], "de")).toMatch(/<html lang="de">/);
    expect(render(["en", "de"], "de")).not.toContain("dir=");
  });
});

describe("a built template read for one language", () => {
  const multilingual = resetOf(
    buildEmailTemplates({ ...fixtureBranding, languages: ["de", "en", "fr"] }),
  );
  const english = resetOf(buildEmailTemplates(fixtureBranding));

  it("names its languages, the default first", () => {
    expect(languagesOf(multilingual.body)).toEqual(["de", "en", "fr"]);
    expect(languagesOf(english.body)).toEqual(["en"]);
    expect(languagesOf(english.subject)).toEqual([]);
  });

  it("is that language's text alone", () => {
    const german = inLanguage(multilingual.body, "de");
    expect(german).toContain('<html lang="de">');
    expect(german).toContain("Passwort festlegen");
    expect(german).not.toContain("Set your password");
    expect(inLanguage(multilingual.body, "en")).toContain("Set your password");
    expect(inLanguage(multilingual.subject, "fr")).not.toMatch(/Einladung|invited/);
  });

  it("is the default's for a language it does not name, and the same for every language when it has one", () => {
    expect(inLanguage(multilingual.body, "it")).toBe(inLanguage(multilingual.body, "de"));
    expect(inLanguage(english.body, "de")).toBe(english.body);
  });
});
