// buildEmailTemplates: per-environment values get in safely, and the CSS-inlining cache in
// .build/ is right on a fresh clone, after a template edit, and never loads juice on a hit.
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import {
  type BuiltEmailTemplate,
  buildEmailTemplates,
  type EmailBranding,
  formatLifetime,
  MAX_BODY_BYTES,
} from "../../lib/email-templates";
import { auth0EmailContext, renderEmail } from "../../lib/email-templates/render";
import { cacheKeyInputs, INLINING_CODE } from "../../lib/email-templates/sources";
import { uncoveredCode } from "../support/code-inputs";
import {
  emailHtmlProblems,
  fixtureBranding,
  repoRoot,
  scratchRoot,
} from "../support/email-templates";

const reset = (templates: BuiltEmailTemplate[]) => {
  const found = templates.find((t) => t.template === "reset_email");
  if (!found) throw new Error("no reset_email");
  return found;
};
// An invitee: an unverified user of the connection the branding names.
const renderReset = (branding: EmailBranding) =>
  renderEmail(
    reset(buildEmailTemplates(branding)),
    auth0EmailContext("invitee", branding.connectionName),
  );

describe("the product name", () => {
  const hostile = `Acme {{ url }} {% raw %} <b onmouseover="x">&'`;
  const { subject, html } = renderReset({ ...fixtureBranding, productName: hostile });

  it("reaches the subject as literal text, its Liquid inert", () => {
    expect(subject).toBe(`You're invited to ${hostile}: set your password`);
  });

  it("reaches the body as escaped text, its Liquid and markup inert", () => {
    expect(html).toContain(
      "You&#39;re invited to Acme &#123;&#123; url &#125;&#125; &#123;% raw %&#125; &#60;b onmouseover=&#34;x&#34;&#62;&#38;&#39;</h1>",
    );
    expect(html).not.toContain("<b onmouseover");
    expect(emailHtmlProblems(html)).toEqual([]);
  });

  it("is never expanded again when it looks like a placeholder", () => {
    const { subject: s } = renderReset({ ...fixtureBranding, productName: "##SUPPORT_EMAIL##" });
    expect(s).toBe("You're invited to ##SUPPORT_EMAIL##: set your password");
  });
});

describe("the connection name", () => {
  const renderFor = (branding: EmailBranding, connection: string) =>
    renderEmail(reset(buildEmailTemplates(branding)), auth0EmailContext("invitee", connection));

  it("decides who gets the invitation: unverified users of that connection only", () => {
    const branding = { ...fixtureBranding, connectionName: "Acme-Staff" };
    expect(renderFor(branding, "Acme-Staff").subject).toBe(
      "You're invited to Acme Portal: set your password",
    );
    expect(renderFor(branding, "Username-Password-Authentication").subject).toBe(
      "Reset your Acme Portal password",
    );
    expect(renderFor(branding, "Username-Password-Authentication").html).toMatch(
      /<h1 class="title"[^>]*>Reset your password<\/h1>/,
    );
  });

  it("is compared in body and subject alike, as a Liquid string literal", () => {
    const { body, subject } = reset(
      buildEmailTemplates({ ...fixtureBranding, connectionName: "Acme-Staff" }),
    );
    const condition =
      'user.email_verified == false and accepted == false and connection.name == "Acme-Staff"';
    expect(subject).toContain(`{% if ${condition} %}`);
    expect(body).toContain(`{% if ${condition} %}{% assign invitee = true %}`);
  });

  it("may be as long as Auth0 allows, 128 characters", () => {
    const name = `A-${"b".repeat(126)}`;
    expect(renderFor({ ...fixtureBranding, connectionName: name }, name).subject).toMatch(
      /^You're invited/,
    );
  });
});

describe("the header", () => {
  it("shows the logo, with the product name as alt text, when there is a logo", () => {
    const { html } = renderReset(fixtureBranding);
    expect(html).toMatch(
      /<img class="logo" src="https:\/\/acme\.example\/logo\.png" alt="Acme Portal"/,
    );
    expect(html).not.toContain('class="wordmark"');
  });

  it("shows the product name as text when there is none", () => {
    const { html } = renderReset({ ...fixtureBranding, logoUrl: undefined });
    expect(html).toMatch(/<span class="wordmark"[^>]*>Acme Portal<\/span>/);
    expect(html).not.toContain("<img");
  });
});

describe("the brand colour", () => {
  it("fills the button and the accent bar, with white text on a dark colour", () => {
    const { html } = renderReset({ ...fixtureBranding, brandColor: "#0B5FFF" });
    expect(html).toMatch(/class="button-cell" style="background-color: #0b5fff;/);
    expect(html).toMatch(/class="button-link"[^>]*style="[^"]*color: #ffffff;/);
    expect(html).toContain("border-top: 4px solid #0b5fff;");
  });

  it("gets dark button text, and links keep a readable colour, when it is pale", () => {
    const { html } = renderReset({ ...fixtureBranding, brandColor: "#ffd400" });
    expect(html).toMatch(/class="button-link"[^>]*style="[^"]*color: #1f2328;/);
    expect(html).toMatch(/class="link url"[^>]*style="color: #1f2328;/);
  });
});

describe("the link lifetime in each language", () => {
  it.each([
    ["de", 604_800, "7 Tage"],
    ["de", 3_600, "1 Stunde"],
    ["fr", 604_800, "7\u00a0jours"],
    ["fr", 86_400, "24\u00a0heures"],
    ["es", 604_800, "7 días"],
    ["es", 5_400, "90 minutos"],
  ])("%s, %i seconds: %s", (language, seconds, text) => {
    expect(formatLifetime(seconds, language)).toBe(text);
  });
});

describe("the link lifetime reads as the largest exact unit", () => {
  it.each([
    [604_800, "7 days"],
    [432_000, "5 days"],
    [172_800, "2 days"],
    [86_400, "24 hours"],
    [129_600, "36 hours"],
    [3_600, "1 hour"],
    [5_400, "90 minutes"],
    [60, "1 minute"],
    [90, "90 seconds"],
  ])("%i seconds: %s", (seconds, text) => {
    expect(formatLifetime(seconds)).toBe(text);
    expect(renderReset({ ...fixtureBranding, linkLifetimeSeconds: seconds }).html).toContain(
      `valid for <strong>${text}</strong>`,
    );
  });
});

describe("the CSS-inlining cache in .build/email-templates.json", () => {
  const root = scratchRoot();
  const cacheFile = path.join(root, ".build/email-templates.json");
  const cachedKey = () => JSON.parse(readFileSync(cacheFile, "utf8")).key as string;
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("is created on a fresh clone, holding the inlined templates under a key", () => {
    expect(existsSync(cacheFile)).toBe(false);
    buildEmailTemplates(fixtureBranding, { root });
    const record = JSON.parse(readFileSync(cacheFile, "utf8"));
    expect(record.key).toMatch(/^[0-9a-f]{64}$/);
    expect(record.value.templates.map((t: { template: string }) => t.template).sort()).toEqual([
      "reset_email",
      "verify_email",
      "welcome_email",
    ]);
  });

  it("is used without loading juice when nothing changed", () => {
    const expected = buildEmailTemplates(fixtureBranding, { root });
    jest.isolateModules(() => {
      jest.doMock("juice", () => {
        throw new Error("juice was loaded on a cache hit");
      });
      try {
        const fresh =
          require("../../lib/email-templates") as typeof import("../../lib/email-templates");
        expect(fresh.buildEmailTemplates(fixtureBranding, { root })).toEqual(expected);
      } finally {
        jest.dontMock("juice");
      }
    });
  });

  it("is replaced when a template changes, and the change shows", () => {
    const before = cachedKey();
    const file = path.join(root, "email-templates/reset_email.html");
    writeFileSync(
      file,
      readFileSync(file, "utf8").replace(
        '<br><a class="link url"',
        '<br>works only once <a class="link url"',
      ),
    );
    const { html } = renderEmail(
      reset(buildEmailTemplates(fixtureBranding, { root })),
      auth0EmailContext("invitee", fixtureBranding.connectionName),
    );
    expect(html).toContain("works only once");
    expect(cachedKey()).not.toBe(before);
  });

  it("is validated again, not trusted, when the Liquid rules are tightened", () => {
    buildEmailTemplates(fixtureBranding, { root }); // the entry for today's rules
    const liquidPath = "../../lib/email-templates/liquid";
    const cachePath = "../../lib/speed/cache";
    jest.isolateModules(() => {
      // Auth0 dropping `assign`, which reset_email uses: liquid.ts edited, as the cache key reads
      // it, and the list and the engine as the edited file builds them.
      jest.doMock(cachePath, () => {
        const actual = jest.requireActual(cachePath) as typeof import("../../lib/speed/cache");
        return {
          ...actual,
          codeInputs: (...args: Parameters<typeof actual.codeInputs>) =>
            actual.codeInputs(...args).map((text) => text.replace('\n  "assign",', "")),
        };
      });
      jest.doMock(liquidPath, () => {
        const actual = jest.requireActual(
          liquidPath,
        ) as typeof import("../../lib/email-templates/liquid");
        return {
          ...actual,
          AUTH0_LIQUID_TAGS: actual.AUTH0_LIQUID_TAGS.filter((t) => t !== "assign"),
          createAuth0Liquid: (...args: Parameters<typeof actual.createAuth0Liquid>) => {
            const engine = actual.createAuth0Liquid(...args);
            delete engine.tags.assign;
            return engine;
          },
        };
      });
      try {
        const fresh =
          require("../../lib/email-templates") as typeof import("../../lib/email-templates");
        expect(() => fresh.buildEmailTemplates(fixtureBranding, { root })).toThrow(
          /email-templates\/reset_email\.html: .*tag "assign" not found/,
        );
      } finally {
        jest.dontMock(liquidPath);
        jest.dontMock(cachePath);
      }
    });
  });

  it("is keyed on the Liquid rules and the installed liquidjs and juice", () => {
    const installed = (name: string) =>
      JSON.parse(readFileSync(path.join(repoRoot, "node_modules", name, "package.json"), "utf8"))
        .version as string;
    const liquid = "lib/email-templates/liquid.ts";
    const { code, ...versions } = cacheKeyInputs();
    expect(versions).toEqual({ juice: installed("juice"), liquidjs: installed("liquidjs") });
    // The rules are liquid.ts: its text is in the key, as read now.
    expect(code[code.indexOf(liquid) + 1]).toBe(readFileSync(path.join(repoRoot, liquid), "utf8"));
  });

  it("is keyed on every file of the inlining step's code", () => {
    expect(uncoveredCode("lib/email-templates/sources.ts", INLINING_CODE)).toEqual([]);
  });

  it("is replaced when a subject changes", () => {
    const file = path.join(root, "email-templates/welcome_email.json");
    const settings = JSON.parse(readFileSync(file, "utf8"));
    writeFileSync(file, JSON.stringify({ ...settings, subject: "Hello from ##PRODUCT_NAME##" }));
    const welcome = buildEmailTemplates(fixtureBranding, { root }).find(
      (t) => t.template === "welcome_email",
    );
    expect(welcome?.subject).toBe("Hello from Acme Portal");
  });
});

describe("the size of a template body", () => {
  it("is checked at build, naming the language that pushed it over the bound", () => {
    // Catalogues made long on purpose: each adds about a third of the bound.
    const root = scratchRoot();
    const messages = path.join(root, "email-templates/messages");
    const english = JSON.parse(readFileSync(path.join(messages, "en.json"), "utf8"));
    for (const language of ["it", "nl", "pt"]) {
      const long = { ...english, link_fallback: `${language} ${"x".repeat(MAX_BODY_BYTES / 3)}` };
      writeFileSync(path.join(messages, `${language}.json`), JSON.stringify(long));
    }
    const build = (languages: string[]) => () =>
      buildEmailTemplates(
        { ...fixtureBranding, languages },
        { root, environmentFile: "environments/acme.json" },
      );
    expect(build(["en", "it", "nl"])).not.toThrow();
    expect(build(["en", "it", "nl", "pt"])).toThrow(
      /^environments\/acme\.json: reset_email's body is \d+ bytes in the 4 languages of languages, over the 100 KB a template body may have: the first 3 \(en, it, nl\) fit, and language 4, pt, pushed it over$/,
    );
    rmSync(root, { recursive: true, force: true });
  });
});

describe("the settings files", () => {
  const withSettings = (change: Record<string, unknown>) => () => {
    const root = scratchRoot();
    const file = path.join(root, "email-templates/reset_email.json");
    writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, "utf8")), ...change }));
    try {
      buildEmailTemplates(fixtureBranding, { root });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  };

  it("keep per-tenant values out: a from address there is an error", () => {
    expect(withSettings({ from: "a@b.example" })).toThrow(
      /unexpected keys from .*environment config/,
    );
  });

  it("must name their own template and body file", () => {
    expect(withSettings({ template: "welcome_email" })).toThrow(/"template" must be "reset_email"/);
    expect(withSettings({ body: "./other.html" })).toThrow(
      /"body" must be "\.\/reset_email\.html"/,
    );
  });

  it("must use an existing placeholder", () => {
    const subject = "##PRODUCTNAME## ##TEXT subject_invite## ##TEXT subject_reset##";
    expect(withSettings({ subject })).toThrow(/unknown placeholder ##PRODUCTNAME##/);
  });

  it("and the HTML may use only the known colour variables in CSS", () => {
    const root = scratchRoot();
    const file = path.join(root, "email-templates/reset_email.html");
    writeFileSync(
      file,
      readFileSync(file, "utf8").replace("var(--link-color)", "var(--link-colour)"),
    );
    expect(() => buildEmailTemplates(fixtureBranding, { root })).toThrow(
      /unknown CSS variable --link-colour/,
    );
    rmSync(root, { recursive: true, force: true });
  });

  it("are the only JSON files in the folder", () => {
    const root = scratchRoot();
    writeFileSync(path.join(root, "email-templates/blocked_account.json"), "{}");
    expect(() => buildEmailTemplates(fixtureBranding, { root })).toThrow(
      /blocked_account\.json is not an Auth0 template handled here/,
    );
    rmSync(root, { recursive: true, force: true });
  });
});
