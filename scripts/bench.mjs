#!/usr/bin/env node
// Times the commands that have budgets, several runs each, and prints the medians.
//
//   npm run bench                 # all measurements
//   npm run bench -- --runs 9     # more runs for the fast commands
//   npm run bench -- --skip-tests # leave out the `npm test` rows (the slowest)
//   npm run bench -- --skip-clone # leave out the fresh-clone rows (npm ci, .ci/run)
//   npm run bench -- --list-terraform-tests # only list the terraform-backed test files
//
// Every command runs as a user would run it (a fresh process); the first run of each is a
// warm-up and is not counted, so the numbers are steady-state, not cold-cache, timings. The
// fresh-clone rows are the exception: one run each, on a clone of HEAD just after `npm ci`.
import { spawnSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { benchAction, formatSeconds, summarize } from "./bench-action.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "5" },
    "skip-tests": { type: "boolean", default: false },
    "skip-clone": { type: "boolean", default: false },
    "list-terraform-tests": { type: "boolean", default: false },
  },
});
const runs = Number(values.runs);

/**
 * The test files that run terraform, anywhere under __tests__/ (the tests mirror lib/'s
 * folders): those that use describeWithTerraform. Paths relative to __tests__/, sorted.
 */
function terraformBackedTests() {
  const testsDir = path.join(root, "__tests__");
  return readdirSync(testsDir, { recursive: true })
    .map((f) => f.split(path.sep).join("/"))
    .filter((f) => f.endsWith(".test.ts"))
    .filter((f) => readFileSync(path.join(testsDir, f), "utf8").includes("describeWithTerraform("))
    .sort();
}

if (values["list-terraform-tests"]) {
  for (const file of terraformBackedTests()) console.log(`__tests__/${file}`);
  process.exit(0);
}

/**
 * 500 invites from a CSV against a local server that answers after 20 ms and limits requests
 * as Auth0 does (scripts/bench-invite.ts): the share of what the limit allowed that the run
 * used, and the rows that failed. Each run takes about 500 / rate seconds, so no warm-up.
 */
function benchInvite(n) {
  const samples = [];
  for (let i = 0; i < n; i++) {
    const result = spawnSync(process.execPath, ["scripts/run.mjs", "scripts/bench-invite.ts"], {
      cwd: root,
      env,
      encoding: "utf8",
    });
    if (result.status !== 0) {
      console.error(`bench: scripts/bench-invite.ts failed:\n${result.stderr || result.stdout}`);
      process.exit(1);
    }
    samples.push(JSON.parse(result.stdout.trim().split("\n").at(-1)));
  }
  const row = (label, values, budget, extra) => summarize(label, values, { budget, ...extra });
  const percent = (x) => Number((100 * x).toFixed(1));
  return [
    row(
      "invite add: share of the rate limit used (500 rows)",
      samples.map((s) => percent(s.shareOfAllowed)),
      90,
      { unit: "%", atLeast: true },
    ),
    row(
      "invite add: failed rows (500 rows)",
      samples.map((s) => s.failed + (s.invites - s.created)),
      0,
      { unit: "rows", exact: true },
    ),
    row(
      "invite add: 429s answered (500 rows)",
      samples.map((s) => s.rateLimited),
      undefined,
      { unit: "responses" },
    ),
  ];
}

const cdktfJson = (await import(path.join(root, "cdktf.json"), { with: { type: "json" } })).default;
// cdktf-cli phones home for version checks; the bench must not wait on the network.
const env = { ...process.env, CHECKPOINT_DISABLE: "1", CI: "1" };

function time(command, args, options = {}) {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd: root, env, encoding: "utf8", ...options });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) {
    console.error(`bench: ${command} ${args.join(" ")} failed:\n${result.stderr || result.stdout}`);
    process.exit(1);
  }
  return seconds;
}

/** Several commands run in turns: a warm-up round, then n rounds. */
function measureInTurns(n, commands) {
  for (const [, fn] of commands) fn();
  const samples = commands.map(() => []);
  for (let i = 0; i < n; i++) {
    for (const [j, [, fn]] of commands.entries()) samples[j].push(fn());
  }
  return commands.map(([label], j) => {
    process.stderr.write(`  measured ${label}\n`);
    return summarize(label, samples[j]);
  });
}

function measure(label, n, fn) {
  return measureInTurns(n, [[label, fn]])[0];
}

/** One run, no warm-up: for what happens once (a fresh clone's first test run). */
function once(label, fn) {
  const seconds = fn();
  process.stderr.write(`  measured ${label}\n`);
  return summarize(label, [seconds]);
}

/**
 * The repository's files as they are in the working tree (tracked and new, not ignored) in
 * `dir`, sharing this checkout's node_modules and generated bindings.
 */
function copyOfWorkingTree(dir) {
  const listed = spawnSync(
    "git",
    ["ls-files", "-z", "--cached", "--others", "--exclude-standard"],
    {
      cwd: root,
      encoding: "utf8",
    },
  );
  for (const file of listed.stdout.split("\0").filter(Boolean)) {
    if (!existsSync(path.join(root, file))) continue;
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    copyFileSync(path.join(root, file), path.join(dir, file));
  }
  for (const shared of ["node_modules", ".gen"]) {
    symlinkSync(path.join(root, shared), path.join(dir, shared));
  }
  return dir;
}

const [appCmd, ...appArgs] = cdktfJson.app.split(" ");
// Where scripts/run.mjs records the bundle of the app's entry (main.ts -> .build/main.js.json).
const bundleRecord = path.join(root, ".build", `${appArgs.at(-1).replace(/\.ts$/, ".js")}.json`);
const rows = [];
const scratch = mkdtempSync(path.join(tmpdir(), "bench-"));
try {
  rows.push({
    ...measure("binding generation (--force)", Math.min(runs, 3), () =>
      time(process.execPath, [
        "scripts/generate-bindings.mjs",
        "--force",
        "--out",
        path.join(scratch, "gen"),
      ]),
    ),
    budget: 5,
  });
  rows.push({
    ...measure("binding generation, inputs unchanged", runs, () =>
      time(process.execPath, ["scripts/generate-bindings.mjs"]),
    ),
  });
  rows.push({
    ...measure(`app command (${cdktfJson.app})`, runs, () => time(appCmd, appArgs)),
    budget: 0.4,
  });
  // Twenty tenants: copies of the example with their own domain and connection id.
  const twentyDir = path.join(scratch, "environments");
  mkdirSync(twentyDir);
  const example = JSON.parse(readFileSync(path.join(root, "environments/dev.json"), "utf8"));
  for (let i = 0; i < 20; i++) {
    const id = String(i).padStart(2, "0");
    const env = {
      ...example,
      domain: `tenant-${id}.eu.auth0.com`,
      connection: { ...example.connection, id: `con_BENCH${id}00000000000`.slice(0, 20) },
    };
    writeFileSync(path.join(twentyDir, `tenant-${id}.json`), JSON.stringify(env));
  }
  const oneEnv = rows.at(-1);
  const twentyEnvs = measure("app command, 20 environments", runs, () =>
    time(appCmd, appArgs, {
      env: { ...env, ENVIRONMENTS_DIR: twentyDir, CDKTF_OUTDIR: path.join(scratch, "out20") },
    }),
  );
  rows.push({ ...twentyEnvs, budget: Number((2 * oneEnv.median).toFixed(3)) });
  rows.push({
    ...measure("app command right after a source edit (rebundles)", runs, () => {
      // run.mjs keys its bundle on the contents of every input, not on timestamps, so touching
      // a source changes nothing; dropping the bundle's cache record is what an edit does.
      rmSync(bundleRecord, { force: true });
      return time(appCmd, appArgs);
    }),
  });
  const npmSynth = measure("npm run synth", runs, () => time("npm", ["run", "-s", "synth"]));
  rows.push({ ...npmSynth, budget: 0.9 });
  const cdktfSynth = measure("npx cdktf synth", Math.min(runs, 3), () =>
    time("npx", ["cdktf", "synth"]),
  );
  rows.push(cdktfSynth);
  const actionRows = benchAction({ runs: Math.max(runs, 11) });
  rows.push(...actionRows);
  process.stderr.write(`  measured the Actions (under Node ${actionRows[0].node})\n`);
  rows.push({
    ...measure("npm run invite -- --help", runs, () =>
      time("npm", ["run", "-s", "invite", "--", "--help"]),
    ),
    budget: 0.5,
  });
  rows.push(...benchInvite(Math.min(runs, 3)));
  process.stderr.write("  measured 500 invites against the rate-limited local tenant\n");
  rows.push({
    ...measure("npm run rehearse -- dev", Math.min(runs, 3), () =>
      time("npm", ["run", "-s", "rehearse", "--", "dev"]),
    ),
    budget: 5,
  });
  if (!values["skip-tests"]) {
    // Five tenants: the working tree plus four copies of the example environment with their
    // own domain and connection id, snapshots recorded first (`npm test -- -u`).
    const five = copyOfWorkingTree(path.join(scratch, "five"));
    for (let i = 1; i <= 4; i++) {
      writeFileSync(
        path.join(five, "environments", `bench-${i}.json`),
        JSON.stringify({
          ...example,
          domain: `bench-${i}.eu.auth0.com`,
          connection: { ...example.connection, id: `con_BENCH${i}000000000000`.slice(0, 20) },
        }),
      );
    }
    time("npm", ["test", "-s", "--", "-u"], { cwd: five });
    // One and five environments in turns, so that a machine getting busier or quieter weighs
    // on both alike.
    const [npmTest, fiveEnvs] = measureInTurns(Math.min(runs, 3), [
      ["npm test", () => time("npm", ["test", "-s"])],
      ["npm test, five environments", () => time("npm", ["test", "-s"], { cwd: five })],
    ]);
    rows.push({ ...npmTest, budget: 25 });
    // The test files that run terraform, left out. jest matches these patterns against
    // absolute paths, so each is anchored to its whole path under __tests__/: a bare
    // `stack.test.ts` would also leave out `check-stack.test.ts`.
    const terraformBacked = terraformBackedTests();
    const ignore = terraformBacked.map(
      (f) => `/__tests__/${f.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`,
    );
    const without = measure("npm test without the terraform-backed files", Math.min(runs, 3), () =>
      time("npm", ["test", "-s", "--", "--testPathIgnorePatterns", ...ignore]),
    );
    rows.push(without);
    rows.push({
      label: `terraform-backed tests add (${terraformBacked.length} files)`,
      median: npmTest.median - without.median,
      min: npmTest.min - without.max,
      max: npmTest.max - without.min,
      n: npmTest.n,
      budget: 8,
    });
    rows.push({ ...fiveEnvs, budget: Number((1.2 * npmTest.median).toFixed(1)) });
  }
  if (!values["skip-tests"] && !values["skip-clone"]) {
    // A new user's first runs: a clone of HEAD, `npm ci`, then `npm test` with nothing cached
    // for it yet, then what CI runs on a clean clone.
    const clone = path.join(scratch, "clone");
    const dirty = spawnSync("git", ["status", "--porcelain"], { cwd: root, encoding: "utf8" });
    if (dirty.stdout.trim() !== "") {
      process.stderr.write(
        "  note: the fresh-clone rows measure HEAD, not the uncommitted changes\n",
      );
    }
    time("git", ["clone", "--quiet", root, clone]);
    time("npm", ["ci", "--no-audit", "--no-fund"], { cwd: clone });
    rows.push({
      ...once("npm test, first run on a fresh clone after npm ci", () =>
        time("npm", ["test", "-s"], { cwd: clone }),
      ),
      budget: 30,
    });
    rows.push({
      ...once(".ci/run on a fresh clone", () =>
        time("bash", [".ci/run"], { cwd: clone, stdio: ["ignore", "ignore", "pipe"] }),
      ),
      budget: 180,
    });
  }

  // Exact rows (requests per invite) miss their budget unless equal to it; "at least" rows
  // (the share of the rate limit used) when below it.
  const missed = (r) =>
    r.budget !== undefined &&
    (r.exact ? r.median !== r.budget : r.atLeast ? r.median < r.budget : r.median > r.budget);
  const over = rows.filter(missed);
  // Seconds as µs below a millisecond (the login gate's per-call row), ms below 0.1 s.
  const fmtOf = (r) => (s) => (r.unit ? `${s} ${r.unit}` : formatSeconds(s));
  console.log(
    `\n${"command".padEnd(52)} ${"median".padStart(11)} ${"min".padStart(11)} ${"max".padStart(11)}  runs  budget`,
  );
  for (const r of rows) {
    const fmt = fmtOf(r);
    const budget =
      r.budget === undefined
        ? ""
        : `${r.exact ? "=" : r.atLeast ? ">=" : "<="} ${fmt(r.budget)} ${missed(r) ? (r.atLeast ? "UNDER" : "OVER") : "ok"}`;
    console.log(
      `${r.label.padEnd(52)} ${fmt(r.median).padStart(11)} ${fmt(r.min).padStart(11)} ${fmt(r.max).padStart(11)}  ${String(r.n).padStart(4)}  ${budget}`,
    );
  }
  const ratio = cdktfSynth.median / npmSynth.median;
  console.log(
    `\nnpx cdktf synth / npm run synth = ${ratio.toFixed(1)}x (budget >= 4x ${ratio >= 4 ? "ok" : "UNDER"})`,
  );
  if (over.length > 0 || ratio < 4) process.exitCode = 1;
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
