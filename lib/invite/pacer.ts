// Keeps a bulk run inside the tenant's rate limits. Every request of the CLI (the SDK's, its
// token request included, and the change-password requests) goes through `Pacer.fetch`.
//
// Auth0 answers every request with X-RateLimit-Limit (the bucket's size), -Remaining and
// -Reset (epoch seconds when the bucket is full again) and refills the bucket continuously.
// So while tokens remain, requests go at once; once the headers say the bucket is empty, the
// next ones are spaced by the refill interval the headers imply, one at a time, and every
// answer corrects the estimate. A 429 stops everyone until its Retry-After (else the reset)
// has passed, and the request is sent again: a 429 was not processed.
import { retryAfterFromHeaders } from "../management-api/errors";

export interface PacerOptions {
  fetch?: typeof fetch;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** 429s in a row for one request before the last is returned. @default 10 */
  maxRateLimitRetries?: number;
  /** Transport errors, timeouts and 5xx retried for requests that are safe to repeat. @default 2 */
  maxTransientRetries?: number;
  /** How long one attempt may take, from when it is sent. @default 30000 */
  requestTimeoutMs?: number;
}

export interface PacerStats {
  requests: number;
  rateLimited: number;
  /** Total time requests waited for the limit (overlapping waits counted once each). */
  waitedMs: number;
}

interface Bucket {
  limit?: number;
  remaining?: number;
  resetMs?: number;
  /** Requests sent since the headers above were read, which they do not count yet. */
  sentSince: number;
  /** When the headers above were read. */
  readAtMs?: number;
  /** A 429 told everyone to wait until then. */
  blockedUntilMs: number;
  /** Answers not rate-limited so far: what the bucket gave out. */
  accepted: number;
  /** Recent readings of the headers, oldest first, to measure the refill rate. */
  samples: { atMs: number; remaining: number; accepted: number }[];
  /**
   * Until the first answer, nothing is known about the bucket, so one request goes alone and
   * the others wait for this; undefined once it has come.
   */
  firstAnswer?: { promise: Promise<void>; resolve: () => void };
}

/** A 429 without Retry-After or a reset in the future still waits this long, doubling. */
const FALLBACK_WAIT_MS = 1_000;
/** A Retry-After beyond this is not believed: Auth0's buckets refill within a minute. */
const MAX_WAIT_MS = 60_000;
const TRANSIENT_BACKOFF_MS = 500;
const PER_ADDRESS_PATH = "/dbconnections/change_password";
/** Readings older than this no longer count towards the measured refill rate. */
const SAMPLE_WINDOW_MS = 5_000;
/**
 * The refill rate is measured once the readings span this long or this many tokens: each
 * reading is rounded down to a whole token and may miss requests still on their way.
 */
const MIN_MEASURED_MS = 1_000;
const MIN_MEASURED_TOKENS = 50;
/** Requests while the bucket is empty go this much slower than it refills. */
const SAFETY = 1.1;

export class Pacer {
  readonly stats: PacerStats = { requests: 0, rateLimited: 0, waitedMs: 0 };
  private readonly buckets = new Map<string, Bucket>();
  private readonly inner: typeof fetch;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly maxRateLimitRetries: number;
  private readonly maxTransientRetries: number;
  private readonly requestTimeoutMs: number;

  constructor(options: PacerOptions = {}) {
    this.inner = options.fetch ?? fetch;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.maxRateLimitRetries = options.maxRateLimitRetries ?? 10;
    this.maxTransientRetries = options.maxTransientRetries ?? 2;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
  }

  /** A drop-in fetch: paced, 429s retried; transient failures retried when safe to repeat. */
  readonly fetch: typeof fetch = async (input, init) => {
    // The SDK and the change-password request send string bodies, which can be sent again.
    const url = new URL(input instanceof Request ? input.url : input);
    const method = (
      init?.method ?? (input instanceof Request ? input.method : "GET")
    ).toUpperCase();
    // Change-password requests are limited per address (and IP): a burst of 10, then 1 per
    // minute. Their headers describe that address's bucket, not the others', so they are not
    // paced by them, and a 429 holds back only that address's request, once.
    const bucket = url.pathname === PER_ADDRESS_PATH ? undefined : this.bucketFor(url);
    // A POST may have been processed when its answer was lost; the token request may repeat.
    const repeatable = method !== "POST" || url.pathname === "/oauth/token";
    let rateLimited = 0;
    let transient = 0;
    const retryTransient = async (): Promise<boolean> => {
      if (!repeatable || transient >= this.maxTransientRetries) return false;
      transient++;
      await this.sleep(TRANSIENT_BACKOFF_MS * 2 ** (transient - 1));
      return true;
    };
    for (;;) {
      if (bucket !== undefined) await this.acquire(bucket);
      this.stats.requests++;
      let response: Response;
      try {
        // Each attempt gets its own timeout, started when it is sent. The caller's signal is
        // not passed on: the SDK's starts before the pacer waits, so a long Retry-After would
        // abort the retry before it was sent.
        response = await this.inner(input, {
          ...init,
          signal: AbortSignal.timeout(this.requestTimeoutMs),
        });
      } catch (error) {
        if (bucket !== undefined) {
          bucket.sentSince = Math.max(0, bucket.sentSince - 1);
          answered(bucket);
        }
        if (await retryTransient()) continue;
        throw error;
      }
      if (bucket !== undefined) this.learn(bucket, response.headers, response.status !== 429);
      if (response.status === 429) {
        this.stats.rateLimited++;
        // Out of retries: the caller gets the 429 itself. (Not an exception: the SDK leaves its
        // request timer running when fetch throws, which would keep the process alive.)
        if (rateLimited >= (bucket === undefined ? 1 : this.maxRateLimitRetries)) return response;
        await response.body?.cancel();
        const waitMs = Math.min(
          MAX_WAIT_MS,
          retryAfterFromHeaders(response.headers, this.now()) ||
            FALLBACK_WAIT_MS * 2 ** rateLimited,
        );
        rateLimited++;
        if (bucket === undefined) {
          await this.wait(waitMs);
          continue;
        }
        bucket.remaining = 0;
        bucket.readAtMs = this.now();
        bucket.blockedUntilMs = Math.max(bucket.blockedUntilMs, this.now() + waitMs);
        continue;
      }
      if (response.status >= 500 && (await retryTransient())) {
        await response.body?.cancel();
        continue;
      }
      return response;
    }
  };

  /** The Management API and the Authentication API are limited separately. */
  private bucketFor(url: URL): Bucket {
    const key = `${url.host} ${url.pathname.startsWith("/api/v2/") ? "management" : "authentication"}`;
    let bucket = this.buckets.get(key);
    if (bucket === undefined) {
      let resolve = () => {};
      const promise = new Promise<void>((r) => {
        resolve = r;
      });
      bucket = {
        sentSince: 0,
        blockedUntilMs: 0,
        accepted: 0,
        samples: [],
        firstAnswer: { promise, resolve },
      };
      this.buckets.set(key, bucket);
    }
    return bucket;
  }

  private async acquire(bucket: Bucket): Promise<void> {
    for (;;) {
      const now = this.now();
      if (bucket.blockedUntilMs > now) {
        await this.wait(bucket.blockedUntilMs - now);
        continue;
      }
      if (bucket.firstAnswer !== undefined && bucket.sentSince > 0) {
        await bucket.firstAnswer.promise;
        continue;
      }
      if (bucket.remaining === undefined || bucket.readAtMs === undefined) {
        bucket.sentSince++;
        return;
      }
      // The tokens left: the last reading, plus what has refilled since, minus what was sent
      // (or is waiting to be) since. Each request takes its token before waiting for it, so
      // requests that find the bucket empty queue up one refill interval apart.
      const interval = refillIntervalMs(bucket, now);
      const tokens =
        Math.min(bucket.limit ?? Infinity, bucket.remaining + (now - bucket.readAtMs) / interval) -
        bucket.sentSince;
      bucket.sentSince++;
      if (tokens < 1) await this.wait((1 - tokens) * interval);
      return;
    }
  }

  private learn(bucket: Bucket, headers: Headers, accepted: boolean): void {
    const limit = integer(headers.get("x-ratelimit-limit"));
    const remaining = integer(headers.get("x-ratelimit-remaining"));
    const reset = integer(headers.get("x-ratelimit-reset"));
    bucket.sentSince = Math.max(0, bucket.sentSince - 1);
    if (accepted) bucket.accepted++;
    if (limit !== undefined && remaining !== undefined) {
      bucket.limit = limit;
      bucket.remaining = remaining;
      bucket.resetMs = reset === undefined ? undefined : reset * 1000;
      const now = this.now();
      bucket.readAtMs = now;
      const sample = { atMs: now, remaining, accepted: bucket.accepted };
      // A bucket found full may have overflowed: what refilled before this reading is unknown.
      if (remaining >= limit - 1) bucket.samples = [sample];
      else bucket.samples.push(sample);
      while (bucket.samples.length > 2 && now - bucket.samples[1].atMs >= SAMPLE_WINDOW_MS) {
        bucket.samples.shift();
      }
    }
    answered(bucket);
  }

  private async wait(ms: number): Promise<void> {
    this.stats.waitedMs += ms;
    await this.sleep(ms);
  }
}

/**
 * How long one token takes to come back, with a margin: a request sent early is a 429, and a
 * 429 costs a whole Retry-After, while one sent late only leaves tokens for the next ones.
 * Measured, once there is a long enough stretch of readings: tokens gained plus tokens given
 * out, over the time between two readings. Before that, from the reset: the time until the
 * bucket is full over the tokens missing.
 */
function refillIntervalMs(bucket: Bucket, now: number): number {
  const { limit, remaining, resetMs, samples } = bucket;
  const first = samples[0];
  const last = samples[samples.length - 1];
  if (first !== undefined) {
    const refilled = last.remaining - first.remaining + (last.accepted - first.accepted);
    if (
      refilled >= MIN_MEASURED_TOKENS ||
      (refilled > 0 && last.atMs - first.atMs >= MIN_MEASURED_MS)
    ) {
      return Math.min(MAX_WAIT_MS, (SAFETY * (last.atMs - first.atMs)) / refilled);
    }
  }
  if (limit === undefined || remaining === undefined || limit <= 0) return FALLBACK_WAIT_MS;
  if (resetMs === undefined || resetMs <= now) return (SAFETY * 1000) / limit;
  return Math.min(MAX_WAIT_MS, (SAFETY * (resetMs - now)) / Math.max(1, limit - remaining));
}

/** The first answer has come: the requests waiting for it may go. */
function answered(bucket: Bucket): void {
  bucket.firstAnswer?.resolve();
  bucket.firstAnswer = undefined;
}

function integer(text: string | null): number | undefined {
  if (text === null || !/^\s*\d+\s*$/.test(text)) return undefined;
  return Number(text);
}
