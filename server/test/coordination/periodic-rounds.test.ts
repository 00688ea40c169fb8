// Work one server does for all (syncing from WeCom) is claimed round by round in the database: whichever
// server claims a due round does it, and every other claim of that round is refused, also when they race.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { claimRound } from '../../src/scheduler/periodic'
import { manualClock, startStack, type Stack } from '../support/stack'

const MINUTE = 60_000
const clock = manualClock('2026-06-01T02:00:00.000Z')
let stack: Stack

beforeAll(async () => {
  stack = await startStack({}, { now: clock.now })
})

afterAll(async () => {
  await stack?.close()
})

const at = (ms: number) => clock.set(new Date(Date.parse('2026-06-01T02:00:00.000Z') + ms).toISOString())

describe('a shared round', () => {
  it('is done once per period, by the first server to claim it', async () => {
    at(0)
    expect(await claimRound(stack.app, 'group sync', MINUTE)).toBe(true)
    expect(await claimRound(stack.app, 'group sync', MINUTE)).toBe(false)
    // Another kind of work has its own rounds.
    expect(await claimRound(stack.app, 'moment sync', MINUTE)).toBe(true)
    // A little before a period has passed, the claimer's own next tick finds the round due; nobody's earlier.
    at(50_000)
    expect(await claimRound(stack.app, 'group sync', MINUTE)).toBe(false)
    at(MINUTE)
    expect(await claimRound(stack.app, 'group sync', MINUTE)).toBe(true)
    at(MINUTE + 10_000)
    expect(await claimRound(stack.app, 'group sync', MINUTE)).toBe(false)
  })

  it('goes to exactly one of many servers claiming it at once', async () => {
    at(10 * MINUTE)
    const claims = await Promise.all(Array.from({ length: 8 }, () => claimRound(stack.app, 'directory sync', MINUTE)))
    expect(claims.filter(Boolean)).toHaveLength(1)
  })
})
