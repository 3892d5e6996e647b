import { Construct } from "constructs";
import { EmailTemplate } from "../../../.gen/providers/auth0/email-template";
import type { BuiltEmailTemplate, EmailTemplateName } from "../../email-templates";
import type { EmailSettings } from "../../environment";
import { literal } from "../literal";
import { escapeTerraformTemplate } from "../terraform-string";
import type { EmailProvider } from "./email-provider";

export interface EmailTemplatesProps {
  /** The built templates: Liquid exactly as Auth0 should receive it (escaped for Terraform here). */
  readonly templates: readonly BuiltEmailTemplate[];
  /** Sender of every template, e.g. `Acme <no-reply@acme.example>`. */
  readonly from: EmailSettings["from"];
  /** Lifetime of the reset (= invitation) link; stated on every template, see below. */
  readonly linkLifetimeSeconds: EmailSettings["linkLifetimeSeconds"];
  /**
   * The Redirect To URLs the tenant's templates already have.
   * @default {} (none)
   */
  readonly redirectTo?: EmailSettings["redirectTo"];
  /**
   * Templates are written after the managed provider (Auth0 rejects `from` without one).
   * @default - the tenant's existing provider, not managed here
   */
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
        // The provider leaves a null field out of its requests and Auth0 keeps what the
        // template had, so a lifetime or Redirect To set on the tenant before would show as a
        // change in every plan: the lifetime is stated on every template (only the reset
        // email's link uses it), a Redirect To only where the tenant already has one.
        urlLifetimeInSeconds: props.linkLifetimeSeconds,
        resultUrl: props.redirectTo?.[t.template as keyof EmailSettings["redirectTo"]],
        // Keeps the address out of the redirect URL (and so out of app and proxy logs).
        includeEmailInRedirect: t.template === "welcome_email" ? undefined : false,
        dependsOn: props.provider ? [props.provider.resource] : undefined,
      });
      resource.overrideLogicalId(t.template);
      return resource;
    });
  }
}
