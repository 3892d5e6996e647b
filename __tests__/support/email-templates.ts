import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Testing } from "cdktf";
import { HtmlValidate } from "html-validate";
import {
  type EmailBranding,
  type EmailTemplateName,
  emailBrandingFor,
} from "../../lib/email-templates";
import { loadEnvironments, parseEnvironment } from "../../lib/environment";
import { withoutTokenCreationStacks } from "../../lib/speed/token-stack-traces";
import { environmentStackProps } from "../../lib/stack/environment-stacks";
import { InviteStack } from "../../lib/stack/invite-stack";
import { exampleWithoutOrderOrBackend } from "./environment-files";
import {
  shippedEmailTemplate,
  shippedEnvironmentNames,
  shippedStack,
  type TerraformJson,
  terraformUnescape,
} from "./shipped";
import { testingApp } from "./testing-app";

export const repoRoot = path.resolve(__dirname, "../..");

export const fixtureBranding: EmailBranding = {
  productName: "Acme Portal",
  supportEmail: "help@acme.example",
  brandColor: "#0b5fff",
  logoUrl: "https://acme.example/logo.png",
  linkLifetimeSeconds: 604_800,
  // Not Auth0's default name, so nothing can pass by assuming it.
  connectionName: "Acme-Staff",
  languages: ["en"],
};

export interface ShippedEnvironment {
  name: string;
  branding: EmailBranding;
  /**
   * The name of the database connection the stack ships, which Auth0 passes to the templates
   * as `connection.name` for its users: read from cdk.tf.json, not from the branding.
   */
  connectionName: string;
  template(name: EmailTemplateName): ReturnType<typeof shippedEmailTemplate>;
}

/**
 * Every committed environment with the templates as its synthesized cdk.tf.json hands them to
 * Auth0, the connection it ships, and the branding they should carry (from the same
 * environment file).
 */
export function shippedEnvironments(): ShippedEnvironment[] {
  const configs = new Map(
    loadEnvironments(path.join(repoRoot, "environments")).map((e) => [e.name, e.config]),
  );
  return shippedEnvironmentNames().map((name) => {
    const config = configs.get(name);
    if (!config) throw new Error(`stack ${name} has no environments/${name}.json`);
    const connections = Object.values(shippedStack(name).resource?.auth0_connection ?? {});
    if (connections.length !== 1) {
      throw new Error(`expected one auth0_connection in ${name}, found ${connections.length}`);
    }
    return {
      name,
      branding: emailBrandingFor(config),
      connectionName: (connections[0] as { name: string }).name,
      template: (template: EmailTemplateName) => shippedEmailTemplate(name, template),
    };
  });
}

/**
 * The committed example environment with `overrides` (top-level keys replaced), synthesized in
 * this process by the same build and stack as `npm run synth`: its templates as its
 * cdk.tf.json hands them to Auth0.
 */
export function synthesizedEnvironment(
  name: string,
  overrides: Record<string, unknown>,
): ShippedEnvironment {
  const file = `environments/${name}.json`;
  const parsed = parseEnvironment(
    file,
    JSON.stringify({ ...exampleWithoutOrderOrBackend(), ...overrides }),
  );
  if (!parsed.ok) throw new Error(parsed.problems.join("\n"));
  const [{ props }] = environmentStackProps([{ name, file, config: parsed.config }]);
  const json = withoutTokenCreationStacks(() =>
    JSON.parse(Testing.synth(new InviteStack(testingApp(), name, props), false)),
  ) as TerraformJson;
  const templates = Object.values(json.resource.auth0_email_template) as TerraformJson[];
  return {
    name,
    branding: emailBrandingFor(parsed.config),
    connectionName: (Object.values(json.resource.auth0_connection)[0] as { name: string }).name,
    template: (template) => {
      const found = templates.find((t) => t.template === template);
      if (!found) throw new Error(`no ${template} template in ${name}`);
      return {
        ...found,
        body: terraformUnescape(found.body),
        subject: terraformUnescape(found.subject),
      } as ReturnType<typeof shippedEmailTemplate>;
    },
  };
}

const scratchRoots: string[] = [];
afterAll(() => {
  for (const root of scratchRoots.splice(0)) rmSync(root, { recursive: true, force: true });
});

/**
 * A scratch repository root holding a copy of email-templates/ and no .build/ (a fresh clone);
 * removed after the test file.
 */
export function scratchRoot(): string {
  const root = mkdtempSync(path.join(tmpdir(), "email-templates-"));
  scratchRoots.push(root);
  cpSync(path.join(repoRoot, "email-templates"), path.join(root, "email-templates"), {
    recursive: true,
  });
  return root;
}

// html-validate's recommended and document presets, minus what email HTML needs on purpose.
const emailHtmlValidator = new HtmlValidate({
  extends: ["html-validate:recommended", "html-validate:document"],
  rules: {
    // Inline styles are the point: many clients drop or rewrite <style>, juice moves the CSS
    // into style attributes at build time.
    "no-inline-style": "off",
    // width/align/bgcolor/cellpadding/cellspacing/border on tables: Outlook's Word engine
    // ignores the CSS equivalents (juice adds some of them from the CSS on purpose).
    "no-deprecated-attr": "off",
    // The <!--[if mso]> ghost table caps the width at 600 px in Outlook, which ignores max-width.
    "no-conditional-comment": "off",
    // A search-result rule (titles get cut at ~70 characters in results); the title of an
    // email is the product name, up to 60 characters, which character references lengthen.
    "long-title": "off",
  },
});

/** html-validate messages for one rendered email, as "line:col rule: message". */
export function emailHtmlProblems(html: string): string[] {
  const report = emailHtmlValidator.validateStringSync(html);
  return report.results.flatMap((r) =>
    r.messages.map((m) => `${m.line}:${m.column} ${m.ruleId}: ${m.message}`),
  );
}
