// The live-code form: what the admin edits, how it becomes a request, and what the server would
// refuse in it (the limits of CreateLiveCodeRequestSchema and the live-code service), in zh-CN.
import {
  STAFF_USER_ID_PATTERN,
  type CreateLiveCodeRequest,
  type LiveCode,
  type LiveCodeAllocation,
} from '@liuliang/shared'
import { welcomeTextProblems } from './welcome-form'

export const NAME_MAX = 30
export const POOL_MAX = 100
const DAILY_LIMIT_MAX = 10000
const WEIGHT_MAX = 100
const STAFF_USER_ID = new RegExp(STAFF_USER_ID_PATTERN)

export interface LiveCodeForm {
  name: string
  staffUserIds: string[]
  backupStaffUserIds: string[]
  /** Empty for no daily cap. */
  dailyAddLimit: string
  allocation: LiveCodeAllocation
  weights: Record<string, string>
  /** Whether the pool keeps working hours; outside them the backups take the adds. */
  shift: boolean
  shiftStart: string
  shiftEnd: string
  skipVerify: boolean
  tagIds: number[]
  welcomeText: string
}

export const BLANK_LIVE_CODE: LiveCodeForm = {
  name: '',
  staffUserIds: [],
  backupStaffUserIds: [],
  dailyAddLimit: '',
  allocation: 'round_robin',
  weights: {},
  shift: false,
  shiftStart: '09:00',
  shiftEnd: '21:00',
  skipVerify: true,
  tagIds: [],
  welcomeText: '',
}

export function formOf(code: LiveCode): LiveCodeForm {
  return {
    name: code.name,
    staffUserIds: code.staff.map((member) => member.staffUserId),
    backupStaffUserIds: code.backupStaff.map((member) => member.staffUserId),
    dailyAddLimit: code.dailyAddLimit === null ? '' : String(code.dailyAddLimit),
    allocation: code.allocation,
    weights: Object.fromEntries(code.staff.map((member) => [member.staffUserId, String(member.weight)])),
    shift: code.workingHours !== null,
    shiftStart: code.workingHours?.start ?? BLANK_LIVE_CODE.shiftStart,
    shiftEnd: code.workingHours?.end ?? BLANK_LIVE_CODE.shiftEnd,
    skipVerify: code.skipVerify,
    tagIds: code.tags.map((tag) => tag.id),
    welcomeText: code.welcomeText ?? '',
  }
}

const isWholeIn = (value: string, min: number, max: number) => /^\d+$/.test(value) && Number(value) >= min && Number(value) <= max

/** Everything the server would refuse, one sentence each; the form saves only when this is empty. */
export function liveCodeProblems(form: LiveCodeForm): string[] {
  const problems: string[] = []
  const name = form.name.trim()
  if (!name) problems.push('请填写活码名称')
  if (name.length > NAME_MAX) problems.push(`活码名称最多 ${NAME_MAX} 个字`)
  if (form.staffUserIds.length === 0) problems.push('至少选择一位接待导购')
  if (form.staffUserIds.length + form.backupStaffUserIds.length > POOL_MAX) problems.push(`一个活码最多 ${POOL_MAX} 位成员`)
  const both = form.staffUserIds.filter((userId) => form.backupStaffUserIds.includes(userId))
  if (both.length > 0) problems.push(`这些成员不能既是接待导购又是备用导购：${both.join('、')}`)
  const malformed = [...form.staffUserIds, ...form.backupStaffUserIds].filter((userId) => !STAFF_USER_ID.test(userId))
  if (malformed.length > 0) problems.push(`成员账号格式不对：${malformed.join('、')}`)
  if (form.dailyAddLimit !== '' && !isWholeIn(form.dailyAddLimit, 1, DAILY_LIMIT_MAX)) {
    problems.push(`每人每日上限须为 1–${DAILY_LIMIT_MAX} 的整数，不限请留空`)
  }
  if (form.allocation === 'weight') {
    const bad = form.staffUserIds.filter((userId) => !isWholeIn(form.weights[userId] ?? '1', 1, WEIGHT_MAX))
    if (bad.length > 0) problems.push(`权重须为 1–${WEIGHT_MAX} 的整数：${bad.join('、')}`)
  }
  if (form.shift && (!form.shiftStart || !form.shiftEnd)) problems.push('请填写接待时段的开始和结束时间')
  if (form.tagIds.length > 100) problems.push('最多选择 100 个标签')
  problems.push(...welcomeTextProblems(form.welcomeText))
  return problems
}

/** The request for a form without problems; also the full set of settings an edit sends. */
export function liveCodeRequest(form: LiveCodeForm): Required<CreateLiveCodeRequest> {
  return {
    name: form.name.trim(),
    staffUserIds: form.staffUserIds,
    backupStaffUserIds: form.backupStaffUserIds,
    dailyAddLimit: form.dailyAddLimit === '' ? null : Number(form.dailyAddLimit),
    allocation: form.allocation,
    weights:
      form.allocation === 'weight'
        ? Object.fromEntries(form.staffUserIds.map((userId) => [userId, Number(form.weights[userId] ?? '1')]))
        : {},
    workingHours: form.shift ? { start: form.shiftStart, end: form.shiftEnd } : null,
    skipVerify: form.skipVerify,
    tagIds: form.tagIds,
    welcomeText: form.welcomeText.trim() ? form.welcomeText : null,
  }
}

/** `门店海报.png`; a JPEG keeps its own extension, and characters file systems refuse become `_`. */
export function qrFileName(name: string, contentType: string): string {
  const safe = name.replace(/[\\/:*?"<>|]/g, '_').trim() || '活码'
  return `${safe}.${contentType.includes('jpeg') ? 'jpg' : 'png'}`
}
