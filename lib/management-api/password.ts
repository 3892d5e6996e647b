import { randomInt } from "node:crypto";

const LOWER = "abcdefghijklmnopqrstuvwxyz";
const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const DIGITS = "0123456789";
// Symbols Auth0 counts as special characters, none of which need quoting anywhere.
const SYMBOLS = "!#$%&*+-=?@^_~";
const ALL = LOWER + UPPER + DIGITS + SYMBOLS;

/** Long enough for any policy strength; Auth0's legacy policies truncate beyond 72 bytes. */
export const DEFAULT_PASSWORD_LENGTH = 40;

/**
 * A random password that Auth0's strictest preset ("excellent": 10+ characters, 3 of 4
 * character classes, no character three times in a row) accepts: all four classes, never
 * three identical characters in a row. Only ever sent to Auth0, never shown.
 */
export function generatePassword(
  length = DEFAULT_PASSWORD_LENGTH,
  random: (max: number) => number = randomInt,
): string {
  if (!Number.isInteger(length) || length < 4) {
    throw new RangeError(`password length must be a whole number of at least 4, got ${length}`);
  }
  const pick = (set: string) => set[random(set.length)];
  for (;;) {
    const chars = [pick(LOWER), pick(UPPER), pick(DIGITS), pick(SYMBOLS)];
    while (chars.length < length) chars.push(pick(ALL));
    // Fisher-Yates, so the guaranteed classes do not always lead.
    for (let i = chars.length - 1; i > 0; i--) {
      const j = random(i + 1);
      [chars[i], chars[j]] = [chars[j], chars[i]];
    }
    const password = chars.join("");
    // Rejection is rarer than 1 in 100 at this alphabet size, so redrawing beats repairing.
    if (!/(.)\1\1/.test(password)) return password;
  }
}
