// The tenant as read, in the stand-in's tenant-file format (docs/stand-in-provider.md), so that
// `npm run rehearse -- <env> --tenant FILE` rehearses the first apply against a copy of it.
// Objects are in the provider's state shape; secrets are never in it: Auth0 returns none of
// the Actions' or the email provider's, and the connection's `configuration` is left out.

import type { SchemaBlock } from "../provider/schema/types";
import type { TenantFile } from "../provider/stand-in/tenant";
import type { ValueObject } from "../provider/stand-in/values";
import { type JsonObject, optionsToState, sensitiveKeys } from "./options";
import { TEMPLATE_NAMES, type TenantRead, TRIGGERS } from "./tenant";

export function tenantSnapshot(
  tenant: TenantRead,
  block: SchemaBlock,
  language: string,
): TenantFile & { $comment: string } {
  const resources: Record<string, Record<string, ValueObject>> = {};
  const add = (type: string, id: string, object: JsonObject) => {
    resources[type] ??= {};
    resources[type][id] = object as ValueObject;
  };

  const connection = tenant.connection;
  if (connection !== undefined) {
    const { state } = optionsToState(connection.options, block);
    for (const key of sensitiveKeys(state, block)) delete state[key];
    const wire = connection as unknown as Record<string, unknown>;
    add("auth0_connection", connection.id, {
      id: connection.id,
      name: connection.name,
      strategy: connection.strategy,
      display_name: typeof wire.display_name === "string" ? wire.display_name : null,
      is_domain_connection: wire.is_domain_connection === true,
      realms: Array.isArray(wire.realms) ? (wire.realms as string[]) : [connection.name],
      show_as_button: typeof wire.show_as_button === "boolean" ? wire.show_as_button : null,
      metadata: null,
      options: [state],
    });
  }
  if (tenant.application.kind === "referenced" && tenant.application.exists) {
    const { clientId, name } = tenant.application;
    add("auth0_client", clientId, { id: clientId, client_id: clientId, name: name ?? null });
  }
  for (const name of TEMPLATE_NAMES) {
    const t = tenant.templates[name];
    if (t === undefined) continue;
    add("auth0_email_template", name, {
      id: name,
      template: name,
      body: t.body ?? null,
      from: t.from ?? null,
      subject: t.subject ?? null,
      syntax: t.syntax ?? null,
      enabled: t.enabled ?? null,
      result_url: t.resultUrl ?? null,
      url_lifetime_in_seconds: t.urlLifetimeInSeconds ?? null,
      include_email_in_redirect: t.includeEmailInRedirect ?? null,
    });
  }
  if (tenant.emailProvider !== undefined) {
    const p = tenant.emailProvider;
    add("auth0_email_provider", p.name, {
      id: p.name,
      name: p.name,
      enabled: p.enabled ?? true,
      default_from_address: p.default_from_address ?? null,
      credentials: [{ ...p.credentials }],
    });
  }
  for (const action of tenant.actions) {
    add("auth0_action", action.id, {
      id: action.id,
      name: action.name,
      code: action.code,
      runtime: action.runtime ?? null,
      deploy: true,
      supported_triggers: action.triggers.map((t) => ({ id: t.id, version: t.version ?? null })),
    });
  }
  for (const trigger of TRIGGERS) {
    for (const binding of tenant.bindings[trigger]) {
      const id = `${trigger}::${binding.actionId}`;
      add("auth0_trigger_action", id, {
        id,
        trigger,
        action_id: binding.actionId,
        display_name: binding.displayName ?? binding.actionName,
      });
    }
  }
  if (Object.keys(tenant.resetPageText).length > 0) {
    const id = `reset-password::${language}`;
    add("auth0_prompt_custom_text", id, {
      id,
      prompt: "reset-password",
      language,
      body: JSON.stringify(tenant.resetPageText),
    });
  }
  return {
    $comment: `${tenant.domain} as npm run adopt read it, for npm run rehearse -- <env> --tenant <this file>. No secrets: the connection's configuration and every credential are left out. When the tenant was created is not known here: add "createdAt" when it is after 2026-05-05 (a Redirect To is then refused).`,
    domain: tenant.domain,
    customDomains: tenant.customDomains.map((d) => ({ domain: d.domain, status: d.status })),
    resources,
  };
}
