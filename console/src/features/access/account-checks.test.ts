import { describe, expect, it } from 'vitest'
import { accountChanges, accountProblems, roleProblems } from './account-checks'

describe('account and role forms', () => {
  it('say what the server would refuse', () => {
    expect(accountProblems({ username: 'wang_fin', displayName: '王会计', roleId: 3 })).toEqual([])
    expect(accountProblems({ username: '王', displayName: '', roleId: 0 })).toHaveLength(3)
    expect(roleProblems({ name: '活动审核', description: '' })).toEqual([])
    expect(roleProblems({ name: ' ', description: 'x'.repeat(201) })).toHaveLength(2)
  })
})

describe('an account edit', () => {
  const account = { displayName: '王会计', role: { id: 3, name: '财务', builtIn: 'finance' }, departmentIds: [3, 4] }

  it('sends only what changed, so an untouched role or store list does not sign the colleague out', () => {
    expect(accountChanges(account, { displayName: '王会计 ', roleId: 3, departmentIds: [4, 3] })).toEqual({})
    expect(accountChanges(account, { displayName: '王芳', roleId: 3, departmentIds: [3, 4] })).toEqual({ displayName: '王芳' })
    expect(accountChanges(account, { displayName: '王会计', roleId: 5, departmentIds: [] })).toEqual({ roleId: 5, departmentIds: [] })
  })
})
