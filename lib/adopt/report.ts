// The adoption report: what the first apply of an environment file does to the tenant as read,
// resource by resource. Each item says whether the tenant loses something (a value gone or
// changed that the file did not ask for and could have kept, or one no plan shows going),
// whether the apply cannot go through as it is, and which field keeps the tenant's value.
import { GATE_CUTOFF } from "../action";
import { DEFAULT_CONNECTION_NAME, isPlainObject } from "../environment";
import type { SchemaBlock } from "../provider/schema/types";
import { CONNECTION_OPTIONS_KEPT } from "../provider/stand-in/auth0-api";
import { FLEXIBLE_DEFAULTS } from "../provider/stand-in/seed";
import { shortDiff } from "./diff";
import {
  comparable,
  isEmpty,
  type Json,
  type JsonObject,
  optionsToState,
  sameJson,
  sensitiveKeys,
} from "./options";
import {
  type FieldSet,
  looksLikeOurs,
  PASSWORD_BLOCKS,
  passwordModelOf,
  stackActions,
} from "./proposal";
import type { StackJson } from "./stack";
import { TEMPLATE_NAMES, type TenantRead, TRIGGERS } from "./tenant";

export type ItemKind =
  | "create"
  | "import"
  | "overwrite"
  | "take-over"
  | "drop"
  | "stuck"
  | "conflict"
  | "beside";

export interface ReportItem {
  /** The Terraform address, or what the item is about when it is none of the stack's. */
  readonly resource: string;
  readonly kind: ItemKind;
  /** One line: what happens. */
  readonly what: string;
  /** Old -> new, one line each; values shortened, secrets never. */
  readonly changes?: readonly string[];
  /** The tenant loses something the file did not ask to lose. */
  readonly loss: boolean;
  /** The first apply fails, or the stack cannot work, until this is changed. */
  readonly blocks: boolean;
  /** How to keep the tenant's value (the field to set), or why nothing can. */
  readonly keep?: string;
  /** `--write` sets that field. */
  readonly written?: boolean;
}

export interface AdoptReport {
  readonly environment: string;
  readonly file: string;
  readonly domain: string;
  readonly items: readonly ReportItem[];
  readonly counts: Readonly<Record<ItemKind | "losses" | "blockers", number>>;
}

export interface ReportInput {
  readonly environment: string;
  readonly file: string;
  /** The environment file reported on, as JSON (what it states is what it decided). */
  readonly decided: JsonObject;
  /** Fields the file lacks that synth requires, filled in to make the report. */
  readonly required: readonly FieldSet[];
  /** What --write would set (empty when the report is on a file --write wrote). */
  readonly proposed: readonly FieldSet[];
  readonly stack: StackJson;
  readonly tenant: TenantRead;
  readonly block: SchemaBlock;
  /** The environment's reset-page language and login gate (validated). */
  readonly language: string;
  readonly invitedSince: string | undefined;
  readonly customDomain: string | undefined;
}

const show = (value: unknown, width = 60): string => {
  if (value === undefined) return "(unset)";
  const text =
    typeof value === "string" ? JSON.stringify(value) : (JSON.stringify(value) ?? "null");
  return text.length > width ? `${text.slice(0, width - 3)}...` : text;
};

/** Where the environment file states each option the stack sends (dotted option path). */
const OPTION_FIELDS: Readonly<Record<string, string>> = {
  disable_signup: "connection.disableSignup",
  brute_force_protection: "connection.bruteForceProtection",
  requires_username: "connection.requiresUsername",
  "password_options.complexity.min_length": "connection.passwordPolicy.minLength",
  "password_options.complexity.character_types": "connection.passwordPolicy.characterTypes",
  "password_options.complexity.character_type_rule": "connection.passwordPolicy.characterTypeRule",
  "password_options.history.active": "connection.passwordPolicy.history",
  "password_options.history.size": "connection.passwordPolicy.history",
  "password_options.dictionary.active": "connection.passwordPolicy.dictionary",
  "password_options.profile_data.active": "connection.passwordPolicy.noPersonalInfo",
  password_policy: "connection.passwordPolicy.strength",
  "password_complexity_options.min_length": "connection.passwordPolicy.minLength",
  "password_history.enable": "connection.passwordPolicy.history",
  "password_history.size": "connection.passwordPolicy.history",
  "password_no_personal_info.enable": "connection.passwordPolicy.noPersonalInfo",
  "password_dictionary.enable": "connection.passwordPolicy.dictionary",
};

/** Options whose value the invitation flow itself needs: no field can keep another. */
const FLOW_OPTIONS: Readonly<Record<string, string>> = {
  disable_self_service_change_password:
    "the invitation is a password reset, so self-service password change stays on",
  "attributes.email.verification_method":
    "with one-time codes Auth0 would send the Change Password (Code) email instead of the invitation link",
};

interface Leaf {
  readonly path: string;
  readonly from: Json | undefined;
  readonly to: Json | undefined;
}

/** Every value that differs between the tenant's option and the stack's, by dotted path. */
function leaves(tenant: Json | undefined, stack: Json | undefined, path: string): Leaf[] {
  if (stack === undefined) return isEmpty(tenant) ? [] : [{ path, from: tenant, to: undefined }];
  if (isPlainObject(tenant) && isPlainObject(stack)) {
    const t = tenant as JsonObject;
    const s = stack as JsonObject;
    // A policy block that is off on both sides: its other values do nothing.
    const off = (o: JsonObject) => o.active === false || o.enable === false;
    const keys = [...new Set([...Object.keys(t), ...Object.keys(s)])].sort();
    return keys.flatMap((key) => {
      if (off(t) && off(s) && key !== "active" && key !== "enable") return [];
      return leaves(t[key], s[key], `${path}.${key}`);
    });
  }
  // An empty list is a value (no kind of character required); only null is "not set".
  if (tenant === undefined || tenant === null) {
    return isEmpty(stack) ? [] : [{ path, from: undefined, to: stack }];
  }
  // Both sides are in comparable form already: sets sorted, lists in their order.
  return JSON.stringify(tenant) === JSON.stringify(stack)
    ? []
    : [{ path, from: tenant, to: stack }];
}

const fieldDecided = (decided: JsonObject, field: string): boolean => {
  let value: unknown = decided;
  for (const key of field.split(".")) {
    if (!isPlainObject(value) || !Object.hasOwn(value, key)) return false;
    value = value[key];
  }
  return true;
};

export function buildReport(input: ReportInput): AdoptReport {
  const items: ReportItem[] = [];
  const { stack, tenant, decided } = input;
  // A block with `count = 0` (lib/stack/left-out.ts) only keeps a resource the state may still
  // hold from being destroyed; it creates and changes nothing on the tenant.
  const resources = Object.fromEntries(
    Object.entries((stack.resource ?? {}) as Record<string, Record<string, StackJson>>).map(
      ([type, blocks]) => [
        type,
        Object.fromEntries(Object.entries(blocks).filter(([, block]) => block.count !== 0)),
      ],
    ),
  ) as Record<string, Record<string, StackJson>>;
  const proposedValue = (field: string) => input.proposed.find((p) => p.field === field);
  const keepBy = (field: string, value?: Json): Pick<ReportItem, "keep" | "written"> => {
    const proposed = proposedValue(field);
    const shown = proposed?.value ?? value;
    return {
      keep: shown === undefined ? field : `${field}: ${show(shown, 80)}`,
      ...(proposed ? { written: true } : {}),
    };
  };

  // The connection ------------------------------------------------------------------------------
  const connectionResource = resources.auth0_connection?.database;
  const connectionAddress = "auth0_connection.database";
  const wanted = connectionResource?.name as string;
  const importId = (stack.import as { id?: string }[] | undefined)?.[0]?.id;
  const found = tenant.connection;
  if (found === undefined) {
    if (importId !== undefined) {
      items.push({
        resource: connectionAddress,
        kind: "conflict",
        what: `the tenant has no connection ${importId}: the plan fails (Cannot import non-existent remote object)`,
        loss: false,
        blocks: true,
        keep: "connection.id: the id of the tenant's connection (Authentication > Database)",
      });
    } else {
      items.push({
        resource: connectionAddress,
        kind: "create",
        what: `creates the connection ${wanted}: the tenant has none by that name`,
        loss: false,
        blocks: false,
      });
    }
  } else {
    if (found.name !== wanted || found.strategy !== "auth0") {
      items.push({
        resource: connectionAddress,
        kind: "conflict",
        what: `${found.id} is ${found.name} (strategy ${found.strategy}), not the ${wanted} database connection the file names: after the import terraform would replace it, deleting its users (prevent_destroy refuses)`,
        loss: false,
        blocks: true,
        keep: `connection.name: ${JSON.stringify(found.name)}, or the id of ${wanted}`,
      });
    }
    items.push({
      resource: connectionAddress,
      kind: "import",
      what: `imports ${found.name} (${found.id}); its options are then replaced by the ones the stack states`,
      loss: false,
      blocks: false,
    });
    for (const field of input.required) {
      const creates = field.field === "connection.id" && wanted !== DEFAULT_CONNECTION_NAME;
      items.push({
        resource: connectionAddress,
        kind: "conflict",
        what: creates
          ? `connection.id is not in the file: the stack would create another connection named ${wanted}, which Auth0 refuses (409); the report is on the file with the id`
          : `${field.field} is not in the file, and synth refuses the file without it; the report is on the file with it`,
        loss: false,
        blocks: true,
        keep: `${field.field}: ${show(field.value)}`,
        written: true,
      });
    }
    items.push(...connectionItems(input, found.options, connectionResource, keepBy));
  }

  // The application ------------------------------------------------------------------------------
  const app = tenant.application;
  if (app.kind === "referenced") {
    items.push(
      app.exists
        ? {
            resource: "auth0_connection_client.app_database",
            kind: "create",
            what: `enables the existing application ${app.name ?? app.clientId} (${app.clientId}) on the connection; its other settings stay`,
            loss: false,
            blocks: false,
          }
        : {
            resource: "auth0_connection_client.app_database",
            kind: "conflict",
            what: `the tenant has no application ${app.clientId}: enabling it on the connection fails (404)`,
            loss: false,
            blocks: true,
            keep: "application.clientId: the client id of an application on this tenant",
          },
    );
  } else {
    items.push({
      resource: "auth0_client.app",
      kind: "create",
      what:
        app.sameName.length === 0
          ? `creates the application ${app.name}`
          : `creates the application ${app.name}, beside the ${app.sameName.length} the tenant already has by that name (${app.sameName.join(", ")}); to use one of them instead, set application.clientId`,
      loss: false,
      blocks: false,
    });
  }

  // The email provider ------------------------------------------------------------------------------
  const provider = resources.auth0_email_provider?.email;
  const current = tenant.emailProvider;
  if (provider !== undefined) {
    const from = provider.default_from_address as string;
    if (current === undefined) {
      items.push({
        resource: "auth0_email_provider.email",
        kind: "create",
        what: `creates the email provider ${provider.name} (from ${from})`,
        loss: false,
        blocks: false,
      });
    } else {
      const same = current.name === provider.name && current.default_from_address === from;
      items.push({
        resource: "auth0_email_provider.email",
        kind: "take-over",
        what: same
          ? `takes over the tenant's ${current.name} provider, with the credentials of its TF_VAR_email_provider_* variables (the plan shows a create)`
          : `replaces the tenant's ${current.name} provider (from ${current.default_from_address ?? "-"}) by ${provider.name} (from ${from}); the plan shows a create, not the provider it replaces`,
        changes: same
          ? []
          : [
              `name: ${show(current.name)} -> ${show(provider.name)}`,
              `default_from_address: ${show(current.default_from_address)} -> ${show(from)}`,
              "credentials: the tenant's (never read) -> the TF_VAR_email_provider_* values",
            ],
        loss: !same,
        blocks: false,
        ...(same ? {} : { keep: "emailProvider: leave it out of the file to keep the tenant's" }),
      });
    }
  } else if (current !== undefined) {
    items.push({
      resource: "email provider",
      kind: "beside",
      what: `the tenant's ${current.name} provider (from ${current.default_from_address ?? "-"}) stays: the file names no emailProvider`,
      loss: false,
      blocks: false,
    });
  } else {
    items.push({
      resource: "email provider",
      kind: "conflict",
      what: "the tenant has no email provider of its own, and Auth0's built-in one cannot send customised templates (Auth0 docs, Customize Email Templates): the invitation would not be the stack's email",
      loss: false,
      blocks: true,
      keep: "emailProvider: the provider to send with (its secrets as TF_VAR_email_provider_*)",
    });
  }

  // The templates ------------------------------------------------------------------------------
  const templates = resources.auth0_email_template ?? {};
  for (const name of TEMPLATE_NAMES) {
    const ours = templates[name];
    if (ours === undefined) continue;
    const address = `auth0_email_template.${name}`;
    const theirs = tenant.templates[name];
    if (theirs === undefined) {
      items.push({
        resource: address,
        kind: "create",
        what: `writes ${name} (${ours.enabled ? "on" : "off"}); the tenant has only Auth0's default`,
        loss: false,
        blocks: false,
      });
      continue;
    }
    const content: string[] = [];
    const pairs: [string, unknown, unknown][] = [
      ["subject", theirs.subject, ours.subject],
      ["from", theirs.from, ours.from],
      ["enabled", theirs.enabled, ours.enabled],
      ["syntax", theirs.syntax, ours.syntax],
    ];
    for (const [field, old, next] of pairs) {
      if (!sameJson(old ?? null, next ?? null))
        content.push(`${field}: ${show(old)} -> ${show(next)}`);
    }
    const bodyChanged = (theirs.body ?? "") !== (ours.body ?? "");
    const details = [...content];
    if (bodyChanged)
      details.push("body:", ...shortDiff(theirs.body ?? "", ours.body ?? "").map((l) => `  ${l}`));
    const others: [string, unknown, unknown][] = [
      ["url_lifetime_in_seconds", theirs.urlLifetimeInSeconds, ours.url_lifetime_in_seconds],
      ["include_email_in_redirect", theirs.includeEmailInRedirect, ours.include_email_in_redirect],
    ];
    for (const [field, old, next] of others) {
      if (next !== undefined && !sameJson(old ?? null, next))
        details.push(`${field}: ${show(old)} -> ${show(next)}`);
    }
    if (content.length > 0 || bodyChanged) {
      items.push({
        resource: address,
        kind: "take-over",
        what: `takes over ${name}, which the tenant has customised: the plan shows a create, and what it holds today is in no plan`,
        changes: details,
        loss: true,
        blocks: false,
        keep: "nothing keeps it: the invitation flow owns this template (docs/adopting.md#what-changes-tenant-wide); copy what you need from it first",
      });
    } else if (details.length > 0) {
      items.push({
        resource: address,
        kind: "overwrite",
        what: `writes ${name} over the tenant's, changing only its link settings`,
        changes: details,
        loss: false,
        blocks: false,
      });
    }
    const lifetime = theirs.urlLifetimeInSeconds;
    if (
      name === "reset_email" &&
      lifetime !== undefined &&
      lifetime !== ours.url_lifetime_in_seconds &&
      !fieldDecided(decided, "email.linkLifetimeSeconds")
    ) {
      const keep = keepBy("email.linkLifetimeSeconds", lifetime);
      items.push({
        resource: address,
        kind: "overwrite",
        what: `the reset link's lifetime changes from ${lifetime} s to ${ours.url_lifetime_in_seconds} s, the file's default`,
        loss: keep.written === true,
        blocks: false,
        ...(keep.written
          ? keep
          : { keep: `not with this value: email.linkLifetimeSeconds takes 3600 to 2592000` }),
      });
    }
    const redirect = theirs.resultUrl;
    if (typeof redirect === "string" && redirect !== "" && ours.result_url === undefined) {
      items.push({
        resource: address,
        kind: "stuck",
        what: `Redirect To ${show(redirect, 100)} stays (Auth0 keeps what the provider leaves out), and every later plan shows it going without it ever going`,
        loss: false,
        blocks: true,
        ...keepBy(`email.redirectTo.${name}`, redirect),
      });
    } else if (typeof ours.result_url === "string" && ours.result_url !== redirect) {
      items.push({
        resource: address,
        kind: "overwrite",
        what: `Redirect To ${show(redirect ?? undefined, 100)} -> ${show(ours.result_url, 100)} (email.redirectTo); a non-enterprise tenant created on or after May 5, 2026 refuses it (403)`,
        loss: false,
        blocks: false,
      });
    }
  }

  // The reset page's text ------------------------------------------------------------------------
  const pageText = Object.values(resources.auth0_prompt_custom_text ?? {})[0];
  const theirText = tenant.resetPageText;
  const prompt = `auth0_prompt_custom_text.reset_password_${input.language}`;
  if (pageText !== undefined) {
    const ourText = JSON.parse(String(pageText.body)) as JsonObject;
    if (Object.keys(theirText).length === 0) {
      items.push({
        resource: prompt,
        kind: "create",
        what: `writes the reset-password pages' text (${input.language})`,
        loss: false,
        blocks: false,
      });
    } else if (!sameJson(theirText, ourText)) {
      items.push({
        resource: prompt,
        kind: "take-over",
        what: `replaces the reset-password pages' custom text (${input.language}): the plan shows a create, not the text it replaces`,
        changes: textChanges(theirText as JsonObject, ourText),
        loss: true,
        blocks: false,
        keep: "resetPage.manageText: false",
      });
    }
  } else if (Object.keys(theirText).length > 0) {
    items.push({
      resource: "reset-password page text",
      kind: "beside",
      what: `the tenant's custom text for the reset-password pages (${input.language}) stays: resetPage.manageText is off`,
      loss: false,
      blocks: false,
    });
  }

  // Actions ------------------------------------------------------------------------------
  const actions = stackActions(stack);
  const bindings = resources.auth0_trigger_action ?? {};
  const ourNames = actions.map((a) => a.name);
  for (const action of actions) {
    const { key, name, trigger, field } = action;
    const address = `auth0_action.${key}`;
    const existing = tenant.actions.find((a) => a.name === name);
    if (existing === undefined) {
      items.push({
        resource: address,
        kind: "create",
        what: `creates the Action ${name} (${trigger})${bindings[key] ? ", bound at the end of the trigger's flow" : ", not bound"}`,
        loss: false,
        blocks: false,
      });
    } else if (looksLikeOurs(existing, action)) {
      items.push({
        resource: address,
        kind: "beside",
        what: `an Action ${name} (${existing.id}) exists and is this stack's, from an earlier apply (its trigger, log lines and secrets say so): terraform updates it if its state holds it; if not, import it first (terraform import ${address} ${existing.id}), or the create fails with 409`,
        loss: false,
        blocks: false,
      });
    } else {
      const bound = TRIGGERS.filter((t) =>
        tenant.bindings[t].some((b) => b.actionId === existing.id),
      );
      items.push({
        resource: address,
        kind: "conflict",
        what: `an Action named ${name} already exists (${existing.id}, ${bound.length > 0 ? `bound to ${bound.join(", ")}` : "not bound"}): creating the stack's fails with 409 Conflict half-way through the apply`,
        loss: false,
        blocks: true,
        ...keepBy(field),
        ...(proposedValue(field)
          ? {}
          : {
              keep: `${field}: a name the tenant does not use; or adopt it: terraform import ${address} ${existing.id} (its code and secrets are then replaced)`,
            }),
      });
    }
  }
  for (const trigger of TRIGGERS) {
    const ours = Object.values(bindings).some((b) => b.trigger === trigger);
    if (!ours) continue;
    for (const binding of tenant.bindings[trigger]) {
      if (ourNames.includes(binding.actionName)) continue;
      items.push({
        resource: `${trigger} trigger`,
        kind: "beside",
        what: `${binding.actionName} stays bound to ${trigger} and runs before the stack's Action${trigger === "post-login" ? " (the gate is appended after it)" : ""}`,
        loss: false,
        blocks: false,
      });
    }
  }

  // The gate's cutoff ------------------------------------------------------------------------------
  if (resources.terraform_data?.[GATE_CUTOFF] !== undefined) {
    items.push({
      resource: `terraform_data.${GATE_CUTOFF}`,
      kind: "create",
      what: "records the time of the apply as the login gate's cutoff (output login_gate_invited_since): users of the connection created before it are never gated",
      loss: false,
      blocks: false,
    });
  } else if (input.invitedSince !== undefined && resources.auth0_action?.login_gate !== undefined) {
    items.push({
      resource: "auth0_action.login_gate",
      kind: "create",
      what: `the login gate never refuses users created before loginGate.invitedSince (${input.invitedSince})`,
      loss: false,
      blocks: false,
    });
  }

  // Custom domains ------------------------------------------------------------------------------
  const verified = tenant.customDomains.filter((d) => d.status === "ready").map((d) => d.domain);
  for (const d of tenant.customDomains) {
    items.push({
      resource: "custom domains",
      kind: "beside",
      what: `${d.domain} (${d.status}${d.isDefault ? ", the default" : ""}) is not managed by the stack`,
      loss: false,
      blocks: false,
    });
  }
  if (input.customDomain !== undefined) {
    if (!verified.includes(input.customDomain)) {
      items.push({
        resource: "custom domains",
        kind: "conflict",
        what: `customDomain ${input.customDomain} is not a verified custom domain of the tenant (${verified.join(", ") || "it has none"}): Auth0 refuses it (400), and no invitation would arrive`,
        loss: false,
        blocks: true,
        keep: `customDomain: one of ${verified.join(", ") || "(none: leave it out)"}`,
      });
    } else if (tenant.customDomainInEmails === false) {
      items.push({
        resource: "custom domains",
        kind: "beside",
        what: `"Use Custom Domain in Emails" is off: invitation links use ${tenant.domain}, not ${input.customDomain}`,
        loss: false,
        blocks: false,
        keep: "turn it on under Branding > Custom Domains",
      });
    }
  } else if (verified.length > 1 && !tenant.customDomains.some((d) => d.isDefault)) {
    items.push({
      resource: "custom domains",
      kind: "beside",
      what: `the tenant has ${verified.length} verified custom domains and the file names none: \`npm run invite -- add\` fails with 409 custom_domain_conflict until it does`,
      loss: false,
      blocks: false,
      keep: `customDomain: one of ${verified.join(", ")}`,
    });
  }

  const counts = {
    create: 0,
    import: 0,
    overwrite: 0,
    "take-over": 0,
    drop: 0,
    stuck: 0,
    conflict: 0,
    beside: 0,
    losses: 0,
    blockers: 0,
  };
  for (const item of items) {
    counts[item.kind]++;
    if (item.loss) counts.losses++;
    if (item.blocks) counts.blockers++;
  }
  return {
    environment: input.environment,
    file: input.file,
    domain: tenant.domain,
    items,
    counts,
  };
}

function connectionItems(
  input: ReportInput,
  wireOptions: Record<string, unknown>,
  resource: StackJson | undefined,
  keepBy: (field: string, value?: Json) => Pick<ReportItem, "keep" | "written">,
): ReportItem[] {
  const address = "auth0_connection.database";
  const items: ReportItem[] = [];
  const { state, unknown } = optionsToState(wireOptions, input.block);
  const stackOptions = (resource?.options ?? {}) as JsonObject;
  const secret = new Set(sensitiveKeys(state, input.block));
  const tenantModel = passwordModelOf(state);
  const stackModel = passwordModelOf(stackOptions);

  for (const path of unknown) {
    items.push({
      resource: address,
      kind: "drop",
      what: `options.${path} is gone after the apply: provider auth0/auth0 1.55.0 has no option for it, so it cannot send it`,
      loss: true,
      blocks: false,
      keep: "nothing in this repository keeps it; set it again in the dashboard after the apply",
    });
  }
  if (tenantModel !== undefined && stackModel !== undefined && tenantModel !== stackModel) {
    items.push({
      resource: address,
      kind: "drop",
      what: `the tenant's ${tenantModel} password policy is dropped for the ${stackModel} one the file states, and no plan shows it going`,
      changes: [...PASSWORD_BLOCKS]
        .filter((key) => !isEmpty(state[key]))
        .map((key) => `options.${key}: ${show(comparable(state[key]))} -> (dropped)`),
      loss: true,
      blocks: false,
      keep: `connection.passwordPolicy.model: ${JSON.stringify(tenantModel)}`,
    });
  }

  const tenantForm = comparable(state, input.block) as JsonObject;
  const stackForm = comparable(stackOptions, input.block) as JsonObject;
  const keys = [...new Set([...Object.keys(state), ...Object.keys(stackOptions)])].sort();
  for (const key of keys) {
    if (CONNECTION_OPTIONS_KEPT.has(key) && stackOptions[key] === undefined) continue;
    if (PASSWORD_BLOCKS.has(key) && tenantModel !== stackModel) continue;
    const theirs = state[key];
    if (secret.has(key)) {
      if (!isEmpty(theirs) && stackOptions[key] === undefined) {
        items.push({
          resource: address,
          kind: "drop",
          what: `options.${key} (${Object.keys(isPlainObject(theirs) ? theirs : {}).join(", ") || "set"}) is gone after the apply, and no plan shows it: its values are secrets Auth0 does not return and environment files never hold`,
          loss: true,
          blocks: false,
          keep: "nothing in this repository keeps it: set it again in the dashboard after the apply",
        });
      }
      continue;
    }
    const diffs = leaves(tenantForm[key], stackForm[key], key);
    if (diffs.length === 0) continue;
    if (stackOptions[key] === undefined) {
      items.push({
        resource: address,
        kind: "drop",
        what: `options.${key} is gone after the apply: the stack does not state it, and the plan shows it kept`,
        changes: [`options.${key}: ${show(comparable(theirs))} -> (dropped)`],
        loss: true,
        blocks: false,
        ...keepBy(`connection.extraOptions.${key}`),
      });
      continue;
    }
    const grouped = new Map<string, { diff: Leaf; change: string }[]>();
    for (const diff of diffs) {
      const change = `options.${diff.path}: ${show(diff.from)} -> ${diff.to === undefined ? "(dropped)" : show(diff.to)}`;
      if (diff.from === undefined) {
        items.push({
          resource: address,
          kind: "overwrite",
          what: `the stack sets options.${diff.path}, which the tenant does not have`,
          changes: [change],
          loss: false,
          blocks: false,
        });
        continue;
      }
      const flow = FLOW_OPTIONS[diff.path];
      if (flow !== undefined) {
        items.push({
          resource: address,
          kind: "overwrite",
          what: `the flow sets options.${diff.path}: ${flow}`,
          changes: [change],
          loss: false,
          blocks: false,
        });
        continue;
      }
      const dropped = diff.to === undefined;
      // Auth0 gives a policy block its recorded defaults for what a request leaves out.
      if (dropped && PASSWORD_BLOCKS.has(key) && isRecordedDefault(diff.path, diff.from)) continue;
      const field =
        OPTION_FIELDS[diff.path] ??
        (PASSWORD_BLOCKS.has(key) ? undefined : `connection.extraOptions.${key}`);
      if (field === undefined) {
        items.push({
          resource: address,
          kind: dropped ? "drop" : "overwrite",
          what: dropped
            ? `options.${diff.path} is gone after the apply, and no plan shows it: connection.passwordPolicy has no field for it`
            : `options.${diff.path} becomes the value the stack states: connection.passwordPolicy has no field for it`,
          changes: [change],
          loss: dropped,
          blocks: false,
          keep: "nothing keeps it: connection.passwordPolicy has no field for it",
        });
        continue;
      }
      const byField = grouped.get(field) ?? [];
      byField.push({ diff, change });
      grouped.set(field, byField);
    }
    for (const [field, diffs] of grouped) {
      const decided = fieldDecided(input.decided, field);
      const keep = keepBy(field);
      const dropped = diffs.every(({ diff }) => diff.to === undefined);
      const from = show(diffs[0].diff.from);
      const paths = diffs.map(({ diff }) => `options.${diff.path}`).join(", ");
      const verb = diffs.length === 1 ? "changes" : "change";
      // Gone inside a block the stack states: the plan shows the block, not this value going.
      const lost = dropped || (!decided && keep.written === true);
      items.push({
        resource: address,
        kind: dropped ? "drop" : "overwrite",
        what: dropped
          ? `${paths} ${diffs.length === 1 ? "is" : "are"} gone after the apply: the stack states ${key} without ${diffs.length === 1 ? "it" : "them"}`
          : decided
            ? `${paths} ${verb} as ${field} says`
            : keep.written
              ? `${paths} ${verb} to the stack's default: the file does not state ${field}`
              : `${paths} ${verb}: the file cannot state the tenant's ${from} in ${field}`,
        changes: diffs.map(({ change }) => change),
        loss: lost,
        blocks: false,
        ...(decided
          ? {}
          : keep.written
            ? keep
            : { keep: `nothing keeps it: the file cannot state the tenant's ${from} in ${field}` }),
      });
    }
  }
  return items;
}

/** Whether a policy value is what Auth0 gives a new connection (recorded: stand-in seed). */
function isRecordedDefault(path: string, value: Json | undefined): boolean {
  let recorded: unknown = comparable(FLEXIBLE_DEFAULTS);
  for (const key of path.split(".")) {
    if (!isPlainObject(recorded)) return false;
    recorded = recorded[key];
  }
  return recorded !== undefined && sameJson(recorded, value);
}

/** The screens and keys of the reset-password text that change, one line each. */
function textChanges(theirs: JsonObject, ours: JsonObject): string[] {
  const out: string[] = [];
  const screens = [...new Set([...Object.keys(theirs), ...Object.keys(ours)])].sort();
  for (const screen of screens) {
    const t = isPlainObject(theirs[screen]) ? (theirs[screen] as JsonObject) : {};
    const o = isPlainObject(ours[screen]) ? (ours[screen] as JsonObject) : {};
    for (const key of [...new Set([...Object.keys(t), ...Object.keys(o)])].sort()) {
      if (!sameJson(t[key] ?? null, o[key] ?? null)) {
        out.push(`${screen}.${key}: ${show(t[key])} -> ${show(o[key])}`);
      }
    }
  }
  return out.length > 12 ? [...out.slice(0, 12), `(${out.length - 12} more)`] : out;
}
