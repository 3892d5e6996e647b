// The emails Auth0 sends, rendered from what the synthesized stacks ship (Terraform-unescaped)
// with LiquidJS, Auth0's engine, in strict mode.
import { ACCEPTED_MARKER } from "../../actions/invitation";
import { EMAIL_TEMPLATE_NAMES, formatLifetime, MAX_BODY_BYTES } from "../../lib/email-templates";
import { createAuth0Liquid } from "../../lib/email-templates/liquid";
import {
  type Auth0EmailContext,
  auth0EmailContext,
  renderEmail,
} from "../../lib/email-templates/render";
import {
  emailHtmlProblems,
  shippedEnvironments,
  synthesizedEnvironment,
} from "../support/email-templates";

const environments = shippedEnvironments();
const ticketUrl = auth0EmailContext("invitee", "Username-Password-Authentication").url;
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const htmlEscaped = (s: string) => s.replace(/[&<>"'{}]/g, (c) => `&#${c.charCodeAt(0)};`);

describe.each(environments)(
  "the reset_email of environment $name",
  ({ branding, connectionName, template }) => {
    const reset = template("reset_email");
    const product = htmlEscaped(branding.productName);
    const lifetime = formatLifetime(branding.linkLifetimeSeconds);

    it("is enabled, in Liquid, with a link lifetime equal to the one the text states", () => {
      expect(reset.enabled).toBe(true);
      expect(reset.syntax).toBe("liquid");
      expect(reset.url_lifetime_in_seconds).toBe(branding.linkLifetimeSeconds);
    });

    describe(`reads as an invitation to an invitee (email not verified yet, connection ${connectionName})`, () => {
      const { subject, html } = renderEmail(reset, auth0EmailContext("invitee", connectionName));

      it("says so in the subject", () => {
        expect(subject).toBe(`You're invited to ${branding.productName}: set your password`);
      });

      it("also after a re-send, whose time is in app_metadata", () => {
        const resent = renderEmail(
          reset,
          auth0EmailContext("invitee", connectionName, {
            app_metadata: { invite_resent_at: "2026-12-01T09:00:00.000Z" },
          }),
        );
        expect(resent.subject).toBe(subject);
        expect(resent.html).toContain(`You&#39;re invited to ${product}</h1>`);
      });

      it("names the product and the person it is for", () => {
        expect(html).toContain(`You&#39;re invited to ${product}</h1>`);
        expect(html).toContain("<strong>new.colleague@example.com</strong>");
      });

      it("has one button, Set your password, to the ticket URL, and the link as text", () => {
        expect(html.match(/class="button-link"/g)).toHaveLength(1);
        expect(html).toMatch(
          new RegExp(`href="${escapeRe(ticketUrl)}"[^>]*>Set your password</a>`),
        );
        expect(html).toContain(`>${ticketUrl}</a>`);
      });

      it("states how long the link is valid, from the configured lifetime", () => {
        expect(html).toContain(`This link is valid for <strong>${lifetime}</strong>`);
      });

      it("says what to do when the link has expired and whom to ask", () => {
        expect(html).toMatch(/If the link has expired, write to <a[^>]*href="mailto:([^"]+)"/);
        expect(html).toContain(`href="mailto:${htmlEscaped(branding.supportEmail)}"`);
      });

      it("does not read like a password reset", () => {
        expect(html).not.toContain("Reset your password");
        expect(html).not.toContain("did not ask to reset");
      });
    });

    // reset_email is tenant-wide: Auth0 also sends it to users of every other connection.
    const resetReaders = [
      { who: "a verified user", context: auth0EmailContext("verified", connectionName) },
      {
        // Where completing the reset does not verify the email, the login gate marks the
        // invitee accepted in app_metadata (templates cannot see last_password_reset).
        who: "an invitee who accepted, the email still unverified, marked by the gate",
        context: auth0EmailContext("invitee", connectionName, {
          app_metadata: { [ACCEPTED_MARKER]: true, other: "kept" },
        }),
      },
      {
        who: "an unverified user of another connection",
        context: auth0EmailContext("invitee", "Other-Database"),
      },
      {
        who: "an unverified user of a connection whose name differs only in case",
        context: auth0EmailContext("invitee", connectionName.toLowerCase()),
      },
      {
        who: "an unverified user of a connection whose name merely starts the same",
        context: auth0EmailContext("invitee", `${connectionName}-2`),
      },
    ];

    describe.each(resetReaders)("reads as an ordinary password reset to $who", ({ context }) => {
      const { subject, html } = renderEmail(reset, context);

      it("says so in the subject", () => {
        expect(subject).toBe(`Reset your ${branding.productName} password`);
      });

      it("has one button, Reset your password, to the ticket URL", () => {
        expect(html).toMatch(/<h1 class="title"[^>]*>Reset your password<\/h1>/);
        expect(html.match(/class="button-link"/g)).toHaveLength(1);
        expect(html).toMatch(
          new RegExp(`href="${escapeRe(ticketUrl)}"[^>]*>Reset your password</a>`),
        );
        expect(html).toContain(`>${ticketUrl}</a>`);
      });

      it("keeps the safety text: lifetime, expiry, not-requested, support contact", () => {
        expect(html).toContain(`This link is valid for <strong>${lifetime}</strong>`);
        expect(html).toContain("If the link has expired, ask for a new one");
        expect(html).toContain(
          "If you did not ask to reset your password, you can ignore this email",
        );
        expect(html).toContain(`href="mailto:${htmlEscaped(branding.supportEmail)}"`);
      });

      it("does not mention an invitation or an account created for them", () => {
        expect(html).not.toMatch(/invit|has been created/i);
        expect(subject).not.toMatch(/invit/i);
      });
    });

    it("greets a verified user by name", () => {
      const { html } = renderEmail(reset, auth0EmailContext("verified", connectionName));
      expect(html).toContain("Hi Jane Doe,");
    });

    describe("renders user-controlled profile fields as text, never as markup", () => {
      it.each(["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>'])(
        "a user called %s",
        (hostile) => {
          for (const recipient of ["invitee", "verified"] as const) {
            const { html } = renderEmail(
              reset,
              auth0EmailContext(recipient, connectionName, {
                name: hostile,
                nickname: hostile,
                given_name: hostile,
                family_name: hostile,
                picture: hostile,
              }),
            );
            expect(html).not.toContain("<script");
            expect(html).not.toContain("<img src=x");
            expect(html).toContain(
              `Hi ${hostile.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&#34;")},`,
            );
          }
        },
      );
    });
  },
);

describe.each(environments)(
  "every template of environment $name, for both kinds of user",
  ({ connectionName, template }) => {
    const cases = EMAIL_TEMPLATE_NAMES.flatMap((name) =>
      (["invitee", "verified"] as const).map((recipient) => ({ name, recipient })),
    );

    it.each(cases)("$name for the $recipient is valid email HTML", ({ name, recipient }) => {
      const { html } = renderEmail(template(name), auth0EmailContext(recipient, connectionName));
      expect(emailHtmlProblems(html)).toEqual([]);
    });

    it.each(EMAIL_TEMPLATE_NAMES)("%s has every per-environment value filled in", (name) => {
      const { body, subject } = template(name);
      expect(`${subject}\n${body}`).not.toMatch(/##[A-Z_]+##|var\(--/);
    });

    it.each(EMAIL_TEMPLATE_NAMES)("%s is within the bound for a template body", (name) => {
      expect(Buffer.byteLength(template(name).body)).toBeLessThanOrEqual(MAX_BODY_BYTES);
    });

    it.each(EMAIL_TEMPLATE_NAMES)(
      "%s declares its language and brings its own dark colours",
      (name) => {
        const { body } = template(name);
        expect(body).toMatch(/<html lang="en">/);
        // Declaring dark support stops clients from inverting colours themselves, so the dark
        // palette must then really be there.
        expect(body).toContain('<meta name="color-scheme" content="light dark">');
        expect(body).toMatch(/<style>[^<]*@media \(prefers-color-scheme: dark\)/);
      },
    );

    it.each(EMAIL_TEMPLATE_NAMES)(
      "%s has its CSS inlined, keeping only media queries in <style>",
      (name) => {
        const { body } = template(name);
        const style = /<style>([^<]*)<\/style>/.exec(body)?.[1] ?? "";
        expect(style.trim()).toMatch(/^@media/);
        expect(body).toMatch(/<td class="card" style="[^"]*padding:/);
      },
    );

    it("reset_email is a table layout at most 600 px wide with alt text on every image", () => {
      const { html } = renderEmail(
        template("reset_email"),
        auth0EmailContext("invitee", connectionName),
      );
      expect(html).toMatch(
        /<table role="presentation" class="container"[^>]*style="[^"]*max-width: 600px;/,
      );
      for (const img of html.match(/<img [^>]*>/g) ?? []) expect(img).toMatch(/ alt="[^"]+"/);
    });

    it("welcome_email and verify_email are shipped disabled: the invitation is the only email", () => {
      expect(template("welcome_email").enabled).toBe(false);
      expect(template("verify_email").enabled).toBe(false);
    });
  },
);

// The same reset_email, synthesized for an environment serving every shipped language with
// German as its default (so that "the default" is not simply English), read the way Auth0
// renders it for a user whose user_metadata.language names one.
const multilingual = synthesizedEnvironment("multilingual", {
  languages: ["de", "en", "fr", "es"],
  tenantLocales: ["de", "en", "fr-FR", "es"],
});
const multilingualReset = multilingual.template("reset_email");

/** What each language's reader sees, as the body writes it (non-ASCII as character references). */
const IN = {
  en: {
    subjectInvite: "You're invited to Example Portal: set your password",
    subjectReset: "Reset your Example Portal password",
    titleInvite: "You&#39;re invited to Example Portal",
    titleReset: "Reset your password",
    buttonInvite: "Set your password",
    buttonReset: "Reset your password",
    lifetime: "7 days",
    greeting: (name: string) => `Hi ${name},`,
  },
  de: {
    subjectInvite: "Einladung zu Example Portal: Legen Sie Ihr Passwort fest",
    subjectReset: "Passwort für Example Portal zurücksetzen",
    titleInvite: "Ihre Einladung zu Example Portal",
    titleReset: "Passwort zur&uuml;cksetzen",
    buttonInvite: "Passwort festlegen",
    buttonReset: "Passwort zur&uuml;cksetzen",
    lifetime: "7 Tage",
    greeting: (name: string) => `Guten Tag ${name},`,
  },
  fr: {
    subjectInvite: "Invitation à rejoindre Example Portal\u00a0: choisissez votre mot de passe",
    subjectReset: "Réinitialisation de votre mot de passe Example Portal",
    titleInvite: "Invitation &agrave; rejoindre Example Portal",
    titleReset: "R&eacute;initialisation de votre mot de passe",
    buttonInvite: "Choisir mon mot de passe",
    buttonReset: "R&eacute;initialiser mon mot de passe",
    lifetime: "7&nbsp;jours",
    greeting: (name: string) => `Bonjour ${name},`,
  },
  es: {
    subjectInvite: "Invitación a Example Portal: establezca su contraseña",
    subjectReset: "Restablezca su contraseña de Example Portal",
    titleInvite: "Invitaci&oacute;n a Example Portal",
    titleReset: "Restablezca su contrase&ntilde;a",
    buttonInvite: "Establecer contrase&ntilde;a",
    buttonReset: "Restablecer contrase&ntilde;a",
    lifetime: "7 d&iacute;as",
    greeting: (name: string) => `Hola, ${name}:`,
  },
} as const;
type Language = keyof typeof IN;

const inLanguage = (
  recipient: "invitee" | "verified",
  language: unknown,
  user: Partial<Auth0EmailContext["user"]> = {},
) =>
  renderEmail(
    multilingualReset,
    auth0EmailContext(recipient, multilingual.connectionName, {
      user_metadata: { language },
      ...user,
    }),
  );

describe.each(Object.keys(IN) as Language[])(
  "the reset_email of an environment of every shipped language, for a user whose language is %s",
  (language) => {
    const expected = IN[language];

    describe("reads as an invitation to an invitee", () => {
      const { subject, html } = inLanguage("invitee", language);

      it("in the subject", () => {
        expect(subject).toBe(expected.subjectInvite);
      });

      it("in the body, declared as that language, with the lifetime in its words", () => {
        expect(html).toMatch(new RegExp(`^<!DOCTYPE html>\\n<html lang="${language}">`));
        expect(html).toMatch(
          new RegExp(`<h1 class="title"[^>]*>${escapeRe(expected.titleInvite)}</h1>`),
        );
        expect(html).toMatch(
          new RegExp(`href="${escapeRe(ticketUrl)}"[^>]*>${escapeRe(expected.buttonInvite)}</a>`),
        );
        expect(html).toContain(`<strong>${expected.lifetime}</strong>`);
        expect(html).toContain("<strong>new.colleague@example.com</strong>");
        expect(html).toContain('href="mailto:support@example.com"');
        expect(html).not.toContain(expected.titleReset);
      });

      it("is valid email HTML", () => {
        expect(emailHtmlProblems(html)).toEqual([]);
      });
    });

    describe.each([
      ["a verified user", "verified", {}],
      [
        "an invitee who accepted, marked by the gate",
        "invitee",
        { app_metadata: { [ACCEPTED_MARKER]: true } },
      ],
    ] as const)("reads as an ordinary reset to %s", (_who, recipient, user) => {
      const { subject, html } = inLanguage(recipient, language, user);

      it("in the subject and the body", () => {
        expect(subject).toBe(expected.subjectReset);
        expect(html).toMatch(
          new RegExp(`<h1 class="title"[^>]*>${escapeRe(expected.titleReset)}</h1>`),
        );
        expect(html).toMatch(
          new RegExp(`href="${escapeRe(ticketUrl)}"[^>]*>${escapeRe(expected.buttonReset)}</a>`),
        );
        expect(html).not.toContain(expected.titleInvite);
        expect(emailHtmlProblems(html)).toEqual([]);
      });
    });

    it.each(["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>'])(
      "renders a user called %s as text, never as markup",
      (hostile) => {
        for (const recipient of ["invitee", "verified"] as const) {
          const { html } = inLanguage(recipient, language, {
            name: hostile,
            nickname: hostile,
            given_name: hostile,
            family_name: hostile,
            picture: hostile,
          });
          expect(html).not.toContain("<script");
          expect(html).not.toContain("<img src=x");
          expect(html).toContain(
            expected.greeting(
              hostile
                .replace(/&/g, "&amp;")
                .replace(/</g, "&lt;")
                .replace(/>/g, "&gt;")
                .replace(/"/g, "&#34;"),
            ),
          );
        }
      },
    );
  },
);

describe("the reset_email of an environment of every shipped language chooses", () => {
  const subjectFor = (language: unknown) => inLanguage("invitee", language).subject;

  it("by the language subtag: de-AT and DE_at read German, fr-CA French, es-419 Spanish", () => {
    expect(subjectFor("de-AT")).toBe(IN.de.subjectInvite);
    expect(subjectFor("DE_at")).toBe(IN.de.subjectInvite);
    expect(subjectFor("fr-CA")).toBe(IN.fr.subjectInvite);
    expect(subjectFor("es-419")).toBe(IN.es.subjectInvite);
    expect(inLanguage("invitee", "de-AT").html).toContain('<html lang="de">');
  });

  it.each([
    ["a language it does not serve", "it"],
    ["an empty tag", ""],
    ["a tag that is no language", "-"],
    ["a number", 42],
  ])("the default, German, for %s", (_name, language) => {
    const { subject, html } = inLanguage("invitee", language);
    expect(subject).toBe(IN.de.subjectInvite);
    expect(html).toContain('<html lang="de">');
    expect(html).toContain(IN.de.titleInvite);
  });

  it("the default for a user with user_metadata but no language", () => {
    const { subject, html } = renderEmail(
      multilingualReset,
      auth0EmailContext("invitee", multilingual.connectionName, { user_metadata: {} }),
    );
    expect(subject).toBe(IN.de.subjectInvite);
    expect(html).toContain(IN.de.titleInvite);
  });

  it("the default for a user with no user_metadata at all, as Auth0 renders it (not strict)", () => {
    const context = auth0EmailContext("invitee", multilingual.connectionName) as unknown as {
      user: Record<string, unknown>;
    };
    delete context.user.user_metadata;
    const auth0 = createAuth0Liquid();
    expect(auth0.parseAndRenderSync(multilingualReset.subject, context)).toBe(IN.de.subjectInvite);
    expect(auth0.parseAndRenderSync(multilingualReset.body, context)).toMatch(
      new RegExp(`<html lang="de">[\\s\\S]*<h1 class="title"[^>]*>${IN.de.titleInvite}</h1>`),
    );
  });

  it("and the body stays within the bound for a template body", () => {
    expect(Buffer.byteLength(multilingualReset.body)).toBeLessThanOrEqual(MAX_BODY_BYTES);
  });
});
