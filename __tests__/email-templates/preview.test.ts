// `npm run preview` must keep working without Chromium: it then writes the HTML only.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { buildEmailTemplates } from "../../lib/email-templates";
import { writePreviews } from "../../lib/email-templates/preview";
import { fixtureBranding } from "../support/email-templates";

describe("the previews without Chromium", () => {
  const outDir = mkdtempSync(path.join(tmpdir(), "previews-"));
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));
  const files = writePreviews(
    [
      {
        name: "acme",
        templates: buildEmailTemplates(fixtureBranding),
        connectionName: fixtureBranding.connectionName,
      },
    ],
    { outDir, chromium: undefined },
  );

  it("render each enabled template for an invitee and a verified user", () => {
    expect(files.map((f) => `${f.template}.${f.recipient}`)).toEqual([
      "reset_email.invitee",
      "reset_email.verified",
    ]);
    expect(files.map((f) => f.subject)).toEqual([
      "You're invited to Acme Portal: set your password",
      "Reset your Acme Portal password",
    ]);
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
          },
        ],
        { outDir, chromium: undefined },
      ),
    ).toThrow(/environment acme has no connectionName/);
  });

  it("write the HTML per environment, no screenshots, and an index linking them", () => {
    for (const f of files) {
      expect(f.html).toBe(path.join(outDir, "acme", `${f.template}.${f.recipient}.html`));
      expect(readFileSync(f.html, "utf8")).toContain("Acme Portal");
      expect(f.screenshots).toEqual([]);
    }
    expect(existsSync(path.join(outDir, "index.html"))).toBe(true);
    expect(readFileSync(path.join(outDir, "index.html"), "utf8")).toContain(
      'href="acme/reset_email.invitee.html"',
    );
  });
});
