import type { EmailBranding } from "../email-templates";
import type { EnvironmentConfig } from "./schema";

export {
  EnvironmentConfigError,
  type LoadedEnvironment,
  loadEnvironments,
  parseEnvironment,
} from "./load";
export * from "./schema";

/** The per-tenant values the email templates are rendered with. */
export function emailBrandingFor(config: EnvironmentConfig): EmailBranding {
  const { productName, supportEmail, brandColor, logoUrl, linkLifetimeSeconds } = config.email;
  return {
    productName,
    supportEmail,
    brandColor,
    logoUrl,
    linkLifetimeSeconds,
    // reset_email reads as an invitation only for unverified users of this connection.
    connectionName: config.connection.name,
  };
}
