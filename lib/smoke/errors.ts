// The smoke's one-line failure. How to describe an Auth0 error and how long to wait after one
// are shared with the invite CLI (lib/management-api/errors.ts).
export {
  describeError,
  retryAfterFromHeaders,
  retryAfterMs,
  statusOf,
} from "../management-api/errors";

/** A step failed; the message is the whole explanation. */
export class SmokeFailure extends Error {}
