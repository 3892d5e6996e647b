import { TerraformVariable } from "cdktf";
import { Construct } from "constructs";
import { EmailProvider as EmailProviderResource } from "../../../.gen/providers/auth0/email-provider";
import type { EmailProviderSettings } from "../../environment";
import {
  credentialVariableName,
  EMAIL_PROVIDER_SECRETS,
  type SecretField,
} from "../../operate/credentials";
import { LEFT_OUT } from "../left-out";
import { literal, literalDeep } from "../literal";

/** The environment's `emailProvider`: the provider's name and its non-secret settings. */
export type EmailProviderProps = EmailProviderSettings;

/**
 * The tenant's one email provider. Creating it overwrites the provider already configured;
 * destroying it deletes it and the tenant stops sending email, hence prevent_destroy. Its
 * credentials arrive as sensitive Terraform variables, one per secret field of the provider.
 */
export class EmailProvider extends Construct {
  readonly resource: EmailProviderResource;

  constructor(scope: Construct, id: string, props: EmailProviderProps) {
    super(scope, id);
    // Whatever else the file gives the provider (the schema says what, by name) is named as in
    // its credentials block.
    const { name, defaultFromAddress, ...settings } = props;
    const secrets: Partial<Record<SecretField, string>> = {};
    for (const field of EMAIL_PROVIDER_SECRETS[name]) {
      const variableName = credentialVariableName(field);
      const variable = new TerraformVariable(this, field, {
        type: "string",
        sensitive: true,
        nullable: false,
        description: `${name} email provider credential (${field}); set TF_VAR_${variableName}`,
      });
      // The variable's name is what operators set (TF_VAR_...), not a path in this tree.
      variable.overrideLogicalId(variableName);
      secrets[field] = variable.stringValue;
    }
    this.resource = new EmailProviderResource(this, "resource", {
      name,
      enabled: true,
      defaultFromAddress: literal(defaultFromAddress),
      credentials: { ...(literalDeep(settings) as typeof settings), ...secrets },
      lifecycle: { preventDestroy: true },
    });
    this.resource.overrideLogicalId("email");
  }
}

/**
 * No `emailProvider` in the environment: the resource's block left out (LEFT_OUT), so taking
 * `emailProvider` out of a file whose tenant's provider this stack made stops the plan instead
 * of deleting the provider. `custom` needs no credentials; the block is never sent.
 */
export class LeftOutEmailProvider extends Construct {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new EmailProviderResource(this, "resource", {
      ...LEFT_OUT,
      name: "custom",
      // An address at a reserved domain, in case the provider checks its form.
      defaultFromAddress: "left-out@example.com",
      credentials: {},
    }).overrideLogicalId("email");
  }
}
