import { describe, expect, it } from 'vitest'
import { lifecycleStage, type LifecycleFacts } from './lifecycle'

const now = new Date('2025-06-30T04:00:00Z')
const daysAgo = (days: number) => new Date(now.getTime() - days * 24 * 3600 * 1000)
const facts = (overrides: Partial<LifecycleFacts>): LifecycleFacts => ({
  since: daysAgo(30),
  everFollowed: true,
  activeFollowers: 1,
  orders: null,
  now,
  ...overrides,
})

describe('lifecycleStage', () => {
  it('calls a customer who reached us this week and has not bought new, then a prospect', () => {
    expect(lifecycleStage(facts({ since: daysAgo(2) }))).toBe('new')
    expect(lifecycleStage(facts({ since: daysAgo(8) }))).toBe('prospect')
    expect(lifecycleStage(facts({ since: daysAgo(8), orders: { count: 0, lastPurchasedAt: null } }))).toBe('prospect')
  })

  it('follows buyers from first purchase to repeat to dormant', () => {
    expect(lifecycleStage(facts({ orders: { count: 1, lastPurchasedAt: daysAgo(10) } }))).toBe('first_purchase')
    expect(lifecycleStage(facts({ since: daysAgo(1), orders: { count: 1, lastPurchasedAt: daysAgo(0) } }))).toBe('first_purchase')
    expect(lifecycleStage(facts({ orders: { count: 3, lastPurchasedAt: daysAgo(89) } }))).toBe('repeat')
    expect(lifecycleStage(facts({ orders: { count: 3, lastPurchasedAt: daysAgo(91) } }))).toBe('dormant')
  })

  it('calls a customer no guide follows any more lost, whatever they bought', () => {
    expect(lifecycleStage(facts({ activeFollowers: 0, orders: { count: 5, lastPurchasedAt: daysAgo(1) } }))).toBe('lost')
  })

  it('does not call a mini-program user who never added a guide lost', () => {
    expect(lifecycleStage(facts({ everFollowed: false, activeFollowers: 0 }))).toBe('prospect')
  })
})
