import { createHash } from "node:crypto";
import { readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import {
  deletedValue,
  readMissing,
  refusal,
  storedAfterWrite,
  type TenantTraits,
  type UnplannedChange,
  unplannedChanges,
} from "./auth0-api";
import { isObject, UNKNOWN, type Value, type ValueObject } from "./values";

/**
 * The simulated tenant: what Auth0 holds, as one JSON file the stand-in reads on every call
 * and rewrites after every change. A test or a command seeds it; a test may edit it between
 * two Terraform runs, which Terraform then sees as drift. Objects are kept in the resource's
 * state shape (the provider schema's attribute names), keyed by the resource id.
 */
export interface TenantFile extends TenantTraits {
  /** The tenant's domain; the provider block must name the same one. */
  readonly domain: string;
  readonly resources: Record<string, Record<string, ValueObject>>;
  /**
   * Failures to inject: the next matching call fails, the provider process dies, or the call
   * is held before it is answered. A fault is taken out of the file when its call comes.
   */
  readonly faults?: readonly Fault[];
  /**
   * The tenant's custom domains, as GET /api/v2/custom-domains lists them (recording
   * TestAccDataSourceCustomDomain). Not managed by the stack; `rehearse` checks the
   * environment's customDomain against them. @default - unknown
   */
  readonly customDomains?: readonly { readonly domain: string; readonly status: string }[];
  /**
   * Written by the stand-in: every write whose result differs from what Terraform planned
   * (what Auth0 dropped or kept without the plan showing it). `rehearse` reports them.
   */
  readonly unplanned?: readonly UnplannedChange[];
}

/**
 * "error" answers with an error diagnostic; "crash" ends the provider process; "delay" holds
 * the call for `ms` (or until terraform stops the provider), then answers it as usual.
 */
export type Fault = {
  readonly operation: "plan" | "apply" | "read" | "import";
  readonly type: string;
} & (
  | { readonly effect: "error"; readonly message?: string }
  | { readonly effect: "crash" }
  | { readonly effect: "delay"; readonly ms: number }
);

/** An Auth0 Management API refusal, as the real provider reports it. */
export class TenantError extends Error {}

export function readTenant(file: string): TenantFile {
  const parsed = JSON.parse(readFileSync(file, "utf8")) as TenantFile;
  return { ...parsed, resources: parsed.resources ?? {} };
}

const peeked = new Map<string, { key: string; tenant: TenantFile }>();

/**
 * The tenant file as last read, for a look that changes nothing (faults are checked on every
 * call): parsed again only when the file was replaced (a write renames a new file over it).
 */
export function peekTenant(file: string): TenantFile {
  const stat = statSync(file);
  const key = `${stat.ino}:${stat.size}:${stat.mtimeMs}`;
  const known = peeked.get(file);
  if (known?.key === key) return known.tenant;
  const tenant = readTenant(file);
  peeked.set(file, { key, tenant });
  return tenant;
}

export function writeTenant(file: string, tenant: TenantFile): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(tenant, null, 2)}\n`);
  renameSync(tmp, file);
}

/** Ids made from what identifies an object, so the same stack gives the same ids every run. */
const digest = (...parts: string[]) => createHash("sha256").update(parts.join("\0")).digest("hex");
const alnum = (hex: string, length: number) =>
  Buffer.from(hex, "hex")
    .toString("base64")
    .replace(/[^A-Za-z0-9]/g, "")
    .slice(0, length);
const uuid = (hex: string) =>
  `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;

const str = (v: Value | undefined) => (typeof v === "string" ? v : "");

/** The id the Management API gives a new object, and the id Terraform records for it. */
function newId(type: string, o: ValueObject): string {
  switch (type) {
    case "auth0_connection":
      return `con_${alnum(digest(type, str(o.name)), 16)}`;
    case "auth0_client":
      return alnum(digest(type, str(o.name)), 32);
    case "auth0_client_credentials":
      return str(o.client_id);
    case "auth0_connection_client":
      return `${str(o.connection_id)}::${str(o.client_id)}`;
    case "auth0_trigger_action":
      return `${str(o.trigger)}::${str(o.action_id)}`;
    case "auth0_email_template":
      return str(o.template);
    case "auth0_prompt_custom_text":
      return `${str(o.prompt)}::${str(o.language)}`;
    case "auth0_action":
      return uuid(digest(type, str(o.name)));
    default:
      return uuid(digest(type, JSON.stringify(o)));
  }
}

/** What Auth0 fills in for values the plan left "known after apply". */
function computedValue(
  tenant: TenantFile,
  type: string,
  o: ValueObject,
  path: string,
  id: string,
): Value {
  if (path === "id") return id;
  const connection = tenant.resources.auth0_connection?.[str(o.connection_id)];
  const action = tenant.resources.auth0_action?.[str(o.action_id)];
  switch (`${type}.${path}`) {
    case "auth0_client.client_id":
      return id;
    case "auth0_client.signing_keys":
      return [
        {
          cert: "stand-in certificate",
          key_id: alnum(digest(id, "key"), 22),
          pkcs7: "stand-in pkcs7",
        },
      ];
    case "auth0_connection.realms":
      return [str(o.name)];
    case "auth0_connection.is_domain_connection":
      return false;
    case "auth0_connection_client.name":
      return connection?.name ?? null;
    case "auth0_connection_client.strategy":
      return connection?.strategy ?? null;
    case "auth0_action.version_id":
      return uuid(digest(id, JSON.stringify(o.code ?? null)));
    case "auth0_action.runtime":
      return "node22";
    case "auth0_trigger_action.display_name":
      return action?.name ?? null;
    default:
      return null;
  }
}

function fillUnknowns(v: Value, fill: (path: string) => Value, path: string): Value {
  if (v === UNKNOWN) return fill(path);
  if (Array.isArray(v)) return v.map((e) => fillUnknowns(e, fill, path));
  if (isObject(v)) {
    return Object.fromEntries(
      Object.entries(v).map(([k, e]) => [k, fillUnknowns(e, fill, path ? `${path}.${k}` : k)]),
    );
  }
  return v;
}

const objects = (tenant: TenantFile, type: string) => {
  tenant.resources[type] ??= {};
  return tenant.resources[type];
};

/** Refusals the Management API gives before a create goes through. */
function checkCreate(tenant: TenantFile, type: string, o: ValueObject): void {
  if (type === "auth0_connection") {
    const existing = Object.values(objects(tenant, type)).find((c) => c.name === o.name);
    if (existing) {
      throw new TenantError(
        `409 Conflict: A connection with the same name already exists (${str(existing.id)}); import it instead of creating it`,
      );
    }
  }
  if (type === "auth0_action") {
    // Action names are unique per tenant. No recording holds Auth0's refusal, so only its
    // status is relied on: the create fails half-way through the apply.
    const existing = Object.values(objects(tenant, type)).find((a) => a.name === o.name);
    if (existing) {
      throw new TenantError(
        `409 Conflict: an Action named ${str(o.name)} already exists (${str(existing.id)})`,
      );
    }
  }
  if (type === "auth0_connection_client" || type === "auth0_trigger_action") {
    const [kind, ref] =
      type === "auth0_connection_client"
        ? (["auth0_connection", str(o.connection_id)] as const)
        : (["auth0_action", str(o.action_id)] as const);
    if (!objects(tenant, kind)[ref]) throw new TenantError(`404 Not Found: no ${kind} ${ref}`);
  }
  if (type === "auth0_connection_client" && !objects(tenant, "auth0_client")[str(o.client_id)]) {
    throw new TenantError(`404 Not Found: no client ${str(o.client_id)}`);
  }
}

/**
 * Creates an object from a planned state (`config`: the resource's configuration); returns
 * the state Terraform records: what the tenant then holds.
 */
export function createObject(
  tenant: TenantFile,
  type: string,
  planned: ValueObject,
  config: Value = null,
): ValueObject {
  checkCreate(tenant, type, planned);
  // Known before the id is: the id of a binding is made of the ids it binds.
  const id = newId(type, planned);
  const created = fillUnknowns(
    planned,
    (path) => computedValue(tenant, type, planned, path, id),
    "",
  ) as ValueObject;
  if (type === "auth0_email_provider") {
    // One provider per tenant: creating one takes over whatever was configured.
    tenant.resources[type] = {};
  }
  // Email templates and prompt texts are upserts: creating one writes over what the tenant had.
  return store(tenant, type, id, objects(tenant, type)[id], planned, created, config);
}

export function updateObject(
  tenant: TenantFile,
  type: string,
  prior: ValueObject,
  planned: ValueObject,
  config: Value = null,
): ValueObject {
  const id = str(prior.id);
  const existing = objects(tenant, type)[id] ?? readMissing(type, id) ?? undefined;
  if (!existing) throw new TenantError(`404 Not Found: ${type} ${id} no longer exists`);
  const updated = fillUnknowns(
    planned,
    (path) => prior[path] ?? computedValue(tenant, type, planned, path, id),
    "",
  ) as ValueObject;
  return store(tenant, type, id, existing, planned, updated, config);
}

/**
 * Writes `written` (the plan with what Auth0 fills in) over `existing` as Auth0 would, noting
 * every known value of the plan that the tenant does not end up holding.
 */
function store(
  tenant: TenantFile,
  type: string,
  id: string,
  existing: ValueObject | undefined,
  planned: ValueObject,
  written: ValueObject,
  config: Value,
): ValueObject {
  const refused = refusal(tenant, type, existing, written);
  if (refused) throw new TenantError(refused);
  const stored = storedAfterWrite(type, existing, written, config);
  objects(tenant, type)[id] = stored;
  const unplanned = unplannedChanges(type, id, planned, stored);
  if (unplanned.length > 0) {
    (tenant as { unplanned?: UnplannedChange[] }).unplanned = [
      ...(tenant.unplanned ?? []),
      ...unplanned,
    ];
  }
  return stored;
}

export function deleteObject(tenant: TenantFile, type: string, prior: ValueObject): void {
  const id = str(prior.id);
  if (type === "auth0_action") {
    const binding = Object.values(objects(tenant, "auth0_trigger_action")).find(
      (b) => b.action_id === id,
    );
    if (binding) {
      throw new TenantError(
        `400 Bad Request: the Action ${id} is bound to the ${str(binding.trigger)} trigger; unbind it first`,
      );
    }
  }
  const existing = objects(tenant, type)[id];
  const left = existing === undefined ? undefined : deletedValue(type, existing);
  if (left) objects(tenant, type)[id] = left;
  else delete objects(tenant, type)[id];
}

export function readObject(tenant: TenantFile, type: string, id: string): ValueObject | null {
  return tenant.resources[type]?.[id] ?? readMissing(type, id);
}
