// Signed deliveries (WeCom callbacks, payment notifications) carry the time they were sent. The
// signature covers it, so an old delivery replayed as it was still verifies: what is too far from the
// server's clock is refused, on top of each kind's own de-duplication.

/** How far a delivery's timestamp may be from the server's clock, either way. */
export const TIMESTAMP_TOLERANCE_MS = 5 * 60_000

/** Unix seconds as sent, against `now` (the server's clock, which tests move). */
export function timestampStanding(seconds: string, now: Date): 'fresh' | 'stale' | 'malformed' {
  if (!/^[0-9]{1,12}$/.test(seconds)) return 'malformed'
  return Math.abs(Number(seconds) * 1000 - now.getTime()) <= TIMESTAMP_TOLERANCE_MS ? 'fresh' : 'stale'
}
