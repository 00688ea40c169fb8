import { describe, expect, it } from 'vitest'
import { duplicateTagName, groupDeletePrompt, newGroupProblem, tagDeletePrompt, tagNameProblem } from './tag-names'

describe('tag names', () => {
  it('must be 1–30 characters, as WeCom and the shared schema require', () => {
    expect(tagNameProblem('')).toBe('请输入名称')
    expect(tagNameProblem('   ')).toBe('请输入名称')
    expect(tagNameProblem('高意向')).toBeNull()
    expect(tagNameProblem('字'.repeat(30))).toBeNull()
    expect(tagNameProblem('字'.repeat(31))).toBe('名称最多 30 个字')
  })

  it('may not repeat a sibling, except the tag being renamed', () => {
    const group = { tags: [{ id: 1, name: '普通', customerCount: 0 }, { id: 2, name: 'VIP', customerCount: 3 }] }
    expect(duplicateTagName(group, ' VIP ')).toBe(true)
    expect(duplicateTagName(group, 'VIP', 2)).toBe(false)
    expect(duplicateTagName(group, '超级VIP')).toBe(false)
  })
})

describe('a new group', () => {
  it('needs a free group name and a first tag', () => {
    expect(newGroupProblem({ groupName: '', name: '甲' }, [])).toBe('标签组名称：请输入名称')
    expect(newGroupProblem({ groupName: '等级', name: '甲' }, ['等级'])).toBe('已有同名标签组，请在该组中添加标签')
    expect(newGroupProblem({ groupName: '偏好', name: '' }, ['等级'])).toBe('第一个标签：请输入名称')
    expect(newGroupProblem({ groupName: '偏好', name: '香氛' }, ['等级'])).toBeNull()
  })
})

describe('delete confirmations', () => {
  it('say how many customers lose the tag', () => {
    expect(tagDeletePrompt({ name: 'VIP', customerCount: 3 })).toContain('3 位客户将失去这个标签')
  })

  it('list every tag of a group with its customers', () => {
    const prompt = groupDeletePrompt({ name: '等级', tags: [{ id: 1, name: '普通', customerCount: 0 }, { id: 2, name: 'VIP', customerCount: 3 }] })
    expect(prompt).toContain('2 个标签：「普通」（0 位客户）、「VIP」（3 位客户）')
  })
})
