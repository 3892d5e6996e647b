// The smoke's one-line failure. How to describe an Auth0 error, how long to wait after one and
// what a refused user create means live in lib/management-api/errors.ts, shared with invite.

/** A step failed; the message is the whole explanation. */
export class SmokeFailure extends Error {}
