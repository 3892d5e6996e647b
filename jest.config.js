/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  // Jest uses cores - 1 workers by default: one on a 2-core machine, while many tests wait on
  // child processes (synth, terraform stand-in, esbuild) and leave the core idle.
  maxWorkers: 2,
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  // Once per run: one synth of the environments, `terraform version` asked once, a folder for
  // the stand-in process each worker shares (__tests__/support/global-setup.ts).
  globalSetup: "<rootDir>/__tests__/support/global-setup.ts",
  globalTeardown: "<rootDir>/__tests__/support/global-teardown.ts",
  // Many tests start terraform, the stand-in, a synth or Node 22; on a busy machine any of them
  // can take many times its usual time. This is a ceiling for a hang, not a budget: budgets
  // live in `npm run bench`.
  testTimeout: 120_000,
  // Jest compiles every module again for every test file; this keeps V8's code cache of them.
  runtime: "<rootDir>/__tests__/support/code-cache-runtime.cjs",
  transform: {
    "^.+\\.ts$": [
      "@swc/jest",
      { jsc: { target: "es2022", parser: { syntax: "typescript" } }, module: { type: "commonjs" } },
    ],
  },
  moduleFileExtensions: ["ts", "js", "json"],
  snapshotFormat: { escapeString: false, printBasicPrototype: false },
};
