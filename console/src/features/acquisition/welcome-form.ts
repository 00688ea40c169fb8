// The welcome-message editor: its form, the preview with sample names, and what the server or WeCom
// would refuse (WelcomeMessage schemas and send_welcome_msg's byte limits), in zh-CN.
import {
  fillPlaceholders,
  PLACEHOLDER_LABELS,
  placeholdersIn,
  utf8Bytes,
  WELCOME_BYTE_LIMITS,
  WELCOME_PLACEHOLDERS,
  welcomeContentProblem,
  type CreateWelcomeMessageRequest,
  type WelcomeMessageAttachment,
  type WelcomeMessage,
  type WelcomeScope,
} from '@liuliang/shared'
import { fromDateTimeInput, toDateTimeInput } from '../../lib/datetime-input'

export const SCOPE_LABELS: Record<WelcomeScope, string> = {
  live_code: '指定活码',
  staff: '指定导购',
  department: '指定部门',
  campaign: '活动期间',
  default: '默认',
}

export const ATTACHMENT_LABELS: Record<WelcomeMessageAttachment['type'], string> = { image: '图片', link: '链接', miniprogram: '小程序', file: '视频或文件' }
export const MAX_ATTACHMENTS = 9
const NAME_MAX = 50

/** Names the preview uses in place of the real customer's and guide's. */
export const SAMPLE_NAMES: Readonly<Record<(typeof WELCOME_PLACEHOLDERS)[number], string>> = { customerName: '王女士', staffName: '李娜' }

/** The text as a customer would read it, with sample names filled in. */
export const previewText = (text: string, names: Partial<typeof SAMPLE_NAMES> = {}) =>
  fillPlaceholders(text, { ...SAMPLE_NAMES, ...names }).text

/** The placeholder as the editor inserts it. */
export const placeholderToken = (name: (typeof WELCOME_PLACEHOLDERS)[number]) => `{{${name}}}`

/** What is wrong with a welcome's text alone: WeCom's byte limit and placeholders a welcome cannot fill. */
export function welcomeTextProblems(text: string): string[] {
  const problems: string[] = []
  const bytes = utf8Bytes(text)
  if (bytes > WELCOME_BYTE_LIMITS.text) problems.push(`欢迎语文字超过 ${WELCOME_BYTE_LIMITS.text} 字节（现 ${bytes} 字节，一个汉字算 3 字节）`)
  const { known, unknown } = placeholdersIn(text)
  const unfilled = known.filter((name) => !(WELCOME_PLACEHOLDERS as readonly string[]).includes(name))
  if (unknown.length > 0) problems.push(`无法识别的占位符：${unknown.map((name) => `{{${name}}}`).join('、')}`)
  if (unfilled.length > 0) problems.push(`欢迎语不能使用占位符：${unfilled.map((name) => PLACEHOLDER_LABELS[name]).join('、')}`)
  return problems
}

export interface WelcomeForm {
  name: string
  scope: WelcomeScope
  liveCodeId: string
  staffUserId: string
  departmentId: string
  /** `YYYY-MM-DDTHH:mm` in the business time zone, as a datetime-local input holds it. */
  startsAt: string
  endsAt: string
  text: string
  attachments: WelcomeMessageAttachment[]
  enabled: boolean
}

export const BLANK_WELCOME: WelcomeForm = {
  name: '',
  scope: 'default',
  liveCodeId: '',
  staffUserId: '',
  departmentId: '',
  startsAt: '',
  endsAt: '',
  text: '',
  attachments: [],
  enabled: true,
}

export function welcomeFormOf(message: WelcomeMessage): WelcomeForm {
  return {
    name: message.name,
    scope: message.scope,
    liveCodeId: message.liveCodeId === null ? '' : String(message.liveCodeId),
    staffUserId: message.staffUserId ?? '',
    departmentId: message.departmentId === null ? '' : String(message.departmentId),
    startsAt: message.startsAt ? toDateTimeInput(message.startsAt) : '',
    endsAt: message.endsAt ? toDateTimeInput(message.endsAt) : '',
    text: message.text,
    attachments: message.attachments,
    enabled: message.enabled,
  }
}

export function blankAttachment(type: WelcomeMessageAttachment['type']): WelcomeMessageAttachment {
  switch (type) {
    case 'image':
      return { type, picUrl: '' }
    case 'link':
      return { type, title: '', url: '', desc: '', picUrl: '' }
    case 'miniprogram':
      return { type, title: '', appid: '', page: '', picMediaId: '' }
    case 'file':
      return { type, fileId: 0, name: '' }
  }
}

/** Optional link fields left empty are not sent (the schema wants a URL or nothing). */
function cleanAttachment(attachment: WelcomeMessageAttachment): WelcomeMessageAttachment {
  if (attachment.type !== 'link') return attachment
  const { desc, picUrl, ...link } = attachment
  return { ...link, ...(desc ? { desc } : {}), ...(picUrl ? { picUrl } : {}) }
}

const isUrl = (value: string) => /^https?:\/\//.test(value) && value.length <= 2048

function attachmentProblems(attachment: WelcomeMessageAttachment, index: number): string[] {
  const at = `附件 ${index + 1}（${ATTACHMENT_LABELS[attachment.type]}）`
  const problems: string[] = []
  const need = (ok: boolean, what: string) => {
    if (!ok) problems.push(`${at}：${what}`)
  }
  switch (attachment.type) {
    case 'image':
      need(isUrl(attachment.picUrl), '请填写以 http(s):// 开头的图片地址')
      break
    case 'link':
      need(attachment.title.trim().length > 0, '请填写标题')
      need(isUrl(attachment.url), '请填写以 http(s):// 开头的链接')
      need(!attachment.picUrl || isUrl(attachment.picUrl), '封面图须为 http(s):// 开头的地址')
      break
    case 'miniprogram':
      need(attachment.title.trim().length > 0, '请填写标题')
      need(attachment.appid.trim().length > 0 && attachment.appid.length <= 64, '请填写小程序 AppID（最多 64 个字符）')
      need(attachment.page.trim().length > 0 && attachment.page.length <= 512, '请填写小程序页面路径')
      need(attachment.picMediaId.trim().length > 0 && attachment.picMediaId.length <= 256, '请填写封面的 media_id')
      break
    case 'file':
      need(attachment.fileId > 0, '请从素材库选择视频或文件')
      break
  }
  return problems
}

export function welcomeProblems(form: WelcomeForm): string[] {
  const problems: string[] = []
  const name = form.name.trim()
  if (!name) problems.push('请填写名称')
  if (name.length > NAME_MAX) problems.push(`名称最多 ${NAME_MAX} 个字`)
  if (form.scope === 'live_code' && !form.liveCodeId) problems.push('请选择活码')
  if (form.scope === 'staff' && !form.staffUserId) problems.push('请选择导购')
  if (form.scope === 'department' && !/^[1-9]\d*$/.test(form.departmentId)) problems.push('请填写企业微信部门 ID（正整数）')
  if (form.scope === 'campaign') {
    const startsAt = fromDateTimeInput(form.startsAt)
    const endsAt = fromDateTimeInput(form.endsAt)
    if (!startsAt || !endsAt) problems.push('请填写活动的开始和结束时间')
    else if (startsAt >= endsAt) problems.push('活动的结束时间必须晚于开始时间')
  }
  if (form.attachments.length > MAX_ATTACHMENTS) problems.push(`附件最多 ${MAX_ATTACHMENTS} 个`)
  form.attachments.forEach((attachment, index) => problems.push(...attachmentProblems(attachment, index)))
  problems.push(...welcomeTextProblems(form.text))
  const content = welcomeContentProblem(form.text, form.attachments)
  if (content && !problems.some((problem) => problem.startsWith(content.message))) problems.push(content.message)
  return problems
}

export function welcomeRequest(form: WelcomeForm): Required<CreateWelcomeMessageRequest> {
  return {
    name: form.name.trim(),
    scope: form.scope,
    liveCodeId: form.scope === 'live_code' ? Number(form.liveCodeId) : null,
    staffUserId: form.scope === 'staff' ? form.staffUserId : null,
    departmentId: form.scope === 'department' ? Number(form.departmentId) : null,
    startsAt: form.scope === 'campaign' ? fromDateTimeInput(form.startsAt) : null,
    endsAt: form.scope === 'campaign' ? fromDateTimeInput(form.endsAt) : null,
    text: form.text,
    attachments: form.attachments.map(cleanAttachment),
    enabled: form.enabled,
  }
}
