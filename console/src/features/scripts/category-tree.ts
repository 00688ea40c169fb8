import type { ScriptCategory } from '@liuliang/shared'

/** Mirrors the server's category depth limit (产品介绍 › 护肤 › 精华). */
export const CATEGORY_MAX_DEPTH = 3
export const CATEGORY_NAME_MAX = 20

/** 0 for a top-level category. */
export function categoryDepth(categories: ScriptCategory[], id: number): number {
  let depth = 0
  let parentId = categories.find((category) => category.id === id)?.parentId ?? null
  while (parentId !== null && depth < CATEGORY_MAX_DEPTH) {
    depth += 1
    const parent = parentId
    parentId = categories.find((category) => category.id === parent)?.parentId ?? null
  }
  return depth
}

/** Categories a new one may sit under without passing the depth limit. */
export const possibleParents = (categories: ScriptCategory[]) =>
  categories.filter((category) => categoryDepth(categories, category.id) < CATEGORY_MAX_DEPTH - 1)

export function categoryNameProblem(name: string): string | null {
  if (name.trim() === '') return '请输入分类名称'
  if (name.trim().length > CATEGORY_NAME_MAX) return `分类名称最多 ${CATEGORY_NAME_MAX} 个字`
  return null
}

/**
 * The sort orders that move a category one place up (-1) or down (1) among its siblings: the
 * siblings are numbered afresh in their new order and only the changed ones are returned.
 */
export function moveCategory(categories: ScriptCategory[], id: number, direction: -1 | 1): { id: number; sortOrder: number }[] {
  const moving = categories.find((category) => category.id === id)
  if (!moving) return []
  const siblings = categories.filter((category) => category.parentId === moving.parentId)
  const from = siblings.indexOf(moving)
  const to = from + direction
  if (to < 0 || to >= siblings.length) return []
  const reordered = [...siblings]
  reordered.splice(from, 1)
  reordered.splice(to, 0, moving)
  return reordered.map((category, sortOrder) => ({ id: category.id, sortOrder })).filter(({ id: siblingId, sortOrder }) => {
    return siblings.find((category) => category.id === siblingId)?.sortOrder !== sortOrder
  })
}
