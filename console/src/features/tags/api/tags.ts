import type { CreateTagRequest, PutTagRuleRequest, Tag, TagGroup, TagGroupList, TagRule, TagRuleActivity, TagRuleList, UpdateTagGroupRequest } from '@liuliang/shared'
import { useRequest } from '@liuliang/ui/use-request'
import { adminHttp } from '../../../lib/admin-http'

export const useTagGroups = () => useRequest((signal) => adminHttp.get<TagGroupList>('/api/admin/tags', { signal }), [])
/** Creates the tag in WeCom first; a new group name creates the group with it. */
export const createTag = (tag: CreateTagRequest) => adminHttp.post<Tag>('/api/admin/tags', tag)
export const renameTag = (id: number, name: string) => adminHttp.request<Tag>('PATCH', `/api/admin/tags/${id}`, { body: { name } })
export const deleteTag = (id: number) => adminHttp.request<void>('DELETE', `/api/admin/tags/${id}`)
export const updateTagGroup = (id: number, change: UpdateTagGroupRequest) =>
  adminHttp.request<TagGroup>('PATCH', `/api/admin/tag-groups/${id}`, { body: change })
export const deleteTagGroup = (id: number) => adminHttp.request<void>('DELETE', `/api/admin/tag-groups/${id}`)
export const syncTagsFromWecom = () => adminHttp.post<TagGroupList>('/api/admin/tags/sync')

export const useTagRules = () => useRequest((signal) => adminHttp.get<TagRuleList>('/api/admin/tag-rules', { signal }), [])
export const putTagRule = (activity: TagRuleActivity, rule: PutTagRuleRequest) =>
  adminHttp.request<TagRule>('PUT', `/api/admin/tag-rules/${activity}`, { body: rule })
