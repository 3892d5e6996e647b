import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Testing } from "cdktf";
import { loadEnvironments } from "../../lib/environment";
import { withoutTokenCreationStacks } from "../../lib/speed/token-stack-traces";
import { addEnvironmentStacks, environmentStackProps } from "../../lib/stack/environment-stacks";
import { ROOT } from "../support/paths";
import { testingApp } from "../support/testing-app";

// main.ts builds the stacks inside withoutTokenCreationStacks: it must change nothing but speed.
describe("building stacks without token creation stacks", () => {
  // One environment is enough to compare, whichever the repository has first.
  const environments = loadEnvironments(path.join(ROOT, "environments")).slice(0, 1);
  const synthAll = () => {
    const app = testingApp();
    const stacks = addEnvironmentStacks(app, environmentStackProps(environments));
    return stacks.map((stack) => Testing.synth(stack, false));
  };

  it("synthesizes exactly the same JSON", () => {
    expect(withoutTokenCreationStacks(synthAll)).toEqual(synthAll());
  });

  it("keeps the stack traces of real errors thrown inside", () => {
    let caught: Error | undefined;
    withoutTokenCreationStacks(() => {
      try {
        throw new Error("boom");
      } catch (error) {
        caught = error as Error;
      }
    });
    expect(caught?.stack).toMatch(/^Error: boom\n\s+at /);
  });

  it("skips the traces cdktf records on plain objects, and restores the hook afterwards", () => {
    const original = Error.captureStackTrace;
    const target = { stack: "" };
    withoutTokenCreationStacks(() => Error.captureStackTrace(target));
    expect(target.stack).toBe("");
    expect(Error.captureStackTrace).toBe(original);
    Error.captureStackTrace(target);
    expect(target.stack).not.toBe("");
  });

  it("leaves the hook alone when asked to keep the traces (CDK_DEBUG)", () => {
    const target = { stack: "" };
    withoutTokenCreationStacks(() => Error.captureStackTrace(target), true);
    expect(target.stack).not.toBe("");
  });
});

describe("deferring archiver (lib/speed/defer-archiver.ts, main.ts's first import)", () => {
  const outdir = mkdtempSync(path.join(tmpdir(), "probe-"));
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));
  const result = spawnSync(
    process.execPath,
    ["scripts/run.mjs", "__tests__/fixtures/speed/defer-archiver-probe.ts", outdir],
    { cwd: ROOT, encoding: "utf8" },
  );
  const seen = JSON.parse(result.stdout || "{}");

  it("keeps the package unloaded while cdktf loads and an App is built", () => {
    expect(result.stderr).toBe("");
    expect(seen.before).toBe(false);
  });

  it("loads the real package the first time it is used", () => {
    expect(seen).toMatchObject({ after: true, works: true });
  });

  it("comes before cdktf in main.ts, or it would be too late", () => {
    const main = readFileSync(path.join(ROOT, "main.ts"), "utf8");
    const imports = [...main.matchAll(/^import .*?"([^"]+)";$/gm)].map((m) => m[1]);
    expect(imports[0]).toBe("./lib/speed/defer-archiver");
  });
});
