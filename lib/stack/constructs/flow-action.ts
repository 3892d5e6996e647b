import { Fn, type ITerraformDependable, Token } from "cdktf";
import { Construct } from "constructs";
import { Action } from "../../../.gen/providers/auth0/action";
import { TriggerAction } from "../../../.gen/providers/auth0/trigger-action";
import type { ActionContract, ActionSecrets } from "../../action";
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
} as const satisfies Record<ActionContract["trigger"], string>;

export interface FlowActionProps<C extends ActionContract = ActionContract> {
  /** Its trigger, Terraform name and the secret names its code reads. */
  readonly contract: C;
  /** Action names are unique per tenant. */
  readonly name: string;
  /** The built JavaScript, verbatim (escaped for Terraform here). */
  readonly code: string;
  /**
   * Secret values by name (an undefined one is not set); may be references to other
   * resources. Every required one must be given and non-empty.
   */
  readonly secrets: ActionSecrets<C>;
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
export class FlowAction<C extends ActionContract = ActionContract> extends Construct {
  readonly action: Action;
  /** Absent while the Action is unbound. */
  readonly binding?: TriggerAction;

  constructor(scope: Construct, id: string, props: FlowActionProps<C>) {
    super(scope, id);
    const { trigger, terraformName, secrets: names } = props.contract;
    const known = new Set([...names.required, ...names.optional]);
    const given = Object.entries<string | undefined>(props.secrets).filter(
      (entry): entry is [string, string] => entry[1] !== undefined,
    );
    const values = new Map(given);
    for (const name of values.keys()) {
      if (!known.has(name))
        throw new Error(`FlowAction ${props.name}: the code does not read a secret named ${name}`);
    }
    for (const name of names.required) {
      const value = values.get(name);
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

    const secrets = given
      .sort(([a], [b]) => byCodePoint(a, b))
      .map(([name, value]) => ({ name, value: literal(value) }));
    this.action = new Action(this, "action", {
      name: literal(props.name),
      runtime: "node22",
      // An undeployed Action never runs.
      deploy: true,
      code: escapeTerraformTemplate(props.code),
      supportedTriggers: { id: trigger, version: TRIGGERS[trigger] },
      // Write-only: sent on apply, never stored in state. Terraform only re-sends them when
      // the version changes, so the version is a hash of the values it carries.
      secretsWo: secrets,
      secretsWoVersion: Fn.parseint(Fn.substr(Fn.sha256(Fn.jsonencode(secrets)), 0, 12), 16),
    });
    this.action.overrideLogicalId(terraformName);

    if (!props.bound) return;
    this.binding = new TriggerAction(this, "binding", {
      trigger,
      actionId: this.action.id,
      dependsOn: props.bindAfter,
    });
    this.binding.overrideLogicalId(terraformName);
  }
}

/**
 * An Action whose environment setting (its contract's stateSetting) says "removed": no Action,
 * and its binding's block left out (LEFT_OUT). While the binding is in state, the Action is
 * still bound and Auth0 refuses to delete it, so the plan stops on the binding's
 * prevent_destroy under any client; after the apply that unbinds it, the state holds no binding
 * and the Action goes.
 */
export class RemovedFlowAction extends Construct {
  constructor(scope: Construct, id: string, contract: ActionContract) {
    super(scope, id);
    new TriggerAction(this, "binding", {
      ...LEFT_OUT,
      trigger: contract.trigger,
      actionId: leftOutBecause(`${contract.stateSetting} is "removed"`),
    }).overrideLogicalId(contract.terraformName);
  }
}
