import { describe, expect, it } from 'vitest'
import { changedFields, redactSecrets } from '../../src/audit/changes'

describe('what the audit log keeps of a change', () => {
  it('lists only the fields that changed, naming the list element they belong to', () => {
    expect(changedFields({ name: 'a', weight: 1, endsAt: 'x' }, { name: 'a', weight: 2, endsAt: 'x' })).toEqual([{ field: 'weight', before: 1, after: 2 }])
    expect(changedFields({ weight: 1 }, { weight: 3 }, { list: 'prizes', name: '一等奖' })).toEqual([{ field: 'prizes.weight', item: '一等奖', before: 1, after: 3 }])
    expect(changedFields({ levels: [{ minGrowth: 0 }] }, { levels: [{ minGrowth: 0 }] })).toEqual([])
  })

  it('replaces credentials at any depth and cuts long text short', () => {
    const kept = redactSecrets({ currentPassword: 'p1', nested: [{ apiV3Key: 'k', secret: 's', privateKey: 'pk', token: 't', name: '门店' }], text: 'x'.repeat(2000) }) as any
    expect(kept.currentPassword).toBe('***')
    expect(kept.nested[0]).toEqual({ apiV3Key: '***', secret: '***', privateKey: '***', token: '***', name: '门店' })
    expect(kept.text).toBe(`${'x'.repeat(500)}…（共 2000 字）`)
  })
})
