import { describe, expect, it, vi } from 'vitest'

vi.mock('@tarojs/taro', () => ({ default: {} }))

const { devLoginCode, isValidWho } = await import('./login-code')

describe('dev login codes', () => {
  it('accepts letters, digits and underscores only', () => {
    expect(isValidWho('alice')).toBe(true)
    expect(isValidWho('Bob_2')).toBe(true)
    expect(isValidWho('')).toBe(false)
    expect(isValidWho('a b')).toBe(false)
    expect(isValidWho('a~b')).toBe(false)
    expect(isValidWho('x'.repeat(33))).toBe(false)
  })

  it('builds test_<who>~<nonce> with a fresh nonce each time', () => {
    const first = devLoginCode('carol')
    const second = devLoginCode('carol')
    expect(first).toMatch(/^test_carol~[0-9a-z]+$/)
    expect(second).not.toBe(first)
  })

  it('refuses names the sandbox would not map to a user', () => {
    expect(() => devLoginCode('ca~rol')).toThrow()
  })
})
