import {
  CloudBackend,
  LocalBackend,
  NamedCloudWorkspace,
  S3Backend,
  TerraformOutput,
  TerraformStack,
} from "cdktf";
import type { Construct } from "constructs";
// Per-resource modules, not the provider's index: the index would load all 130 bindings.
import { Auth0Provider } from "../.gen/providers/auth0/provider";
import { Application, type NewApplicationProps } from "./constructs/application";
import { DatabaseConnection, type DatabaseConnectionProps } from "./constructs/database-connection";
import {
  EmailProvider,
  type EmailProviderProps,
  type EmailTemplateContent,
  EmailTemplates,
} from "./constructs/email";
import { InviteAction, type InviteActionProps } from "./constructs/invite-action";
import { ResetPageText, type ResetPageTextProps } from "./constructs/reset-page-text";
import { literal } from "./terraform-string";

export interface InviteStackProps {
  /** The tenant's domain, e.g. `example-dev.eu.auth0.com`. Pinned in the provider block. */
  readonly domain: string;
  /** @default - the default connection options, created (not adopted) */
  readonly connection?: DatabaseConnectionProps;
  /** Create an application, or reference one by client id. */
  readonly application:
    | { readonly create: NewApplicationProps }
    | { readonly existingClientId: string };
  /** Manage the tenant's email provider. @default - the tenant's existing provider is left alone */
  readonly emailProvider?: EmailProviderProps;
  readonly email: {
    readonly from: string;
    readonly templates: readonly EmailTemplateContent[];
    /** @default 432000 */
    readonly linkLifetimeSeconds?: number;
  };
  readonly invite: {
    /** @default "send-invite" */
    readonly actionName?: string;
    readonly code: string;
    readonly dependencies: InviteActionProps["dependencies"];
    readonly secretNames: InviteActionProps["secretNames"];
    /** @default [] */
    readonly skipEmailDomains?: readonly string[];
    /**
     * `unbound` keeps the Action but takes it off the trigger; `removed` deletes it (Auth0
     * refuses while it is bound, so only after an apply with `unbound`). @default "bound"
     */
    readonly state?: "bound" | "unbound" | "removed";
  };
  /** @default - the hosted reset page's wording is left alone */
  readonly resetPageText?: ResetPageTextProps;
  /** Where Terraform keeps this tenant's state. @default { type: "local" } */
  readonly backend?: StateBackendProps;
}

export type StateBackendProps =
  | { readonly type: "local" }
  | {
      readonly type: "s3";
      readonly bucket: string;
      readonly key: string;
      readonly region: string;
      /** @default - the bucket's default encryption key */
      readonly kmsKeyId?: string;
      /** @default - S3's lock file only */
      readonly dynamodbTable?: string;
    }
  | {
      readonly type: "hcp";
      readonly organization: string;
      readonly workspace: string;
      /** @default "app.terraform.io" */
      readonly hostname?: string;
      /** @default - the organization's default project */
      readonly project?: string;
    };

/**
 * One Auth0 tenant's invite onboarding. The provider block carries only the domain, so a stack
 * can act on its own tenant alone; credentials come from AUTH0_CLIENT_ID / AUTH0_CLIENT_SECRET
 * (or AUTH0_API_TOKEN) in the environment of `plan`/`apply` and never reach the JSON.
 *
 * Construct ids and the logical ids the constructs set are Terraform addresses: renaming one
 * makes Terraform destroy and recreate a tenant resource.
 */
export class InviteStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: InviteStackProps) {
    super(scope, id);
    this.addStateBackend(id, props.backend ?? { type: "local" });
    // Write-only attributes (the Action's secrets_wo) need Terraform 1.11 / OpenTofu 1.11.
    this.addOverride("terraform.required_version", ">= 1.11.0");
    new Auth0Provider(this, "auth0", { domain: literal(props.domain) });

    const connection = new DatabaseConnection(this, "connection", props.connection);
    const application = new Application(this, "application", {
      ...props.application,
      connectionId: connection.connectionId,
    });
    const provider = props.emailProvider
      ? new EmailProvider(this, "email_provider", props.emailProvider)
      : undefined;
    const templates = new EmailTemplates(this, "email_templates", {
      templates: props.email.templates,
      from: props.email.from,
      linkLifetimeSeconds: props.email.linkLifetimeSeconds,
      provider,
    });
    const resetPage = props.resetPageText
      ? new ResetPageText(this, "reset_page_text", props.resetPageText)
      : undefined;

    const skip = props.invite.skipEmailDomains ?? [];
    const state = props.invite.state ?? "bound";
    const action =
      state === "removed"
        ? undefined
        : new InviteAction(this, "invite_action", {
            name: props.invite.actionName,
            code: props.invite.code,
            dependencies: props.invite.dependencies,
            secretNames: props.invite.secretNames,
            secrets: {
              DOMAIN: props.domain,
              CLIENT_ID: application.clientId,
              CONNECTION_NAME: connection.connectionName,
              ...(skip.length > 0 ? { SKIP_EMAIL_DOMAINS: skip.join(",") } : {}),
            },
            bound: state === "bound",
            // Bound last: a user created mid-apply must get the invitation, not Auth0's defaults.
            bindAfter: [
              application.binding,
              ...templates.templates,
              ...(resetPage ? [resetPage.resource] : []),
            ],
          });

    new TerraformOutput(this, "client_id", {
      value: application.clientId,
      description: "Client id of the application invitations lead to",
    });
    new TerraformOutput(this, "connection_id", {
      value: connection.connectionId,
      description: "Id (con_...) of the database connection invited users are created in",
    });
    if (action) {
      new TerraformOutput(this, "action_id", {
        value: action.action.id,
        description: "Id of the post-user-registration Action that sends invitations",
      });
    }
  }

  private addStateBackend(id: string, backend: StateBackendProps): void {
    switch (backend.type) {
      case "local":
        // cdktf's default local backend records this machine's absolute path in the JSON.
        // Terraform runs in cdktf.out/stacks/<id>, so this is the same file at the repo root.
        new LocalBackend(this, { path: `../../../terraform.${id}.tfstate` });
        return;
      case "s3":
        new S3Backend(this, {
          bucket: backend.bucket,
          key: backend.key,
          region: backend.region,
          // State holds the email provider's credentials: never store it unencrypted.
          encrypt: true,
          kmsKeyId: backend.kmsKeyId,
          dynamodbTable: backend.dynamodbTable,
        });
        // S3-native locking (Terraform/OpenTofu >= 1.10); cdktf 0.21 predates the option.
        this.addOverride("terraform.backend.s3.use_lockfile", true);
        return;
      case "hcp":
        new CloudBackend(this, {
          organization: backend.organization,
          hostname: backend.hostname,
          workspaces: new NamedCloudWorkspace(backend.workspace, backend.project),
        });
        return;
    }
  }
}
