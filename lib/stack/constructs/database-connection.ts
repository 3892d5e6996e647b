import { Construct } from "constructs";
import { Connection, type ConnectionOptions } from "../../../.gen/providers/auth0/connection";
import type { ConnectionSettings } from "../../environment";
import { literal, literalDeep } from "../literal";

/** The environment's `connection`, defaults applied. */
export type DatabaseConnectionProps = ConnectionSettings;

/**
 * The database connection invited users live in. Destroying it deletes every user in it,
 * so Terraform refuses to plan a destroy or a replacement (`name` and `strategy` force one).
 */
export class DatabaseConnection extends Construct {
  readonly resource: Connection;

  constructor(scope: Construct, id: string, props: DatabaseConnectionProps) {
    super(scope, id);
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
        ...passwordOptions(props.passwordPolicy),
      },
    });
    // A stable, readable address: operators type it in `terraform state` and import commands.
    this.resource.overrideLogicalId("database");
    for (const [key, value] of Object.entries(props.extraOptions)) {
      // Custom database scripts are JavaScript: their `${` must reach Auth0 verbatim.
      this.resource.addOverride(`options.${key}`, literalDeep(value));
    }
  }

  /** `auth0_connection.database`: what an import of an adopted connection targets. */
  get address(): string {
    return `${this.resource.terraformResourceType}.${this.resource.friendlyUniqueId}`;
  }

  get connectionId(): string {
    return this.resource.id;
  }

  get connectionName(): string {
    return this.resource.name;
  }
}

/**
 * The password policy in the model the connection uses, never both: the provider refuses to
 * mix them, and Auth0 drops the model a PATCH leaves out. Every setting is stated, so the
 * tenant's values for those left out cannot linger or change with Auth0's defaults.
 */
function passwordOptions(policy: DatabaseConnectionProps["passwordPolicy"]): ConnectionOptions {
  if (policy.model === "legacy") {
    const { history } = policy;
    return {
      passwordPolicy: policy.strength,
      passwordComplexityOptions: { minLength: policy.minLength },
      passwordHistory: [{ enable: history > 0, size: history > 0 ? history : 1 }],
      passwordNoPersonalInfo: { enable: policy.noPersonalInfo },
      passwordDictionary: { enable: policy.dictionary },
    };
  }
  return {
    passwordOptions: {
      complexity: {
        minLength: policy.minLength,
        characterTypes: [...policy.characterTypes],
        characterTypeRule: policy.characterTypeRule,
        // Auth0's values for a new connection (recorded), stated like everything else.
        identicalCharacters: "allow",
        sequentialCharacters: "allow",
        maxLengthExceeded: "error",
      },
      // Auth0 takes a history size of 1 to 24 even when the check is off.
      history: { active: policy.history > 0, size: policy.history > 0 ? policy.history : 1 },
      dictionary: { active: policy.dictionary, default: "en_100k" },
      profileData: { active: policy.noPersonalInfo },
    },
  };
}
