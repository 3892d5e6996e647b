// How the invite CLI keeps a bulk run inside the tenant's rate limits (lib/invite/pacer.ts): when
// requests go, judged from the X-RateLimit-* headers, what a 429 holds back and for how long,
// which failures are sent again (only what is safe to repeat), and the change-password
// request's own per-address limit. Run on a virtual clock: `sleep` only records a wake-up time,
// and the clock jumps to the earliest one once everything else is idle, so concurrent waits
// overlap as they would in real time and no test waits for real.
import { Pacer } from "../../lib/invite/pacer";

/** A whole second, as X-RateLimit-Reset counts in epoch seconds. */
const START = Date.UTC(2026, 2, 2, 9, 0, 0);
const TENANT = "https://example-dev.eu.auth0.com";
const USERS = `${TENANT}/api/v2/users`;
const ROLES = `${TENANT}/api/v2/roles`;
const TOKEN = `${TENANT}/oauth/token`;
const CHANGE_PASSWORD = `${TENANT}/dbconnections/change_password`;
const OTHER_TENANT_USERS = "https://example-prod.eu.auth0.com/api/v2/users";

class VirtualClock {
  private nowMs = START;
  private sequence = 0;
  private timers: { atMs: number; sequence: number; wake: () => void }[] = [];

  readonly now = (): number => this.nowMs;

  readonly sleep = (ms: number): Promise<void> =>
    new Promise((wake) => {
      this.timers.push({ atMs: this.nowMs + ms, sequence: this.sequence++, wake });
    });

  /** Milliseconds since START. */
  get elapsed(): number {
    return this.nowMs - START;
  }

  /** Time passing between two steps of a test, with nothing waiting. */
  advance(ms: number): void {
    expect(this.timers).toEqual([]);
    this.nowMs += ms;
  }

  /** Settles `work`, moving the clock from one wake-up to the next while it waits. */
  async run<T>(work: Promise<T>): Promise<T> {
    let settled = false;
    const watched = work.finally(() => {
      settled = true;
    });
    watched.catch(() => {});
    for (;;) {
      await new Promise((resolve) => setImmediate(resolve));
      if (settled) return watched;
      this.timers.sort((a, b) => a.atMs - b.atMs || a.sequence - b.sequence);
      const next = this.timers.shift();
      if (next === undefined)
        throw new Error("nothing is waiting on the clock, yet work is unsettled");
      this.nowMs = Math.max(this.nowMs, next.atMs);
      next.wake();
    }
  }

  /** Starts `start` once `ms` have passed on this clock. */
  after<T>(ms: number, start: () => Promise<T>): Promise<T> {
    return this.sleep(ms).then(start);
  }
}

type Answer = { status: number; headers?: Record<string, string>; body?: string } | Error;

/** X-RateLimit-* as Auth0 sends them; `resetSeconds` after START the bucket is full again. */
function limits(limit: number, remaining: number, resetSeconds: number): Record<string, string> {
  return {
    "x-ratelimit-limit": String(limit),
    "x-ratelimit-remaining": String(remaining),
    "x-ratelimit-reset": String(START / 1000 + resetSeconds),
  };
}

const ok = (headers: Record<string, string> = {}): Answer => ({
  status: 200,
  headers: { "content-type": "application/json", ...headers },
  body: JSON.stringify({ ok: true }),
});
const tooMany = (headers: Record<string, string> = {}): Answer => ({
  status: 429,
  headers: { "content-type": "application/json", ...headers },
  body: JSON.stringify({
    statusCode: 429,
    error: "Too Many Requests",
    message: "Too many requests",
  }),
});
const unavailable = (): Answer => ({ status: 503, body: "Service Unavailable" });
const networkError = () => new TypeError("fetch failed");

interface Call {
  method: string;
  url: string;
  atMs: number;
}

/** A Pacer over a fetch that gives the answers in order and records each call's time. */
function setUp(
  answers: Answer[],
  { latencyMs = 0, ...options }: { maxRateLimitRetries?: number; latencyMs?: number } = {},
) {
  const clock = new VirtualClock();
  const calls: Call[] = [];
  const queue = [...answers];
  const fakeFetch = jest.fn(async (input: string | URL | Request, init?: RequestInit) => {
    calls.push({ method: init?.method ?? "GET", url: String(input), atMs: clock.elapsed });
    if (latencyMs > 0) await clock.sleep(latencyMs);
    const answer = queue.shift();
    if (answer === undefined) throw new Error(`no answer scripted for call ${calls.length}`);
    if (answer instanceof Error) throw answer;
    return new Response(answer.body ?? null, { status: answer.status, headers: answer.headers });
  });
  const pacer = new Pacer({
    fetch: fakeFetch as unknown as typeof fetch,
    now: clock.now,
    sleep: clock.sleep,
    ...options,
  });
  const get = (url = USERS) => pacer.fetch(url);
  const post = (url: string) =>
    pacer.fetch(url, { method: "POST", body: JSON.stringify({ email: "ada@example.com" }) });
  const times = () => calls.map((call) => call.atMs);
  return { clock, calls, fakeFetch, pacer, get, post, times, unused: () => queue.length };
}

/** Differences between consecutive times, to within the precision of epoch milliseconds. */
const gaps = (times: number[]) => times.slice(1).map((time, i) => time - times[i]);

function expectGaps(actual: number[], expected: number[]) {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((gap, i) => {
    expect(gap).toBeCloseTo(expected[i], 3);
  });
}

describe("before the tenant has answered", () => {
  it("sends one request alone, then the others as the answer allows", async () => {
    const LATENCY_MS = 120;
    const { clock, get, times } = setUp(
      [ok(limits(50, 49, 1)), ok(limits(50, 48, 1)), ok(limits(50, 47, 1))],
      { latencyMs: LATENCY_MS },
    );
    await clock.run(Promise.all([get(), get(), get()]));
    expect(times()).toEqual([0, LATENCY_MS, LATENCY_MS]);
  });
});

describe("while the headers show tokens left", () => {
  it("sends requests at once", async () => {
    const { clock, get, times, pacer } = setUp([
      ok(limits(50, 49, 1)),
      ok(limits(50, 48, 1)),
      ok(limits(50, 47, 1)),
      ok(limits(50, 46, 1)),
    ]);
    await clock.run(get());
    const responses = await clock.run(Promise.all([get(), get(), get()]));
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200]);
    await expect(responses[0].json()).resolves.toEqual({ ok: true });
    expect(times()).toEqual([0, 0, 0, 0]);
    expect(pacer.stats).toEqual({ requests: 4, rateLimited: 0, waitedMs: 0 });
  });

  // At the time of writing 3 of the 4 go at once: the first request past the last token takes
  // the slot "now" (acquire's Math.max(now, nextSlotMs) with no slot booked yet), so it is sent
  // without waiting for a token to come back, and is likely a 429.
  it("sends no more requests at once than the headers say are left", async () => {
    const { clock, get, times } = setUp([
      ok(limits(50, 2, 1)),
      ok(limits(50, 1, 1)),
      ok(limits(50, 0, 1)),
      ok(limits(50, 0, 1)),
      ok(limits(50, 0, 1)),
    ]);
    await clock.run(get());
    await clock.run(Promise.all([get(), get(), get(), get()]));
    // The reset says 48 missing tokens come back within a second.
    const INTERVAL_MS = (1000 * 1.1) / 48;
    const [, first, second, third, fourth] = times();
    expect([first, second]).toEqual([0, 0]);
    expect(third).toBeGreaterThanOrEqual(INTERVAL_MS - 1e-3);
    expect(fourth - third).toBeGreaterThanOrEqual(INTERVAL_MS - 1e-3);
  });
});

describe("once the headers show the bucket empty", () => {
  it("spaces requests by the refill time the reset header implies", async () => {
    const { clock, get, times } = setUp([
      ok(limits(50, 0, 2)),
      ok(limits(50, 0, 2)),
      ok(limits(50, 0, 2)),
      ok(limits(50, 0, 2)),
      ok(limits(50, 0, 2)),
    ]);
    await clock.run(get());
    await clock.run(Promise.all([get(), get(), get(), get()]));
    // (reset * 1000 - now) * 1.1 / (limit - remaining): 2000 ms * 1.1 / 50 tokens.
    expectGaps(gaps(times().slice(1)), [44, 44, 44]);
  });

  it("spaces requests by a second over the limit once the reset has passed", async () => {
    const { clock, get, times } = setUp(Array.from({ length: 4 }, () => ok(limits(50, 0, 0))));
    await clock.run(get());
    await clock.run(Promise.all([get(), get(), get()]));
    // 1000 ms * 1.1 / 50 tokens.
    expectGaps(gaps(times().slice(1)), [22, 22]);
  });

  it("counts requests still on their way against the tokens left", async () => {
    const { clock, get, times } = setUp([
      ok(limits(50, 2, 1)),
      ...Array.from({ length: 5 }, () => ok(limits(50, 0, 1))),
    ]);
    await clock.run(get());
    await clock.run(Promise.all([get(), get(), get(), get(), get()]));
    const [, first, second, ...paced] = times();
    expect([first, second]).toEqual([0, 0]);
    // The 2 tokens left are taken; 48 missing come back within the second the reset names.
    expectGaps(gaps(paced), [(1000 * 1.1) / 48, (1000 * 1.1) / 48]);
  });

  it("spaces requests by the measured refill rate once the readings span more than a second", async () => {
    const { clock, get, times } = setUp([
      ok(limits(10, 3, 1)),
      // 1.5 s later: 3 tokens came back, then 6 requests took them down to 0.
      ok(limits(10, 5, 2)),
      ok(limits(10, 4, 2)),
      ok(limits(10, 3, 2)),
      ok(limits(10, 2, 2)),
      ok(limits(10, 1, 2)),
      ok(limits(10, 0, 2)),
      ok(limits(10, 0, 2)),
      ok(limits(10, 0, 2)),
      ok(limits(10, 0, 2)),
    ]);
    await clock.run(get());
    clock.advance(1500);
    for (let i = 0; i < 6; i++) await clock.run(get());
    expect(times()).toEqual([0, 1500, 1500, 1500, 1500, 1500, 1500]);
    await clock.run(Promise.all([get(), get(), get()]));
    // 3 tokens in 1500 ms: 1500 * 1.1 / 3. The reset header alone would say 55 ms
    // ((2000 - 1500) * 1.1 / 10), which this tenant's bucket does not refill at.
    expectGaps(gaps(times().slice(7)), [550, 550]);
  });

  it("spaces requests by the measured refill rate once 50 tokens came back, even within a second", async () => {
    const BURST = 70;
    const { clock, get, times } = setUp([
      ok(limits(100, 10, 1)),
      // Half a second later: 60 tokens came back, then 70 requests took them down to 0.
      ...Array.from({ length: BURST }, (_, i) => ok(limits(100, BURST - 1 - i, 1))),
      ok(limits(100, 0, 1)),
      ok(limits(100, 0, 1)),
      ok(limits(100, 0, 1)),
    ]);
    await clock.run(get());
    clock.advance(500);
    for (let i = 0; i < BURST; i++) await clock.run(get());
    expect(new Set(times().slice(1))).toEqual(new Set([500]));
    await clock.run(Promise.all([get(), get(), get()]));
    // 60 tokens in 500 ms: 500 * 1.1 / 60. The reset header alone would say 5.5 ms.
    expectGaps(gaps(times().slice(1 + BURST)), [(500 * 1.1) / 60, (500 * 1.1) / 60]);
  });
});

describe("after a 429", () => {
  it("waits its Retry-After, holds back a concurrent request to the same bucket, and returns the retry's answer", async () => {
    const { clock, get, times, calls, pacer } = setUp([
      tooMany({ "retry-after": "2", ...limits(50, 0, 2) }),
      ok(limits(50, 9, 3)),
      ok(limits(50, 8, 3)),
    ]);
    const [first, second] = await clock.run(
      Promise.all([get(USERS), clock.after(500, () => get(ROLES))]),
    );
    expect([first.status, second.status]).toEqual([200, 200]);
    await expect(first.json()).resolves.toEqual({ ok: true });
    expect(calls.map((call) => [call.url, call.atMs])).toEqual([
      [USERS, 0],
      [USERS, 2000],
      [ROLES, 2000],
    ]);
    expect(times()).toEqual([0, 2000, 2000]);
    expect(pacer.stats).toEqual({ requests: 3, rateLimited: 1, waitedMs: 2000 + 1500 });
  });

  it("waits until an HTTP-date Retry-After", async () => {
    const { clock, get, times } = setUp([
      tooMany({ "retry-after": new Date(START + 3000).toUTCString(), ...limits(50, 0, 1) }),
      ok(limits(50, 49, 4)),
    ]);
    expect(new Date(START + 3000).toUTCString()).toBe("Mon, 02 Mar 2026 09:00:03 GMT");
    expect((await clock.run(get())).status).toBe(200);
    expect(times()).toEqual([0, 3000]);
  });

  it("waits until X-RateLimit-Reset without a Retry-After", async () => {
    const { clock, get, times } = setUp([tooMany(limits(50, 0, 4)), ok(limits(50, 49, 5))]);
    expect((await clock.run(get())).status).toBe(200);
    expect(times()).toEqual([0, 4000]);
  });

  it("waits 1 s, then 2 s, then 4 s without either header", async () => {
    const { clock, get, times } = setUp([tooMany(), tooMany(), tooMany(), ok()]);
    expect((await clock.run(get())).status).toBe(200);
    expect(times()).toEqual([0, 1000, 3000, 7000]);
  });

  it("waits at most 60 s, whatever the Retry-After says", async () => {
    const { clock, get, times, pacer } = setUp([
      tooMany({ "retry-after": "300", ...limits(50, 0, 300) }),
      ok(limits(50, 49, 301)),
    ]);
    expect((await clock.run(get())).status).toBe(200);
    expect(times()).toEqual([0, 60_000]);
    expect(pacer.stats.waitedMs).toBe(60_000);
  });

  it("gets through a storm of 8 429s in a row", async () => {
    const { clock, get, times, pacer } = setUp([
      ...Array.from({ length: 8 }, () => tooMany({ "retry-after": "1" })),
      ok(limits(50, 49, 9)),
    ]);
    expect((await clock.run(get())).status).toBe(200);
    expect(times()).toEqual([0, 1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000]);
    expect(pacer.stats).toMatchObject({ requests: 9, rateLimited: 8 });
  });

  it("returns the 11th 429 in a row to the caller, after 10 retries", async () => {
    const { clock, get, calls, unused } = setUp([
      ...Array.from({ length: 11 }, () => tooMany({ "retry-after": "1" })),
      ok(),
    ]);
    const response = await clock.run(get());
    expect(response.status).toBe(429);
    expect(await response.text()).not.toBe("");
    expect(calls).toHaveLength(11);
    expect(unused()).toBe(1);
  });

  it("returns the 429 after maxRateLimitRetries retries when set", async () => {
    const { clock, get, calls } = setUp(
      Array.from({ length: 3 }, () => tooMany({ "retry-after": "1" })),
      { maxRateLimitRetries: 2 },
    );
    expect((await clock.run(get())).status).toBe(429);
    expect(calls).toHaveLength(3);
  });

  it("holds back neither the Authentication API nor another tenant", async () => {
    const { clock, post, get, calls } = setUp([
      tooMany({ "retry-after": "30", ...limits(50, 0, 30) }),
      ok(),
      ok(),
      ok(limits(50, 49, 31)),
      ok(limits(50, 48, 31)),
    ]);
    const results = await clock.run(
      Promise.all([
        get(USERS),
        clock.after(100, () => post(TOKEN)),
        clock.after(100, () => get(OTHER_TENANT_USERS)),
        clock.after(100, () => get(ROLES)),
      ]),
    );
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(calls.map((call) => [call.method, call.url, call.atMs])).toEqual([
      ["GET", USERS, 0],
      ["POST", TOKEN, 100],
      ["GET", OTHER_TENANT_USERS, 100],
      ["GET", USERS, 30_000],
      ["GET", ROLES, 30_000],
    ]);
  });
});

describe("transient failures", () => {
  it("retries a GET after a 503", async () => {
    const { clock, get, times } = setUp([unavailable(), ok(limits(50, 49, 1))]);
    expect((await clock.run(get())).status).toBe(200);
    expect(times()).toEqual([0, 500]);
  });

  it("retries a GET after a network error", async () => {
    const { clock, get, times } = setUp([networkError(), ok(limits(50, 49, 1))]);
    expect((await clock.run(get())).status).toBe(200);
    expect(times()).toEqual([0, 500]);
  });

  it("returns the 503 after two retries", async () => {
    const { clock, get, times } = setUp([unavailable(), unavailable(), unavailable(), ok()]);
    const response = await clock.run(get());
    expect(response.status).toBe(503);
    await expect(response.text()).resolves.toBe("Service Unavailable");
    expect(times()).toEqual([0, 500, 1500]);
  });

  it("does not repeat a POST that creates a user after a 503: the 503 is returned", async () => {
    const { clock, post, fakeFetch } = setUp([unavailable(), ok()]);
    const response = await clock.run(post(USERS));
    expect(response.status).toBe(503);
    expect(fakeFetch.mock.calls).toEqual([
      [
        USERS,
        expect.objectContaining({
          method: "POST",
          body: JSON.stringify({ email: "ada@example.com" }),
        }),
      ],
    ]);
  });

  it("does not repeat a POST that creates a user after a network error", async () => {
    const error = networkError();
    const { clock, post, calls } = setUp([error, ok()]);
    await expect(clock.run(post(USERS))).rejects.toBe(error);
    expect(calls).toHaveLength(1);
  });

  it("repeats the token request after a 503 or a network error", async () => {
    const { clock, post, times } = setUp([unavailable(), networkError(), ok()]);
    expect((await clock.run(post(TOKEN))).status).toBe(200);
    expect(times()).toEqual([0, 500, 1500]);
  });

  it("retries a GET whose attempt timed out, but not a POST that creates a user", async () => {
    // Named as fetch names it. (Not a DOMException: under jest those come from another realm
    // and are no instance of the test's Error.)
    const timedOut = () =>
      Object.assign(new Error("The operation was aborted due to timeout"), {
        name: "TimeoutError",
      });
    const { clock, get, post, calls } = setUp([timedOut(), ok(), timedOut(), ok()]);
    expect((await clock.run(get())).status).toBe(200);
    await expect(clock.run(post(USERS))).rejects.toThrow("aborted due to timeout");
    expect(calls.map((c) => c.method)).toEqual(["GET", "GET", "POST"]);
  });

  it("gives every attempt a timeout of its own, so a caller's timer that ran out while it waited aborts nothing", async () => {
    const { clock, fakeFetch } = setUp([tooMany({ "retry-after": "30" }), ok()]);
    const pacer = new Pacer({
      fetch: fakeFetch as unknown as typeof fetch,
      now: clock.now,
      sleep: clock.sleep,
    });
    const callers = new AbortController();
    const response = clock.run(pacer.fetch(USERS, { signal: callers.signal }));
    callers.abort("timeout");
    expect((await response).status).toBe(200);
    const signals = fakeFetch.mock.calls.map(([, init]) => init?.signal);
    expect(signals).toHaveLength(2);
    for (const signal of signals) {
      expect(signal).not.toBe(callers.signal);
      expect(signal?.aborted).toBe(false);
    }
    expect(signals[0]).not.toBe(signals[1]);
  });
});

describe("change-password requests", () => {
  it("wait out a 429 (60 s) and are sent once more", async () => {
    const { clock, post, times, pacer } = setUp([
      tooMany({ "retry-after": "60", ...limits(10, 0, 60) }),
      ok(limits(10, 0, 120)),
    ]);
    expect((await clock.run(post(CHANGE_PASSWORD))).status).toBe(200);
    expect(times()).toEqual([0, 60_000]);
    expect(pacer.stats).toEqual({ requests: 2, rateLimited: 1, waitedMs: 60_000 });
  });

  it("return the second 429 to the caller", async () => {
    const { clock, post, calls } = setUp([
      tooMany({ "retry-after": "60", ...limits(10, 0, 60) }),
      tooMany({ "retry-after": "60", ...limits(10, 0, 120) }),
      ok(),
    ]);
    expect((await clock.run(post(CHANGE_PASSWORD))).status).toBe(429);
    expect(calls).toHaveLength(2);
  });

  it("hold back only the request that got the 429", async () => {
    const { clock, post, get, calls } = setUp([
      tooMany({ "retry-after": "60", ...limits(10, 0, 60) }),
      ok(limits(10, 9, 6)),
      ok(limits(50, 49, 1)),
      ok(),
      ok(limits(10, 8, 66)),
    ]);
    await clock.run(
      Promise.all([
        post(CHANGE_PASSWORD),
        clock.after(100, () => post(CHANGE_PASSWORD)),
        clock.after(100, () => get(USERS)),
        clock.after(100, () => post(TOKEN)),
      ]),
    );
    expect(calls.map((call) => [call.url, call.atMs])).toEqual([
      [CHANGE_PASSWORD, 0],
      [CHANGE_PASSWORD, 100],
      [USERS, 100],
      [TOKEN, 100],
      [CHANGE_PASSWORD, 60_000],
    ]);
  });

  it("do not slow down other requests with their rate-limit headers", async () => {
    const { clock, post, get, times } = setUp([
      ok(limits(10, 0, 600)),
      ok(limits(10, 0, 600)),
      ok(limits(50, 49, 1)),
      ok(limits(50, 48, 1)),
      ok(),
      ok(),
      ok(limits(10, 0, 600)),
      ok(limits(10, 0, 600)),
    ]);
    await clock.run(post(CHANGE_PASSWORD));
    await clock.run(post(CHANGE_PASSWORD));
    await clock.run(
      Promise.all([
        get(USERS),
        get(ROLES),
        post(TOKEN),
        post(TOKEN),
        post(CHANGE_PASSWORD),
        post(CHANGE_PASSWORD),
      ]),
    );
    expect(times()).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it("are not repeated after a 503, being POSTs", async () => {
    const { clock, post, calls } = setUp([unavailable(), ok()]);
    expect((await clock.run(post(CHANGE_PASSWORD))).status).toBe(503);
    expect(calls).toHaveLength(1);
  });
});
