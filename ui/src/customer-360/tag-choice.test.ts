import { describe, expect, it } from 'vitest'
import { tagChanges, toggleTag } from './tag-choice'

const group = (exclusive: boolean) => ({
  exclusive,
  tags: [
    { id: 1, name: '普通', customerCount: 0 },
    { id: 2, name: 'VIP', customerCount: 0 },
    { id: 3, name: '超级VIP', customerCount: 0 },
  ],
})

describe('toggleTag', () => {
  it('adds and removes a tag in an open group', () => {
    expect([...toggleTag(new Set([1]), group(false), 2)]).toEqual([1, 2])
    expect([...toggleTag(new Set([1, 2]), group(false), 1)]).toEqual([2])
  })

  it("replaces the group's other tag in an exclusive group, leaving other groups alone", () => {
    expect([...toggleTag(new Set([1, 9]), group(true), 3)].sort()).toEqual([3, 9])
    expect([...toggleTag(new Set([3]), group(true), 3)]).toEqual([])
  })
})

describe('tagChanges', () => {
  it('sends only the difference', () => {
    expect(tagChanges([{ id: 1 }, { id: 2 }], new Set([2, 3]))).toEqual({ add: [3], remove: [1] })
    expect(tagChanges([{ id: 1 }], new Set([1]))).toEqual({ add: [], remove: [] })
  })
})
