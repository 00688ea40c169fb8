import { describe, expect, it } from 'vitest'
import { blockFor, blockForErrcode, explainBlock, type CustomerFacts } from '../../src/inheritance/rules'

const now = new Date('2026-06-01T00:00:00.000Z')
const DAY = 24 * 3600 * 1000
const daysAgo = (days: number) => new Date(now.getTime() - days * DAY)
const facts = (patch: Partial<CustomerFacts> = {}): CustomerFacts => ({
  externalUserId: 'wm1',
  withHandover: true,
  inTransfer: false,
  recentOnJobTransfers: [],
  ...patch,
})
const day = (at: Date) => at.toISOString().slice(0, 10)

describe('what stands in the way of a hand-over', () => {
  it('needs a WeCom contact of the handover guide who is not already in transfer', () => {
    expect(blockFor('on_job', facts({ externalUserId: null }), now)?.reason).toBe('unknown_customer')
    expect(blockFor('on_job', facts({ withHandover: false }), now)?.reason).toBe('not_followed')
    expect(blockFor('resigned', facts({ withHandover: false }), now)?.reason).toBe('not_unassigned')
    expect(blockFor('resigned', facts({ inTransfer: true }), now)?.reason).toBe('in_transfer')
    expect(blockFor('on_job', facts(), now)).toBeNull()
  })

  it('allows two on-the-job transfers in 90 days and names the day the window lifts', () => {
    expect(blockFor('on_job', facts({ recentOnJobTransfers: [daysAgo(10)] }), now)).toBeNull()
    const block = blockFor('on_job', facts({ recentOnJobTransfers: [daysAgo(80), daysAgo(10), daysAgo(30)] }), now)
    // Fewer than two within the window once the second newest (30 days ago) is 90 days old.
    expect(block).toEqual({ reason: 'too_frequent', nextEligibleAt: new Date(daysAgo(30).getTime() + 90 * DAY) })
    expect(explainBlock(block!, day)).toBe('这位客户 90 天内已转接 2 次，2026-07-31起可再次转接')
    // A transfer exactly 90 days old has left the window.
    expect(blockFor('on_job', facts({ recentOnJobTransfers: [daysAgo(90), daysAgo(1)] }), now)).toBeNull()
    // Resigned hand-overs are not counted against it.
    expect(blockFor('resigned', facts({ recentOnJobTransfers: [daysAgo(1), daysAgo(2)] }), now)).toBeNull()
  })

  it("reads WeCom's per-customer errcodes as our reasons", () => {
    expect([40096, 40099, 40128, 40129, 40130, 40131, 12345].map(blockForErrcode)).toEqual([
      'unknown_customer',
      'takeover_full',
      'too_frequent',
      'in_transfer',
      'same_guide',
      'not_followed',
      'wecom_refused',
    ])
  })
})
