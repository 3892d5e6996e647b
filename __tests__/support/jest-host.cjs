// A jest of its own for tests that run a test file as a person would (`npm test -- -u`,
// `npm test` in CI): forked once, it runs jest in-process on each request, so jest starts
// once instead of once per run. Requests over IPC: { argv, config }; answers:
// { status, output } with what jest printed.
const { runCLI } = require("jest");

process.on("message", async ({ argv, config, project }) => {
  let output = "";
  const write = process.stderr.write;
  const capture = (chunk) => {
    output += chunk;
    return true;
  };
  try {
    process.stderr.write = capture;
    const { results } = await runCLI(
      { _: [], $0: "jest", config, runInBand: true, watchman: false, ...argv },
      [project],
    );
    process.stderr.write = write;
    process.send({ status: results.success ? 0 : 1, output });
  } catch (error) {
    process.stderr.write = write;
    process.send({ status: 1, output: `${output}\n${error?.stack}` });
  }
});
process.on("disconnect", () => process.exit(0));
