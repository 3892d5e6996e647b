import { DataResource, Fn } from "cdktf";
import { Construct } from "constructs";
import { GATE_CUTOFF } from "../../action";

/**
 * The login gate's cutoff when the environment does not state one: the moment terraform first
 * applies the gate, recorded by terraform itself in a built-in `terraform_data` resource
 * (terraform.io/builtin/terraform, no provider to install). `timestamp()` is only known at
 * apply, and a new one is read at every plan, so `input` is ignored after the create: the
 * recorded time never moves, and a re-plan shows no change. A time written into the file
 * before the apply would be either too early (users created in between are not gated) or
 * still in the future.
 */
export class GateCutoff extends Construct {
  readonly resource: DataResource;
  /** The recorded time (`2026-12-01T09:00:00Z`), as a reference terraform resolves at apply. */
  readonly value: string;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.resource = new DataResource(this, "resource", {
      lifecycle: { ignoreChanges: ["input"] },
    });
    // `input` is typed as a map in cdktf; terraform_data takes any value, here one string.
    this.resource.addOverride("input", Fn.timestamp());
    this.resource.overrideLogicalId(GATE_CUTOFF);
    this.value = this.resource.getStringAttribute("output");
  }
}
