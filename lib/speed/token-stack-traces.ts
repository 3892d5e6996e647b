/**
 * Runs `fn` (building and synthesizing stacks) without the stack traces cdktf records for
 * every attribute reference it creates.
 *
 * cdktf 0.21 captures a full stack trace (no depth limit) in each ComplexResolvable's
 * constructor, only to print it if that token later fails to resolve. The generated client
 * and connection bindings create hundreds of them per stack; capturing and formatting them
 * was a large part of the app command's time. cdktf captures into a plain object, never an
 * Error, so real errors keep their stack traces. cdktf 0.21.0 is the final release, so this
 * internal detail will not move. Pass `keep` (main.ts: `CDK_DEBUG=1`) to keep the traces.
 */
export function withoutTokenCreationStacks<T>(fn: () => T, keep = false): T {
  if (keep) return fn();
  const original = Error.captureStackTrace;
  Error.captureStackTrace = (...args: Parameters<typeof original>) => {
    if (args[0] instanceof Error) original(...args);
  };
  try {
    return fn();
  } finally {
    Error.captureStackTrace = original;
  }
}
