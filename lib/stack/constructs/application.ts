import { Construct } from "constructs";
import { Client } from "../../../.gen/providers/auth0/client";
import { ClientCredentials } from "../../../.gen/providers/auth0/client-credentials";
import { ConnectionClient } from "../../../.gen/providers/auth0/connection-client";
import type { ApplicationSettings } from "../../environment";
import { LEFT_OUT, leftOutBecause } from "../left-out";
import { literal } from "../literal";

export type ApplicationProps = ApplicationSettings & {
  /** Id of the database connection to enable the application on. */
  readonly connectionId: string;
};

/**
 * The application invitations are sent for, enabled on the database connection with the
 * 1:1 `auth0_connection_client`: the authoritative `auth0_connection_clients` would disable
 * every other application already using the connection.
 */
export class Application extends Construct {
  readonly clientId: string;
  readonly client?: Client;
  readonly binding: ConnectionClient;

  constructor(scope: Construct, id: string, props: ApplicationProps) {
    super(scope, id);
    if (props.kind === "referenced") {
      this.clientId = literal(props.clientId);
      // The application this stack made, if it made one, is not deleted for the existing one:
      // the plan stops until it is `terraform state rm`-ed (docs/adopting.md).
      new Client(this, "client", {
        ...LEFT_OUT,
        name: leftOutBecause("application.clientId is set"),
      }).overrideLogicalId("app");
    } else {
      this.client = new Client(this, "client", {
        name: literal(props.name),
        appType: props.type,
        callbacks: props.callbacks.map(literal),
        allowedLogoutUrls: props.logoutUrls.map(literal),
        webOrigins: props.webOrigins.map(literal),
        initiateLoginUri: literal(props.loginUrl),
        isFirstParty: true,
        oidcConformant: true,
        grantTypes: ["authorization_code", "refresh_token"],
        // Deleting the app users sign in to is never what a config change should do; switching
        // to an existing client id means `terraform state rm auth0_client.app` first.
        lifecycle: { preventDestroy: true },
      });
      this.client.overrideLogicalId("app");
      // Browser and mobile apps cannot keep a secret: they exchange the code with PKCE only.
      if (props.type === "spa" || props.type === "native") {
        new ClientCredentials(this, "credentials", {
          clientId: this.client.clientId,
          authenticationMethod: "none",
        }).overrideLogicalId("app");
      }
      this.clientId = this.client.clientId;
    }
    this.binding = new ConnectionClient(this, "binding", {
      connectionId: props.connectionId,
      clientId: this.clientId,
    });
    this.binding.overrideLogicalId("app_database");
  }
}
