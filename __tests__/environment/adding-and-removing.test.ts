// docs/environment.md's recipe for adding, renaming and removing a tenant, followed for real: the
// shipped-stack snapshot test runs in its own jest process against a scratch copy of the
// environments and of the committed snapshot file, so the repository itself is never touched.
import { spawnSync } from "node:child_process";
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ROOT } from "../support/paths";

const SNAPSHOT_TEST = "__tests__/stack/shipped-stack.test.ts";
const COMMITTED_SNAPSHOTS = path.join(
  ROOT,
  "__tests__/stack/__snapshots__/shipped-stack.test.ts.snap",
);

const scratch = mkdtempSync(path.join(tmpdir(), "environment-lifecycle-"));
const environments = path.join(scratch, "environments");
const snapshots = path.join(scratch, "snapshots");
const snapshotFile = path.join(snapshots, "shipped-stack.test.ts.snap");
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

mkdirSync(environments);
mkdirSync(snapshots);
for (const file of readdirSync(path.join(ROOT, "environments"))) {
  if (file.endsWith(".json")) {
    copyFileSync(path.join(ROOT, "environments", file), path.join(environments, file));
  }
}
copyFileSync(COMMITTED_SNAPSHOTS, snapshotFile);
// The project's jest config, with the snapshot file moved to the scratch folder.
writeFileSync(
  path.join(scratch, "resolver.js"),
  `const path = require("node:path");
const tests = ${JSON.stringify(path.join(ROOT, "__tests__/stack"))};
module.exports = {
  resolveSnapshotPath: (testPath, ext) => path.join(${JSON.stringify(snapshots)}, path.basename(testPath) + ext),
  resolveTestPath: (snapshotPath, ext) => path.join(tests, path.basename(snapshotPath, ext)),
  testPathForConsistencyCheck: path.join(tests, "shipped-stack.test.ts"),
};
`,
);
writeFileSync(
  path.join(scratch, "jest.config.js"),
  `module.exports = { ...require(${JSON.stringify(path.join(ROOT, "jest.config.js"))}), rootDir: ${JSON.stringify(ROOT)}, snapshotResolver: ${JSON.stringify(path.join(scratch, "resolver.js"))} };\n`,
);

/** `npm test` of the snapshot test, as CI runs it (`--ci`) or as a person records (`-u`). */
function snapshotTest(mode: "--ci" | "-u") {
  const result = spawnSync(
    process.execPath,
    [
      "node_modules/jest/bin/jest.js",
      "--config",
      path.join(scratch, "jest.config.js"),
      "--runTestsByPath",
      SNAPSHOT_TEST,
      mode,
    ],
    { cwd: ROOT, env: { ...process.env, ENVIRONMENTS_DIR: environments }, encoding: "utf8" },
  );
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

const snapshotNames = () =>
  [...readFileSync(snapshotFile, "utf8").matchAll(/^exports\[`the (\S+) stack as shipped/gm)].map(
    (m) => m[1],
  );
const committedNames = snapshotNames();

function addEnvironment(name: string): void {
  const dev = JSON.parse(readFileSync(path.join(ROOT, "environments/dev.json"), "utf8"));
  writeFileSync(
    path.join(environments, `${name}.json`),
    JSON.stringify({ ...dev, domain: `example-${name}.eu.auth0.com` }, null, 2),
  );
}

describe("adding an environment", () => {
  it("fails CI until the new environment's snapshot is recorded", () => {
    addEnvironment("stage");
    const run = snapshotTest("--ci");
    expect(run.status).toBe(1);
    expect(run.output).toContain("the stage stack as shipped");
  });

  it("records its snapshot with `npm test -- -u`, leaving the other environments' as they were", () => {
    const before = readFileSync(snapshotFile, "utf8");
    expect(snapshotTest("-u").status).toBe(0);
    expect(snapshotNames().sort()).toEqual([...committedNames, "stage"].sort());
    const after = readFileSync(snapshotFile, "utf8");
    for (const entry of before.split("\n\nexports[").slice(1)) {
      expect(after).toContain(entry.trimEnd());
    }
  });

  it("then stays green", () => {
    expect(snapshotTest("--ci").status).toBe(0);
  });
});

describe("renaming an environment", () => {
  it("is recorded like a removal and an addition: the old name's snapshot goes, the new one's comes", () => {
    renameSync(path.join(environments, "stage.json"), path.join(environments, "qa.json"));
    const json = JSON.parse(readFileSync(path.join(environments, "qa.json"), "utf8"));
    writeFileSync(
      path.join(environments, "qa.json"),
      JSON.stringify({ ...json, domain: "example-qa.eu.auth0.com" }),
    );
    expect(snapshotTest("-u").status).toBe(0);
    expect(snapshotNames().sort()).toEqual([...committedNames, "qa"].sort());
  });
});

describe("removing an environment", () => {
  it("fails CI while its snapshot is left behind", () => {
    rmSync(path.join(environments, "qa.json"));
    const run = snapshotTest("--ci");
    expect(run.status).toBe(1);
    expect(run.output).toContain("1 snapshot obsolete");
  });

  it("is recorded with `npm test -- -u`, which restores the snapshot file byte for byte", () => {
    expect(snapshotTest("-u").status).toBe(0);
    expect(readFileSync(snapshotFile, "utf8")).toBe(readFileSync(COMMITTED_SNAPSHOTS, "utf8"));
    expect(snapshotTest("--ci").status).toBe(0);
  });
});
