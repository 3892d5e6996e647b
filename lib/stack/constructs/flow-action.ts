import { Fn, type ITerraformDependable, Token } from "cdktf";
import { Construct } from "constructs";
import { Action } from "../../../.gen/providers/auth0/action";
import { TriggerAction } from "../../../.gen/providers/auth0/trigger-action";
import type { ActionSource } from "../../action";
import { byCodePoint } from "../../text/by-code-point";
import { LEFT_OUT, leftOutBecause } from "../left-out";
import { literal } from "../literal";
import { escapeTerraformTemplate } from "../terraform-string";

/** Auth0 Actions limitations: code of at most 100 kB. */
const MAX_CODE_BYTES = 100 * 1024;

/** The triggers the stack binds Actions to, each at its current version. */
const TRIGGERS = {
  "post-user-registration": "v2",
  "post-login": "v3",
} as const;

export interface FlowActionProps {
  /** Action names are unique per tenant. */
  readonly name: string;
  readonly trigger: keyof typeof TRIGGERS;
  /** The built JavaScript, verbatim (escaped for Terraform here). */
  readonly code: string;
  /** Secret values by name; may be references to other resources. */
  readonly secrets: Readonly<Record<string, string>>;
  /** Names the code reads: every required one must be given and non-empty. */
  readonly secretNames: ActionSource["secrets"];
  /**
   * The Terraform name of both resources (`auth0_action.<name>`, `auth0_trigger_action.<name>`):
   * a contract, since renaming it replaces the Action on the tenant.
   */
  readonly terraformName: string;
  /**
   * Resources that must exist before the Action is bound to the trigger, so it never runs
   * against half-applied settings. @default []
   */
  readonly bindAfter?: ITerraformDependable[];
  /**
   * Whether the Action is bound to the trigger. Unbinding is the first of the two applies
   * that remove it: Auth0 refuses to delete a bound Action.
   */
  readonly bound: boolean;
}

/**
 * A deployed Action in one of the tenant's flows, bound with the 1:1 `auth0_trigger_action`
 * (the authoritative `auth0_trigger_actions` would unbind every Action someone added in the
 * dashboard). The binding is appended at the end of the trigger's flow. The Action declares no
 * npm dependencies: none are given, so any a tenant's copy still has are removed.
 */
export class FlowAction extends Construct {
  readonly action: Action;
  /** Absent while the Action is unbound. */
  readonly binding?: TriggerAction;

  constructor(scope: Construct, id: string, props: FlowActionProps) {
    super(scope, id);
    const known = new Set([...props.secretNames.required, ...props.secretNames.optional]);
    for (const name of Object.keys(props.secrets)) {
      if (!known.has(name))
        throw new Error(`FlowAction ${props.name}: the code does not read a secret named ${name}`);
    }
    for (const name of props.secretNames.required) {
      const value = props.secrets[name];
      if (value === undefined || (!Token.isUnresolved(value) && value.trim() === "")) {
        throw new Error(
          `FlowAction ${props.name}: secret ${name} is required by the code and must not be empty`,
        );
      }
    }
    // Auth0's Action limit: found here, at synth, instead of at apply.
    const bytes = Buffer.byteLength(props.code);
    if (bytes > MAX_CODE_BYTES) {
      throw new Error(
        `FlowAction ${props.name}: the code is ${bytes} bytes; Auth0 runs Actions of at most ${MAX_CODE_BYTES}`,
      );
    }

    const secrets = Object.entries(props.secrets)
      .sort(([a], [b]) => byCodePoint(a, b))
      .map(([name, value]) => ({ name, value: literal(value) }));
    this.action = new Action(this, "action", {
      name: literal(props.name),
      runtime: "node22",
      // An undeployed Action never runs.
      deploy: true,
      code: escapeTerraformTemplate(props.code),
      supportedTriggers: { id: props.trigger, version: TRIGGERS[props.trigger] },
      // Write-only: sent on apply, never stored in state. Terraform only re-sends them when
      // the version changes, so the version is a hash of the values it carries.
      secretsWo: secrets,
      secretsWoVersion: Fn.parseint(Fn.substr(Fn.sha256(Fn.jsonencode(secrets)), 0, 12), 16),
    });
    this.action.overrideLogicalId(props.terraformName);

    if (!props.bound) return;
    this.binding = new TriggerAction(this, "binding", {
      trigger: props.trigger,
      actionId: this.action.id,
      dependsOn: props.bindAfter,
    });
    this.binding.overrideLogicalId(props.terraformName);
  }
}

export interface RemovedFlowActionProps {
  readonly trigger: keyof typeof TRIGGERS;
  /** The Terraform name the Action and its binding had (FlowActionProps.terraformName). */
  readonly terraformName: string;
  /** The environment setting that removed it, as the block states it (`invite.state`). */
  readonly setting: string;
}

/**
 * An Action whose environment setting says "removed": no Action, and its binding's block left
 * out (LEFT_OUT). While the binding is in state, the Action is still bound and Auth0 refuses
 * to delete it, so the plan stops on the binding's prevent_destroy under any client; after the
 * apply that unbinds it, the state holds no binding and the Action goes.
 */
export class RemovedFlowAction extends Construct {
  constructor(scope: Construct, id: string, props: RemovedFlowActionProps) {
    super(scope, id);
    new TriggerAction(this, "binding", {
      ...LEFT_OUT,
      trigger: props.trigger,
      actionId: leftOutBecause(`${props.setting} is "removed"`),
    }).overrideLogicalId(props.terraformName);
  }
}
