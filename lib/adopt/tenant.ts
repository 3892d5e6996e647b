// What `npm run adopt` reads of a live tenant: everything the first apply adopts, overwrites or
// sits beside, with GET requests only, through the one Management API client
// (lib/management-api). Secrets Auth0 would return are dropped here, before anything else sees
// them. Answers are read as Auth0 gives them (the auth0 provider's recorded traffic at v1.55.0
// names each shape where it matters).
import { ManagementError } from "auth0";
import { isPlainObject } from "../environment";
import { managementClient } from "../management-api/client";
import { describeError, statusOf } from "../management-api/errors";
import type { Credentials } from "../operate/credentials";

export const TEMPLATE_NAMES = ["reset_email", "welcome_email", "verify_email"] as const;
export type TemplateName = (typeof TEMPLATE_NAMES)[number];

/** The triggers the stack binds an Action to. */
export const TRIGGERS = ["post-user-registration", "post-login"] as const;
export type Trigger = (typeof TRIGGERS)[number];

export interface WireConnection {
  readonly id: string;
  readonly name: string;
  readonly strategy: string;
  readonly options: Record<string, unknown>;
}

/** GET /api/v2/email-templates/{name}, as recorded (TestAccEmailTemplate). */
export interface WireTemplate {
  readonly template: string;
  readonly body?: string;
  readonly from?: string;
  readonly subject?: string;
  readonly syntax?: string;
  readonly enabled?: boolean;
  readonly resultUrl?: string;
  readonly urlLifetimeInSeconds?: number;
  readonly includeEmailInRedirect?: boolean;
}

/** The email provider without its secrets: only the credentials that are settings. */
export interface WireEmailProvider {
  readonly name: string;
  readonly enabled?: boolean;
  readonly default_from_address?: string;
  readonly credentials: Record<string, string | number>;
}

export interface WireAction {
  readonly id: string;
  readonly name: string;
  readonly triggers: readonly { readonly id: string; readonly version?: string }[];
  readonly code: string;
  readonly runtime?: string;
  /** Names only: Auth0 never returns a secret's value. */
  readonly secretNames: readonly string[];
}

export interface WireBinding {
  readonly id: string;
  readonly actionId: string;
  readonly actionName: string;
  readonly displayName?: string;
}

export interface WireCustomDomain {
  readonly domain: string;
  readonly status: string;
  readonly primary?: boolean;
  readonly isDefault?: boolean;
}

export interface TenantRead {
  readonly domain: string;
  /** The connection the file names (by id, or else by name); undefined when there is none. */
  readonly connection: WireConnection | undefined;
  readonly templates: Readonly<Record<TemplateName, WireTemplate | undefined>>;
  readonly emailProvider: WireEmailProvider | undefined;
  readonly actions: readonly WireAction[];
  readonly bindings: Readonly<Record<Trigger, readonly WireBinding[]>>;
  /** The reset-password prompt's custom text in the file's language; `{}` when none is set. */
  readonly resetPageText: Record<string, unknown>;
  readonly customDomains: readonly WireCustomDomain[];
  /** Tenant flag enable_custom_domain_in_emails ("Use Custom Domain in Emails"). */
  readonly customDomainInEmails: boolean | undefined;
  /** The application the file references by client id, or the ones named like the one it creates. */
  readonly application: Readonly<
    | { kind: "referenced"; clientId: string; exists: boolean; name?: string }
    | { kind: "managed"; name: string; sameName: readonly string[] }
  >;
}

/** What the read needs from the environment file (read before it validates). */
export interface ReadRequest {
  readonly domain: string;
  readonly connection: { readonly id?: string; readonly name: string };
  readonly application: Readonly<
    { kind: "referenced"; clientId: string } | { kind: "managed"; name: string }
  >;
  readonly language: string;
}

/** A read failed; the message says which and why, in one line, without secrets. */
export class TenantReadError extends Error {}

/**
 * Credentials in email provider answers that are settings, not secrets (the provider's
 * `credentials` block: region, domain, smtp_host, smtp_port, smtp_user). Anything else Auth0
 * may send back is dropped unread.
 */
const PROVIDER_SETTINGS = ["region", "domain", "smtp_host", "smtp_port", "smtp_user"];

export async function readTenant(
  request: ReadRequest,
  credentials: Credentials,
  fetchImpl: typeof fetch,
): Promise<TenantRead> {
  const client = managementClient(request.domain, credentials, { fetch: fetchImpl });
  const step = async <T>(what: string, scope: string, read: () => Promise<T>): Promise<T> => {
    try {
      return await read();
    } catch (error) {
      const hint = statusOf(error) === 403 ? ` (the client needs ${scope})` : "";
      throw new TenantReadError(`reading ${what}: ${describeError(error)}${hint}`);
    }
  };
  // A GET of what a tenant may not have answers 404: that is an answer, not a failure.
  const orMissing = async <T>(read: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await read();
    } catch (error) {
      if (error instanceof ManagementError && error.statusCode === 404) return undefined;
      throw error;
    }
  };

  const connection = await step("the connection", "read:connections", async () => {
    if (request.connection.id !== undefined) {
      const found = await orMissing(() => client.connections.get(request.connection.id as string));
      return found === undefined ? undefined : (found as unknown as WireConnection);
    }
    const page = await client.connections.list({
      name: request.connection.name,
      strategy: ["auth0"],
      take: 50,
    });
    for await (const item of page) {
      if (item.name === request.connection.name) return item as unknown as WireConnection;
    }
    return undefined;
  });

  const templates = {} as Record<TemplateName, WireTemplate | undefined>;
  for (const name of TEMPLATE_NAMES) {
    // A template never customised is not stored: the provider's create reads it and, on an
    // error, creates it (email/resource_template.go at v1.55.0).
    templates[name] = await step(`the ${name} template`, "read:email_templates", () =>
      orMissing(async () => (await client.emailTemplates.get(name)) as unknown as WireTemplate),
    );
  }

  const provider = await step("the email provider", "read:email_provider", () =>
    // 404 inexistent_email_provider when there is none (recording TestAccEmail).
    orMissing(async () => {
      const answer = (await client.emails.provider.get({
        fields: "name,enabled,default_from_address,credentials",
        include_fields: true,
      })) as unknown as Record<string, unknown>;
      return answer;
    }),
  );
  const emailProvider: WireEmailProvider | undefined =
    provider === undefined
      ? undefined
      : {
          name: String(provider.name ?? ""),
          ...(typeof provider.enabled === "boolean" ? { enabled: provider.enabled } : {}),
          ...(typeof provider.default_from_address === "string"
            ? { default_from_address: provider.default_from_address }
            : {}),
          credentials: settingsOnly(provider.credentials),
        };

  const actions = await step("Actions", "read:actions", async () => {
    const found: WireAction[] = [];
    for await (const action of await client.actions.list({ per_page: 50 })) {
      const a = action as unknown as Record<string, unknown>;
      found.push({
        id: String(a.id ?? ""),
        name: String(a.name ?? ""),
        triggers: Array.isArray(a.supported_triggers)
          ? (a.supported_triggers as { id: string; version?: string }[])
          : [],
        code: typeof a.code === "string" ? a.code : "",
        ...(typeof a.runtime === "string" ? { runtime: a.runtime } : {}),
        secretNames: Array.isArray(a.secrets)
          ? (a.secrets as { name?: unknown }[]).map((s) => String(s.name ?? ""))
          : [],
      });
    }
    return found;
  });

  const bindings = {} as Record<Trigger, WireBinding[]>;
  for (const trigger of TRIGGERS) {
    bindings[trigger] = await step(`the ${trigger} bindings`, "read:actions", async () => {
      const found: WireBinding[] = [];
      for await (const binding of await client.actions.triggers.bindings.list(trigger, {
        per_page: 50,
      })) {
        const b = binding as unknown as {
          id?: string;
          display_name?: string;
          action?: { id?: string; name?: string };
        };
        found.push({
          id: String(b.id ?? ""),
          actionId: String(b.action?.id ?? ""),
          actionName: String(b.action?.name ?? ""),
          ...(b.display_name === undefined ? {} : { displayName: b.display_name }),
        });
      }
      return found;
    });
  }

  // `{}` when nothing is set (recording TestAccPromptCustomText).
  const resetPageText = await step("the reset-password page's text", "read:prompts", async () =>
    asRecord(
      await client.prompts.customText.get(
        "reset-password",
        request.language as Parameters<typeof client.prompts.customText.get>[1],
      ),
    ),
  );

  // A bare array (recording TestAccDataSourceCustomDomain).
  const customDomains = await step("custom domains", "read:custom_domains", async () => {
    const answer = (await client.customDomains.list()) as unknown;
    return (Array.isArray(answer) ? answer : []).map((d: Record<string, unknown>) => ({
      domain: String(d.domain ?? ""),
      status: String(d.status ?? ""),
      ...(typeof d.primary === "boolean" ? { primary: d.primary } : {}),
      ...(typeof d.is_default === "boolean" ? { isDefault: d.is_default } : {}),
    }));
  });

  const customDomainInEmails = await step("tenant settings", "read:tenant_settings", async () => {
    const settings = (await client.tenants.settings.get({
      fields: "flags",
      include_fields: true,
    })) as unknown as { flags?: { enable_custom_domain_in_emails?: unknown } };
    const flag = settings.flags?.enable_custom_domain_in_emails;
    return typeof flag === "boolean" ? flag : undefined;
  });

  const application = await step("the application", "read:clients", async () => {
    const wanted = request.application;
    if (wanted.kind === "referenced") {
      const found = (await orMissing(() =>
        client.clients.get(wanted.clientId, { fields: "client_id,name", include_fields: true }),
      )) as { name?: string } | undefined;
      return {
        kind: wanted.kind,
        clientId: wanted.clientId,
        exists: found !== undefined,
        ...(found?.name === undefined ? {} : { name: found.name }),
      };
    }
    const sameName: string[] = [];
    for await (const app of await client.clients.list({
      fields: "client_id,name",
      include_fields: true,
      per_page: 50,
    })) {
      if (app.name === wanted.name && app.client_id) sameName.push(app.client_id);
    }
    return { kind: wanted.kind, name: wanted.name, sameName };
  });

  return {
    domain: request.domain,
    connection,
    templates,
    emailProvider,
    actions,
    bindings,
    resetPageText,
    customDomains,
    customDomainInEmails,
    application,
  };
}

const asRecord = (value: unknown) => (isPlainObject(value) ? value : {});

function settingsOnly(credentials: unknown): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(asRecord(credentials))) {
    if (!PROVIDER_SETTINGS.includes(key)) continue;
    if (typeof value === "string" || typeof value === "number") out[key] = value;
  }
  return out;
}
