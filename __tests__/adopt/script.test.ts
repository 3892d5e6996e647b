// scripts/adopt.ts as a person runs it (`npm run adopt -- ...` runs exactly this command): the
// help with the read scopes, and the exit code of bad usage; and the docs' list of scopes.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { READ_SCOPES } from "../../lib/adopt/scopes";
import { ROOT } from "../support/paths";

const run = async (args: string[]) => {
  const { AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET, AUTH0_API_TOKEN, AUTH0_DOMAIN, ...rest } =
    process.env;
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ["scripts/run.mjs", "scripts/adopt.ts", ...args],
      { cwd: ROOT, env: rest },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
};

describe("npm run adopt", () => {
  it("--help names the options, every read scope, and the exit codes", async () => {
    const { code, stdout } = await run(["--help"]);
    expect(code).toBe(0);
    for (const option of ["--write", "--snapshot <file>", "--accept-loss", "--json"]) {
      expect(stdout).toContain(option);
    }
    for (const { scope } of READ_SCOPES) expect(stdout).toMatch(new RegExp(`^  ${scope}\\b`, "m"));
    expect(stdout).toContain("every Management API\nrequest is a GET");
    expect(stdout).toContain(
      "Exit codes: 0 nothing is lost (or --accept-loss) and nothing blocks;",
    );
  });

  it("exits 2 naming the missing credentials, before any request", async () => {
    const { code, stderr } = await run(["dev"]);
    expect(code).toBe(2);
    expect(stderr).toContain("adopt: AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET are not set");
  });
});

describe("docs/adopting.md", () => {
  it("lists exactly the scopes the read needs", () => {
    const doc = readFileSync(path.join(ROOT, "docs/adopting.md"), "utf8");
    const section = doc.slice(doc.indexOf("## Credentials and scopes"));
    const documented = [...section.matchAll(/^\| `(\w+:\w+)` \|/gm)].map(([, scope]) => scope);
    expect(documented.sort()).toEqual(READ_SCOPES.map((s) => s.scope).sort());
  });
});
