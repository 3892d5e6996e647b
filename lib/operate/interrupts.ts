/**
 * How soon a repeat counts as the same interrupt: under `npm run`, one Ctrl-C can reach the
 * script more than once, since the terminal signals the whole foreground process group and npm
 * forwards the signal it got to its script as well.
 */
export const SAME_INTERRUPT_MS = 1_000;

/** What `npm run plan` / `npm run apply` make of the interrupts their process receives. */
export interface Interrupts {
  /** Aborted by the first interrupt, its reason the signal's name: stop gracefully. */
  readonly interrupt: AbortSignal;
  /** Aborted by a later interrupt: stop at once. */
  readonly interruptAgain: AbortSignal;
  /** Takes a signal the process received (SIGINT, SIGTERM). */
  readonly receive: (signal: NodeJS.Signals) => void;
}

export function interrupts(now: () => number = () => performance.now()): Interrupts {
  const first = new AbortController();
  const again = new AbortController();
  let firstAt = 0;
  return {
    interrupt: first.signal,
    interruptAgain: again.signal,
    receive: (signal) => {
      if (!first.signal.aborted) {
        firstAt = now();
        first.abort(signal);
      } else if (now() - firstAt >= SAME_INTERRUPT_MS) {
        again.abort(signal);
      }
    },
  };
}
