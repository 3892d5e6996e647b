// Writes __tests__/fixtures/plans/*.json: `terraform show -json <planfile>` output as Terraform
// 1.11 would print it for the synthesized dev stack, one file per situation the plan summary and
// its destroy guard must handle. No Terraform or tenant is needed, so the values are derived:
// the configuration from cdk.tf.json, every attribute of the committed provider schema (null
// when unset, as Terraform writes them), made-up ids, and obviously fake secrets that the tests
// prove are never printed. planned_values and prior_state are left out: they repeat the values
// above and the summary does not read them (the parser ignores unknown keys).
//
//   npm run synth && node scripts/run.mjs scripts/plan-fixtures.ts [--stack <cdk.tf.json>]
//
// Deterministic: the same stack gives byte-identical files. Commit them with the change that
// made them differ.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { unescapeTerraformTemplate } from "../lib/terraform-string";

type Json = unknown;
type Obj = Record<string, Json>;

interface SchemaAttribute {
  readonly required?: boolean;
  readonly optional?: boolean;
  readonly computed?: boolean;
  readonly sensitive?: boolean;
  readonly write_only?: boolean;
}
interface SchemaBlock {
  readonly attributes?: Record<string, SchemaAttribute>;
  readonly block_types?: Record<string, { nesting_mode: string; block: SchemaBlock }>;
}

const FAKE_API_KEY = "SG.fake-secret-do-not-print";
const FAKE_ROTATED_API_KEY = "SG.fake-rotated-secret-do-not-print";
const CONNECTION_ID = "con_EXAMPLE000000000";
const CLIENT_ID = "kZ3xFakeDevClientId000000000000Ab";
const ACTION_ID = "6f1c2b9e-4d7a-4c3e-9b8a-2f5e1d0c7a41";
const PROVIDER = "registry.terraform.io/auth0/auth0";

/** Values only Auth0 knows, as a refresh after the last apply would have recorded them. */
const COMPUTED: Record<string, Obj> = {
  "auth0_connection.database": { id: CONNECTION_ID },
  "auth0_client.app": {
    id: CLIENT_ID,
    client_id: CLIENT_ID,
    signing_keys: [
      {
        cert: "-----BEGIN CERTIFICATE-----\nMIIDfakeSigningCertificateDoNotPrint\n-----END CERTIFICATE-----\n",
        key_id: "fakeSigningKeyId-do-not-print",
        pkcs7: "-----BEGIN PKCS7-----\nMIIDfakePkcs7DoNotPrint\n-----END PKCS7-----\n",
      },
    ],
  },
  "auth0_connection_client.app_database": {
    id: `${CONNECTION_ID}::${CLIENT_ID}`,
    strategy: "auth0",
  },
  "auth0_email_provider.email": { id: "b7f3c1d2-fake-email-provider" },
  "auth0_action.send_invite": {
    id: ACTION_ID,
    version_id: "0b9d3c1e-5a7f-4e2d-8c6b-1a3f5e7d9b20",
  },
  "auth0_prompt_custom_text.reset_password_en": { id: "reset-password::en" },
  "auth0_trigger_action.send_invite": { id: `post-user-registration::${ACTION_ID}` },
};

const UNKNOWN = Symbol("unknown after apply");

/** Per-scenario view of the world: which resources exist yet, what the config says. */
interface World {
  readonly stack: Obj;
  /** Addresses whose computed values are not known yet (created or replaced in this plan). */
  readonly pending: ReadonlySet<string>;
}

function resourcesOf(stack: Obj): Map<string, { type: string; name: string; config: Obj }> {
  const out = new Map<string, { type: string; name: string; config: Obj }>();
  for (const [type, byName] of Object.entries(stack.resource as Record<string, Obj>)) {
    for (const [name, config] of Object.entries(byName as Record<string, Obj>)) {
      out.set(`${type}.${name}`, { type, name, config: config as Obj });
    }
  }
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : 1)));
}

function stateValue(world: World, address: string, attribute: string): Json {
  if (world.pending.has(address)) {
    const computed = COMPUTED[address] ?? {};
    if (attribute in computed) return UNKNOWN;
  }
  const computed = COMPUTED[address]?.[attribute];
  if (computed !== undefined) return computed;
  const resource = resourcesOf(world.stack).get(address);
  if (!resource || !(attribute in resource.config)) {
    throw new Error(`plan-fixtures: no value for ${address}.${attribute}`);
  }
  return resolve(world, resource.config[attribute]);
}

/** Terraform's view of a configured value: references resolved, `$${` read back as `${`. */
function resolve(world: World, value: Json): Json {
  if (Array.isArray(value)) return value.map((v) => resolve(world, v));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(world, v)]));
  }
  if (typeof value !== "string") return value;
  if (value === `\${var.email_provider_api_key}`) return FAKE_API_KEY;
  const reference = /^\$\{([a-z0-9_]+\.[a-z0-9_]+)\.([a-z0-9_]+)\}$/.exec(value);
  if (reference) {
    return stateValue(world, reference[1], reference[2]);
  }
  if (value.startsWith("${parseint(substr(sha256(")) {
    // secrets_wo_version hashes the secrets; unknown while the client id is.
    const inputs = ["auth0_client.app", "auth0_connection.database"].map((a) =>
      stateValue(world, a, a === "auth0_client.app" ? "client_id" : "name"),
    );
    if (inputs.includes(UNKNOWN)) return UNKNOWN;
    return Number.parseInt(
      createHash("sha256").update(JSON.stringify(inputs)).digest("hex").slice(0, 12),
      16,
    );
  }
  if (/(^|[^$])\$\{/.test(value)) throw new Error(`plan-fixtures: unhandled expression ${value}`);
  return unescapeTerraformTemplate(value);
}

interface Built {
  readonly value: Obj;
  readonly unknown: Obj;
  readonly sensitive: Obj;
}

function byKey<T>(record: Record<string, T>): [string, T][] {
  return Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

const META = new Set(["//", "lifecycle", "depends_on", "provider", "count", "for_each"]);

/** An object as Terraform records it: every schema attribute and block, null/[] when unset. */
function build(block: SchemaBlock, config: Obj, computed: Obj | "unknown"): Built {
  const value: Obj = {};
  const unknown: Obj = {};
  const sensitive: Obj = {};
  for (const key of Object.keys(config)) {
    if (!META.has(key) && !block.attributes?.[key] && !block.block_types?.[key]) {
      throw new Error(`plan-fixtures: ${key} is not in the provider schema`);
    }
  }
  for (const [name, attribute] of byKey(block.attributes ?? {})) {
    let v: Json = config[name];
    // Write-only values never reach a plan or state.
    if (attribute.write_only) v = null;
    if (v === undefined && attribute.computed && !attribute.required) {
      v = computed === "unknown" ? UNKNOWN : (computed[name] ?? null);
    }
    if (v === UNKNOWN) unknown[name] = true;
    else value[name] = v ?? null;
    if (attribute.sensitive) sensitive[name] = true;
  }
  for (const [name, type] of byKey(block.block_types ?? {})) {
    const raw = config[name];
    const items = (
      raw === undefined || raw === null ? [] : Array.isArray(raw) ? raw : [raw]
    ) as Obj[];
    let built = items.map((item) => build(type.block, item, {}));
    if (type.nesting_mode === "set") {
      built = built.sort((a, b) => (JSON.stringify(a.value) < JSON.stringify(b.value) ? -1 : 1));
    }
    if (type.nesting_mode === "single") {
      value[name] = built[0]?.value ?? null;
      if (built[0]) unknown[name] = built[0].unknown;
      if (built[0]) sensitive[name] = built[0].sensitive;
    } else {
      value[name] = built.map((b) => b.value);
      unknown[name] = built.map((b) => b.unknown);
      sensitive[name] = built.map((b) => b.sensitive);
    }
  }
  return { value, unknown, sensitive };
}

/** Pulls UNKNOWN leaves of a resolved config into the after_unknown marker. */
function splitUnknown(value: Json): { known: Json; unknown: Json } {
  if (value === UNKNOWN) return { known: undefined, unknown: true };
  if (Array.isArray(value)) {
    const parts = value.map(splitUnknown);
    return { known: parts.map((p) => p.known ?? null), unknown: parts.map((p) => p.unknown ?? {}) };
  }
  if (value !== null && typeof value === "object") {
    const known: Obj = {};
    const unknown: Obj = {};
    for (const [k, v] of Object.entries(value)) {
      const part = splitUnknown(v);
      if (part.known !== undefined) known[k] = part.known;
      if (part.unknown === true || (part.unknown !== undefined && hasTrue(part.unknown))) {
        unknown[k] = part.unknown;
      }
    }
    return { known, unknown };
  }
  return { known: value, unknown: undefined };
}

function hasTrue(marker: Json): boolean {
  if (marker === true) return true;
  if (Array.isArray(marker)) return marker.some(hasTrue);
  if (marker !== null && typeof marker === "object") return Object.values(marker).some(hasTrue);
  return false;
}

interface Instance {
  readonly address: string;
  readonly type: string;
  readonly name: string;
  readonly value: Obj;
  readonly unknown: Obj;
  readonly sensitive: Obj;
}

function instance(world: World, schema: Record<string, SchemaBlock>, address: string): Instance {
  const resource = resourcesOf(world.stack).get(address);
  if (!resource) throw new Error(`plan-fixtures: ${address} is not in the stack`);
  const config = resolve(world, resource.config) as Obj;
  const computed = world.pending.has(address) ? "unknown" : (COMPUTED[address] ?? {});
  const built = build(schema[resource.type], config, computed);
  const split = splitUnknown(built.value);
  const unknown = mergeMarkers(built.unknown, split.unknown);
  return {
    address,
    type: resource.type,
    name: resource.name,
    value: split.known as Obj,
    unknown,
    sensitive: built.sensitive,
  };
}

function mergeMarkers(a: Json, b: Json): Obj {
  if (b === undefined) return a as Obj;
  if (a === undefined) return b as Obj;
  if (Array.isArray(a) && Array.isArray(b)) return a.map((x, i) => mergeMarkers(x, b[i])) as never;
  if (b === true) return true as never;
  const out: Obj = { ...(a as Obj) };
  for (const [k, v] of Object.entries(b as Obj)) out[k] = mergeMarkers(out[k], v);
  return out;
}

interface ChangeOptions {
  readonly reason?: string;
  readonly importing?: string;
  readonly replacePaths?: (string | number)[][];
}

function resourceChange(
  address: string,
  type: string,
  name: string,
  actions: string[],
  before: Instance | undefined,
  after: Instance | undefined,
  options: ChangeOptions = {},
): Obj {
  return {
    address,
    mode: "managed",
    type,
    name,
    provider_name: PROVIDER,
    change: {
      actions,
      before: before?.value ?? null,
      after: after?.value ?? null,
      after_unknown: after?.unknown ?? false,
      before_sensitive: before?.sensitive ?? false,
      after_sensitive: after?.sensitive ?? false,
      ...(options.replacePaths ? { replace_paths: options.replacePaths } : {}),
      ...(options.importing ? { importing: { id: options.importing } } : {}),
    },
    ...(options.reason ? { action_reason: options.reason } : {}),
  };
}

function change(
  actions: string[],
  before: Instance | undefined,
  after: Instance | undefined,
  options?: ChangeOptions,
): Obj {
  const some = (before ?? after) as Instance;
  return resourceChange(some.address, some.type, some.name, actions, before, after, options);
}

function withValues(i: Instance, values: Obj): Instance {
  return { ...i, value: { ...i.value, ...values } };
}

function output(actions: string[], before: Json, after: Json): Obj {
  const unknown = after === UNKNOWN;
  return {
    actions,
    before: before === UNKNOWN ? null : before,
    after: unknown ? null : after,
    after_unknown: unknown,
    before_sensitive: false,
    after_sensitive: false,
  };
}

interface Scenario {
  readonly file: string;
  readonly changes: Obj[];
  readonly drift?: Obj[];
  readonly outputs: Obj;
  readonly variables?: Obj;
}

function plan(stack: Obj, scenario: Scenario): Obj {
  const changing = scenario.changes.some((c) => {
    const actions = (c.change as Obj).actions as string[];
    return actions[0] !== "no-op" || (c.change as Obj).importing !== undefined;
  });
  const outputsChanging = Object.values(scenario.outputs).some(
    (o) => ((o as Obj).actions as string[])[0] !== "no-op",
  );
  const domain = ((stack.provider as Obj).auth0 as Obj[])[0].domain;
  return {
    format_version: "1.2",
    terraform_version: "1.11.4",
    variables: scenario.variables ?? { email_provider_api_key: { value: FAKE_API_KEY } },
    ...(scenario.drift ? { resource_drift: scenario.drift } : {}),
    resource_changes: [...scenario.changes].sort((a, b) =>
      (a.address as string) < (b.address as string) ? -1 : 1,
    ),
    output_changes: scenario.outputs,
    configuration: {
      provider_config: {
        auth0: {
          name: "auth0",
          full_name: PROVIDER,
          version_constraint: "1.55.0",
          expressions: { domain: { constant_value: domain } },
        },
      },
      root_module: {},
    },
    timestamp: "2026-11-27T12:00:00Z",
    applyable: changing || outputsChanging,
    complete: true,
    errored: false,
  };
}

/** The tenant's own Username-Password-Authentication before the stack adopts it. */
function adoptedConnection(current: Instance): Instance {
  const options = (current.value.options as Obj[])[0];
  return withValues(current, {
    options: [
      {
        ...options,
        disable_signup: false,
        password_complexity_options: [{ min_length: 8 }],
        password_dictionary: [{ dictionary: [], enable: false }],
        password_history: [{ enable: false, size: 5 }],
        password_no_personal_info: [{ enable: false }],
      },
    ],
  });
}

/** The stack as it would synthesize with another connection.name: the templates quote it. */
function renameConnection(stack: Obj, from: string, to: string): Obj {
  const copy = JSON.parse(JSON.stringify(stack)) as {
    resource: Record<string, Record<string, Obj>>;
  };
  const swap = (text: Json) => String(text).split(from).join(to);
  const database = copy.resource.auth0_connection.database;
  database.name = swap(database.name);
  for (const template of Object.values(copy.resource.auth0_email_template ?? {})) {
    template.body = swap(template.body);
    template.subject = swap(template.subject);
  }
  for (const text of Object.values(copy.resource.auth0_prompt_custom_text ?? {})) {
    text.body = swap(text.body);
  }
  return copy as unknown as Obj;
}

function buildScenarios(stack: Obj, schema: Record<string, SchemaBlock>): Scenario[] {
  const addresses = [...resourcesOf(stack).keys()];
  const world = (pending: string[] = [], s: Obj = stack): World => ({
    stack: s,
    pending: new Set(pending),
  });
  const applied = world();
  const current = (address: string, w: World = applied) => instance(w, schema, address);
  const noop = (address: string) => change(["no-op"], current(address), current(address));
  const noopExcept = (skip: string[]) => addresses.filter((a) => !skip.includes(a)).map(noop);
  const str = (w: World, address: string, attribute: string) => stateValue(w, address, attribute);
  const outputsNoop = () => ({
    action_id: output(["no-op"], ACTION_ID, ACTION_ID),
    client_id: output(["no-op"], CLIENT_ID, CLIENT_ID),
    connection_id: output(["no-op"], CONNECTION_ID, CONNECTION_ID),
  });

  const CONNECTION = "auth0_connection.database";
  const CLIENT = "auth0_client.app";
  const BINDING = "auth0_connection_client.app_database";
  const ACTION = "auth0_action.send_invite";
  const TRIGGER = "auth0_trigger_action.send_invite";
  const PROVIDER_EMAIL = "auth0_email_provider.email";
  const RESET = "auth0_email_template.reset_email";

  const scenarios: Scenario[] = [];

  {
    // A fresh tenant: everything created, the default connection adopted and brought in line.
    const fresh = world(addresses.filter((a) => a !== CONNECTION));
    const connection = current(CONNECTION, fresh);
    scenarios.push({
      file: "create.json",
      changes: addresses.map((a) =>
        a === CONNECTION
          ? change(["update"], adoptedConnection(connection), connection, {
              importing: CONNECTION_ID,
            })
          : change(["create"], undefined, current(a, fresh)),
      ),
      outputs: {
        action_id: output(["create"], null, str(fresh, ACTION, "id")),
        client_id: output(["create"], null, str(fresh, CLIENT, "client_id")),
        connection_id: output(["create"], null, CONNECTION_ID),
      },
    });
  }

  {
    // A new template wording and a new build of the Action; someone had also edited the
    // Action's code in the dashboard, which the refresh found.
    const reset = current(RESET);
    const action = current(ACTION);
    const previousCode = `// Built from actions/send-invite.ts (previous build)\n${action.value.code}`;
    const dashboardCode = `${previousCode}\n// quick fix typed into the dashboard\n`;
    const previousBody = `${String(reset.value.body).trimEnd()}\n<!-- previous wording -->\n`;
    const { version_id: _deployedVersion, ...redeployed } = action.value;
    const newAction = {
      ...action,
      value: redeployed,
      unknown: { ...action.unknown, version_id: true },
    };
    scenarios.push({
      file: "update.json",
      drift: [
        change(
          ["update"],
          withValues(action, { code: previousCode }),
          withValues(action, { code: dashboardCode }),
        ),
      ],
      changes: [
        change(["update"], withValues(reset, { body: previousBody }), reset),
        change(["update"], withValues(action, { code: dashboardCode }), newAction),
        ...noopExcept([RESET, ACTION]),
      ],
      outputs: outputsNoop(),
    });
  }

  scenarios.push({
    // The connection is adopted on a tenant whose settings already match.
    file: "import.json",
    changes: [
      change(["no-op"], current(CONNECTION), current(CONNECTION), { importing: CONNECTION_ID }),
      ...noopExcept([CONNECTION]),
    ],
    outputs: outputsNoop(),
  });

  {
    // connection.name changed in environments/dev.json (and so in every place the stack uses it).
    const oldName = String(current(CONNECTION).value.name);
    const renamed = renameConnection(stack, oldName, "invited-users");
    const w = world([CONNECTION, BINDING], renamed);
    const changes: Obj[] = [
      change(["delete", "create"], current(CONNECTION), current(CONNECTION, w), {
        reason: "replace_because_cannot_update",
        replacePaths: [["name"]],
      }),
      change(["delete", "create"], current(BINDING), current(BINDING, w), {
        reason: "replace_because_cannot_update",
        replacePaths: [["connection_id"]],
      }),
      change(["update"], current(ACTION), current(ACTION, w)),
    ];
    const untouched = [CONNECTION, BINDING, ACTION];
    for (const address of addresses.filter((a) => !untouched.includes(a))) {
      const before = current(address);
      const after = current(address, w);
      const same = JSON.stringify(before.value) === JSON.stringify(after.value);
      changes.push(change([same ? "no-op" : "update"], before, after));
    }
    scenarios.push({
      file: "replace-connection.json",
      changes,
      outputs: { ...outputsNoop(), connection_id: output(["update"], CONNECTION_ID, UNKNOWN) },
    });
  }

  scenarios.push({
    file: "delete-connection.json",
    changes: [
      change(["delete"], current(CONNECTION), undefined, {
        reason: "delete_because_no_resource_config",
      }),
      ...noopExcept([CONNECTION]),
    ],
    outputs: { ...outputsNoop(), connection_id: output(["delete"], CONNECTION_ID, null) },
  });

  {
    const w = world([CLIENT, BINDING]);
    scenarios.push({
      file: "replace-client.json",
      changes: [
        change(["delete", "create"], current(CLIENT), current(CLIENT, w), {
          reason: "replace_by_request",
        }),
        change(["delete", "create"], current(BINDING), current(BINDING, w), {
          reason: "replace_because_cannot_update",
          replacePaths: [["client_id"]],
        }),
        change(["update"], current(ACTION), current(ACTION, w)),
        ...noopExcept([CLIENT, BINDING, ACTION]),
      ],
      outputs: { ...outputsNoop(), client_id: output(["update"], CLIENT_ID, UNKNOWN) },
    });
  }

  const removed = (address: string) =>
    change(["delete"], current(address), undefined, {
      reason: "delete_because_no_resource_config",
    });

  scenarios.push({
    // invite.state "removed" straight from "bound": both in one apply.
    file: "remove-action-one-apply.json",
    changes: [removed(ACTION), removed(TRIGGER), ...noopExcept([ACTION, TRIGGER])],
    outputs: { ...outputsNoop(), action_id: output(["delete"], ACTION_ID, null) },
  });

  scenarios.push({
    // invite.state "unbound": the first of the two applies.
    file: "unbind-action.json",
    changes: [removed(TRIGGER), ...noopExcept([TRIGGER])],
    outputs: outputsNoop(),
  });

  scenarios.push({
    file: "delete-email-provider.json",
    changes: [removed(PROVIDER_EMAIL), ...noopExcept([PROVIDER_EMAIL])],
    outputs: outputsNoop(),
  });

  scenarios.push({
    // A `removed` block with `lifecycle { destroy = false }`: out of state, kept in Auth0.
    file: "forget-connection.json",
    changes: [
      change(["forget"], current(CONNECTION), undefined, {
        reason: "delete_because_no_resource_config",
      }),
      ...noopExcept([CONNECTION]),
    ],
    outputs: { ...outputsNoop(), connection_id: output(["delete"], CONNECTION_ID, null) },
  });

  {
    const provider = current(PROVIDER_EMAIL);
    const credentials = (provider.value.credentials as Obj[])[0];
    scenarios.push({
      file: "rotate-email-key.json",
      changes: [
        change(
          ["update"],
          provider,
          withValues(provider, {
            credentials: [{ ...credentials, api_key: FAKE_ROTATED_API_KEY }],
          }),
        ),
        ...noopExcept([PROVIDER_EMAIL]),
      ],
      outputs: outputsNoop(),
      variables: { email_provider_api_key: { value: FAKE_ROTATED_API_KEY } },
    });
  }

  scenarios.push({
    file: "no-changes.json",
    changes: addresses.map(noop),
    outputs: outputsNoop(),
  });

  return scenarios;
}

function main(argv: string[]): void {
  const at = argv.indexOf("--stack");
  const stackPath = at >= 0 ? argv[at + 1] : "cdktf.out/stacks/dev/cdk.tf.json";
  let stack: Obj;
  try {
    stack = JSON.parse(readFileSync(stackPath, "utf8"));
  } catch (error) {
    throw new Error(`cannot read ${stackPath} (run \`npm run synth\` first): ${String(error)}`);
  }
  const providerSchema = JSON.parse(readFileSync("provider-schema/auth0.json", "utf8"));
  const resourceSchemas = Object.fromEntries(
    Object.entries(providerSchema.provider_schemas[PROVIDER].resource_schemas).map(([type, s]) => [
      type,
      (s as { block: SchemaBlock }).block,
    ]),
  );
  const outDir = path.join("__tests__", "fixtures", "plans");
  mkdirSync(outDir, { recursive: true });
  for (const scenario of buildScenarios(stack, resourceSchemas)) {
    writeFileSync(
      path.join(outDir, scenario.file),
      `${JSON.stringify(plan(stack, scenario), null, 2)}\n`,
    );
    console.log(`wrote ${path.join(outDir, scenario.file)}`);
  }
}

main(process.argv.slice(2));
