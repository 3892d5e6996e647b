// Line diffs for people: the environment file before and after --write, and a short diff of a
// template the first apply takes over.

/** The lines of `before` and `after` as `  `, `- ` and `+ ` lines (longest common subsequence). */
export function lineDiff(before: string, after: string): string[] {
  const a = before.split("\n");
  const b = after.split("\n");
  // lcs[i][j]: length of the longest common subsequence of a[i..] and b[j..].
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () =>
    new Array<number>(b.length + 1).fill(0),
  );
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      out.push(`  ${a[i]}`);
      i++;
      j++;
    } else if (j < b.length && (i === a.length || lcs[i][j + 1] >= lcs[i + 1][j])) {
      out.push(`+ ${b[j]}`);
      j++;
    } else {
      out.push(`- ${a[i]}`);
      i++;
    }
  }
  return out;
}

/** Only the changed lines with `context` lines around each run, `...` where lines are left out. */
export function changedHunks(diff: readonly string[], context = 2): string[] {
  const changed = diff.map((line) => !line.startsWith("  "));
  const keep = diff.map((_, i) =>
    changed.slice(Math.max(0, i - context), i + context + 1).some(Boolean),
  );
  const out: string[] = [];
  diff.forEach((line, i) => {
    if (keep[i]) out.push(line);
    else if (i > 0 && keep[i - 1]) out.push("  ...");
  });
  return out;
}

/**
 * A short diff of two texts: the first lines taken out and put in (`perSide` of each), each cut
 * to `width`, and a count of the rest. Markup is not parsed: lines are compared as written.
 */
export function shortDiff(before: string, after: string, perSide = 3, width = 100): string[] {
  const diff = lineDiff(before, after);
  const cut = (line: string) => (line.length > width ? `${line.slice(0, width - 3)}...` : line);
  const out: string[] = [];
  for (const sign of ["-", "+"]) {
    const lines = diff.filter((line) => line.startsWith(`${sign} `));
    out.push(...lines.slice(0, perSide).map(cut));
    if (lines.length > perSide) out.push(`${sign} (${lines.length - perSide} more lines)`);
  }
  return out;
}
