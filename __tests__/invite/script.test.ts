// scripts/invite.ts as an admin runs it (`npm run invite -- ...` runs exactly this command):
// the help of every command, with the scopes each needs, and the exit codes of the edge.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { parseCommandLine } from "../../lib/invite/command-line";
import { COMMAND_SCOPES } from "../../lib/invite/scopes";
import { ROOT } from "../support/paths";

const run = async (args: string[], env: Record<string, string> = {}) => {
  const { AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET, AUTH0_API_TOKEN, AUTH0_DOMAIN, ...rest } =
    process.env;
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ["scripts/run.mjs", "scripts/invite.ts", ...args],
      { cwd: ROOT, env: { ...rest, ...env } },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
};

describe("npm run invite", () => {
  it("--help lists the four commands, the credentials and the exit codes", async () => {
    const { code, stdout } = await run(["--help"]);
    expect(code).toBe(0);
    for (const command of ["add", "status", "resend", "revoke"]) {
      expect(stdout).toMatch(new RegExp(`^  ${command} `, "m"));
    }
    expect(stdout).toContain("AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET");
    expect(stdout).toContain(
      "Exit codes: 0 all done; 1 something failed or was refused; 2 bad usage or input.",
    );
  });

  it.each(Object.entries(COMMAND_SCOPES))(
    "%s --help names the scopes it needs",
    (command, scopes) => {
      // In-process: the parser the script runs, without a process per command.
      let out = "";
      const parsed = parseCommandLine([command, "--help"], {
        out: (text) => {
          out += text;
        },
        err: () => {},
      });
      expect(parsed).toEqual({ kind: "exit", code: 0 });
      expect(out).toContain(`npm run invite -- ${command} [options] <env>`);
      for (const { scope } of scopes) expect(out).toMatch(new RegExp(`^  ${scope}\\b`, "m"));
    },
  );

  it("exits 2 with the help when no command is given", async () => {
    const { code, stderr } = await run([]);
    expect(code).toBe(2);
    expect(stderr).toContain("Commands:");
  });

  it("exits 2 naming the missing credentials, before any request", async () => {
    const { code, stderr } = await run(["status", "dev"]);
    expect(code).toBe(2);
    expect(stderr).toContain("invite: AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET are not set");
  });
});

describe("docs/inviting.md", () => {
  it("lists exactly the scopes each command needs", () => {
    const doc = readFileSync(path.join(ROOT, "docs/inviting.md"), "utf8");
    const section = doc.slice(doc.indexOf("## Credentials and scopes"));
    const documented = Object.fromEntries(
      [...section.matchAll(/^\| `(\w+)` \| (.+) \|$/gm)].map(([, command, cell]) => [
        command,
        [...cell.matchAll(/`(\w+:\w+)`/g)].map(([, scope]) => scope).sort(),
      ]),
    );
    const inCode = Object.fromEntries(
      Object.entries(COMMAND_SCOPES).map(([command, needs]) => [
        command,
        needs.map((n) => n.scope).sort(),
      ]),
    );
    expect(documented).toEqual(inCode);
  });
});
