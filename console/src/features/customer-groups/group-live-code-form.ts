// The group live-code editor's draft and its checks, the server's rules in the admin's words.
import { MAX_GROUP_LIVE_CODE_GROUPS, type CreateGroupLiveCodeRequest, type GroupLiveCode } from '@liuliang/shared'

export const NAME_MAX = 30
export const ROOM_BASE_NAME_MAX = 40

export interface GroupLiveCodeForm {
  name: string
  groupIds: number[]
  autoCreateRoom: boolean
  roomBaseName: string
  roomBaseId: string
}

export const BLANK_GROUP_LIVE_CODE: GroupLiveCodeForm = { name: '', groupIds: [], autoCreateRoom: true, roomBaseName: '', roomBaseId: '1' }

export function formOf(code: GroupLiveCode): GroupLiveCodeForm {
  return {
    name: code.name,
    groupIds: code.groups.flatMap((group) => (group.id === null ? [] : [group.id])),
    autoCreateRoom: code.autoCreateRoom,
    roomBaseName: code.roomBaseName,
    roomBaseId: String(code.roomBaseId),
  }
}

export function groupLiveCodeProblems(form: GroupLiveCodeForm): string[] {
  const problems: string[] = []
  if (!form.name.trim()) problems.push('请填写群活码名称')
  if ([...form.name].length > NAME_MAX) problems.push(`群活码名称最多 ${NAME_MAX} 个字`)
  if (form.groupIds.length === 0) problems.push('请至少选择一个客户群')
  if (form.groupIds.length > MAX_GROUP_LIVE_CODE_GROUPS) problems.push(`一个群活码最多 ${MAX_GROUP_LIVE_CODE_GROUPS} 个群`)
  if (form.autoCreateRoom && !form.roomBaseName.trim()) problems.push('自动建群需要填写新群的群名前缀')
  if ([...form.roomBaseName].length > ROOM_BASE_NAME_MAX) problems.push(`群名前缀最多 ${ROOM_BASE_NAME_MAX} 个字`)
  const baseId = Number(form.roomBaseId)
  if (form.autoCreateRoom && (!Number.isInteger(baseId) || baseId < 1 || baseId > 100000)) problems.push('新群起始序号需为 1–100000 的整数')
  return problems
}

export function groupLiveCodeRequest(form: GroupLiveCodeForm): Required<CreateGroupLiveCodeRequest> {
  return {
    name: form.name.trim(),
    groupIds: form.groupIds,
    autoCreateRoom: form.autoCreateRoom,
    roomBaseName: form.roomBaseName.trim(),
    roomBaseId: Number(form.roomBaseId) || 1,
  }
}
