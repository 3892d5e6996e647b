import { LocalBackend, TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
// Per-resource modules, not the provider's index: the index would load all 130 bindings.
import { DataAuth0Connection } from "../.gen/providers/auth0/data-auth0-connection";
import { Auth0Provider } from "../.gen/providers/auth0/provider";

export interface InviteStackProps {
  /** The tenant's domain, e.g. `example-dev.eu.auth0.com`. Pinned in the provider block. */
  readonly domain: string;
  /**
   * Name of the database connection invited users live in.
   * @default "Username-Password-Authentication"
   */
  readonly connectionName?: string;
}

/**
 * One Auth0 tenant. The provider block carries only the domain, so a stack can act on its
 * own tenant alone; credentials come from AUTH0_CLIENT_ID / AUTH0_CLIENT_SECRET (or
 * AUTH0_API_TOKEN) in the environment of `plan`/`apply` and never reach the JSON.
 *
 * For now it only looks up the database connection (read-only); the invite flow's
 * resources are added by the stack issue.
 */
export class InviteStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: InviteStackProps) {
    super(scope, id);
    // cdktf's default local backend records this machine's absolute path in the JSON.
    // Terraform runs in cdktf.out/stacks/<id>, so this is the same file at the repo root.
    new LocalBackend(this, { path: `../../../terraform.${id}.tfstate` });
    new Auth0Provider(this, "auth0", { domain: props.domain });

    const connection = new DataAuth0Connection(this, "database_connection", {
      name: props.connectionName ?? "Username-Password-Authentication",
    });
    new TerraformOutput(this, "database_connection_id", {
      value: connection.id,
      description: "Id (con_...) of the database connection invited users are created in",
    });
  }
}
