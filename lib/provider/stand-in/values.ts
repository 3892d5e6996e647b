import { decode, Encoder, ExtensionCodec } from "@msgpack/msgpack";

/**
 * Terraform values as the stand-in handles them: JSON-like data plus one marker for "known
 * after apply". On the wire they are cty values encoded as msgpack, where an unknown value is
 * an extension: type 0 (plain), or type 12 (an unknown carrying refinements such as "not null",
 * which Terraform >= 1.6 sends; the refinements are dropped here, as a provider may).
 */
export const UNKNOWN: unique symbol = Symbol("unknown");
export type Value = null | boolean | number | string | typeof UNKNOWN | Value[] | ValueObject;
export interface ValueObject {
  [key: string]: Value;
}

const UNKNOWN_EXT = 0;
const REFINED_UNKNOWN_EXT = 12;

const codec = new ExtensionCodec();
codec.register({
  type: UNKNOWN_EXT,
  encode: (input: unknown) => (input === UNKNOWN ? new Uint8Array([0]) : null),
  decode: () => UNKNOWN,
});
codec.register({ type: REFINED_UNKNOWN_EXT, encode: () => null, decode: () => UNKNOWN });

const encoder = new Encoder({ extensionCodec: codec, ignoreUndefined: false });

export function decodeValue(bytes: Uint8Array | undefined | null): Value {
  if (!bytes || bytes.length === 0) return null;
  return decode(bytes, { extensionCodec: codec, useBigInt64: false }) as Value;
}

export function encodeValue(value: Value): Buffer {
  return Buffer.from(encoder.encode(value));
}

export const isObject = (v: Value | undefined): v is ValueObject =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** Deep equality; UNKNOWN equals nothing, not even itself (it may become anything). */
export function sameValue(a: Value | undefined, b: Value | undefined): boolean {
  if (a === UNKNOWN || b === UNKNOWN) return false;
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) if (!sameValue(a[k] ?? null, b[k] ?? null)) return false;
    return true;
  }
  return false;
}

export function containsUnknown(v: Value): boolean {
  if (v === UNKNOWN) return true;
  if (Array.isArray(v)) return v.some(containsUnknown);
  if (isObject(v)) return Object.values(v).some(containsUnknown);
  return false;
}
