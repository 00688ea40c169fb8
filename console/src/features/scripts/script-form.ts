// The script editor's form: flat strings while the admin types, the shared `ScriptInput` when saved.
// The checks mirror the shared schema (and the server's placeholder rule), so 保存 stays disabled
// with the reason shown instead of a round trip that fails.
import {
  buildChatMessage,
  libraryFileKindOf,
  placeholdersIn,
  type BuiltChatMessage,
  type PlaceholderValues,
  type Script,
  type ScriptInput,
  type ScriptMessageSource,
  type ScriptPlaceholder,
  type ScriptType,
} from '@liuliang/shared'

export interface ScriptForm {
  type: ScriptType
  title: string
  content: string
  categoryId: number | null
  /** Keywords as typed, separated by spaces or commas. */
  keywords: string
  imageUrl: string
  linkUrl: string
  /** The card's picture, for link and mini-program cards. */
  cardImageUrl: string
  appid: string
  page: string
  /** The library video or document a file script sends, and the name the chat shows it under. */
  fileId: number | null
  fileName: string
}

export const TITLE_MAX = 60
export const TEXT_MAX = 2000
export const DESCRIPTION_MAX = 200
const KEYWORDS_MAX = 10
const KEYWORD_MAX = 20
const URL_MAX = 1024
const PAGE_MAX = 256
const HTTP_URL = /^https?:\/\/\S+$/
const APPID = /^wx[0-9A-Za-z]{16}$/
const PAGE = /^[A-Za-z0-9_./-]+\.html(\?\S*)?$/

/** A customer to preview with: the values the sidebar would fill for a real one. */
export const SAMPLE_VALUES: Required<PlaceholderValues> = { customerName: '林小艾', staffName: '李导购', level: '金卡会员', points: 1280 }

export const blankScriptForm = (categoryId: number | null = null): ScriptForm => ({
  type: 'text',
  title: '',
  content: '',
  categoryId,
  keywords: '',
  imageUrl: '',
  linkUrl: '',
  cardImageUrl: '',
  appid: '',
  page: '',
  fileId: null,
  fileName: '',
})

export function scriptToForm(script: Script): ScriptForm {
  const form = { ...blankScriptForm(script.categoryId), type: script.type, title: script.title, content: script.content, keywords: script.keywords.join(' ') }
  switch (script.type) {
    case 'text':
      return form
    case 'image':
      return { ...form, imageUrl: script.image.url }
    case 'link':
      return { ...form, linkUrl: script.link.url, cardImageUrl: script.link.imageUrl }
    case 'miniprogram':
      return { ...form, appid: script.miniprogram.appid, page: script.miniprogram.page, cardImageUrl: script.miniprogram.imageUrl }
    case 'file':
      return { ...form, fileId: script.file.fileId, fileName: script.file.name ?? '' }
  }
}

export const keywordsOf = (text: string): string[] => [...new Set(text.split(/[\s,，、]+/).filter(Boolean))]

/** What the chat message is built from: the type with exactly its attachment. */
function messageSource(form: ScriptForm): ScriptMessageSource {
  const words = { title: form.title.trim(), content: form.content.trim() }
  switch (form.type) {
    case 'text':
      return { ...words, type: 'text' }
    case 'image':
      return { ...words, type: 'image', image: { url: form.imageUrl.trim() } }
    case 'link':
      return { ...words, type: 'link', link: { url: form.linkUrl.trim(), imageUrl: form.cardImageUrl.trim() } }
    case 'miniprogram':
      return {
        ...words,
        type: 'miniprogram',
        miniprogram: { appid: form.appid.trim(), page: form.page.trim(), imageUrl: form.cardImageUrl.trim() },
      }
    case 'file':
      return { ...words, type: 'file', file: { fileId: form.fileId ?? 0, name: form.fileName } }
  }
}

export const formToInput = (form: ScriptForm): ScriptInput => ({
  ...messageSource(form),
  categoryId: form.categoryId,
  keywords: keywordsOf(form.keywords),
})

function urlProblem(url: string, what: string): string | null {
  const value = url.trim()
  if (value === '') return `请填写${what}`
  if (value.length < 10 || value.length > URL_MAX || !HTTP_URL.test(value)) return `${what}需以 http:// 或 https:// 开头的完整网址`
  return null
}

/** Everything that stops the form from saving, in words for the admin; empty when it can be saved. */
export function scriptFormProblems(form: ScriptForm): string[] {
  const title = form.title.trim()
  const content = form.content.trim()
  const keywords = keywordsOf(form.keywords)
  const unknown = placeholdersIn(`${title}\n${content}`).unknown
  const contentMax = form.type === 'text' ? TEXT_MAX : DESCRIPTION_MAX
  const problems: (string | null)[] = [
    title === '' ? '请填写标题' : title.length > TITLE_MAX ? `标题最多 ${TITLE_MAX} 个字` : null,
    form.type === 'text' && content === '' ? '请填写话术内容' : null,
    content.length > contentMax ? `${form.type === 'text' ? '话术内容' : '说明'}最多 ${contentMax} 个字` : null,
    keywords.length > KEYWORDS_MAX ? `关键词最多 ${KEYWORDS_MAX} 个` : null,
    keywords.some((keyword) => keyword.length > KEYWORD_MAX) ? `每个关键词最多 ${KEYWORD_MAX} 个字` : null,
    unknown.length > 0 ? `无法识别的占位符：${unknown.map((name) => `{{${name}}}`).join('、')}` : null,
  ]
  if (form.type === 'image') problems.push(urlProblem(form.imageUrl, '图片地址'))
  if (form.type === 'link') problems.push(urlProblem(form.linkUrl, '链接地址'), urlProblem(form.cardImageUrl, '卡片图片地址'))
  if (form.type === 'file' && form.fileId === null) problems.push('请从素材库选择要发送的视频或文件')
  if (form.type === 'miniprogram') {
    const page = form.page.trim()
    problems.push(
      APPID.test(form.appid.trim()) ? null : '小程序 AppID 应为 wx 开头的 18 位字母数字',
      page.length <= PAGE_MAX && PAGE.test(page) ? null : '小程序页面路径需以 .html 结尾，如 pages/checkin/index.html',
      urlProblem(form.cardImageUrl, '卡片图片地址'),
    )
  }
  return problems.filter((problem): problem is string => problem !== null)
}

/** What stands in for WeCom's media in a preview: a picture or file is uploaded only when sent. */
function previewMedia(form: ScriptForm) {
  if (form.type === 'image') return { mediaId: 'preview' }
  if (form.type === 'file') return { mediaId: 'preview', kind: libraryFileKindOf(form.fileName) }
  return null
}

/** The chat message the sample customer would receive, built by the same shared function as a real send. */
export function previewMessage(form: ScriptForm): BuiltChatMessage {
  return buildChatMessage(messageSource(form), SAMPLE_VALUES, previewMedia(form))
}

/** The text with `{{name}}` put in place of the selection; `caret` is where typing goes on after it. */
export function insertPlaceholder(text: string, start: number, end: number, name: ScriptPlaceholder): { text: string; caret: number } {
  const token = `{{${name}}}`
  return { text: text.slice(0, start) + token + text.slice(end), caret: start + token.length }
}
