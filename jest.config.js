/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  // Jest uses cores - 1 workers by default: one on a 2-core machine, while many tests wait on
  // child processes (synth, terraform stand-in, esbuild) and leave the core idle.
  maxWorkers: 2,
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.ts$": [
      "@swc/jest",
      { jsc: { target: "es2022", parser: { syntax: "typescript" } }, module: { type: "commonjs" } },
    ],
  },
  moduleFileExtensions: ["ts", "js", "json"],
  snapshotFormat: { escapeString: false, printBasicPrototype: false },
};
