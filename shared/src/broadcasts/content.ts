// What add_msg_template accepts in a broadcast's content, checked by the server before saving and by the
// console while the admin types, with this one rule.
import { utf8Bytes } from '../welcome-messages/content'
import { BROADCAST_BYTE_LIMITS, MAX_BROADCAST_ATTACHMENTS } from './rules'
import type { BroadcastAttachment } from './schemas'

export interface BroadcastContentProblem {
  code: 'BROADCAST_EMPTY' | 'BROADCAST_TOO_LONG' | 'BROADCAST_TOO_MANY_ATTACHMENTS'
  message: string
}

/** The first thing WeCom would refuse in a broadcast's content, or null when it would be accepted. */
export function broadcastContentProblem(text: string, attachments: readonly BroadcastAttachment[]): BroadcastContentProblem | null {
  if (!text.trim() && attachments.length === 0) return { code: 'BROADCAST_EMPTY', message: '群发的文字和附件不能都为空' }
  if (attachments.length > MAX_BROADCAST_ATTACHMENTS) {
    return { code: 'BROADCAST_TOO_MANY_ATTACHMENTS', message: `附件最多 ${MAX_BROADCAST_ATTACHMENTS} 个` }
  }
  const limits = BROADCAST_BYTE_LIMITS
  const checks: [string, string | undefined, number][] = [['群发文字', text, limits.text]]
  attachments.forEach((attachment, index) => {
    const which = `第 ${index + 1} 个附件的`
    if (attachment.type === 'link') {
      checks.push([`${which}链接标题`, attachment.title, limits.linkTitle], [`${which}链接描述`, attachment.desc, limits.linkDesc])
      checks.push([`${which}链接地址`, attachment.url, limits.url])
    }
    if (attachment.type === 'miniprogram') checks.push([`${which}小程序标题`, attachment.title, limits.miniprogramTitle])
  })
  for (const [what, value, max] of checks) {
    if (value !== undefined && utf8Bytes(value) > max) return { code: 'BROADCAST_TOO_LONG', message: `${what}超过 ${max} 字节（一个汉字占 3 字节）` }
  }
  return null
}
