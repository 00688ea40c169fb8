// The moment editor's draft and its checks: WeCom's limits (rules shared with the server) in the admin's words.
import { MAX_MOMENT_IMAGES, momentContentProblem, type CreateMomentRequest } from '@liuliang/shared'
import { addressLines } from '../materials/addresses'

export const ATTACHMENT_CHOICES = [
  ['none', '仅文字'],
  ['image', `图片（最多 ${MAX_MOMENT_IMAGES} 张）`],
  ['video', '视频（1 个）'],
  ['link', '链接（1 个）'],
] as const
export type AttachmentChoice = (typeof ATTACHMENT_CHOICES)[number][0]

export interface MomentForm {
  text: string
  attachment: AttachmentChoice
  /** One image address a line. */
  imageUrls: string
  videoUrl: string
  linkTitle: string
  linkUrl: string
  linkImageUrl: string
  staffUserIds: string[]
  tagIds: number[]
}

export const BLANK_MOMENT: MomentForm = {
  text: '',
  attachment: 'none',
  imageUrls: '',
  videoUrl: '',
  linkTitle: '',
  linkUrl: '',
  linkImageUrl: '',
  staffUserIds: [],
  tagIds: [],
}

const isHttpUrl = (text: string) => /^https?:\/\/\S+$/.test(text)

export function momentRequest(form: MomentForm): CreateMomentRequest {
  const request: CreateMomentRequest = { text: form.text, staffUserIds: form.staffUserIds, tagIds: form.tagIds }
  if (form.attachment === 'image') request.imageUrls = addressLines(form.imageUrls)
  if (form.attachment === 'video') request.video = { url: form.videoUrl.trim() }
  if (form.attachment === 'link') request.link = { title: form.linkTitle.trim(), url: form.linkUrl.trim(), imageUrl: form.linkImageUrl.trim() }
  return request
}

export function momentProblems(form: MomentForm): string[] {
  const request = momentRequest(form)
  const problems: string[] = []
  const urls = [...(request.imageUrls ?? []), request.video?.url, request.link?.url, request.link?.imageUrl].filter((url) => url !== undefined)
  if (form.attachment === 'image' && (request.imageUrls ?? []).length === 0) problems.push('请至少填写一张图片地址')
  if (form.attachment === 'link' && !request.link?.title) problems.push('请填写链接标题')
  if (urls.some((url) => !isHttpUrl(url))) problems.push('地址需以 http:// 或 https:// 开头')
  const rule = momentContentProblem({ ...request, imageUrls: request.imageUrls?.length ? request.imageUrls : undefined })
  if (rule) problems.push(rule)
  return [...new Set(problems)]
}
