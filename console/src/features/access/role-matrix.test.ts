import { describe, expect, it } from 'vitest'
import { levelOf, toggle, withLevel } from './role-matrix'

describe('the permission matrix', () => {
  it('reads an area’s level, manage implying view', () => {
    expect(levelOf(['finance:manage'], 'finance')).toBe('manage')
    expect(levelOf(['finance:view', 'finance:manage'], 'finance')).toBe('manage')
    expect(levelOf(['data:view'], 'data')).toBe('view')
    expect(levelOf(['data:view'], 'finance')).toBeNull()
  })

  it('keeps one permission per area, in the areas’ order', () => {
    expect(withLevel(['data:view', 'finance:view', 'finance:manage'], 'acquisition', 'manage')).toEqual(['acquisition:manage', 'data:view', 'finance:manage'])
    expect(withLevel(['data:view'], 'data', null)).toEqual([])
  })

  it('gives 查看 with 管理, and takes 管理 with 查看', () => {
    expect(toggle([], 'activation', 'manage', true)).toEqual(['activation:manage'])
    expect(toggle(['activation:manage'], 'activation', 'manage', false)).toEqual(['activation:view'])
    expect(toggle(['activation:manage'], 'activation', 'view', false)).toEqual([])
    expect(toggle([], 'activation', 'view', true)).toEqual(['activation:view'])
    expect(toggle(['activation:manage'], 'activation', 'view', true)).toEqual(['activation:manage'])
  })
})
