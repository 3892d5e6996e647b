// Made once, asked for many times: a value that costs far more to make than to keep.

/** `cache`'s value for `key`, made by `make` the first time it is asked for. */
export function memo<K, V>(
  cache: { get(key: K): V | undefined; set(key: K, value: V): unknown },
  key: K,
  make: (key: K) => V,
): V {
  const found = cache.get(key);
  if (found !== undefined) return found;
  const made = make(key);
  cache.set(key, made);
  return made;
}
