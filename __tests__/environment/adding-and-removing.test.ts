// docs/environment.md's recipe for adding, renaming and removing a tenant, followed for real: the
// shipped-stack snapshot test runs in a jest of its own against a scratch copy of the
// environments (the working tree's, whatever they are, plus one more) and a snapshot file of
// its own, so the repository itself is never touched (nor read while `npm test -- -u` may be
// rewriting it) and nothing here assumes which environments are committed.
import { type ChildProcess, fork } from "node:child_process";
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

const scratch = mkdtempSync(path.join(tmpdir(), "environment-lifecycle-"));
const environments = path.join(scratch, "environments");
const snapshots = path.join(scratch, "snapshots");
const snapshotFile = path.join(snapshots, "shipped-stack.test.ts.snap");

mkdirSync(environments);
mkdirSync(snapshots);
for (const file of readdirSync(path.join(ROOT, "environments"))) {
  if (file.endsWith(".json")) {
    copyFileSync(path.join(ROOT, "environments", file), path.join(environments, file));
  }
}
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
const config = path.join(scratch, "jest.config.js");
writeFileSync(
  config,
  `module.exports = { ...require(${JSON.stringify(path.join(ROOT, "jest.config.js"))}), rootDir: ${JSON.stringify(ROOT)}, snapshotResolver: ${JSON.stringify(path.join(scratch, "resolver.js"))} };\n`,
);

// One jest process for every run below (starting jest costs more than the test file).
let jestHost: ChildProcess;
let jestStderr = "";
beforeAll(() => {
  jestHost = fork(path.join(ROOT, "__tests__/support/jest-host.cjs"), {
    cwd: ROOT,
    env: { ...process.env, ENVIRONMENTS_DIR: environments },
    stdio: ["ignore", "ignore", "pipe", "ipc"],
  });
  jestHost.stderr?.on("data", (chunk: Buffer) => {
    jestStderr += chunk.toString();
  });
});
afterAll(async () => {
  // Waited for, so that nothing keeps this jest worker once the file is done.
  if (jestHost && jestHost.exitCode === null && jestHost.signalCode === null) {
    const exited = new Promise((resolve) => jestHost.once("exit", resolve));
    jestHost.kill();
    await exited;
  }
  rmSync(scratch, { recursive: true, force: true });
});

interface Run {
  status: number;
  output: string;
}

/** `npm test` of the snapshot test, as CI runs it (`--ci`) or as a person records (`-u`). */
function snapshotTest(mode: "--ci" | "-u"): Promise<Run> {
  return new Promise<Run>((resolve, reject) => {
    const exited = (code: number | null) =>
      reject(new Error(`the jest process exited (${code}):\n${jestStderr}`));
    jestHost.once("exit", exited);
    jestHost.once("message", (answer) => {
      jestHost.off("exit", exited);
      resolve(answer as Run);
    });
    jestHost.send({
      config,
      project: ROOT,
      argv: {
        _: [SNAPSHOT_TEST],
        runTestsByPath: true,
        ...(mode === "--ci" ? { ci: true } : { ci: false, updateSnapshot: "all" }),
      },
    });
  });
}

const snapshotNames = () =>
  [...readFileSync(snapshotFile, "utf8").matchAll(/^exports\[`the (\S+) stack as shipped/gm)]
    .map((m) => m[1])
    .sort();
const environmentNames = () =>
  readdirSync(environments)
    .filter((f) => f.endsWith(".json"))
    .map((f) => f.slice(0, -".json".length))
    .sort();

/** A copy of an existing environment pointed at another tenant and connection. */
function addEnvironment(name: string): void {
  const [first] = environmentNames();
  const source = JSON.parse(readFileSync(path.join(environments, `${first}.json`), "utf8"));
  const connection = source.connection?.id
    ? { ...source.connection, id: `con_${name.toUpperCase().padEnd(16, "0")}` }
    : source.connection;
  writeFileSync(
    path.join(environments, `${name}.json`),
    JSON.stringify({ ...source, domain: `example-${name}.eu.auth0.com`, connection }, null, 2),
  );
}

// The snapshot file as `npm test -- -u` records it for the environments the scratch copy
// started with: the working tree's, which need not match the committed snapshot file (someone
// may be in the middle of this very recipe).
let recorded: string;

describe("with the working tree's environments", () => {
  it("`npm test -- -u` records a snapshot for each of them", async () => {
    expect((await snapshotTest("-u")).status).toBe(0);
    expect(snapshotNames()).toEqual(environmentNames());
    recorded = readFileSync(snapshotFile, "utf8");
  });
});

describe("adding an environment", () => {
  it("fails CI until the new environment's snapshot is recorded", async () => {
    addEnvironment("stage");
    const run = await snapshotTest("--ci");
    expect(run.status).toBe(1);
    expect(run.output).toContain("the stage stack as shipped");
  });

  it("records its snapshot with `npm test -- -u`, leaving the other environments' as they were", async () => {
    expect((await snapshotTest("-u")).status).toBe(0);
    expect(snapshotNames()).toEqual(environmentNames());
    expect(snapshotNames()).toContain("stage");
    const after = readFileSync(snapshotFile, "utf8");
    for (const entry of recorded.split("\n\nexports[").slice(1)) {
      expect(after).toContain(entry.trimEnd());
    }
  });

  it("then stays green", async () => {
    expect((await snapshotTest("--ci")).status).toBe(0);
  });
});

describe("renaming an environment", () => {
  it("is recorded like a removal and an addition: the old name's snapshot goes, the new one's comes", async () => {
    renameSync(path.join(environments, "stage.json"), path.join(environments, "qa.json"));
    const json = JSON.parse(readFileSync(path.join(environments, "qa.json"), "utf8"));
    writeFileSync(
      path.join(environments, "qa.json"),
      JSON.stringify({ ...json, domain: "example-qa.eu.auth0.com" }),
    );
    expect((await snapshotTest("-u")).status).toBe(0);
    expect(snapshotNames()).toEqual(environmentNames());
    expect(snapshotNames()).toContain("qa");
    expect(snapshotNames()).not.toContain("stage");
  });
});

describe("removing an environment", () => {
  it("fails CI while its snapshot is left behind", async () => {
    rmSync(path.join(environments, "qa.json"));
    const run = await snapshotTest("--ci");
    expect(run.status).toBe(1);
    expect(run.output).toContain("1 snapshot obsolete");
  });

  it("is recorded with `npm test -- -u`, which restores the snapshot file byte for byte", async () => {
    expect((await snapshotTest("-u")).status).toBe(0);
    expect(readFileSync(snapshotFile, "utf8")).toBe(recorded);
    expect((await snapshotTest("--ci")).status).toBe(0);
  });
});
