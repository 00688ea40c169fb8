// What WeCom's send_welcome_msg accepts (WeCom doc 92137), checked by the server before saving and by
// the console while the admin types, with this one rule.
import type { ScriptPlaceholder } from '../common/values'
import type { WelcomeMessageAttachment } from './schemas'

/** The placeholders a welcome fills: the customer and the guide they just added. */
export const WELCOME_PLACEHOLDERS = ['customerName', 'staffName'] as const satisfies readonly ScriptPlaceholder[]

/** WeCom counts these in UTF-8 bytes, so a Chinese character takes three. */
export const WELCOME_BYTE_LIMITS = { text: 4000, linkTitle: 128, linkDesc: 512, miniprogramTitle: 64 } as const

export const utf8Bytes = (text: string): number => new TextEncoder().encode(text).length

export interface WelcomeContentProblem {
  code: 'WELCOME_EMPTY' | 'WELCOME_TOO_LONG'
  message: string
}

/** The first thing WeCom would refuse in a welcome's content, or null when it would be sent. */
export function welcomeContentProblem(text: string, attachments: readonly WelcomeMessageAttachment[]): WelcomeContentProblem | null {
  if (!text.trim() && attachments.length === 0) return { code: 'WELCOME_EMPTY', message: '欢迎语的文字和附件不能都为空' }
  const checks: [string, string | undefined, number][] = [['欢迎语文字', text, WELCOME_BYTE_LIMITS.text]]
  for (const attachment of attachments) {
    if (attachment.type === 'link') {
      checks.push(['链接标题', attachment.title, WELCOME_BYTE_LIMITS.linkTitle], ['链接描述', attachment.desc, WELCOME_BYTE_LIMITS.linkDesc])
    }
    if (attachment.type === 'miniprogram') checks.push(['小程序标题', attachment.title, WELCOME_BYTE_LIMITS.miniprogramTitle])
  }
  for (const [what, value, max] of checks) {
    if (value !== undefined && utf8Bytes(value) > max) return { code: 'WELCOME_TOO_LONG', message: `${what}超过 ${max} 字节` }
  }
  return null
}
