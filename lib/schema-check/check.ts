import type { ProvidersSchemaJson, SchemaBlock } from "../provider-schema/types";
import { checkBody, PROVIDER_META, RESOURCE_META } from "./blocks";
import { closestName, describeJson, isPlainObject, spreadBodies } from "./names";
import type { Finding } from "./types";
import type { Report } from "./values";

interface SchemaIndex {
  resources: Map<string, SchemaBlock>;
  dataSources: Map<string, SchemaBlock>;
  /** Provider source address (lower-cased) to its configuration block. */
  providers: Map<string, SchemaBlock>;
}

function indexSchema(schema: ProvidersSchemaJson): SchemaIndex {
  const index: SchemaIndex = { resources: new Map(), dataSources: new Map(), providers: new Map() };
  const providerSchemas = schema.provider_schemas ?? {};
  // Sorted so that a type offered by two providers resolves the same way on every run.
  for (const source of Object.keys(providerSchemas).sort()) {
    const provider = providerSchemas[source];
    if (provider.provider !== undefined) {
      index.providers.set(source.toLowerCase(), provider.provider.block);
    }
    for (const [type, entry] of Object.entries(provider.resource_schemas ?? {})) {
      if (!index.resources.has(type)) index.resources.set(type, entry.block);
    }
    for (const [type, entry] of Object.entries(provider.data_source_schemas ?? {})) {
      if (!index.dataSources.has(type)) index.dataSources.set(type, entry.block);
    }
  }
  return index;
}

/** `auth0/auth0` -> `registry.terraform.io/auth0/auth0`, as Terraform expands source addresses. */
function fullSource(source: string): string {
  const parts = source.toLowerCase().split("/");
  if (parts.length === 1) return `registry.terraform.io/hashicorp/${parts[0]}`;
  if (parts.length === 2) return `registry.terraform.io/${parts.join("/")}`;
  return parts.join("/");
}

function providerBlock(
  localName: string,
  terraform: unknown,
  index: SchemaIndex,
): SchemaBlock | undefined {
  const requiredProviders = isPlainObject(terraform) ? terraform.required_providers : undefined;
  const requirement = isPlainObject(requiredProviders) ? requiredProviders[localName] : undefined;
  const source =
    isPlainObject(requirement) && typeof requirement.source === "string"
      ? requirement.source
      : localName;
  const exact = index.providers.get(fullSource(source));
  if (exact !== undefined) return exact;
  // Without a matching required_providers entry, Terraform's default is a provider whose
  // type (last source segment) equals the local name.
  for (const [key, block] of index.providers) {
    if (key.split("/").pop() === localName.toLowerCase()) return block;
  }
  return undefined;
}

/** Terraform JSON allows one body as an object, or several as an array of objects. */
function bodiesOf(value: unknown, address: string): Array<[string, unknown]> {
  // A lone configuration keeps its plain address; an index only tells several apart.
  if (Array.isArray(value) && value.length === 1) return [[address, value[0]]];
  return spreadBodies(value, address);
}

function checkProviders(
  section: unknown,
  terraform: unknown,
  index: SchemaIndex,
  findings: Finding[],
): void {
  if (section === undefined) return;
  if (!isPlainObject(section)) {
    findings.push(sectionNotAnObject("provider", section));
    return;
  }
  for (const [localName, configs] of Object.entries(section)) {
    const block = providerBlock(localName, terraform, index);
    for (const [address, body] of bodiesOf(configs, `provider.${localName}`)) {
      if (block === undefined) {
        findings.push({
          address,
          path: "",
          kind: "unknown-resource-type",
          message: `provider "${localName}" is not in the provider schema`,
        });
        continue;
      }
      if (!isPlainObject(body)) {
        findings.push(bodyNotAnObject(address, body));
        continue;
      }
      checkBody(body, block, "", reporter(address, findings), PROVIDER_META);
    }
  }
}

function checkResources(
  section: unknown,
  mode: "resource" | "data",
  schemas: Map<string, SchemaBlock>,
  findings: Finding[],
): void {
  if (section === undefined) return;
  if (!isPlainObject(section)) {
    findings.push(sectionNotAnObject(mode, section));
    return;
  }
  const noun = mode === "data" ? "data source type" : "resource type";
  for (const [type, instances] of Object.entries(section)) {
    const prefix = mode === "data" ? `data.${type}` : type;
    if (!isPlainObject(instances)) {
      findings.push({
        address: prefix,
        path: "",
        kind: "wrong-type",
        message: `"${prefix}" expects an object keyed by name, got ${describeJson(instances)}`,
      });
      continue;
    }
    const block = schemas.get(type);
    for (const [name, value] of Object.entries(instances)) {
      const address = `${prefix}.${name}`;
      if (block === undefined) {
        const closest = closestName(type, [...schemas.keys()]);
        const hint = closest === undefined ? "" : `; did you mean "${closest}"?`;
        findings.push({
          address,
          path: "",
          kind: "unknown-resource-type",
          message: `${noun} "${type}" is not in the provider schema${hint}`,
        });
        continue;
      }
      for (const [bodyAddress, body] of bodiesOf(value, address)) {
        if (!isPlainObject(body)) {
          findings.push(bodyNotAnObject(bodyAddress, body));
          continue;
        }
        checkBody(body, block, "", reporter(bodyAddress, findings), RESOURCE_META);
      }
    }
  }
}

// `to` is a static reference: `type.name`, optionally with a count or for_each index.
const RESOURCE_ADDRESS = /^([A-Za-z_][\w-]*)\.([A-Za-z_][\w-]*)(\[[^\]]*\])?$/;

function checkImports(section: unknown, config: Record<string, unknown>, findings: Finding[]) {
  if (section === undefined) return;
  const defined = new Set<string>();
  if (isPlainObject(config.resource)) {
    for (const [type, instances] of Object.entries(config.resource)) {
      if (!isPlainObject(instances)) continue;
      for (const name of Object.keys(instances)) defined.add(`${type}.${name}`);
    }
  }
  for (const [address, entry] of spreadBodies(section, "import")) {
    const bad = (path: string, message: string) =>
      findings.push({ address, path, kind: "bad-import", message });
    if (!isPlainObject(entry)) {
      bad("", `import block expects an object with "to" and "id", got ${describeJson(entry)}`);
      continue;
    }
    const to = entry.to;
    if (to === undefined || to === null) {
      bad("to", `import is missing "to", expected the address of a resource in this configuration`);
    } else if (typeof to !== "string") {
      bad("to", `import "to" expects the address of a resource, got ${describeJson(to)}`);
    } else {
      const match = RESOURCE_ADDRESS.exec(to);
      const target = match === null ? undefined : `${match[1]}.${match[2]}`;
      if (target === undefined || !defined.has(target)) {
        bad(
          "to",
          `import "to" is "${to}", expected the address of a resource in this configuration`,
        );
      }
    }
    const id = entry.id;
    if (id === undefined || id === null) {
      bad(
        "id",
        `import into "${String(to)}" is missing "id", expected the ID of the existing object`,
      );
    } else if (typeof id !== "string" && typeof id !== "number") {
      bad("id", `import "id" expects a string, got ${describeJson(id)}`);
    }
  }
}

function reporter(address: string, findings: Finding[]): Report {
  return (finding) => findings.push({ address, ...finding });
}

function sectionNotAnObject(section: string, value: unknown): Finding {
  return {
    address: section,
    path: "",
    kind: "wrong-type",
    message: `"${section}" expects an object keyed by type, got ${describeJson(value)}`,
  };
}

function bodyNotAnObject(address: string, value: unknown): Finding {
  return {
    address,
    path: "",
    kind: "wrong-type",
    message: `"${address}" expects a block object, got ${describeJson(value)}`,
  };
}

function compareFindings(a: Finding, b: Finding): number {
  // Plain code-unit order rather than localeCompare, so output does not depend on the machine's locale.
  for (const key of ["address", "path", "kind", "message"] as const) {
    if (a[key] < b[key]) return -1;
    if (a[key] > b[key]) return 1;
  }
  return 0;
}

/**
 * Checks a synthesized Terraform JSON configuration (`cdk.tf.json`) against the output of
 * `terraform providers schema -json`, the way `terraform validate` would without a provider
 * download: unknown names, missing required values, type mismatches, block counts,
 * computed-only attributes, and import targets.
 */
export function checkTerraformJson(config: unknown, schema: ProvidersSchemaJson): Finding[] {
  if (!isPlainObject(config)) {
    throw new TypeError(`Terraform JSON must be an object, got ${describeJson(config)}`);
  }
  const index = indexSchema(schema);
  const findings: Finding[] = [];
  checkProviders(config.provider, config.terraform, index, findings);
  checkResources(config.resource, "resource", index.resources, findings);
  checkResources(config.data, "data", index.dataSources, findings);
  checkImports(config.import, config, findings);
  return findings.sort(compareFindings);
}

/** One line per finding: `<address>: <path>: <message>` (the path is left out when empty). */
export function formatFindings(findings: Finding[]): string {
  return findings
    .map((f) =>
      f.path === "" ? `${f.address}: ${f.message}` : `${f.address}: ${f.path}: ${f.message}`,
    )
    .join("\n");
}
