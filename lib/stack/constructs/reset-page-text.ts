import { Construct } from "constructs";
import { PromptCustomText } from "../../../.gen/providers/auth0/prompt-custom-text";
import { escapeTerraformTemplate } from "../terraform-string";

export interface ResetPageTextProps {
  /** The Universal Login locale the text is for, e.g. `en`, `de` or `fr-FR`. */
  readonly locale: string;
  /** Texts by screen id and text key; `${clientName}`-style Auth0 variables stay literal. */
  readonly screens: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

/**
 * Wording of the hosted reset-password pages in one locale, written for invitees and resetting
 * users alike. Applying it replaces any custom text this prompt and locale already have. The
 * Terraform address names the locale (`reset_password_fr_FR`), so each stays the same however
 * the environment's languages change.
 */
export class ResetPageText extends Construct {
  readonly resource: PromptCustomText;

  constructor(scope: Construct, id: string, props: ResetPageTextProps) {
    super(scope, id);
    const { locale } = props;
    this.resource = new PromptCustomText(this, "resource", {
      prompt: "reset-password",
      language: locale,
      body: escapeTerraformTemplate(JSON.stringify(props.screens)),
    });
    this.resource.overrideLogicalId(`reset_password_${locale.replace(/-/g, "_")}`);
  }
}
