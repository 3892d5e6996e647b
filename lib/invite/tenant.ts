// The requests the CLI makes, and nothing else: the Management API through the `auth0` SDK, and
// the Authentication API's change-password endpoint, which is what sends an invitation. All of
// them go through the pacer's fetch.
import { LANGUAGE_KEY } from "../../actions/language";
import type { ApplicationSettings } from "../environment";
import { managementClient } from "../management-api/client";
import {
  classifyUserCreateError,
  describeError,
  retryAfterFromHeaders,
} from "../management-api/errors";
import type { Credentials } from "../operate/credentials";
import type { Invitee } from "./input";
import { inConnection, RESENT_AT, type TenantUser, USER_FIELDS } from "./invitees";

/** Auth0's user search returns at most this many results per query (per_page x pages). */
const SEARCH_WINDOW = 1000;
const PER_PAGE = 100;

export type CreateOutcome = { created: string } | { existing: true };

/** What the commands ask of the tenant; the tests and the bench drive the real one. */
export interface Tenant {
  /**
   * POST /api/v2/users. Only Auth0's "The user already exists." answers "existing"; every other
   * refusal throws TenantRequestError with Auth0's message.
   */
  createUser(invitee: Invitee, password: string): Promise<CreateOutcome>;
  /** The users of the connection with this address (none or one). */
  findByEmail(email: string): Promise<TenantUser | undefined>;
  /** Every user of the connection created at or after `sinceMs`, oldest first. */
  listConnectionUsers(sinceMs: number | undefined): Promise<TenantUser[]>;
  /**
   * The client id the invitations are sent for: the environment's application.clientId, or
   * the one application on the tenant named application.name. Throws TenantRequestError.
   */
  applicationClientId(): Promise<string>;
  /**
   * POST /dbconnections/change_password, on the custom domain when there is one: Auth0 sends
   * the Change Password email.
   */
  sendInvitation(email: string): Promise<void>;
  /** app_metadata.invite_resent_at, so `status` counts the link from the re-send. */
  recordResent(userId: string, atIso: string): Promise<void>;
  /** user_metadata.language (Auth0 merges user_metadata, so the rest of it stays). */
  recordLanguage(userId: string, language: string): Promise<void>;
  deleteUser(userId: string): Promise<void>;
}

/** A request failed; the message says how, in one line, without secrets. */
export class TenantRequestError extends Error {}

export interface TenantOptions {
  domain: string;
  connection: string;
  credentials: Credentials;
  /** The environment's application: known by id, or found by name on the tenant. */
  application: ApplicationSettings;
  /** The environment's customDomain. */
  customDomain?: string;
  fetch: typeof fetch;
}

export function auth0Tenant(options: TenantOptions): Tenant {
  const { domain, connection } = options;
  const client = managementClient(domain, options.credentials, {
    fetch: options.fetch,
    // The pacer retries; the SDK's own retries would not wait for the rate limit.
    maxRetries: 0,
    ...(options.customDomain === undefined ? {} : { customDomain: options.customDomain }),
  });
  // Where the invite Action asks for the first invitation (lib/stack), so a re-sent one is the
  // same: on the custom domain invitees should see. Auth0 documents that a request made in a
  // custom domain's context gets that domain's links; that the host alone decides it is inferred
  // (https://auth0.com/docs/customize/custom-domains/multiple-custom-domains/default-domain).
  const authenticationHost = options.customDomain ?? domain;
  const fields = USER_FIELDS.join(",");
  let appClientId: Promise<string> | undefined;

  async function resolveAppClientId(): Promise<string> {
    const { application } = options;
    if (application.kind === "referenced") return application.clientId;
    const matches: string[] = [];
    for await (const app of await client.clients.list({
      fields: "client_id,name",
      include_fields: true,
      per_page: PER_PAGE,
    })) {
      if (app.name === application.name && app.client_id) matches.push(app.client_id);
    }
    if (matches.length === 1) return matches[0];
    throw new TenantRequestError(
      matches.length === 0
        ? `no application named "${application.name}" on ${domain}: apply the environment first (the invitation is sent for that application)`
        : `${matches.length} applications are named "${application.name}" on ${domain}; set application.clientId in the environment file to say which one sends invitations`,
    );
  }

  const applicationClientId = () => {
    appClientId ??= resolveAppClientId();
    return appClientId;
  };

  return {
    applicationClientId,

    async createUser(invitee, password) {
      try {
        const created = await client.users.create({
          connection,
          email: invitee.email,
          password,
          email_verified: false,
          verify_email: false,
          ...(invitee.name === undefined ? {} : { name: invitee.name }),
          ...(invitee.given_name === undefined ? {} : { given_name: invitee.given_name }),
          ...(invitee.family_name === undefined ? {} : { family_name: invitee.family_name }),
          // Read by the invitation email and the login gate (actions/language.ts).
          ...(invitee.language === undefined
            ? {}
            : { user_metadata: { [LANGUAGE_KEY]: invitee.language } }),
        });
        return { created: created.user_id ?? "" };
      } catch (error) {
        const answer = classifyUserCreateError(error);
        if (answer.kind === "user-exists") return { existing: true };
        throw new TenantRequestError(answer.message);
      }
    },

    async findByEmail(email) {
      const users = (await described(() =>
        client.users.listUsersByEmail({ email, fields, include_fields: true }),
      )) as TenantUser[];
      return users.find((user) => inConnection(user, connection));
    },

    async listConnectionUsers(sinceMs) {
      // A search returns at most SEARCH_WINDOW users; sorted by created_at, the next window
      // starts at the last one seen, and users on the boundary are not counted twice.
      const seen = new Map<string, TenantUser>();
      let from = sinceMs === undefined ? undefined : new Date(sinceMs).toISOString();
      for (;;) {
        const window = await searchWindow(from);
        const fresh = window.filter((user) => !seen.has(user.user_id));
        for (const user of fresh) seen.set(user.user_id, user);
        if (window.length < SEARCH_WINDOW) break;
        if (fresh.length === 0) {
          throw new TenantRequestError(
            `more than ${SEARCH_WINDOW} users of ${connection} share the creation time ${from}; the user search cannot page past them`,
          );
        }
        from = window[window.length - 1].created_at;
      }
      return [...seen.values()];
    },

    async sendInvitation(email) {
      const clientId = await applicationClientId();
      let response: Response;
      try {
        response = await options.fetch(
          `https://${authenticationHost}/dbconnections/change_password`,
          {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ client_id: clientId, email, connection }),
            redirect: "manual",
          },
        );
      } catch (error) {
        throw new TenantRequestError(`change-password request: ${describeError(error)}`);
      }
      if (response.status >= 200 && response.status < 300) {
        await response.body?.cancel();
        return;
      }
      if (response.status === 429) {
        await response.body?.cancel();
        const wait = retryAfterFromHeaders(response.headers, Date.now());
        throw new TenantRequestError(
          `change-password request: HTTP 429, rate-limited again after waiting once (Auth0 allows a burst of 10 change-password requests per address, then 1 per minute)${wait === undefined ? "" : `; Auth0 asks to wait ${Math.ceil(wait / 1000)} s`}; try again later`,
        );
      }
      const text = (await response.text().catch(() => "")).trim().slice(0, 200);
      throw new TenantRequestError(
        `change-password request: HTTP ${response.status}${text ? `: ${text}` : ""}`,
      );
    },

    async recordResent(userId, atIso) {
      await described(() => client.users.update(userId, { app_metadata: { [RESENT_AT]: atIso } }));
    },

    async recordLanguage(userId, language) {
      await described(() =>
        client.users.update(userId, { user_metadata: { [LANGUAGE_KEY]: language } }),
      );
    },

    async deleteUser(userId) {
      await described(() => client.users.delete(userId));
    },
  };

  async function searchWindow(from: string | undefined): Promise<TenantUser[]> {
    const q = `identities.connection:${quote(connection)}${from === undefined ? "" : ` AND created_at:[${quote(from)} TO *]`}`;
    const users: TenantUser[] = [];
    for (let page = 0; page * PER_PAGE < SEARCH_WINDOW; page++) {
      const result = await described(() =>
        client.users.list({
          q,
          search_engine: "v3",
          sort: "created_at:1",
          fields,
          include_fields: true,
          page,
          per_page: PER_PAGE,
        }),
      );
      users.push(...(result.data as TenantUser[]));
      if (result.data.length < PER_PAGE) break;
    }
    return users;
  }
}

function quote(value: string): string {
  return `"${value.replace(/["\\]/g, "\\$&")}"`;
}

/** The SDK's errors as one line each. */
async function described<T>(request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    throw asTenantError(error);
  }
}

function asTenantError(error: unknown): TenantRequestError {
  return error instanceof TenantRequestError
    ? error
    : new TenantRequestError(error instanceof Error ? describeError(error) : String(error));
}
