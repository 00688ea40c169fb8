import { describe, expect, it } from 'vitest'
import { categoryDepth, categoryNameProblem, moveCategory, possibleParents } from './category-tree'

// As the server lists them: parents before children, each level in sort order.
const categories = [
  { id: 1, parentId: null, name: '产品介绍', sortOrder: 0 },
  { id: 4, parentId: 1, name: '护肤', sortOrder: 0 },
  { id: 5, parentId: 4, name: '精华', sortOrder: 0 },
  { id: 2, parentId: null, name: '活动', sortOrder: 0 },
  { id: 3, parentId: null, name: '售后', sortOrder: 0 },
]

describe('category tree', () => {
  it('knows each category’s depth and which may take a child within three levels', () => {
    expect([1, 4, 5].map((id) => categoryDepth(categories, id))).toEqual([0, 1, 2])
    expect(possibleParents(categories).map((c) => c.id)).toEqual([1, 4, 2, 3])
  })

  it('moves a category among its siblings by renumbering only what changes', () => {
    expect(moveCategory(categories, 3, -1)).toEqual([
      { id: 3, sortOrder: 1 },
      { id: 2, sortOrder: 2 },
    ])
    expect(moveCategory(categories, 1, -1)).toEqual([])
    expect(moveCategory(categories, 5, 1)).toEqual([])
  })

  it('checks names as the server does', () => {
    expect(categoryNameProblem(' ')).toBe('请输入分类名称')
    expect(categoryNameProblem('字'.repeat(21))).toBe('分类名称最多 20 个字')
    expect(categoryNameProblem('护肤')).toBeNull()
  })
})
