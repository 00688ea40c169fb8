/**
 * Adds `value` to the list kept under `key`, starting the list if there is none. Spreading the list
 * into a new one for every value copies it each time: a broadcast's recipients by guide, a million of
 * them, took minutes that way.
 */
export function addToGroup<K, V>(groups: Map<K, V[]>, key: K, value: V): void {
  const group = groups.get(key)
  if (group) group.push(value)
  else groups.set(key, [value])
}
