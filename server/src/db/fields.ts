/**
 * The fields of a request that a statement writes: the keys named here, those the request gave. A
 * request body is never spread into a statement, so a field its schema missed can reach no column.
 */
export function fieldsOf<T extends object, K extends keyof T>(input: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const picked: Partial<Pick<T, K>> = {}
  for (const key of keys) if (input[key] !== undefined) picked[key] = input[key]
  return picked
}
