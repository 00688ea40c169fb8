import { describe, expect, it } from 'vitest'
import { NAV_GROUPS, pageFromHash } from './navigation'

describe('page addresses', () => {
  it('reads every page in the navigation from its #/key address', () => {
    for (const item of NAV_GROUPS.flatMap((group) => group.items)) expect(pageFromHash(`#/${item.key}`)).toBe(item.key)
    expect(pageFromHash('#/password')).toBe('password')
  })

  it('names no page for an empty or unknown address', () => {
    expect(pageFromHash('')).toBeNull()
    expect(pageFromHash('#/')).toBeNull()
    expect(pageFromHash('#/nowhere')).toBeNull()
  })
})
