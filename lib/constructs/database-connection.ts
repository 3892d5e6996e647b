import { TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { Construct as BaseConstruct } from "constructs";
import { Connection } from "../../.gen/providers/auth0/connection";
import { literal, literalDeep } from "../terraform-string";

export type PasswordStrength = "none" | "low" | "fair" | "good" | "excellent";

export interface PasswordPolicyProps {
  /** @default "good" */
  readonly strength?: PasswordStrength;
  /** @default 12 */
  readonly minLength?: number;
  /** Previous passwords that may not be reused; 0 turns the check off. @default 5 */
  readonly history?: number;
  /** Reject passwords containing the user's name or email. @default true */
  readonly noPersonalInfo?: boolean;
  /** Reject the 10,000 most common passwords. @default true */
  readonly dictionary?: boolean;
}

export interface DatabaseConnectionProps {
  /** @default "Username-Password-Authentication" */
  readonly name?: string;
  /**
   * Id (`con_...`) of the tenant's existing connection. When set, the first apply imports it
   * instead of creating one (creating the default connection again fails with 409).
   * @default - a new connection is created
   */
  readonly existingId?: string;
  /** Only admins create users; nobody can sign up. @default true */
  readonly disableSignup?: boolean;
  /** @default true */
  readonly bruteForceProtection?: boolean;
  /** Users sign in with a username besides the email. @default false */
  readonly requiresUsername?: boolean;
  /** @default - see PasswordPolicyProps */
  readonly passwordPolicy?: PasswordPolicyProps;
  /**
   * Further `options`, in the provider's Terraform JSON form (snake_case keys, blocks as
   * objects or arrays), merged over the options set here. The provider replaces the whole
   * options object on update, so an adopted connection keeps only what is stated.
   * @default {}
   */
  readonly extraOptions?: Readonly<Record<string, unknown>>;
}

/**
 * The database connection invited users live in. Destroying it deletes every user in it,
 * so Terraform refuses to plan a destroy or a replacement (`name` and `strategy` force one).
 */
export class DatabaseConnection extends BaseConstruct {
  readonly resource: Connection;

  constructor(scope: Construct, id: string, props: DatabaseConnectionProps = {}) {
    super(scope, id);
    const policy = props.passwordPolicy ?? {};
    const history = policy.history ?? 5;
    this.resource = new Connection(this, "resource", {
      name: literal(props.name ?? "Username-Password-Authentication"),
      strategy: "auth0",
      lifecycle: { preventDestroy: true },
      // The provider sends the whole options object on update, so everything we rely on is
      // stated here rather than left to whatever the tenant currently has.
      options: {
        disableSignup: props.disableSignup ?? true,
        bruteForceProtection: props.bruteForceProtection ?? true,
        requiresUsername: props.requiresUsername ?? false,
        // Auth0's values for a new database connection; stated so that adopting a connection
        // does not drop them (extraOptions can say otherwise).
        strategyVersion: 2,
        mfa: { active: true, returnEnrollSettings: true },
        importMode: false,
        enabledDatabaseCustomization: false,
        // The invitation is a password reset; turning self-service change off breaks it.
        disableSelfServiceChangePassword: false,
        passwordPolicy: policy.strength ?? "good",
        passwordComplexityOptions: { minLength: policy.minLength ?? 12 },
        passwordHistory: [{ enable: history > 0, size: history > 0 ? history : 1 }],
        passwordNoPersonalInfo: { enable: policy.noPersonalInfo ?? true },
        passwordDictionary: { enable: policy.dictionary ?? true },
      },
    });
    // A stable, readable address: operators type it in `terraform state` and import commands.
    this.resource.overrideLogicalId("database");
    for (const [key, value] of Object.entries(props.extraOptions ?? {})) {
      // Custom database scripts are JavaScript: their `${` must reach Auth0 verbatim.
      this.resource.addOverride(`options.${key}`, literalDeep(value));
    }
    if (props.existingId !== undefined) {
      // Written as plain JSON rather than with importFrom(): importFrom makes every synth run
      // `terraform version` (100 ms, and synth fails on a machine without terraform).
      TerraformStack.of(this).addOverride("import", [
        { to: `${this.resource.terraformResourceType}.database`, id: props.existingId },
      ]);
    }
  }

  get connectionId(): string {
    return this.resource.id;
  }

  get connectionName(): string {
    return this.resource.name;
  }
}
