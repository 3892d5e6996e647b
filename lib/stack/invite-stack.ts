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
import { Auth0Provider } from "../../.gen/providers/auth0/provider";
import { DEFAULT_LANGUAGES } from "../../actions/language";
import { INVITE_ACTION, LOGIN_GATE } from "../action";
import type { BuiltEmailTemplate } from "../email-templates";
import {
  type BackendSettings,
  type Environment,
  LOGIN_GATE_CUTOFF_OUTPUT,
  recordsGateCutoff,
  resetPageLocales,
} from "../environment";
import { Application } from "./constructs/application";
import { DatabaseConnection } from "./constructs/database-connection";
import { EmailProvider, LeftOutEmailProvider } from "./constructs/email-provider";
import { EmailTemplates } from "./constructs/email-templates";
import { FlowAction, RemovedFlowAction } from "./constructs/flow-action";
import { GateCutoff } from "./constructs/gate-cutoff";
import { ResetPageText, type ResetPageTextProps } from "./constructs/reset-page-text";
import { literal } from "./literal";

/** What the repository builds for a stack from files: the same for every environment but the emails. */
export interface StackAssets {
  /** The invite Action's JavaScript (actions/send-invite.ts), as Auth0 runs it. */
  readonly inviteActionCode: string;
  /** The login gate's JavaScript (actions/login-gate.ts), as Auth0 runs it. */
  readonly loginGateCode: string;
  /** This environment's reset_email, welcome_email and verify_email, branding filled in. */
  readonly emailTemplates: readonly BuiltEmailTemplate[];
  /**
   * Wording of the hosted reset-password pages, by language, for each of the environment's.
   * @default - none; required when the environment's resetPage.manageText is true
   */
  readonly resetPageScreens?: Readonly<Record<string, ResetPageTextProps["screens"]>>;
}

export interface InviteStackProps {
  /** The validated environment file, defaults applied. */
  readonly environment: Environment;
  readonly assets: StackAssets;
}

/**
 * One Auth0 tenant's invite onboarding. The provider block carries only the domain (and the
 * custom domain, when there is one), so a stack can act on its own tenant alone; credentials come from AUTH0_CLIENT_ID / AUTH0_CLIENT_SECRET
 * (or AUTH0_API_TOKEN) in the environment of `plan`/`apply` and never reach the JSON.
 *
 * Construct ids and the logical ids the constructs set are Terraform addresses: renaming one
 * makes Terraform destroy and recreate a tenant resource.
 */
export class InviteStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: InviteStackProps) {
    super(scope, id);
    const { environment: env, assets } = props;
    this.addStateBackend(id, env.backend);
    // Write-only attributes (the Action's secrets_wo) need Terraform 1.11 / OpenTofu 1.11.
    this.addOverride("terraform.required_version", ">= 1.11.0");
    new Auth0Provider(this, "auth0", {
      domain: literal(env.domain),
      // Names the custom domain on the Management API calls that send email (the provider
      // adds it only to those); a tenant with several verified custom domains requires it.
      ...(env.customDomain ? { customDomainHeader: literal(env.customDomain) } : {}),
    });

    const connection = new DatabaseConnection(this, "connection", env.connection);
    if (env.connection.id !== undefined) {
      // An adopted connection is imported into its address on the first apply. Terraform's
      // import blocks are the stack's, not a resource's. Plain JSON rather than importFrom():
      // importFrom makes every synth run `terraform version` (a process spawn on every synth,
      // and synth fails on a machine without terraform).
      this.addOverride("import", [{ to: connection.address, id: env.connection.id }]);
    }
    const application = new Application(this, "application", {
      ...env.application,
      connectionId: connection.connectionId,
    });
    let provider: EmailProvider | undefined;
    if (env.emailProvider) provider = new EmailProvider(this, "email_provider", env.emailProvider);
    else new LeftOutEmailProvider(this, "email_provider");
    const templates = new EmailTemplates(this, "email_templates", {
      templates: assets.emailTemplates,
      from: env.email.from,
      linkLifetimeSeconds: env.email.linkLifetimeSeconds,
      redirectTo: env.email.redirectTo,
      provider,
    });
    const resetPages: ResetPageText[] = [];
    if (env.resetPage.manageText) {
      for (const { locale, language } of resetPageLocales(env)) {
        const screens = assets.resetPageScreens?.[language];
        if (screens === undefined) {
          throw new Error(
            `InviteStack: resetPage.manageText is set but no reset page texts in ${language} were given`,
          );
        }
        // The English text keeps the construct id it had before there were languages, so its
        // synthesized JSON is unchanged.
        const id = locale === "en" ? "reset_page_text" : `reset_page_text_${locale}`;
        resetPages.push(new ResetPageText(this, id, { locale, screens }));
      }
    }

    // Secrets left undefined are not set: an environment without them ships as before.
    const skipEmailDomains = env.invite.skipEmailDomains.join(",") || undefined;
    const languages = env.languages.join(",");
    const { loginGate: gateSettings } = env;
    // An adopted connection has users from before the flow, whom the gate must never refuse:
    // without a cutoff in the file, terraform records the moment it first applies the gate. A
    // connection the stack creates has no such users, so every invitee is gated.
    const cutoff = recordsGateCutoff(env) ? new GateCutoff(this, "login_gate_cutoff") : undefined;
    const invitedSince = gateSettings.invitedSince ?? cutoff?.value;
    let gate: FlowAction | undefined;
    if (gateSettings.state === "removed") {
      new RemovedFlowAction(this, "login_gate", LOGIN_GATE);
    } else {
      gate = new FlowAction(this, "login_gate", {
        contract: LOGIN_GATE,
        name: gateSettings.actionName,
        code: assets.loginGateCode,
        secrets: {
          CONNECTION_NAME: connection.connectionName,
          SKIP_EMAIL_DOMAINS: skipEmailDomains,
          INVITED_SINCE: invitedSince,
          LANGUAGES: languages === DEFAULT_LANGUAGES.join(",") ? undefined : languages,
        },
        bound: gateSettings.state === "bound",
      });
    }
    let action: FlowAction | undefined;
    if (env.invite.state === "removed") {
      new RemovedFlowAction(this, "invite_action", INVITE_ACTION);
    } else {
      action = new FlowAction(this, "invite_action", {
        contract: INVITE_ACTION,
        name: env.invite.actionName,
        code: assets.inviteActionCode,
        secrets: {
          // The invitation is requested on the host invitees should see: its link, and the
          // reset page it opens, are then on that host.
          DOMAIN: env.customDomain ?? env.domain,
          CLIENT_ID: application.clientId,
          CONNECTION_NAME: connection.connectionName,
          SKIP_EMAIL_DOMAINS: skipEmailDomains,
        },
        bound: env.invite.state === "bound",
        // Bound last: a user created mid-apply must get the invitation, not Auth0's
        // defaults, and must not be able to log in with the password the admin typed.
        bindAfter: [
          application.binding,
          ...templates.templates,
          ...resetPages.map((page) => page.resource),
          ...(gate?.binding ? [gate.binding] : []),
        ],
      });
    }

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
    if (gate) {
      new TerraformOutput(this, "login_gate_action_id", {
        value: gate.action.id,
        description: "Id of the post-login Action that keeps invitees out until they accept",
      });
    }
    if (cutoff) {
      // Read by `npm run invite` (users created before it are not invitees) and by people.
      new TerraformOutput(this, LOGIN_GATE_CUTOFF_OUTPUT, {
        value: cutoff.value,
        description:
          "When terraform first applied the login gate: users of the connection created before it are never gated",
      });
    }
  }

  private addStateBackend(id: string, backend: BackendSettings): void {
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
