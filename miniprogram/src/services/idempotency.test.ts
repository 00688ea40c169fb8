import { describe, expect, it } from 'vitest'
import { newIdempotencyKey } from './idempotency'

describe('idempotency keys', () => {
  it('are fresh per action and fit the server pattern', () => {
    const keys = new Set(Array.from({ length: 50 }, () => newIdempotencyKey()))
    expect(keys.size).toBe(50)
    for (const key of keys) expect(key).toMatch(/^[A-Za-z0-9_.:-]{1,64}$/)
  })
})
