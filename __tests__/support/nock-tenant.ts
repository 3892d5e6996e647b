// A mock of the Management and Authentication API endpoints the invite and adopt CLIs use, with
// nock (which intercepts the global fetch the auth0 SDK and the CLIs use): users kept in memory,
// a tenant's configuration read from a fixture, every request recorded, and faults queued per
// endpoint. Answers are shaped as Auth0's are; where one was recorded (terraform-provider-auth0's
// test recordings), as it was recorded.
import { readFileSync } from "node:fs";
import path from "node:path";
import nock from "nock";
import {
  CLIENT_NOT_FOUND,
  CONNECTION_NOT_FOUND,
  customDomainAnswer,
  NO_EMAIL_PROVIDER,
  TEMPLATE_NOT_FOUND,
  USER_EXISTS,
} from "./auth0-answers";
import { ROOT } from "./paths";

/**
 * What a tenant holds besides its users, as the Management API answers for it (wire form):
 * `__tests__/fixtures/management-api/*.json`, each written from recorded answers.
 */
export interface TenantConfiguration {
  domain: string;
  connections: Record<string, unknown>[];
  clients: { client_id: string; name: string }[];
  emailProvider: Record<string, unknown> | null;
  /** By template name; a template not here was never customised (404). */
  emailTemplates: Record<string, Record<string, unknown>>;
  actions: Record<string, unknown>[];
  bindings: Record<string, Record<string, unknown>[]>;
  /** By `<prompt>/<language>`; absent is `{}`. */
  customText: Record<string, Record<string, unknown>>;
  customDomains: Record<string, unknown>[];
  flags: Record<string, unknown>;
}

/** A fixture tenant, for `domain` (the environment's). */
export function tenantConfiguration(
  fixture: "current-tenant" | "older-tenant",
  domain?: string,
): TenantConfiguration {
  const file = path.join(ROOT, "__tests__/fixtures/management-api", `${fixture}.json`);
  const configuration = JSON.parse(readFileSync(file, "utf8")) as TenantConfiguration;
  return domain === undefined ? configuration : { ...configuration, domain };
}

export interface MockUser {
  user_id: string;
  email: string;
  email_verified: boolean;
  created_at: string;
  /** Set when the password is reset or changed; absent at creation (as Auth0's profile). */
  last_password_reset?: string;
  logins_count?: number;
  last_login?: string;
  app_metadata?: Record<string, unknown>;
  user_metadata?: Record<string, unknown>;
  identities: { connection: string; provider: string; user_id: string }[];
}

export interface RecordedRequest {
  /** The tenant's domain, or the custom domain the request went to. */
  host: string;
  method: string;
  path: string;
  /** The body as sent (text), "" for none. */
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

export interface Fault {
  status: number;
  headers?: Record<string, string>;
  /** The answer's body, or a function of the request's body (text) that returns it. */
  body?: unknown;
}

/** "METHOD /path" with the path's variable part as *, e.g. "DELETE /api/v2/users/*". */
export type Endpoint =
  | "POST /oauth/token"
  | "POST /api/v2/users"
  | "GET /api/v2/users"
  | "GET /api/v2/users-by-email"
  | "PATCH /api/v2/users/*"
  | "DELETE /api/v2/users/*"
  | "GET /api/v2/clients"
  | "GET /api/v2/clients/*"
  | "POST /dbconnections/change_password"
  | "GET /api/v2/connections"
  | "GET /api/v2/connections/*"
  | "GET /api/v2/email-templates/*"
  | "GET /api/v2/emails/provider"
  | "GET /api/v2/actions/actions"
  | "GET /api/v2/actions/triggers/*/bindings"
  | "GET /api/v2/prompts/*/custom-text/*"
  | "GET /api/v2/custom-domains"
  | "GET /api/v2/tenants/settings";

export const MUTATING: readonly Endpoint[] = [
  "POST /api/v2/users",
  "PATCH /api/v2/users/*",
  "DELETE /api/v2/users/*",
  "POST /dbconnections/change_password",
];

export class NockTenant {
  readonly users: MockUser[] = [];
  readonly requests: RecordedRequest[] = [];
  readonly clients: { client_id: string; name: string }[] = [];
  /** Verified custom domains (withCustomDomains). */
  readonly customDomains: string[] = [];
  /** Everything but the users (withConfiguration). */
  configuration: TenantConfiguration | undefined;
  private readonly faults = new Map<Endpoint, Fault[]>();
  private next = 1;

  constructor(
    readonly domain: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** Installs the interceptors; call nock.cleanAll() after the test. */
  start(): this {
    const scope = nock(`https://${this.domain}`).persist();
    const tenant = this;
    for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE"]) {
      scope
        .intercept(() => true, method)
        .reply(function (uri, body) {
          return tenant.answer(tenant.domain, method, uri, body, this.req.headers);
        });
    }
    return this;
  }

  /**
   * Verified custom domains. On them the tenant answers the Authentication API's
   * change-password request; the Management API is only on the tenant's own domain.
   */
  withCustomDomains(...domains: string[]): this {
    const tenant = this;
    for (const domain of domains) {
      this.customDomains.push(domain);
      nock(`https://${domain}`)
        .persist()
        .post("/dbconnections/change_password")
        .reply(function (uri, body) {
          return tenant.answer(domain, "POST", uri, body, this.req.headers);
        });
    }
    return this;
  }

  /** What the tenant holds besides its users; its clients join `clients`. */
  withConfiguration(configuration: TenantConfiguration): this {
    this.configuration = structuredClone(configuration);
    this.clients.push(...configuration.clients);
    return this;
  }

  /** The next `times` requests to `endpoint` get `fault` (before reaching the users). */
  fail(endpoint: Endpoint, fault: Fault, times = 1): this {
    const queue = this.faults.get(endpoint) ?? [];
    for (let i = 0; i < times; i++) queue.push(fault);
    this.faults.set(endpoint, queue);
    return this;
  }

  addUser(
    email: string,
    connection: string,
    fields: Partial<Omit<MockUser, "email" | "identities">> = {},
  ): MockUser {
    const id = String(this.next++).padStart(24, "0");
    const user: MockUser = {
      user_id: `auth0|${id}`,
      email,
      email_verified: false,
      created_at: new Date(this.now()).toISOString(),
      identities: [{ connection, provider: "auth0", user_id: id }],
      ...fields,
    };
    this.users.push(user);
    return user;
  }

  byEmail(email: string): MockUser | undefined {
    return this.users.find((u) => u.email === email);
  }

  /** Requests to this endpoint, in order. */
  requestsTo(endpoint: Endpoint): RecordedRequest[] {
    return this.requests.filter((r) => endpointOf(r.method, r.path) === endpoint);
  }

  private answer(
    host: string,
    method: string,
    uri: string,
    rawBody: unknown,
    headers: RecordedRequest["headers"],
  ): [number, unknown, Record<string, string>?] {
    const url = new URL(uri, `https://${host}`);
    const body =
      typeof rawBody === "string" ? rawBody : rawBody === undefined ? "" : JSON.stringify(rawBody);
    this.requests.push({ host, method, path: `${url.pathname}${url.search}`, body, headers });
    const endpoint = endpointOf(method, url.pathname);
    if (endpoint === undefined) return [404, { statusCode: 404, error: "Not Found" }];
    const fault = this.faults.get(endpoint)?.shift();
    if (fault !== undefined) {
      const faultBody = typeof fault.body === "function" ? fault.body(body) : fault.body;
      return [
        fault.status,
        faultBody ?? {
          statusCode: fault.status,
          error: "Fault",
          message: `fault ${fault.status}`,
        },
        fault.headers,
      ];
    }
    const json = (): Record<string, unknown> => (body === "" ? {} : JSON.parse(body));
    const customDomain = headers["auth0-custom-domain"];
    switch (endpoint) {
      case "POST /oauth/token":
        return [
          200,
          { access_token: "mgmt-access-token", token_type: "Bearer", expires_in: 86400 },
        ];
      case "POST /api/v2/users": {
        // The header before the address: which comes first on Auth0 is not recorded.
        const refused = customDomainAnswer(this.customDomains, customDomain, true);
        if (refused !== undefined) return refused;
        const input = json() as {
          email: string;
          connection: string;
          name?: string;
          given_name?: string;
          family_name?: string;
          user_metadata?: Record<string, unknown>;
        };
        if (
          this.users.some(
            (u) => u.email === input.email && u.identities[0].connection === input.connection,
          )
        ) {
          return [409, USER_EXISTS];
        }
        const user = this.addUser(
          input.email,
          input.connection,
          input.user_metadata === undefined ? {} : { user_metadata: input.user_metadata },
        );
        return [
          201,
          {
            ...user,
            name: input.name,
            given_name: input.given_name,
            family_name: input.family_name,
          },
        ];
      }
      case "GET /api/v2/users-by-email":
        return [200, this.users.filter((u) => u.email === url.searchParams.get("email"))];
      case "GET /api/v2/users":
        return [200, this.search(url.searchParams)];
      case "PATCH /api/v2/users/*": {
        const refused = customDomainAnswer(this.customDomains, customDomain, false);
        if (refused !== undefined) return refused;
        const user = this.users.find(
          (u) => u.user_id === decodeURIComponent(url.pathname.split("/").pop() ?? ""),
        );
        if (user === undefined)
          return [
            404,
            {
              statusCode: 404,
              error: "Not Found",
              message: "The user does not exist.",
              errorCode: "inexistent_user",
            },
          ];
        // Auth0 merges both metadata objects one level deep.
        const patch = json() as {
          app_metadata?: Record<string, unknown>;
          user_metadata?: Record<string, unknown>;
        };
        if (patch.app_metadata) user.app_metadata = { ...user.app_metadata, ...patch.app_metadata };
        if (patch.user_metadata) {
          user.user_metadata = { ...user.user_metadata, ...patch.user_metadata };
        }
        return [200, user];
      }
      case "DELETE /api/v2/users/*": {
        const id = decodeURIComponent(url.pathname.split("/").pop() ?? "");
        const index = this.users.findIndex((u) => u.user_id === id);
        if (index >= 0) this.users.splice(index, 1);
        return [204, ""];
      }
      case "GET /api/v2/clients": {
        const page = Number(url.searchParams.get("page") ?? 0);
        const perPage = Number(url.searchParams.get("per_page") ?? 50);
        const slice = this.clients.slice(page * perPage, (page + 1) * perPage);
        return [
          200,
          url.searchParams.get("include_totals") === "true"
            ? { clients: slice, start: page * perPage, limit: perPage, total: this.clients.length }
            : slice,
        ];
      }
      case "POST /dbconnections/change_password":
        return [200, "We've just sent you an email to reset your password."];
      case "GET /api/v2/clients/*": {
        const id = decodeURIComponent(url.pathname.split("/").pop() ?? "");
        const client = this.clients.find((c) => c.client_id === id);
        return client === undefined ? [404, CLIENT_NOT_FOUND] : [200, client];
      }
      default:
        return this.answerConfiguration(endpoint, url);
    }
  }

  /** The tenant's configuration, read only: every endpoint here is a GET. */
  private answerConfiguration(endpoint: Endpoint, url: URL): [number, unknown] {
    const config = this.configuration;
    if (config === undefined) return [404, { statusCode: 404, error: "Not Found" }];
    const segments = url.pathname.split("/").map(decodeURIComponent);
    const page = Number(url.searchParams.get("page") ?? 0);
    const perPage = Number(url.searchParams.get("per_page") ?? 50);
    const slice = <T>(items: T[]) => items.slice(page * perPage, (page + 1) * perPage);
    switch (endpoint) {
      case "GET /api/v2/connections": {
        // Checkpoint pagination answers an object (recorded with take in TestAccConnectionOptionsAttrEmail).
        const name = url.searchParams.get("name");
        const strategy = url.searchParams.getAll("strategy");
        const found = config.connections.filter(
          (c) =>
            (name === null || c.name === name) &&
            (strategy.length === 0 || strategy.includes(String(c.strategy))),
        );
        return [200, { connections: found }];
      }
      case "GET /api/v2/connections/*": {
        const found = config.connections.find((c) => c.id === segments.at(-1));
        return found === undefined ? [404, CONNECTION_NOT_FOUND] : [200, found];
      }
      case "GET /api/v2/email-templates/*": {
        const found = config.emailTemplates[segments.at(-1) ?? ""];
        return found === undefined ? [404, TEMPLATE_NOT_FOUND] : [200, found];
      }
      case "GET /api/v2/emails/provider":
        return config.emailProvider === null
          ? [404, NO_EMAIL_PROVIDER]
          : [200, config.emailProvider];
      case "GET /api/v2/actions/actions": {
        const items = slice(config.actions);
        return [200, { actions: items, total: config.actions.length, page, per_page: perPage }];
      }
      case "GET /api/v2/actions/triggers/*/bindings": {
        const all = config.bindings[segments.at(-2) ?? ""] ?? [];
        return [200, { bindings: slice(all), total: all.length, page, per_page: perPage }];
      }
      case "GET /api/v2/prompts/*/custom-text/*":
        return [200, config.customText[`${segments.at(-3)}/${segments.at(-1)}`] ?? {}];
      case "GET /api/v2/custom-domains":
        return [200, config.customDomains];
      case "GET /api/v2/tenants/settings":
        return [200, { flags: config.flags }];
      default:
        return [404, { statusCode: 404, error: "Not Found" }];
    }
  }

  /** Auth0's user search, as far as the CLI uses it: connection, created_at from, sort, pages. */
  private search(params: URLSearchParams): unknown {
    const q = params.get("q") ?? "";
    const connection = /identities\.connection:"([^"]+)"/.exec(q)?.[1];
    const from = /created_at:\["([^"]+)" TO \*\]/.exec(q)?.[1];
    const page = Number(params.get("page") ?? 0);
    const perPage = Number(params.get("per_page") ?? 50);
    if ((page + 1) * perPage > 1000) {
      return {
        statusCode: 400,
        error: "Bad Request",
        message: "You can only page through the first 1000 records.",
      };
    }
    const matching = this.users
      .filter(
        (u) => connection === undefined || u.identities.some((i) => i.connection === connection),
      )
      .filter((u) => from === undefined || u.created_at >= from)
      .sort((a, b) => a.created_at.localeCompare(b.created_at));
    const users = matching.slice(page * perPage, (page + 1) * perPage);
    return params.get("include_totals") === "true"
      ? {
          users,
          start: page * perPage,
          limit: perPage,
          length: users.length,
          total: matching.length,
        }
      : users;
  }
}

function endpointOf(method: string, path: string): Endpoint | undefined {
  const pathname = path.split("?")[0];
  const candidates: Endpoint[] = [
    "POST /oauth/token",
    "POST /api/v2/users",
    "GET /api/v2/users",
    "GET /api/v2/users-by-email",
    "GET /api/v2/clients",
    "POST /dbconnections/change_password",
  ];
  const exact = candidates.find((e) => e === `${method} ${pathname}`);
  if (exact !== undefined) return exact;
  if (method === "GET") {
    const patterns: [RegExp, Endpoint][] = [
      [/^\/api\/v2\/clients\/[^/]+$/, "GET /api/v2/clients/*"],
      [/^\/api\/v2\/connections$/, "GET /api/v2/connections"],
      [/^\/api\/v2\/connections\/[^/]+$/, "GET /api/v2/connections/*"],
      [/^\/api\/v2\/email-templates\/[^/]+$/, "GET /api/v2/email-templates/*"],
      [/^\/api\/v2\/emails\/provider$/, "GET /api/v2/emails/provider"],
      [/^\/api\/v2\/actions\/actions$/, "GET /api/v2/actions/actions"],
      [
        /^\/api\/v2\/actions\/triggers\/[^/]+\/bindings$/,
        "GET /api/v2/actions/triggers/*/bindings",
      ],
      [/^\/api\/v2\/prompts\/[^/]+\/custom-text\/[^/]+$/, "GET /api/v2/prompts/*/custom-text/*"],
      [/^\/api\/v2\/custom-domains$/, "GET /api/v2/custom-domains"],
      [/^\/api\/v2\/tenants\/settings$/, "GET /api/v2/tenants/settings"],
    ];
    const found = patterns.find(([pattern]) => pattern.test(pathname));
    if (found !== undefined) return found[1];
  }
  if (/^\/api\/v2\/users\/[^/]+$/.test(pathname)) {
    if (method === "PATCH") return "PATCH /api/v2/users/*";
    if (method === "DELETE") return "DELETE /api/v2/users/*";
  }
  return undefined;
}
