// Which attributes a change touches, by path only. Plans hold provider values in clear (the
// email provider's credentials, the Action's code), so nothing here ever returns a value.

export interface AttributeChange {
  /** `code`, or one level into a nested block or object: `options.disable_signup`. */
  readonly path: string;
  /** Marked sensitive in before_sensitive or after_sensitive. */
  readonly sensitive: boolean;
  /** (Partly) unknown until apply, per after_unknown. */
  readonly unknown: boolean;
}

type Json = unknown;

function isRecord(value: Json): value is Record<string, Json> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** The sensitivity/unknown marker below `key`: `true` covers everything under it. */
function markerAt(marker: Json, key: string): Json {
  if (marker === true) return true;
  return isRecord(marker) ? marker[key] : undefined;
}

function anyTrue(marker: Json): boolean {
  if (marker === true) return true;
  if (Array.isArray(marker)) return marker.some(anyTrue);
  if (isRecord(marker)) return Object.values(marker).some(anyTrue);
  return false;
}

// Terraform writes an unset block as [] or null and an unset collection as null or []; a
// reviewer cannot act on the difference, so all of them count as "nothing".
function isEmpty(value: Json): boolean {
  if (value === null || value === undefined) return true;
  if (Array.isArray(value)) return value.length === 0;
  return isRecord(value) && Object.keys(value).length === 0;
}

function same(a: Json, b: Json): boolean {
  if (isEmpty(a) && isEmpty(b)) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => same(item, b[i]));
  }
  if (isRecord(a) && isRecord(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of keys) if (!same(a[key], b[key])) return false;
    return true;
  }
  return a === b;
}

/**
 * A nested block with at most one element (`options`, `credentials`: a one-item list in the
 * JSON) or a nested object, as the object; `null` for an empty one; `undefined` for anything
 * else (scalars, real lists), which is compared as a whole.
 */
function asBlock(value: Json): Record<string, Json> | null | undefined {
  if (value === null || value === undefined) return null;
  if (isRecord(value)) return value;
  if (Array.isArray(value)) {
    if (value.length === 0) return null;
    if (value.length === 1 && isRecord(value[0])) return value[0];
  }
  return undefined;
}

function blockMarker(marker: Json): Json {
  return Array.isArray(marker) ? marker[0] : marker;
}

interface Sides {
  readonly before: Json;
  readonly after: Json;
  readonly afterUnknown: Json;
  readonly beforeSensitive: Json;
  readonly afterSensitive: Json;
}

function compare(sides: Sides, prefix: string, depth: number, out: AttributeChange[]): void {
  const before = isRecord(sides.before) ? sides.before : {};
  const after = isRecord(sides.after) ? sides.after : {};
  const unknownKeys = isRecord(sides.afterUnknown) ? Object.keys(sides.afterUnknown) : [];
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after), ...unknownKeys])].sort();
  for (const key of keys) {
    const path = prefix === "" ? key : `${prefix}.${key}`;
    const b = before[key];
    const a = after[key];
    const unknown = markerAt(sides.afterUnknown, key);
    const beforeSensitive = markerAt(sides.beforeSensitive, key);
    const afterSensitive = markerAt(sides.afterSensitive, key);
    const sensitive = anyTrue(beforeSensitive) || anyTrue(afterSensitive);
    if (unknown === true) {
      out.push({ path, sensitive, unknown: true });
      continue;
    }
    if (depth === 0) {
      const blockBefore = asBlock(b);
      const blockAfter = asBlock(a);
      if (blockBefore !== undefined && blockAfter !== undefined && (blockBefore || blockAfter)) {
        compare(
          {
            before: blockBefore,
            after: blockAfter,
            afterUnknown: blockMarker(unknown),
            beforeSensitive: blockMarker(beforeSensitive),
            afterSensitive: blockMarker(afterSensitive),
          },
          path,
          depth + 1,
          out,
        );
        continue;
      }
    }
    const partlyUnknown = anyTrue(unknown);
    if (partlyUnknown || !same(b, a)) out.push({ path, sensitive, unknown: partlyUnknown });
  }
}

/** Attribute paths whose value differs between before and after, or is unknown until apply. */
export function changedAttributes(sides: Sides): AttributeChange[] {
  const out: AttributeChange[] = [];
  compare(sides, "", 0, out);
  return out;
}
