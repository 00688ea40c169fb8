// Pure check-in rules: the server applies them; the defaults are the product's.
import type { CheckInSettings } from './schemas'

export const DEFAULT_CHECKIN_SETTINGS: CheckInSettings = {
  ladder: [5, 5, 10, 10, 15, 15, 30],
  makeupCost: 20,
  makeupWindowDays: 7,
  makeupMonthlyLimit: 2,
}

/** Day n of a streak on the ladder (1-based); the ladder starts over after its last day. */
export function ladderDay(streak: number, ladder: readonly number[]): number {
  return ((streak - 1) % ladder.length) + 1
}

export function rewardForStreak(streak: number, ladder: readonly number[]): number {
  return ladder[ladderDay(streak, ladder) - 1] ?? 0
}
