import { TerraformVariable } from "cdktf";
import { Construct } from "constructs";
import {
  type EmailProviderCredentials,
  EmailProvider as EmailProviderResource,
} from "../../.gen/providers/auth0/email-provider";
import { EmailTemplate } from "../../.gen/providers/auth0/email-template";
import {
  credentialVariableName,
  EMAIL_PROVIDER_SECRETS,
  type EmailProviderName,
  type SecretField,
} from "../email-provider-credentials";
import type { EmailTemplateName } from "../email-templates";
import { escapeTerraformTemplate, literal } from "../terraform-string";

// The credential names live apart from the construct: `npm run plan` checks them without
// loading cdktf and the bindings.
export {
  credentialVariableName,
  EMAIL_PROVIDER_SECRETS,
  type EmailProviderName,
} from "../email-provider-credentials";

export interface EmailProviderProps {
  readonly name: EmailProviderName;
  /** Used when a template has no `from`. */
  readonly defaultFromAddress: string;
  /** Non-secret settings: mailgun/sparkpost `region`, ses `region`, mailgun `domain`. @default - none */
  readonly region?: string;
  readonly domain?: string;
  /** smtp only. */
  readonly smtpHost?: string;
  readonly smtpPort?: number;
  readonly smtpUser?: string;
}

/**
 * The tenant's one email provider. Creating it overwrites the provider already configured;
 * destroying it deletes it and the tenant stops sending email, hence prevent_destroy.
 */
export class EmailProvider extends Construct {
  readonly resource: EmailProviderResource;

  constructor(scope: Construct, id: string, props: EmailProviderProps) {
    super(scope, id);
    const optional = (value?: string) => (value === undefined ? undefined : literal(value));
    const credentials: EmailProviderCredentials = {
      region: optional(props.region),
      domain: optional(props.domain),
      smtpHost: optional(props.smtpHost),
      smtpPort: props.smtpPort,
      smtpUser: optional(props.smtpUser),
    };
    const secrets: Partial<Record<SecretField, string>> = {};
    for (const field of EMAIL_PROVIDER_SECRETS[props.name]) {
      const variable = new TerraformVariable(scope, credentialVariableName(field), {
        type: "string",
        sensitive: true,
        nullable: false,
        description: `${props.name} email provider credential (${field}); set TF_VAR_${credentialVariableName(field)}`,
      });
      secrets[field] = variable.stringValue;
    }
    this.resource = new EmailProviderResource(this, "resource", {
      name: props.name,
      enabled: true,
      defaultFromAddress: literal(props.defaultFromAddress),
      credentials: { ...credentials, ...secrets },
      lifecycle: { preventDestroy: true },
    });
    this.resource.overrideLogicalId("email");
  }
}

export type { EmailTemplateName } from "../email-templates";

export interface EmailTemplateContent {
  readonly template: EmailTemplateName;
  /** Liquid, exactly as Auth0 should receive it (escaped for Terraform here). */
  readonly body: string;
  readonly subject: string;
  readonly enabled: boolean;
  readonly syntax: "liquid";
}

export interface EmailTemplatesProps {
  readonly templates: readonly EmailTemplateContent[];
  /** Sender of every template, e.g. `Acme <no-reply@acme.example>`. */
  readonly from: string;
  /** Lifetime of the reset (= invitation) link. @default 432000 (5 days, Auth0's default) */
  readonly linkLifetimeSeconds?: number;
  /** Templates are written after the managed provider (Auth0 rejects `from` without one). */
  readonly provider?: EmailProvider;
}

/**
 * reset_email on (it is the invitation), welcome_email and verify_email off so an invitee gets
 * one email. Destroying a template only disables it.
 */
export class EmailTemplates extends Construct {
  readonly templates: EmailTemplate[];

  constructor(scope: Construct, id: string, props: EmailTemplatesProps) {
    super(scope, id);
    const required: EmailTemplateName[] = ["reset_email", "welcome_email", "verify_email"];
    for (const name of required) {
      if (!props.templates.some((t) => t.template === name)) {
        throw new Error(`EmailTemplates: the ${name} template is missing`);
      }
    }
    this.templates = props.templates.map((t) => {
      const enabled = t.template === "reset_email";
      if (t.enabled !== enabled) {
        throw new Error(
          `EmailTemplates: ${t.template} must be ${enabled ? "enabled" : "disabled"} for single-email invites; its settings say enabled=${t.enabled}`,
        );
      }
      const resource = new EmailTemplate(this, t.template, {
        template: t.template,
        body: escapeTerraformTemplate(t.body),
        subject: escapeTerraformTemplate(t.subject),
        from: literal(props.from),
        syntax: t.syntax,
        enabled,
        urlLifetimeInSeconds:
          t.template === "welcome_email" ? undefined : (props.linkLifetimeSeconds ?? 432_000),
        // Keeps the address out of the redirect URL (and so out of app and proxy logs).
        includeEmailInRedirect: t.template === "welcome_email" ? undefined : false,
        dependsOn: props.provider ? [props.provider.resource] : undefined,
      });
      resource.overrideLogicalId(t.template);
      return resource;
    });
  }
}
