// `npm run preview` must keep working without Chromium: it then writes the HTML only, for every
// language of an environment.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { buildEmailTemplates } from "../../lib/email-templates";
import { writePreviews } from "../../lib/email-templates/preview";
import { fixtureBranding } from "../support/email-templates";

describe("the previews without Chromium", () => {
  const outDir = mkdtempSync(path.join(tmpdir(), "previews-"));
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));
  const languages = ["en", "de", "fr", "es"];
  const files = writePreviews(
    [
      {
        name: "acme",
        templates: buildEmailTemplates({ ...fixtureBranding, languages }),
        connectionName: fixtureBranding.connectionName,
        languages,
      },
    ],
    { outDir, chromium: undefined },
  );

  it("render each enabled template in every language, for an invitee and a verified user", () => {
    expect(files.map((f) => `${f.template}.${f.language}.${f.recipient}`)).toEqual(
      languages.flatMap((l) => [`reset_email.${l}.invitee`, `reset_email.${l}.verified`]),
    );
    expect(files.map((f) => f.subject)).toEqual([
      "You're invited to Acme Portal: set your password",
      "Reset your Acme Portal password",
      "Einladung zu Acme Portal: Legen Sie Ihr Passwort fest",
      "Passwort für Acme Portal zurücksetzen",
      "Invitation à rejoindre Acme Portal\u00a0: choisissez votre mot de passe",
      "Réinitialisation de votre mot de passe Acme Portal",
      "Invitación a Acme Portal: establezca su contraseña",
      "Restablezca su contraseña de Acme Portal",
    ]);
    for (const f of files) {
      expect(readFileSync(f.html, "utf8")).toContain(`<html lang="${f.language}">`);
    }
  });

  it("render the invitee as a user of the environment's connection, and refuse to guess it", () => {
    expect(readFileSync(files[0].html, "utf8")).toContain("has been created for you");
    expect(() =>
      writePreviews(
        [
          {
            name: "acme",
            templates: buildEmailTemplates(fixtureBranding),
            connectionName: undefined as unknown as string,
            languages: ["en"],
          },
        ],
        { outDir, chromium: undefined },
      ),
    ).toThrow(/environment acme has no connectionName/);
  });

  it("write the HTML per environment, no screenshots, and an index linking them", () => {
    for (const f of files) {
      expect(f.html).toBe(
        path.join(outDir, "acme", `${f.template}.${f.language}.${f.recipient}.html`),
      );
      expect(readFileSync(f.html, "utf8")).toContain("Acme Portal");
      expect(f.screenshots).toEqual([]);
    }
    expect(existsSync(path.join(outDir, "index.html"))).toBe(true);
    expect(readFileSync(path.join(outDir, "index.html"), "utf8")).toContain(
      'href="acme/reset_email.de.invitee.html"',
    );
  });
});
