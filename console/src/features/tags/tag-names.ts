import type { TagGroup } from '@liuliang/shared'

/** Mirrors the shared schema's tag name: WeCom allows 1–30 characters. */
export const TAG_NAME_MAX = 30

/** What is wrong with a tag or tag group name, in words for the admin; null when it is fine. */
export function tagNameProblem(name: string): string | null {
  if (name.trim() === '') return '请输入名称'
  if (name.trim().length > TAG_NAME_MAX) return `名称最多 ${TAG_NAME_MAX} 个字`
  return null
}

/** A name already taken by a sibling: the server refuses it too, but saying so before the round trip is kinder. */
export function duplicateTagName(group: Pick<TagGroup, 'tags'>, name: string, exceptId?: number): boolean {
  return group.tags.some((tag) => tag.name === name.trim() && tag.id !== exceptId)
}

/** What stops a new group (created with its first tag) from being created; null when nothing does. */
export function newGroupProblem(form: { groupName: string; name: string }, takenGroupNames: string[]): string | null {
  const groupProblem = tagNameProblem(form.groupName)
  if (groupProblem !== null) return `标签组名称：${groupProblem}`
  if (takenGroupNames.includes(form.groupName.trim())) return '已有同名标签组，请在该组中添加标签'
  const tagProblem = tagNameProblem(form.name)
  return tagProblem === null ? null : `第一个标签：${tagProblem}`
}

/** The confirmation before a tag group goes: every tag it holds, with who carries it. */
export function groupDeletePrompt(group: Pick<TagGroup, 'name' | 'tags'>): string {
  const tags = group.tags.map((tag) => `「${tag.name}」（${tag.customerCount} 位客户）`).join('、')
  return `删除标签组「${group.name}」会同时在企业微信删除它的 ${group.tags.length} 个标签：${tags}。这些客户将失去对应标签，且无法恢复。确定删除吗？`
}

export function tagDeletePrompt(tag: { name: string; customerCount: number }): string {
  return `删除标签「${tag.name}」会同时在企业微信删除它，${tag.customerCount} 位客户将失去这个标签，且无法恢复。确定删除吗？`
}
