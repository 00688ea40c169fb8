// The compose form's state and what keeps it from being sent: the same content rule the server applies.
import {
  broadcastContentProblem,
  MAX_BROADCAST_ATTACHMENTS,
  utf8Bytes,
  type AudienceFilter,
  type BroadcastAttachment,
  type BroadcastChatType,
  type BroadcastPreviewRequest,
  type CreateBroadcastRequest,
} from '@liuliang/shared'
import { fromDateTimeInput } from '../../lib/datetime-input'

export const ATTACHMENT_LABELS: Record<BroadcastAttachment['type'], string> = { image: '图片', link: '链接', miniprogram: '小程序', file: '视频或文件' }
export { MAX_BROADCAST_ATTACHMENTS }

export interface BroadcastForm {
  name: string
  chatType: BroadcastChatType
  filter: AudienceFilter
  groupChatIds: number[]
  ownerUserIds: string[]
  text: string
  attachments: BroadcastAttachment[]
  /** 'now', or a datetime-local value in the brand's time zone */
  when: 'now' | 'later'
  sendAt: string
}

export const BLANK_BROADCAST: BroadcastForm = {
  name: '',
  chatType: 'single',
  filter: {},
  groupChatIds: [],
  ownerUserIds: [],
  text: '',
  attachments: [],
  when: 'now',
  sendAt: '',
}

export function blankAttachment(type: BroadcastAttachment['type']): BroadcastAttachment {
  if (type === 'image') return { type, picUrl: '' }
  if (type === 'link') return { type, title: '', url: '' }
  if (type === 'file') return { type, fileId: 0, name: '' }
  return { type, title: '', appid: '', page: '', picUrl: '' }
}

/** The audience part, for the live preview; null while a group broadcast has nothing chosen. */
export function audienceOf(form: BroadcastForm): BroadcastPreviewRequest | null {
  if (form.chatType === 'single') return { chatType: 'single', filter: form.filter }
  if (form.groupChatIds.length === 0 && form.ownerUserIds.length === 0) return null
  return {
    chatType: 'group',
    ...(form.groupChatIds.length ? { groupChatIds: form.groupChatIds } : {}),
    ...(form.ownerUserIds.length ? { ownerUserIds: form.ownerUserIds } : {}),
  }
}

/** The request, with empty optional link fields left out. */
export function broadcastRequest(form: BroadcastForm): CreateBroadcastRequest {
  const attachments = form.attachments.map((attachment) => {
    if (attachment.type !== 'link') return attachment
    const { desc, picUrl, ...link } = attachment
    return { ...link, ...(desc ? { desc } : {}), ...(picUrl ? { picUrl } : {}) }
  })
  const sendAt = form.when === 'later' ? fromDateTimeInput(form.sendAt) : null
  return { name: form.name.trim(), ...(audienceOf(form) ?? { chatType: form.chatType }), text: form.text, attachments, ...(sendAt ? { sendAt } : {}) }
}

const URL_PATTERN = /^https?:\/\/\S+$/

/** What keeps the form from being sent, in the words the screen uses. */
export function broadcastProblems(form: BroadcastForm, now = new Date()): string[] {
  const problems: string[] = []
  if (!form.name.trim()) problems.push('请填写群发名称')
  if (form.chatType === 'group' && !audienceOf(form)) problems.push('请选择客户群或群主')
  const content = broadcastContentProblem(form.text, form.attachments)
  if (content) problems.push(content.message)
  form.attachments.forEach((attachment, index) => {
    const which = `第 ${index + 1} 个附件`
    if (attachment.type === 'file') {
      if (attachment.fileId <= 0) problems.push(`${which}请从素材库选择视频或文件`)
      return
    }
    const urls = attachment.type === 'link' ? [attachment.url, ...(attachment.picUrl ? [attachment.picUrl] : [])] : [attachment.picUrl]
    if (urls.some((url) => !URL_PATTERN.test(url))) problems.push(`${which}的地址需以 http:// 或 https:// 开头`)
    if (attachment.type !== 'image' && !attachment.title.trim()) problems.push(`${which}需要标题`)
    if (attachment.type === 'miniprogram' && !/^wx[0-9a-f]{16}$/.test(attachment.appid)) problems.push(`${which}的小程序 AppID 格式不对`)
    if (attachment.type === 'miniprogram' && !attachment.page.trim()) problems.push(`${which}需要页面路径`)
  })
  if (form.when === 'later') {
    const at = fromDateTimeInput(form.sendAt)
    if (!at) problems.push('请选择发送时间')
    else if (new Date(at) <= now) problems.push('发送时间需晚于现在')
  }
  return problems
}

export const textBytes = (text: string) => utf8Bytes(text)
