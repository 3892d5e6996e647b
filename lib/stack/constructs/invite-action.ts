import { Fn, type ITerraformDependable, Token } from "cdktf";
import { Construct } from "constructs";
import { Action } from "../../../.gen/providers/auth0/action";
import { TriggerAction } from "../../../.gen/providers/auth0/trigger-action";
import type { ActionDependency } from "../../action/dependencies";
import { escapeTerraformTemplate, literal } from "../terraform-string";

/** Auth0 Actions limitations: code of at most 100 kB, at most 10 npm dependencies. */
const ACTION_LIMITS = { codeBytes: 100 * 1024, dependencies: 10 } as const;

export interface InviteActionProps {
  /** Action names are unique per tenant. */
  readonly name: string;
  /** The built JavaScript, verbatim (escaped for Terraform here). */
  readonly code: string;
  /** npm packages Auth0 installs for the Action, pinned exactly. */
  readonly dependencies: readonly ActionDependency[];
  /** Secret values by name; may be references to other resources. */
  readonly secrets: Readonly<Record<string, string>>;
  /** Names the code reads: every required one must be given and non-empty. */
  readonly secretNames: {
    readonly required: readonly string[];
    readonly optional: readonly string[];
  };
  /**
   * Resources that must exist before the Action is bound to the trigger, so no user created
   * mid-apply gets an invitation built from half-applied settings. @default []
   */
  readonly bindAfter?: ITerraformDependable[];
  /**
   * Whether the Action is bound to the trigger. Unbinding is the first of the two applies
   * that remove it: Auth0 refuses to delete a bound Action.
   */
  readonly bound: boolean;
}

/**
 * The post-user-registration Action that asks Auth0 to send the invitation, bound with the
 * 1:1 `auth0_trigger_action` (the authoritative `auth0_trigger_actions` would unbind every
 * Action someone added in the dashboard).
 */
export class InviteAction extends Construct {
  readonly action: Action;
  /** Absent while the Action is unbound. */
  readonly binding?: TriggerAction;

  constructor(scope: Construct, id: string, props: InviteActionProps) {
    super(scope, id);
    const known = new Set([...props.secretNames.required, ...props.secretNames.optional]);
    for (const name of Object.keys(props.secrets)) {
      if (!known.has(name))
        throw new Error(`InviteAction: the code does not read a secret named ${name}`);
    }
    for (const name of props.secretNames.required) {
      const value = props.secrets[name];
      if (value === undefined || (!Token.isUnresolved(value) && value.trim() === "")) {
        throw new Error(
          `InviteAction: secret ${name} is required by the code and must not be empty`,
        );
      }
    }
    // Auth0's Action limits: found here, at synth, instead of at apply.
    if (Buffer.byteLength(props.code) > ACTION_LIMITS.codeBytes) {
      throw new Error(
        `InviteAction: the code is ${Buffer.byteLength(props.code)} bytes; Auth0 runs Actions of at most ${ACTION_LIMITS.codeBytes}`,
      );
    }
    if (props.dependencies.length > ACTION_LIMITS.dependencies) {
      throw new Error(
        `InviteAction: ${props.dependencies.length} dependencies; an Auth0 Action may declare at most ${ACTION_LIMITS.dependencies}`,
      );
    }
    for (const dep of props.dependencies) {
      if (!/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(dep.version)) {
        throw new Error(
          `InviteAction: dependency ${dep.name}@${dep.version} is not pinned to an exact version`,
        );
      }
    }

    const secrets = Object.entries(props.secrets)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, value]) => ({ name, value: literal(value) }));
    this.action = new Action(this, "action", {
      name: literal(props.name),
      runtime: "node22",
      // An undeployed Action never runs.
      deploy: true,
      code: escapeTerraformTemplate(props.code),
      supportedTriggers: { id: "post-user-registration", version: "v2" },
      dependencies: props.dependencies.map((d) => ({ name: d.name, version: d.version })),
      // Write-only: sent on apply, never stored in state. Terraform only re-sends them when
      // the version changes, so the version is a hash of the values it carries.
      secretsWo: secrets,
      secretsWoVersion: Fn.parseint(Fn.substr(Fn.sha256(Fn.jsonencode(secrets)), 0, 12), 16),
    });
    this.action.overrideLogicalId("send_invite");

    if (!props.bound) return;
    this.binding = new TriggerAction(this, "binding", {
      trigger: "post-user-registration",
      actionId: this.action.id,
      dependsOn: props.bindAfter,
    });
    this.binding.overrideLogicalId("send_invite");
  }
}
