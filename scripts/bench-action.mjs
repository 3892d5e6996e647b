// Budgets of the invite Action, for scripts/bench.mjs:
//
//   import { benchAction } from "./bench-action.mjs";
//   rows.push(...benchAction({ runs }));
//
// 1. Module load: compiling and running the built Action code, `require` of
//    @auth0/auth0-auth-js included, in a fresh node process (what a cold Auth0 container pays
//    before the first invite). Timed inside the child, so node's own start-up is not counted.
// 2. HTTP requests per invite: one normal registration against a nock mock of Auth0, counted.
//
// Rows have bench.mjs's shape; the request row adds `unit: "requests"` and `exact: true`
// (its budget is met only by exactly 1: 0 means no invite, 2 a duplicate email).
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

export const LOAD_BUDGET_SECONDS = 0.05;
export const REQUESTS_PER_INVITE_BUDGET = 1;

function run(args) {
  const result = spawnSync(process.execPath, args, { cwd: root, encoding: "utf8" });
  if (result.status !== 0) {
    throw new Error(
      `bench-action: node ${args.join(" ")} failed:\n${result.stderr}${result.stdout}`,
    );
  }
  return result.stdout;
}

function summarize(label, samples, extra) {
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

/** Measures both budgets; `runs` fresh processes each, after one warm-up. */
export function benchAction({ runs = 5 } = {}) {
  const scratch = mkdtempSync(path.join(tmpdir(), "bench-action-"));
  try {
    const codeFile = path.join(scratch, "send-invite.js");
    writeFileSync(codeFile, run(["scripts/run.mjs", "lib/action/print-code.ts"]));
    const measure = (args) => {
      run(args); // warm-up: file cache
      return Array.from({ length: runs }, () => Number(run(args)));
    };
    return [
      summarize(
        "Action module load (code + @auth0/auth0-auth-js)",
        measure(["-e", LOAD_CHILD, codeFile]),
        {
          budget: LOAD_BUDGET_SECONDS,
        },
      ),
      summarize(
        "Action HTTP requests per invite (nock)",
        measure([self, "--child", "requests", codeFile]),
        {
          budget: REQUESTS_PER_INVITE_BUDGET,
          unit: "requests",
          exact: true,
        },
      ),
    ];
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

// The Action as Auth0 loads it: a CommonJS module whose require resolves from the repository.
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

// A CommonJS main module, as in Auth0's runtime: the SDK's CommonJS build requires
// openid-client and jose, which are ES modules, and what that costs depends on whether node's
// ESM loader is already running (it is in an .mjs process like this one).
const LOAD_CHILD = `
const { readFileSync } = require("node:fs");
const { createRequire } = require("node:module");
const vm = require("node:vm");
const code = readFileSync(process.argv[1], "utf8");
const actionRequire = createRequire(${JSON.stringify(path.join(root, "package.json"))});
const started = performance.now();
const module_ = { exports: {} };
vm.compileFunction(code, ["exports", "require", "module"])(module_.exports, actionRequire, module_);
process.stdout.write(String((performance.now() - started) / 1000));
`;

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
  const quiet = { log() {}, error() {}, warn() {}, info() {} };
  const { onExecutePostUserRegistration } = loadAction(code, { console: quiet });
  await onExecutePostUserRegistration(
    {
      user: { user_id: "auth0|bench", email: "bench@example.com", email_verified: false },
      connection: { name: "Username-Password-Authentication" },
      secrets: {
        DOMAIN: "bench.example.com",
        CLIENT_ID: "bench-client",
        CONNECTION_NAME: "Username-Password-Authentication",
      },
    },
    {},
  );
  return requests;
}

// Imported by bench.mjs, this module only exports; its own arguments are read only when it is
// the program (standalone, or as the request-counting child).
if (process.argv[1] === self) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { child: { type: "string" }, runs: { type: "string", default: "5" } },
  });
  if (values.child) {
    process.stdout.write(String(await countRequests(positionals[0])));
  } else {
    let over = false;
    for (const row of benchAction({ runs: Number(values.runs) })) {
      const unit = row.unit ?? "s";
      const missed = row.exact ? row.median !== row.budget : row.median > row.budget;
      over ||= missed;
      const show = (v) => (unit === "s" ? `${(v * 1000).toFixed(1)} ms` : `${v} ${unit}`);
      console.log(
        `${row.label.padEnd(52)} median ${show(row.median)} (min ${show(row.min)}, max ${show(row.max)}, n ${row.n}); budget ${row.exact ? "=" : "<="} ${show(row.budget)} ${missed ? "OVER" : "ok"}`,
      );
    }
    if (over) process.exitCode = 1;
  }
}
