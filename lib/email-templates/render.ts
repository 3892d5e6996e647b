import type { Liquid } from "liquidjs";
import { createAuth0Liquid } from "./liquid";

/**
 * Who receives the reset_email: someone invited (an unverified user of the environment's
 * connection) or an existing, verified user.
 */
export type Recipient = "invitee" | "verified";

export const RECIPIENTS: readonly Recipient[] = ["invitee", "verified"];

/** The variables Auth0 documents for email templates, with the values it would pass. */
export interface Auth0EmailContext {
  url: string;
  user: {
    email: string;
    email_verified: boolean;
    name: string;
    nickname: string;
    given_name?: string;
    family_name?: string;
    picture: string;
    app_metadata: Record<string, unknown>;
    user_metadata: Record<string, unknown>;
  };
  application: { name: string; client_id: string; client_metadata: Record<string, string> };
  connection: { name: string };
  tenant: string;
  friendly_name: string;
  support_email: string;
  support_url: string;
  request_language: string;
}

type UserOverrides = Partial<Auth0EmailContext["user"]>;

/**
 * A realistic context for one kind of recipient, a user of the database connection
 * `connectionName` (Auth0 passes it as `connection.name`; `reset_email` reads as an invitation
 * only for an unverified user of the environment's connection). An invitee is what an
 * admin-created database user looks like: Auth0 fills `name` with the email address and
 * `nickname` with its local part, and there is no given or family name. The verified user has
 * a full profile.
 */
export function auth0EmailContext(
  recipient: Recipient,
  connectionName: string,
  user: UserOverrides = {},
): Auth0EmailContext {
  const base =
    recipient === "invitee"
      ? {
          email: "new.colleague@example.com",
          email_verified: false,
          name: "new.colleague@example.com",
          nickname: "new.colleague",
        }
      : {
          email: "jane.doe@example.com",
          email_verified: true,
          name: "Jane Doe",
          nickname: "jane.doe",
          given_name: "Jane",
          family_name: "Doe",
        };
  return {
    url: "https://example-dev.eu.auth0.com/u/reset-verify?ticket=Tk3Xy9Qw2Rz8Lm5Np1Vb6Hc4#",
    user: {
      picture:
        "https://s.gravatar.com/avatar/0123456789abcdef?s=480&r=pg&d=https%3A%2F%2Fcdn.auth0.com%2Favatars%2Fnc.png",
      app_metadata: {},
      user_metadata: {},
      ...base,
      ...user,
    },
    application: {
      name: "Example Portal",
      client_id: "aBcDeFgHiJkLmNoPqRsTuVwXyZ012345",
      client_metadata: {},
    },
    connection: { name: connectionName },
    tenant: "example-dev",
    friendly_name: "Example",
    support_email: "support@example.com",
    support_url: "https://example.com/support",
    request_language: "en-US,en;q=0.9",
  };
}

let strictEngine: Liquid | undefined;

/**
 * The engine for tests and previews: Auth0's tags and filters only, and an undefined variable
 * or filter is an error, so a typo cannot quietly render as an empty string.
 */
export function strictAuth0Liquid(): Liquid {
  strictEngine ??= createAuth0Liquid({ strictVariables: true, strictFilters: true });
  return strictEngine;
}

export interface RenderedEmail {
  subject: string;
  html: string;
}

/** Renders a template's subject and body the way Auth0 would for this context. */
export function renderEmail(
  template: { subject: string; body: string },
  context: Auth0EmailContext,
): RenderedEmail {
  const engine = strictAuth0Liquid();
  const scope = context as unknown as Record<string, unknown>;
  return {
    subject: engine.parseAndRenderSync(template.subject, scope),
    html: engine.parseAndRenderSync(template.body, scope),
  };
}
