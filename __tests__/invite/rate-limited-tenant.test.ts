// The invite CLI over real sockets against a local server that limits requests the way Auth0
// does (__tests__/support/rate-limited-tenant.ts): with a bucket far smaller than the run, no
// row fails and the 429s stay rare, because the pacer reads the rate-limit headers. How fast it
// goes is measured by `npm run bench`, not here.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ROOT } from "../support/paths";
import {
  inviteAgainst,
  type RateLimitedTenant,
  startRateLimitedTenant,
} from "../support/rate-limited-tenant";

const INVITES = 60;
let tenant: RateLimitedTenant;
let scratch: string;

beforeAll(async () => {
  tenant = await startRateLimitedTenant({ burst: 20, ratePerSecond: 100, latencyMs: 5 });
  scratch = mkdtempSync(path.join(tmpdir(), "invite-rate-"));
  const example = JSON.parse(readFileSync(path.join(ROOT, "environments/dev.json"), "utf8"));
  writeFileSync(path.join(scratch, "dev.json"), JSON.stringify(example));
});

afterAll(async () => {
  await tenant.close();
  rmSync(scratch, { recursive: true, force: true });
});

it("creates every invitee of a run three times the bucket's size, each with a password of its own", async () => {
  const csv = path.join(scratch, "team.csv");
  writeFileSync(
    csv,
    ["email", ...Array.from({ length: INVITES }, (_, i) => `p${i}@example.org`)].join("\n"),
  );
  const { code, out } = await inviteAgainst(
    tenant,
    ["add", "dev", "--csv", csv, "--json"],
    scratch,
  );

  expect(code).toBe(0);
  expect(JSON.parse(out).summary).toMatchObject({ created: INVITES, failed: 0 });
  expect(tenant.users.size).toBe(INVITES);
  expect(new Set(tenant.passwords).size).toBe(INVITES);
  // Only the start, before the headers have told the pacer the refill rate, may overshoot.
  expect(tenant.stats.rateLimited).toBeLessThanOrEqual(3);
});
