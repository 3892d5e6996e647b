// The smoke's throwaway password (lib/management-api/password).

import { randomInt } from "node:crypto";
import { generatePassword } from "../../lib/management-api/password";

describe("the throwaway password", () => {
  it("is long, has all four character classes and never three identical characters in a row", () => {
    const acceptable = (p: string) =>
      p.length === 40 &&
      /[a-z]/.test(p) &&
      /[A-Z]/.test(p) &&
      /[0-9]/.test(p) &&
      /[^a-zA-Z0-9]/.test(p) &&
      !/(.)\1\1/.test(p);
    const draws = Array.from({ length: 500 }, () => generatePassword());
    expect(draws.filter((p) => !acceptable(p))).toEqual([]);
    expect(new Set(draws).size).toBe(500);
  });

  it("is drawn again when a draw has three identical characters in a row", () => {
    let calls = 0;
    // The first draw (40 picks and 39 swaps) is all index 0: "aaa...", which must be rejected.
    const rigged = (max: number) => (calls++ < 79 ? 0 : randomInt(max));
    const password = generatePassword(40, rigged);
    expect(calls).toBeGreaterThan(79);
    expect(password).not.toMatch(/(.)\1\1/);
  });

  it("refuses lengths that cannot hold the four classes", () => {
    expect(() => generatePassword(3)).toThrow(RangeError);
  });
});
