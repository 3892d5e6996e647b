import { Construct } from "constructs";
import { PromptCustomText } from "../../../.gen/providers/auth0/prompt-custom-text";
import type { ResetPageSettings } from "../../environment";
import { escapeTerraformTemplate } from "../terraform-string";

export interface ResetPageTextProps {
  readonly language: ResetPageSettings["language"];
  /** Texts by screen id and text key; `${clientName}`-style Auth0 variables stay literal. */
  readonly screens: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

/**
 * Wording of the hosted reset-password pages, written for invitees and resetting users alike.
 * Applying it replaces any custom text this prompt and language already have.
 */
export class ResetPageText extends Construct {
  readonly resource: PromptCustomText;

  constructor(scope: Construct, id: string, props: ResetPageTextProps) {
    super(scope, id);
    const { language } = props;
    this.resource = new PromptCustomText(this, "resource", {
      prompt: "reset-password",
      language,
      body: escapeTerraformTemplate(JSON.stringify(props.screens)),
    });
    this.resource.overrideLogicalId(`reset_password_${language.replace(/-/g, "_")}`);
  }
}
