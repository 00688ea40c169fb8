import { describe, expect, it } from 'vitest'
import { accountProblems, roleProblems } from './account-checks'

describe('account and role forms', () => {
  it('say what the server would refuse', () => {
    expect(accountProblems({ username: 'wang_fin', displayName: '王会计', roleId: 3 })).toEqual([])
    expect(accountProblems({ username: '王', displayName: '', roleId: 0 })).toHaveLength(3)
    expect(roleProblems({ name: '活动审核', description: '' })).toEqual([])
    expect(roleProblems({ name: ' ', description: 'x'.repeat(201) })).toHaveLength(2)
  })
})
