// The message catalogues (lib/email-templates/messages.ts): one file per language that a
// translator edits, checked at build, every problem named with its file and key, its text
// escaped so that nothing a translator writes can be markup or Liquid.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { type BuiltEmailTemplate, buildEmailTemplates } from "../../lib/email-templates";
import { auth0EmailContext, renderEmail } from "../../lib/email-templates/render";
import { fixtureBranding, scratchRoot } from "../support/email-templates";

const reset = (templates: BuiltEmailTemplate[]) => {
  const found = templates.find((t) => t.template === "reset_email");
  if (!found) throw new Error("no reset_email");
  return found;
};

describe("the message catalogues", () => {
  /** Builds a scratch copy after `change` edited the catalogue of `language`. */
  const withCatalogue =
    (language: string, change: (messages: Record<string, unknown>) => void) => () => {
      const root = scratchRoot();
      const file = path.join(root, `email-templates/messages/${language}.json`);
      const messages = JSON.parse(readFileSync(file, "utf8"));
      change(messages);
      writeFileSync(file, JSON.stringify(messages));
      try {
        return buildEmailTemplates(fixtureBranding, { root });
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    };

  it("must each have every key, named with the file", () => {
    expect(
      withCatalogue("de", (m) => {
        delete m.button_invite;
      }),
    ).toThrow("email-templates/messages/de.json: button_invite: missing");
  });

  it("must use existing placeholders, named with the file and the key", () => {
    expect(
      withCatalogue("fr", (m) => {
        m.title_invite = "Invitation à ##PRODUCTNAME##";
      }),
    ).toThrow(
      /email-templates\/messages\/fr\.json: title_invite: unknown placeholder ##PRODUCTNAME##/,
    );
  });

  it("may not use a placeholder where it has no meaning: the user's name in a subject", () => {
    expect(
      withCatalogue("es", (m) => {
        m.subject_invite = "Hola ##USER_NAME##";
      }),
    ).toThrow(/messages\/es\.json: subject_invite: ##USER_NAME## has no meaning here/);
  });

  it("may not hold a key nothing uses, so a misspelt key is found", () => {
    expect(
      withCatalogue("en", (m) => {
        m.titel_invite = "Welcome";
      }),
    ).toThrow(
      "email-templates/messages/en.json: titel_invite: not a key the templates or the login gate use",
    );
  });

  it("are plain text: HTML and Liquid a translator writes are shown, never run", () => {
    const templates = withCatalogue("en", (m) => {
      m.title_invite = "<b>Welcome</b> {{ url }} {% raw %} & co";
      m.subject_invite = "{{ url }} {% if true %}";
    })();
    const { subject, html } = renderEmail(
      reset(templates),
      auth0EmailContext("invitee", fixtureBranding.connectionName),
    );
    expect(html).toContain(
      "&#60;b&#62;Welcome&#60;/b&#62; &#123;&#123; url &#125;&#125; &#123;% raw %&#125; &#38; co</h1>",
    );
    expect(subject).toBe("{{ url }} {% if true %}");
  });

  it("must exist for every language of an environment, named with the environment's file", () => {
    expect(() =>
      buildEmailTemplates(
        { ...fixtureBranding, languages: ["en", "it", "de"] },
        { environmentFile: "environments/acme.json" },
      ),
    ).toThrow(
      "environments/acme.json: languages: it has no message catalogue (email-templates/messages/it.json); the catalogues are de, en, es, fr",
    );
  });

  it("are the only files in their folder", () => {
    const root = scratchRoot();
    writeFileSync(path.join(root, "email-templates/messages/german.json"), "{}");
    expect(() => buildEmailTemplates(fixtureBranding, { root })).toThrow(
      /german\.json is not a catalogue; name each <language>\.json after its language subtag/,
    );
    rmSync(root, { recursive: true, force: true });
  });

  it("are in the cache's key: an edited message shows in the next build", () => {
    const root = scratchRoot();
    const file = path.join(root, "email-templates/messages/en.json");
    buildEmailTemplates(fixtureBranding, { root });
    const messages = JSON.parse(readFileSync(file, "utf8"));
    writeFileSync(file, JSON.stringify({ ...messages, button_invite: "Choose a password" }));
    expect(reset(buildEmailTemplates(fixtureBranding, { root })).body).toContain(
      "{% if invitee %}Choose a password{% else %}",
    );
    rmSync(root, { recursive: true, force: true });
  });
});
