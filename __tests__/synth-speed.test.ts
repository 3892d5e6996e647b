import { type App, Testing } from "cdktf";
import { addEnvironmentStacks } from "../lib/app";
import { loadEnvironments } from "../lib/config";
import { withoutTokenCreationStacks } from "../lib/synth-speed";

// main.ts builds the stacks inside withoutTokenCreationStacks: it must change nothing but speed.
describe("building stacks without token creation stacks", () => {
  const environments = loadEnvironments("environments");
  const synthAll = () => {
    const app = Testing.app() as App;
    return addEnvironmentStacks(app, environments).map((stack) => Testing.synth(stack, false));
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
