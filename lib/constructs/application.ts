import { Construct } from "constructs";
import { Client } from "../../.gen/providers/auth0/client";
import { ClientCredentials } from "../../.gen/providers/auth0/client-credentials";
import { ConnectionClient } from "../../.gen/providers/auth0/connection-client";
import { literal } from "../terraform-string";

export type AppType = "regular_web" | "spa" | "native";

export interface NewApplicationProps {
  readonly name: string;
  readonly type: AppType;
  /** Allowed callback URLs. @default [] */
  readonly callbacks?: string[];
  /** Allowed logout URLs. @default [] */
  readonly logoutUrls?: string[];
  /** Allowed web origins (for `spa`). @default [] */
  readonly webOrigins?: string[];
  /**
   * HTTPS route of the app that starts a login (`initiate_login_uri`). After the invitee sets
   * a password, Universal Login offers to continue to it.
   */
  readonly loginUrl: string;
}

export interface ApplicationProps {
  /** Create and manage a new application. Exactly one of `create` and `existingClientId`. */
  readonly create?: NewApplicationProps;
  /** Use an application managed elsewhere; only its connection binding is added. */
  readonly existingClientId?: string;
  /** Id of the database connection to enable the application on. */
  readonly connectionId: string;
}

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
    if ((props.create === undefined) === (props.existingClientId === undefined)) {
      throw new Error("Application: give exactly one of `create` and `existingClientId`");
    }
    if (props.create !== undefined) {
      const app = props.create;
      this.client = new Client(this, "client", {
        name: literal(app.name),
        appType: app.type,
        callbacks: (app.callbacks ?? []).map(literal),
        allowedLogoutUrls: (app.logoutUrls ?? []).map(literal),
        webOrigins: (app.webOrigins ?? []).map(literal),
        initiateLoginUri: literal(app.loginUrl),
        isFirstParty: true,
        oidcConformant: true,
        grantTypes: ["authorization_code", "refresh_token"],
        // Deleting the app users sign in to is never what a config change should do; switching
        // to an existing client id means `terraform state rm auth0_client.app` first.
        lifecycle: { preventDestroy: true },
      });
      this.client.overrideLogicalId("app");
      // Browser and mobile apps cannot keep a secret: they exchange the code with PKCE only.
      if (app.type === "spa" || app.type === "native") {
        new ClientCredentials(this, "credentials", {
          clientId: this.client.clientId,
          authenticationMethod: "none",
        }).overrideLogicalId("app");
      }
      this.clientId = this.client.clientId;
    } else {
      this.clientId = literal(props.existingClientId as string);
    }
    this.binding = new ConnectionClient(this, "binding", {
      connectionId: props.connectionId,
      clientId: this.clientId,
    });
    this.binding.overrideLogicalId("app_database");
  }
}
