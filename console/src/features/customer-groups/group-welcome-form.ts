// The group welcome editor's draft and its checks: WeCom's byte limits in the admin's words.
import { GROUP_WELCOME_NICKNAME, type CreateGroupWelcomeTemplateRequest, type GroupWelcomeTemplate, type WelcomeAttachment } from '@liuliang/shared'

export const SAMPLE_NICKNAME = '小林'
const TEXT_BYTES_MAX = 4000

export interface GroupWelcomeForm {
  name: string
  text: string
  linkTitle: string
  linkUrl: string
  notify: boolean
  /** An image or mini-program card made elsewhere: the form edits links only, and keeps it unless a link replaces it. */
  kept: WelcomeAttachment | null
}

export const BLANK_GROUP_WELCOME: GroupWelcomeForm = { name: '', text: `欢迎 ${GROUP_WELCOME_NICKNAME} 入群！`, linkTitle: '', linkUrl: '', notify: true, kept: null }

export function formOf(template: GroupWelcomeTemplate): GroupWelcomeForm {
  const link = template.attachment?.type === 'link' ? template.attachment : null
  const kept = template.attachment && template.attachment.type !== 'link' ? template.attachment : null
  return { name: template.name, text: template.text, linkTitle: link?.title ?? '', linkUrl: link?.url ?? '', notify: template.notify, kept }
}

const bytes = (text: string) => new TextEncoder().encode(text).length

export function groupWelcomeProblems(form: GroupWelcomeForm): string[] {
  const problems: string[] = []
  if (!form.name.trim()) problems.push('请填写名称')
  if (!form.text.trim() && !form.linkUrl.trim() && !form.kept) problems.push('请填写欢迎语文字或一个链接')
  if (bytes(form.text) > TEXT_BYTES_MAX) problems.push(`欢迎语最多 ${TEXT_BYTES_MAX} 字节（一个汉字占 3 字节）`)
  if (form.linkUrl.trim() && !/^https?:\/\//.test(form.linkUrl.trim())) problems.push('链接需以 http:// 或 https:// 开头')
  if (form.linkUrl.trim() && !form.linkTitle.trim()) problems.push('请填写链接标题')
  if (bytes(form.linkTitle) > 128) problems.push('链接标题最多 128 字节')
  return problems
}

export function groupWelcomeRequest(form: GroupWelcomeForm): Required<CreateGroupWelcomeTemplateRequest> {
  const url = form.linkUrl.trim()
  return {
    name: form.name.trim(),
    text: form.text,
    attachment: url ? { type: 'link', title: form.linkTitle.trim(), url } : form.kept,
    notify: form.notify,
  }
}
