import type { Environment } from "../../environment";
import type { TenantFile } from "./tenant";
import type { ValueObject } from "./values";

/** An Action someone bound in the dashboard: the stack must leave it bound. */
export const OTHER_ACTION_ID = "0e8d0c6a-5b1f-4c2e-9d3a-7f6e5d4c3b2a";
export const OTHER_BINDING_ID = `post-user-registration::${OTHER_ACTION_ID}`;
/** Likewise on post-login, the trigger the login gate is appended to. */
export const OTHER_LOGIN_ACTION_ID = "5c4b3a29-1807-4f6e-8d5c-4b3a29180706";
export const OTHER_LOGIN_BINDING_ID = `post-login::${OTHER_LOGIN_ACTION_ID}`;

/** A tenant created after Auth0 stopped letting new non-enterprise tenants set Redirect To. */
export const NEW_TENANT_CREATED_AT = "2026-06-01T00:00:00Z";

/**
 * Auth0's password policy of a connection created today: the flexible model (recording
 * TestAccConnectionAddEmailAttributeUnique, provider v1.55.0), in the provider's state shape.
 */
export const FLEXIBLE_DEFAULTS: ValueObject = {
  password_options: [
    {
      complexity: [
        {
          min_length: 15,
          character_types: [],
          character_type_rule: "all",
          identical_characters: "allow",
          sequential_characters: "allow",
          max_length_exceeded: "error",
        },
      ],
      profile_data: [
        {
          active: false,
          blocked_fields: [
            "name",
            "username",
            "nickname",
            "email",
            "phone_number",
            "user_metadata.name",
            "user_metadata.first",
            "user_metadata.last",
          ],
        },
      ],
      history: [{ active: false, size: 3 }],
      dictionary: [{ active: false, custom: [], default: "en_100k" }],
    },
  ],
};

/** The legacy model, as older connections hold it (recording TestAccConnectionPasswordAuthenticationBehaviors). */
export const LEGACY_DEFAULTS: ValueObject = { password_policy: "good" };

/**
 * The options Auth0 gives a tenant's Username-Password-Authentication connection, in the
 * provider's state shape, with the password policy in the model the environment says the
 * tenant's connection uses: what adopting a live tenant's default connection starts from.
 */
function defaultDatabaseConnection(
  id: string,
  name: string,
  model: "flexible" | "legacy",
): ValueObject {
  return {
    id,
    name,
    strategy: "auth0",
    display_name: null,
    is_domain_connection: false,
    realms: [name],
    show_as_button: null,
    metadata: null,
    options: [
      {
        brute_force_protection: true,
        strategy_version: 2,
        disable_signup: false,
        requires_username: false,
        import_mode: false,
        enabled_database_customization: false,
        disable_self_service_change_password: false,
        mfa: [{ active: true, return_enroll_settings: true }],
        ...(model === "flexible" ? FLEXIBLE_DEFAULTS : LEGACY_DEFAULTS),
        authentication_methods: [
          {
            password: [{ enabled: true, api_behavior: "required", signup_behavior: "allow" }],
            passkey: [{ enabled: false }],
          },
        ],
        passkey_options: [
          {
            challenge_ui: "both",
            local_enrollment_enabled: true,
            progressive_enrollment_enabled: true,
          },
        ],
      },
    ],
  };
}

/**
 * A fresh simulated tenant for an environment: what a live tenant it points at already has.
 * The connection it adopts exists with Auth0's defaults; the application it references by
 * client id exists; another team's Actions are bound to the triggers the stack's Actions use.
 */
export function seedTenant(config: Environment): TenantFile {
  const resources: Record<string, Record<string, ValueObject>> = {
    auth0_connection: {},
    auth0_client: {},
    auth0_action: {
      [OTHER_ACTION_ID]: {
        id: OTHER_ACTION_ID,
        name: "audit-new-users",
        code: "exports.onExecutePostUserRegistration = async () => {};",
        runtime: "node22",
        deploy: true,
        supported_triggers: [{ id: "post-user-registration", version: "v2" }],
      },
      [OTHER_LOGIN_ACTION_ID]: {
        id: OTHER_LOGIN_ACTION_ID,
        name: "add-roles-claim",
        code: "exports.onExecutePostLogin = async () => {};",
        runtime: "node22",
        deploy: true,
        supported_triggers: [{ id: "post-login", version: "v3" }],
      },
    },
    auth0_trigger_action: {
      [OTHER_BINDING_ID]: {
        id: OTHER_BINDING_ID,
        trigger: "post-user-registration",
        action_id: OTHER_ACTION_ID,
        display_name: "audit-new-users",
      },
      [OTHER_LOGIN_BINDING_ID]: {
        id: OTHER_LOGIN_BINDING_ID,
        trigger: "post-login",
        action_id: OTHER_LOGIN_ACTION_ID,
        display_name: "add-roles-claim",
      },
    },
  };
  const { connection, application } = config;
  if (connection.id !== undefined) {
    resources.auth0_connection[connection.id] = defaultDatabaseConnection(
      connection.id,
      connection.name,
      connection.passwordPolicy.model,
    );
  }
  if (application.kind === "referenced") {
    resources.auth0_client[application.clientId] = {
      id: application.clientId,
      client_id: application.clientId,
      name: "Existing application",
      app_type: "regular_web",
    };
  }
  return { domain: config.domain, createdAt: NEW_TENANT_CREATED_AT, resources };
}
