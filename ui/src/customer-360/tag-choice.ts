import type { Tag, TagPickerList } from '@liuliang/shared'

/** Picking a tag in an exclusive group replaces the group's other tag, as the server requires. */
export function toggleTag(chosen: ReadonlySet<number>, group: Pick<TagPickerList['groups'][number], 'exclusive' | 'tags'>, tagId: number): Set<number> {
  const next = new Set(chosen)
  if (next.has(tagId)) {
    next.delete(tagId)
    return next
  }
  if (group.exclusive) for (const tag of group.tags) next.delete(tag.id)
  next.add(tagId)
  return next
}

/** What to send to `PUT …/tags`: the chosen tags the customer lacks, and the ones they have that were unchosen. */
export function tagChanges(current: readonly Pick<Tag, 'id'>[], chosen: ReadonlySet<number>): { add: number[]; remove: number[] } {
  const before = new Set(current.map((tag) => tag.id))
  return {
    add: [...chosen].filter((id) => !before.has(id)),
    remove: [...before].filter((id) => !chosen.has(id)),
  }
}
