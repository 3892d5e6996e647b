import { TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { Construct as BaseConstruct } from "constructs";
import { Connection } from "../../../.gen/providers/auth0/connection";
import type { ConnectionSettings } from "../../environment";
import { literal, literalDeep } from "../literal";

/** The environment's `connection`, defaults applied. */
export type DatabaseConnectionProps = ConnectionSettings;

/**
 * The database connection invited users live in. Destroying it deletes every user in it,
 * so Terraform refuses to plan a destroy or a replacement (`name` and `strategy` force one).
 */
export class DatabaseConnection extends BaseConstruct {
  readonly resource: Connection;

  constructor(scope: Construct, id: string, props: DatabaseConnectionProps) {
    super(scope, id);
    const policy = props.passwordPolicy;
    const history = policy.history;
    this.resource = new Connection(this, "resource", {
      name: literal(props.name),
      strategy: "auth0",
      lifecycle: { preventDestroy: true },
      // The provider sends the whole options object on update, so everything we rely on is
      // stated here rather than left to whatever the tenant currently has.
      options: {
        disableSignup: props.disableSignup,
        bruteForceProtection: props.bruteForceProtection,
        requiresUsername: props.requiresUsername,
        // Auth0's values for a new database connection; stated so that adopting a connection
        // does not drop them (extraOptions can say otherwise).
        strategyVersion: 2,
        mfa: { active: true, returnEnrollSettings: true },
        importMode: false,
        enabledDatabaseCustomization: false,
        // The invitation is a password reset; turning self-service change off breaks it.
        disableSelfServiceChangePassword: false,
        passwordPolicy: policy.strength,
        passwordComplexityOptions: { minLength: policy.minLength },
        passwordHistory: [{ enable: history > 0, size: history > 0 ? history : 1 }],
        passwordNoPersonalInfo: { enable: policy.noPersonalInfo },
        passwordDictionary: { enable: policy.dictionary },
      },
    });
    // A stable, readable address: operators type it in `terraform state` and import commands.
    this.resource.overrideLogicalId("database");
    for (const [key, value] of Object.entries(props.extraOptions)) {
      // Custom database scripts are JavaScript: their `${` must reach Auth0 verbatim.
      this.resource.addOverride(`options.${key}`, literalDeep(value));
    }
    if (props.id !== undefined) {
      // Written as plain JSON rather than with importFrom(): importFrom makes every synth run
      // `terraform version` (a process spawn on every synth, and synth fails on a machine without
      // terraform).
      TerraformStack.of(this).addOverride("import", [
        { to: `${this.resource.terraformResourceType}.database`, id: props.id },
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
