// The environment listing CI plans and applies from (`npm run environments`): its order and
// backend kinds, read through the real loader so the defaults are the schema's own.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadEnvironments } from "../../lib/environment";
import { formatListing, listEnvironments } from "../../lib/environment/listing";
import {
  exampleWithoutOrderOrBackend,
  HCP_BACKEND,
  S3_BACKEND,
} from "../support/environment-files";
import { ROOT } from "../support/paths";

const root = ROOT;

const example = exampleWithoutOrderOrBackend();
const S3 = S3_BACKEND;
const HCP = HCP_BACKEND;

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), "environment-listing-"));
});
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

/** A directory of environment files, `name` -> what the file states besides the example. */
function environmentsDir(environments: Record<string, Record<string, unknown>>): string {
  const dir = mkdtempSync(path.join(scratch, "environments-"));
  for (const [name, settings] of Object.entries(environments)) {
    const domain = `${name.toLowerCase().replace(/[^a-z0-9-]/g, "-")}.eu.auth0.com`;
    writeFileSync(
      path.join(dir, `${name}.json`),
      JSON.stringify({ ...example, domain, ...settings }),
    );
  }
  return dir;
}

function listing(environments: Record<string, Record<string, unknown>>) {
  return listEnvironments(loadEnvironments(environmentsDir(environments)));
}

describe("the environment listing", () => {
  it("puts the lowest applyOrder first", () => {
    const names = listing({
      prod: { applyOrder: 900 },
      staging: { applyOrder: 10 },
      first: { applyOrder: 0 },
    }).map((e) => e.name);
    expect(names).toEqual(["first", "staging", "prod"]);
  });

  it("orders environments with the same applyOrder by name", () => {
    const names = listing({
      "staging-us": { applyOrder: 5 },
      "staging-eu": { applyOrder: 5 },
      staging: { applyOrder: 5 },
    }).map((e) => e.name);
    expect(names).toEqual(["staging", "staging-eu", "staging-us"]);
  });

  it("sorts a file without applyOrder as 100, the loader's default", () => {
    const listed = listing({
      before: { applyOrder: 99 },
      unset: {},
      tie: { applyOrder: 100 },
      after: { applyOrder: 101 },
    });
    expect(listed.map((e) => [e.name, e.applyOrder])).toEqual([
      ["before", 99],
      ["tie", 100],
      ["unset", 100],
      ["after", 101],
    ]);
  });

  it("gives each environment's backend kind, local for a file without backend", () => {
    const listed = listing({
      dev: {},
      sandbox: { backend: { type: "local" } },
      prod: { backend: S3 },
      staging: { backend: HCP },
    });
    expect(Object.fromEntries(listed.map((e) => [e.name, e.backend]))).toEqual({
      dev: "local",
      sandbox: "local",
      prod: "s3",
      staging: "hcp",
    });
  });

  it("names each environment's file as the loader found it, and nothing else", () => {
    const dir = environmentsDir({ dev: { backend: S3 } });
    expect(listEnvironments(loadEnvironments(dir))).toEqual([
      { name: "dev", file: path.join(dir, "dev.json"), applyOrder: 100, backend: "s3" },
    ]);
  });

  it("reads as a table for people, one environment a line, in apply order", () => {
    const dir = environmentsDir({ prod: { applyOrder: 900, backend: S3 }, dev: {} });
    const table = formatListing(listEnvironments(loadEnvironments(dir))).split("\n");
    expect(table).toHaveLength(3);
    expect(table[0].split(/\s+/)).toEqual(["ORDER", "NAME", "BACKEND", "FILE"]);
    expect(table[1].split(/\s+/)).toEqual(["100", "dev", "local", path.join(dir, "dev.json")]);
    expect(table[2].split(/\s+/)).toEqual(["900", "prod", "s3", path.join(dir, "prod.json")]);
    // Aligned: the last column starts at the same place on every line.
    const fileColumn = table.map((line) => line.indexOf(line.split(/\s+/)[3]));
    expect(new Set(fileColumn).size).toBe(1);
  });

  it("spells out a control character in a file's path, which ENVIRONMENTS_DIR may hold", () => {
    const table = formatListing([
      { name: "dev", file: "env\u001b[2J/dev.json", applyOrder: 100, backend: "local" },
    ]);
    expect(table.split("\n")[1]).toMatch(/ env\\u001b\[2J\/dev\.json$/);
  });
});

describe("npm run environments", () => {
  it("exits 1 and lists every problem when an environment file is invalid", () => {
    const dir = environmentsDir({ Prod_EU: {}, staging: { applyOrder: -1 } });
    const result = spawnSync(
      process.execPath,
      ["scripts/run.mjs", "scripts/environments.ts", "--json"],
      { cwd: root, env: { ...process.env, ENVIRONMENTS_DIR: dir }, encoding: "utf8" },
    );
    expect(result.status).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(`${path.join(dir, "Prod_EU.json")}: `);
    expect(result.stderr).toMatch(/Prod_EU\.json: .*stack name/);
    expect(result.stderr).toMatch(/staging\.json: applyOrder\b/);
  });
});
