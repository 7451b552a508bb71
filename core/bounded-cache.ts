/**
 * Stores `value` under `key`, first dropping the oldest entry when the map holds `max`: the
 * module-level caches of the calendar code stay bounded however many zones, calendars and years
 * a long-running worker meets. Returns `value`, so a miss reads `return remember(...)`.
 */
export function remember<K, V>(map: Map<K, V>, key: K, value: V, max: number): V {
  if (map.size >= max) {
    const oldest = map.keys().next();
    if (!oldest.done) map.delete(oldest.value);
  }
  map.set(key, value);
  return value;
}
