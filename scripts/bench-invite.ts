// `npm run bench` measures the invite CLI's pacing with this: 500 invites from a CSV, through
// lib/invite/run.ts exactly as `npm run invite -- add <env> --csv <file>` runs them, against a
// local server that answers after 20 ms and limits requests the way Auth0 does
// (__tests__/support/rate-limited-tenant.ts). Prints one JSON line: how much of what the
// limit allowed the run used, and how the rows ended.
//
//   node scripts/run.mjs scripts/bench-invite.ts [--invites 500] [--burst 50] [--rate 50]
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { inviteAgainst, startRateLimitedTenant } from "../__tests__/support/rate-limited-tenant";

const { values } = parseArgs({
  options: {
    invites: { type: "string", default: "500" },
    burst: { type: "string", default: "50" },
    rate: { type: "string", default: "50" },
    latency: { type: "string", default: "20" },
  },
});
const invites = Number(values.invites);
const burst = Number(values.burst);
const ratePerSecond = Number(values.rate);

async function main(): Promise<void> {
  const scratch = mkdtempSync(path.join(tmpdir(), "bench-invite-"));
  const tenant = await startRateLimitedTenant({
    burst,
    ratePerSecond,
    latencyMs: Number(values.latency),
  });
  try {
    const example = JSON.parse(readFileSync("environments/dev.json", "utf8"));
    writeFileSync(
      path.join(scratch, "bench.json"),
      JSON.stringify({ ...example, domain: "bench-tenant.eu.auth0.com" }),
    );
    const csv = path.join(scratch, "invitees.csv");
    const rows = Array.from(
      { length: invites },
      (_, i) => `invitee-${i}@bench.example.org,Invitee ${i}`,
    );
    writeFileSync(csv, ["email,name", ...rows].join("\n"));

    const {
      code,
      out: output,
      err: errors,
    } = await inviteAgainst(tenant, ["add", "bench", "--csv", csv, "--json"], scratch);
    const report = JSON.parse(output);
    const { firstApiRequestMs = 0, lastApiResponseMs = 0 } = tenant.stats;
    const seconds = (lastApiResponseMs - firstApiRequestMs) / 1000;
    // What the limit let through in that time: the full bucket plus what refilled meanwhile.
    const allowed = burst + ratePerSecond * seconds;
    const accepted = tenant.stats.apiRequests - tenant.stats.rateLimited;
    console.log(
      JSON.stringify({
        exitCode: code,
        invites,
        seconds,
        created: report.summary?.created,
        failed: report.summary?.failed,
        rateLimited: tenant.stats.rateLimited,
        acceptedRequests: accepted,
        allowedRequests: allowed,
        shareOfAllowed: accepted / allowed,
        distinctPasswords: new Set(tenant.passwords).size,
        shortestPassword: Math.min(...tenant.passwords.map((p) => p.length)),
        ...(errors === "" ? {} : { stderr: errors }),
      }),
    );
  } finally {
    await tenant.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
