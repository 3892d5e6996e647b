// The files `npm run adopt` writes: formatted as `npm run format` formats them, and replaced
// whole.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { formatJson, writeFileAtomically } from "../../lib/adopt/files";
import { ROOT } from "../support/paths";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "adopt-files-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it("writes JSON as the repository's formatter does: short lists on one line, objects open", () => {
  const text = formatJson(
    { connection: { passwordPolicy: { characterTypes: ["uppercase", "lowercase"] } } },
    path.join(dir, "prod.json"),
    ROOT,
  );
  expect(text).toBe(
    [
      "{",
      '  "connection": {',
      '    "passwordPolicy": {',
      '      "characterTypes": ["uppercase", "lowercase"]',
      "    }",
      "  }",
      "}",
      "",
    ].join("\n"),
  );
});

it("replaces a file whole, leaving no temporary file beside it", () => {
  const file = path.join(dir, "prod.json");
  writeFileSync(file, "old\n");
  writeFileAtomically(file, "new\n");
  expect(readFileSync(file, "utf8")).toBe("new\n");
  expect(readdirSync(dir)).toEqual(["prod.json"]);
});
