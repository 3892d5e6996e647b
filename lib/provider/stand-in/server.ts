import path from "node:path";
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import { memo } from "../../speed/memo";
import type { ResourceSchema } from "../schema/source-facts";
import { planResource } from "./plan";
import { protoSchema, type ServedSchema, shapeObject } from "./schema";
import {
  createObject,
  deleteObject,
  type Fault,
  peekTenant,
  readObject,
  readTenant,
  TenantError,
  type TenantFile,
  updateObject,
  writeTenant,
} from "./tenant";
import { validateResourceConfig } from "./validate";
import { decodeValue, encodeValue, isObject, type Value, type ValueObject } from "./values";

export interface StandInOptions {
  readonly schema: ServedSchema;
  /** The simulated tenant's JSON file (see tenant.ts). */
  readonly tenantFile: string;
  /** Folder of the .proto files. */
  readonly protocolDir: string;
  readonly log: (line: string) => void;
  /**
   * What a "crash" fault does: ends this session's provider socket without an answer, which
   * Terraform sees as the plugin dying.
   */
  readonly crash: () => void;
}

type Diagnostic = { severity: 1 | 2; summary: string; detail: string; attribute?: object };
const error = (summary: string, detail = ""): Diagnostic => ({ severity: 1, summary, detail });

interface DynamicValue {
  msgpack?: Buffer;
  json?: Buffer;
}
const fromWire = (dv: DynamicValue | null | undefined): Value => {
  if (dv?.json && dv.json.length > 0) return JSON.parse(dv.json.toString()) as Value;
  return decodeValue(dv?.msgpack);
};
const toWire = (value: Value): DynamicValue => ({ msgpack: encodeValue(value) });

/** Thrown after a crash fault: the call is never answered. */
class Crashed extends Error {}

/** A fault the tenant file asks for on this call, taken out so it fires once. */
function takeFault(
  options: StandInOptions,
  operation: Fault["operation"],
  type: string,
): Fault | undefined {
  const tenant = peekTenant(options.tenantFile);
  const index = (tenant.faults ?? []).findIndex(
    (f) => f.operation === operation && f.type === type,
  );
  if (index < 0) return undefined;
  const fault = (tenant.faults ?? [])[index];
  writeTenant(options.tenantFile, {
    ...tenant,
    faults: (tenant.faults ?? []).filter((_, i) => i !== index),
  });
  return fault;
}

/**
 * Wraps a handler: any exception becomes an error diagnostic Terraform prints, never a hang.
 * A handler answers at once, or with a promise when a fault holds its call.
 */
function unary<Req, Res extends object>(
  options: StandInOptions,
  name: string,
  handler: (request: Req) => Res | Promise<Res>,
  failure: (diagnostic: Diagnostic) => Res,
) {
  return (call: grpc.ServerUnaryCall<Req, Res>, callback: grpc.sendUnaryData<Res>) => {
    const fail = (e: unknown) => {
      if (e instanceof Crashed) return;
      const message = e instanceof Error ? e.message : String(e);
      options.log(`stand-in: ${name} failed: ${e instanceof Error ? e.stack : message}`);
      callback(
        null,
        failure(
          e instanceof TenantError
            ? error(message)
            : error(`stand-in auth0 provider: ${name} failed`, message),
        ),
      );
    };
    try {
      const answer = handler(call.request);
      if (answer instanceof Promise) answer.then((a) => callback(null, a), fail);
      else callback(null, answer);
    } catch (e) {
      fail(e);
    }
  };
}

/** The protocol's service definitions, read once per process. */
const packages = new Map<string, ReturnType<typeof readPackage>>();

function readPackage(protocolDir: string) {
  const load = (file: string) =>
    grpc.loadPackageDefinition(
      protoLoader.loadSync(path.join(protocolDir, file), {
        keepCase: true,
        longs: Number,
        enums: Number,
        defaults: true,
        oneofs: true,
      }),
    ) as unknown as Record<string, Record<string, { service: grpc.ServiceDefinition }>> & {
      grpc: { health: { v1: { Health: { service: grpc.ServiceDefinition } } } };
    };
  return {
    tfplugin6: load("tfplugin6.proto").tfplugin6,
    plugin: load("go-plugin.proto").plugin,
    health: load("health.proto").grpc.health.v1,
  };
}

/**
 * The GetProviderSchema answer, one object per served schema: the server encodes it once per
 * object, and every session of a host serves the same schema.
 */
const providerSchemas = new WeakMap<ServedSchema, object>();

function providerSchemaAnswer(schema: ServedSchema): object {
  return {
    provider: protoSchema(schema.provider),
    resource_schemas: Object.fromEntries(
      [...schema.resources].map(([type, rep]) => [type, protoSchema(rep)]),
    ),
    data_source_schemas: Object.fromEntries(
      [...schema.dataSources].map(([type, rep]) => [type, protoSchema(rep)]),
    ),
    diagnostics: [],
    // As terraform-plugin-sdk v2 declares: Terraform may reuse the schema it already has.
    server_capabilities: { plan_destroy: false, get_provider_schema_optional: true },
  };
}

export function providerService(options: StandInOptions): grpc.UntypedServiceImplementation {
  const { schema } = options;
  const providerSchema = memo(providerSchemas, schema, providerSchemaAnswer);
  const resource = (type: string): ResourceSchema => {
    const found = schema.resources.get(type);
    if (!found) throw new Error(`unknown resource type ${type}`);
    return found;
  };
  const state = (type: string, value: Value | null): DynamicValue =>
    toWire(value === null ? null : shapeObject(resource(type).block, value));
  const tenant = () => readTenant(options.tenantFile);
  const save = (t: TenantFile) => writeTenant(options.tenantFile, t);

  const diagnosticsOnly = (d: Diagnostic) => ({ diagnostics: [d] });

  // Calls a delay fault holds. Terraform stops the provider when it is interrupted (Ctrl-C)
  // and waits for the calls in flight, which a real provider then ends: held calls are
  // answered at that point, as if their request had gone through just before.
  const held = new Set<() => void>();
  const hold = (ms: number) =>
    new Promise<void>((resolve) => {
      const release = () => {
        clearTimeout(timer);
        held.delete(release);
        resolve();
      };
      const timer = setTimeout(release, ms);
      held.add(release);
    });

  const u = <Req, Res extends object>(
    name: string,
    handler: (r: Req) => Res,
    failure: (d: Diagnostic) => Res,
  ) => unary(options, name, handler, failure);

  /** A handler for calls the tenant file's faults name: the fault that matches comes first. */
  const withFaults = <Req extends { type_name: string }, Res extends object>(
    name: string,
    operation: Fault["operation"],
    handler: (r: Req) => Res,
    failure: (d: Diagnostic) => Res,
  ) =>
    unary(
      options,
      name,
      (r: Req): Res | Promise<Res> => {
        const fault = takeFault(options, operation, r.type_name);
        switch (fault?.effect) {
          case undefined:
            return handler(r);
          case "error":
            return failure(
              error(fault.message ?? `${operation} of ${r.type_name} failed (injected fault)`),
            );
          case "crash":
            options.log(
              `stand-in: crashing on ${operation} ${r.type_name}, as the tenant file asks`,
            );
            options.crash();
            throw new Crashed();
          case "delay":
            options.log(
              `stand-in: holding ${operation} ${r.type_name} for ${fault.ms} ms, as the tenant file asks`,
            );
            return hold(fault.ms).then(() => handler(r));
        }
      },
      failure,
    );

  return {
    GetProviderSchema: u("GetProviderSchema", () => providerSchema, diagnosticsOnly),

    ValidateProviderConfig: u(
      "ValidateProviderConfig",
      () => ({ diagnostics: [] }),
      diagnosticsOnly,
    ),

    ValidateResourceConfig: u(
      "ValidateResourceConfig",
      (r: { type_name: string; config: DynamicValue }) => ({
        diagnostics: validateResourceConfig(
          r.type_name,
          resource(r.type_name).block,
          fromWire(r.config),
        ).map((p) => ({
          ...error("invalid value", p.message),
          attribute: { steps: [{ attribute_name: p.attribute }] },
        })),
      }),
      diagnosticsOnly,
    ),

    ValidateDataResourceConfig: u(
      "ValidateDataResourceConfig",
      () => ({ diagnostics: [] }),
      diagnosticsOnly,
    ),

    ConfigureProvider: u(
      "ConfigureProvider",
      (r: { config: DynamicValue }) => {
        const config = fromWire(r.config);
        const domain = isObject(config) ? config.domain : null;
        const expected = tenant().domain;
        if (typeof domain === "string" && domain !== expected) {
          return {
            diagnostics: [
              error(
                "wrong tenant",
                `the provider block names ${domain}, but the simulated tenant is ${expected}`,
              ),
            ],
          };
        }
        return { diagnostics: [] };
      },
      diagnosticsOnly,
    ),

    UpgradeResourceState: u(
      "UpgradeResourceState",
      (r: { type_name: string; raw_state: { json: Buffer } }) => ({
        upgraded_state: state(r.type_name, JSON.parse(r.raw_state.json.toString()) as Value),
        diagnostics: [],
      }),
      diagnosticsOnly,
    ),

    ReadResource: withFaults(
      "ReadResource",
      "read",
      (r: { type_name: string; current_state: DynamicValue; private: Buffer }) => {
        const current = fromWire(r.current_state) as ValueObject;
        const live = readObject(tenant(), r.type_name, String(current.id ?? ""));
        // Gone from the tenant: Terraform plans to create it again (or, on import, says
        // "Cannot import non-existent remote object").
        return { new_state: state(r.type_name, live), private: r.private, diagnostics: [] };
      },
      diagnosticsOnly,
    ),

    PlanResourceChange: withFaults(
      "PlanResourceChange",
      "plan",
      (r: {
        type_name: string;
        prior_state: DynamicValue;
        proposed_new_state: DynamicValue;
        config: DynamicValue;
        prior_private: Buffer;
      }) => {
        const { planned, requiresReplace } = planResource(
          resource(r.type_name),
          fromWire(r.prior_state),
          fromWire(r.proposed_new_state),
          fromWire(r.config),
        );
        return {
          planned_state: toWire(planned),
          requires_replace: requiresReplace.map((p) => ({
            steps: p.flatMap((name, i) =>
              i === 0
                ? [{ attribute_name: name }]
                : [{ element_key_int: 0 }, { attribute_name: name }],
            ),
          })),
          planned_private: r.prior_private,
          diagnostics: [],
          // What the real provider (terraform-plugin-sdk v2) declares for its resources.
          legacy_type_system: true,
        };
      },
      diagnosticsOnly,
    ),

    ApplyResourceChange: withFaults(
      "ApplyResourceChange",
      "apply",
      (r: {
        type_name: string;
        prior_state: DynamicValue;
        planned_state: DynamicValue;
        config: DynamicValue;
        planned_private: Buffer;
      }) => {
        const prior = fromWire(r.prior_state);
        const planned = fromWire(r.planned_state);
        const config = fromWire(r.config);
        const t = tenant();
        let result: ValueObject | null = null;
        // The real provider reads the object back after writing it: the state records what
        // the tenant holds, also where that is not what was planned.
        if (!isObject(planned)) {
          if (isObject(prior)) deleteObject(t, r.type_name, prior);
        } else if (!isObject(prior)) {
          result = createObject(t, r.type_name, planned, config);
        } else {
          result = updateObject(t, r.type_name, prior, planned, config);
        }
        save(t);
        return {
          new_state: state(r.type_name, result),
          private: r.planned_private,
          diagnostics: [],
          legacy_type_system: true,
        };
      },
      diagnosticsOnly,
    ),

    ImportResourceState: withFaults(
      "ImportResourceState",
      "import",
      (r: { type_name: string; id: string }) => {
        // Like the real provider's passthrough importers: the id alone; the read that
        // Terraform runs next fills in the rest, or finds nothing.
        return {
          imported_resources: [{ type_name: r.type_name, state: state(r.type_name, { id: r.id }) }],
          diagnostics: [] as Diagnostic[],
        };
      },
      (d) => ({ imported_resources: [], diagnostics: [d] }),
    ),

    ReadDataSource: u(
      "ReadDataSource",
      (r: { type_name: string }) => ({
        diagnostics: [
          error(`the stand-in auth0 provider does not simulate data source ${r.type_name}`),
        ],
      }),
      diagnosticsOnly,
    ),

    StopProvider: u(
      "StopProvider",
      () => {
        for (const release of held) release();
        return { Error: "" };
      },
      () => ({ Error: "stop failed" }),
    ),
  };
}

/**
 * Serves the stand-in on a unix socket: the provider, plus go-plugin's health, stdio, broker
 * and controller services with their smallest valid answers.
 */
const encodingOnce = new WeakSet<object>();

export async function serve(options: StandInOptions, socketPath: string): Promise<grpc.Server> {
  const pkg = memo(packages, options.protocolDir, readPackage);
  const server = new grpc.Server();
  const service = pkg.tfplugin6.Provider.service;
  // Terraform asks for the whole schema (every resource of the provider) once per command;
  // encode it once.
  const method = service.GetProviderSchema;
  if (!encodingOnce.has(method)) {
    encodingOnce.add(method);
    const encode = method.responseSerialize;
    const encoded = new WeakMap<object, Buffer>();
    method.responseSerialize = (value: object) => memo(encoded, value, encode);
  }
  server.addService(service, providerService(options));
  server.addService(pkg.health.Health.service, {
    Check: (_call: unknown, callback: grpc.sendUnaryData<object>) => callback(null, { status: 1 }),
  });
  server.addService(pkg.plugin.GRPCController.service, {
    // Terraform does not own a reattached provider: whoever started it ends it.
    Shutdown: (_call: unknown, callback: grpc.sendUnaryData<object>) => callback(null, {}),
  });
  server.addService(pkg.plugin.GRPCStdio.service, {
    // Nothing to forward: the stand-in logs to its own stderr. The stream stays open until
    // Terraform hangs up, as a plugin with quiet output would.
    StreamStdio: (call: grpc.ServerWritableStream<object, object>) => {
      call.on("cancelled", () => call.end());
    },
  });
  server.addService(pkg.plugin.GRPCBroker.service, {
    StartStream: (call: grpc.ServerDuplexStream<object, object>) => {
      call.on("data", () => {});
      call.on("end", () => call.end());
      call.on("cancelled", () => call.end());
    },
  });
  await new Promise<void>((resolve, reject) =>
    server.bindAsync(`unix://${socketPath}`, grpc.ServerCredentials.createInsecure(), (e) =>
      e ? reject(e) : resolve(),
    ),
  );
  return server;
}
