/**
 * A key for one user action. The same request config (and so the same key) is replayed after a
 * re-login or a retry, so the server moves value once.
 */
export function newIdempotencyKey(random: () => number = Math.random): string {
  return `${Date.now().toString(36)}-${Math.floor(random() * 36 ** 8).toString(36)}`
}

export const idempotent = () => ({ headers: { 'Idempotency-Key': newIdempotencyKey() } })
