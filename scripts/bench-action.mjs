// Budgets of the Actions, for scripts/bench.mjs:
//
//   import { benchAction } from "./bench-action.mjs";
//   rows.push(...benchAction({ runs }));
//
// Everything is measured under the Node 22 the Actions' tests use (Auth0 runs them on node22;
// __tests__/support/node22.ts finds it: ACTIONS_NODE, the node-<os>-<cpu> package npm ci
// installs, or this Node if it is 22), whatever Node runs this script. Each sample is a fresh
// process of that Node, which reports its own version; a sample from any other Node fails the
// bench.
//
// 1. Module load, per Action: compiling and running the built code (what a cold Auth0
//    container pays before the first execution). Timed inside the child, so node's own
//    start-up is not counted.
// 2. Gate per call: the login gate loaded once, then many calls alternating a typical allowed
//    login (a user who accepted the invitation) and a denied one (an invitee who has not);
//    the sample is the slower of the two kinds' per-call medians.
// 3. HTTP requests per invite: one normal registration against a nock mock of Auth0, counted.
//
// Rows have bench.mjs's shape (seconds, or `unit`); the request row adds `unit: "requests"`
// and `exact: true` (its budget is met only by exactly 1: 0 means no invite, 2 a duplicate
// email). Every row also carries `node`, the version measured.
//
// Standalone: node scripts/bench-action.mjs [--runs 5]
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import vm from "node:vm";

const self = fileURLToPath(import.meta.url);
const root = path.resolve(path.dirname(self), "..");

export const LOAD_BUDGET_SECONDS = 0.005;
export const GATE_CALL_BUDGET_SECONDS = 0.001;
export const REQUESTS_PER_INVITE_BUDGET = 1;
/** Calls of each kind (allowed, denied) per gate sample. */
const GATE_CALLS = 1000;

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, encoding: "utf8" });
  if (result.status !== 0) {
    throw new Error(
      `bench-action: ${command} ${args.join(" ")} failed:\n${result.stderr}${result.stdout}`,
    );
  }
  return result.stdout;
}

/** The Node 22 the tests use, as __tests__/support/node22.ts resolves it. */
export function actionsNode() {
  const result = spawnSync(process.execPath, ["scripts/run.mjs", "__tests__/support/node22.ts"], {
    cwd: root,
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`bench-action: ${result.stderr.trim()}`);
  return JSON.parse(result.stdout);
}

/** A row of the bench: the median, min and max of `samples`. */
export function summarize(label, samples, extra) {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    label,
    median: sorted[Math.floor(sorted.length / 2)],
    min: sorted[0],
    max: sorted[sorted.length - 1],
    n: sorted.length,
    ...extra,
  };
}

/** Measures every budget; `runs` fresh processes each, after one warm-up. */
export function benchAction({ runs = 5, node = actionsNode() } = {}) {
  const scratch = mkdtempSync(path.join(tmpdir(), "bench-action-"));
  try {
    const codeFile = (which) => {
      const file = path.join(scratch, `${which}.js`);
      writeFileSync(
        file,
        run(process.execPath, ["scripts/run.mjs", "scripts/print-action-code.ts", which]),
      );
      return file;
    };
    const invite = codeFile("invite");
    const gate = codeFile("gate");
    // One sample: a fresh process of the Node 22, which prints { value, nodeVersion }.
    const sample = (args) => {
      const { value, nodeVersion } = JSON.parse(run(node.path, args));
      if (nodeVersion !== node.version) {
        throw new Error(`bench-action: a sample ran under ${nodeVersion}, not ${node.version}`);
      }
      return value;
    };
    const measure = (args) => {
      sample(args); // warm-up: file cache
      return Array.from({ length: runs }, () => sample(args));
    };
    const extra = { node: node.version };
    return [
      summarize("invite Action module load (node22, fresh)", measure(["-e", LOAD_CHILD, invite]), {
        budget: LOAD_BUDGET_SECONDS,
        ...extra,
      }),
      summarize("login gate module load (node22, fresh)", measure(["-e", LOAD_CHILD, gate]), {
        budget: LOAD_BUDGET_SECONDS,
        ...extra,
      }),
      summarize(
        "login gate per call (allowed and denied logins)",
        measure([self, "--child", "gate-calls", gate]),
        { budget: GATE_CALL_BUDGET_SECONDS, ...extra },
      ),
      summarize(
        "invite Action HTTP requests per invite (nock)",
        measure([self, "--child", "requests", invite]),
        { budget: REQUESTS_PER_INVITE_BUDGET, unit: "requests", exact: true, ...extra },
      ),
    ];
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

// The Action as Auth0 loads it: a CommonJS module. The Actions require only Node's builtins.
function loadAction(code, sandbox = {}) {
  const module = { exports: {} };
  const names = ["exports", "require", "module", ...Object.keys(sandbox)];
  vm.compileFunction(code, names)(
    module.exports,
    createRequire(path.join(root, "package.json")),
    module,
    ...Object.values(sandbox),
  );
  return module.exports;
}

// A CommonJS main module, as in Auth0's runtime (not this .mjs process, whose ESM loader would
// already be running).
const LOAD_CHILD = `
const { readFileSync } = require("node:fs");
const { createRequire } = require("node:module");
const vm = require("node:vm");
const code = readFileSync(process.argv[1], "utf8");
const actionRequire = createRequire(${JSON.stringify(path.join(root, "package.json"))});
const started = performance.now();
const module_ = { exports: {} };
vm.compileFunction(code, ["exports", "require", "module"])(module_.exports, actionRequire, module_);
const value = (performance.now() - started) / 1000;
process.stdout.write(JSON.stringify({ value, nodeVersion: process.version }));
`;

const quiet = { log() {}, error() {}, warn() {}, info() {} };
const CONNECTION = "Username-Password-Authentication";

/** Seconds per call: the larger of the allowed and the denied logins' median call times. */
async function gateCalls(codeFile) {
  const { onExecutePostLogin } = loadAction(readFileSync(codeFile, "utf8"), { console: quiet });
  const loginOf = (email_verified) => ({
    user: {
      user_id: "auth0|bench",
      email: "bench@example.com",
      email_verified,
      app_metadata: {},
      created_at: "2026-11-27T11:00:00.000Z",
    },
    connection: { name: CONNECTION, strategy: "auth0" },
    authentication: { methods: [{ name: "pwd" }] },
    transaction: { protocol: "oidc-basic-profile" },
    secrets: { CONNECTION_NAME: CONNECTION },
  });
  const kinds = [
    { event: loginOf(true), denials: 0, times: [] },
    { event: loginOf(false), denials: 1, times: [] },
  ];
  for (let i = 0; i < GATE_CALLS; i++) {
    for (const kind of kinds) {
      let denied = 0;
      const api = {
        access: {
          deny() {
            denied++;
            return api;
          },
        },
      };
      const started = performance.now();
      await onExecutePostLogin(kind.event, api);
      kind.times.push(performance.now() - started);
      // Times only count if each login took the path it stands for.
      if (denied !== kind.denials) {
        throw new Error(`bench-action: a login expected ${kind.denials} denial(s) got ${denied}`);
      }
    }
  }
  const median = (times) => [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)];
  return Math.max(...kinds.map((kind) => median(kind.times))) / 1000;
}

async function countRequests(codeFile) {
  const code = readFileSync(codeFile, "utf8");
  const nock = createRequire(path.join(root, "package.json"))("nock");
  nock.disableNetConnect();
  let requests = 0;
  nock("https://bench.example.com")
    .post("/dbconnections/change_password")
    .times(10)
    .reply(() => {
      requests++;
      return [200, "We've just sent you an email to reset your password."];
    });
  const { onExecutePostUserRegistration } = loadAction(code, { console: quiet });
  await onExecutePostUserRegistration(
    {
      user: { user_id: "auth0|bench", email: "bench@example.com", email_verified: false },
      connection: { name: CONNECTION },
      secrets: {
        DOMAIN: "bench.example.com",
        CLIENT_ID: "bench-client",
        CONNECTION_NAME: CONNECTION,
      },
    },
    {},
  );
  return requests;
}

/** Seconds as bench.mjs shows them: µs below a millisecond, ms below 0.1 s. */
export function formatSeconds(s) {
  if (s > 0 && s < 0.001) return `${(s * 1e6).toFixed(1)} µs`;
  return s < 0.1 ? `${(s * 1000).toFixed(1)} ms` : `${s.toFixed(3)} s`;
}

// Imported by bench.mjs, this module only exports; its own arguments are read only when it is
// the program (standalone, or as a child measuring the gate's calls or counting requests).
if (process.argv[1] === self) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { child: { type: "string" }, runs: { type: "string", default: "5" } },
  });
  if (values.child) {
    const measure = { requests: countRequests, "gate-calls": gateCalls }[values.child];
    if (!measure) throw new Error(`bench-action: no child ${values.child}`);
    const value = await measure(positionals[0]);
    process.stdout.write(JSON.stringify({ value, nodeVersion: process.version }));
  } else {
    const node = actionsNode();
    console.log(`Actions measured under Node ${node.version} (${node.source}: ${node.path})`);
    let over = false;
    for (const row of benchAction({ runs: Number(values.runs), node })) {
      const show = (v) => (row.unit ? `${v} ${row.unit}` : formatSeconds(v));
      const missed = row.exact ? row.median !== row.budget : row.median > row.budget;
      over ||= missed;
      console.log(
        `${row.label.padEnd(52)} median ${show(row.median)} (min ${show(row.min)}, max ${show(row.max)}, n ${row.n}); budget ${row.exact ? "=" : "<="} ${show(row.budget)} ${missed ? "OVER" : "ok"}`,
      );
    }
    if (over) process.exitCode = 1;
  }
}
