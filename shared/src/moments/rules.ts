// WeCom's limits on a moment task (add_moment_task): words up to 2000 characters, and either up to nine
// images, or one video, or one link whose title is at most 64 bytes. The console's form and the server
// check with the same rule.

export const MAX_MOMENT_TEXT = 2000
export const MAX_MOMENT_IMAGES = 9
export const MAX_MOMENT_LINK_TITLE_BYTES = 64
/** The console asks at most this many guides by name; more is every guide. */
export const MAX_MOMENT_SENDERS = 500

const utf8Bytes = (text: string) => new TextEncoder().encode(text).length

/** Why WeCom would refuse this content, in the console's words; null when it is fine. */
export function momentContentProblem(content: {
  text?: string
  imageUrls?: readonly string[]
  video?: { url: string }
  link?: { title: string }
}): string | null {
  const text = content.text?.trim() ?? ''
  const kinds = [content.imageUrls?.length ? 'image' : null, content.video ? 'video' : null, content.link ? 'link' : null].filter(Boolean)
  if (!text && kinds.length === 0) return '请填写文字或添加图片、视频、链接'
  if ([...text].length > MAX_MOMENT_TEXT) return `文字不能超过 ${MAX_MOMENT_TEXT} 字`
  if (kinds.length > 1) return '图片、视频、链接只能选一种'
  if ((content.imageUrls?.length ?? 0) > MAX_MOMENT_IMAGES) return `图片最多 ${MAX_MOMENT_IMAGES} 张`
  if (content.link && utf8Bytes(content.link.title) > MAX_MOMENT_LINK_TITLE_BYTES) return '链接标题不能超过 64 字节（约 21 个汉字）'
  return null
}
