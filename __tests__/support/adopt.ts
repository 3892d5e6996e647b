// `npm run adopt` as the script runs it (lib/adopt/run.ts), against the nock fake of the
// Management API seeded with a fixture tenant, in a scratch folder of environment files.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import nock from "nock";
import { runAdopt } from "../../lib/adopt/run";
import { NockTenant, tenantConfiguration } from "./nock-tenant";
import { ROOT } from "./paths";

export const DOMAIN = "example-dev.eu.auth0.com";

/** A Management API token: the read then makes no request but GETs, not even for a token. */
export const TOKEN = { AUTH0_API_TOKEN: "mgmt-api-token-never-shown" };

/** What a person writes before running adopt: the tenant, the application, the emails. */
export const EMAIL = {
  from: "Example Portal <no-reply@example.com>",
  productName: "Example Portal",
  supportEmail: "support@example.com",
};

/** For the tenant created this year: it has no email provider, so the file names one. */
export const CURRENT_FILE = {
  domain: DOMAIN,
  application: {
    name: "Example Portal",
    type: "regular_web",
    loginUrl: "https://portal.example.com/login",
  },
  emailProvider: { name: "sendgrid", defaultFromAddress: "no-reply@example.com" },
  email: EMAIL,
};

/** For the older tenant: its portal application exists already. */
export const OLDER_FILE = {
  domain: DOMAIN,
  application: { clientId: "PortalClientId000000000000000001" },
  email: EMAIL,
};

export interface AdoptRun {
  code: number;
  out: string;
  err: string;
  json: () => Record<string, unknown>;
}

export class AdoptWorkspace {
  readonly dir = mkdtempSync(path.join(tmpdir(), "adopt-"));
  readonly environments = path.join(this.dir, "environments");
  tenant!: NockTenant;

  constructor() {
    mkdirSync(this.environments);
  }

  /** A fresh fake tenant from a fixture (with `edit` applied to its configuration). */
  seed(
    fixture: "current-tenant" | "older-tenant",
    edit: (configuration: ReturnType<typeof tenantConfiguration>) => void = () => {},
    domain = DOMAIN,
  ): NockTenant {
    nock.cleanAll();
    nock.disableNetConnect();
    const configuration = tenantConfiguration(fixture, domain);
    edit(configuration);
    this.tenant = new NockTenant(domain).start().withConfiguration(configuration);
    return this.tenant;
  }

  write(name: string, file: unknown): void {
    writeFileSync(
      path.join(this.environments, `${name}.json`),
      `${JSON.stringify(file, null, 2)}\n`,
    );
  }

  read(name: string): string {
    return readFileSync(path.join(this.environments, `${name}.json`), "utf8");
  }

  path(file: string): string {
    return path.join(this.dir, file);
  }

  async adopt(argv: string[], env: Record<string, string | undefined> = TOKEN): Promise<AdoptRun> {
    let out = "";
    let err = "";
    const code = await runAdopt({
      argv,
      env,
      cwd: ROOT,
      environmentsDir: this.environments,
      out: (text) => {
        out += text;
      },
      err: (text) => {
        err += text;
      },
    });
    return { code, out, err, json: () => JSON.parse(out) };
  }

  remove(): void {
    nock.cleanAll();
    nock.enableNetConnect();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
