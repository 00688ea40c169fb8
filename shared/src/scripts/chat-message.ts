// A script turned into the `ww.sendChatMessage` payload for one customer.
import type { ScriptPlaceholder } from '../common/values'
import type { LibraryFileKind } from '../materials/files'
import { fillPlaceholders, type PlaceholderValues } from './placeholders'
import type { ChatMessage } from './schemas'

/** What a script needs to become a message: its type, words and attachment (a stored script or an input). */
export type ScriptMessageSource =
  | { type: 'text'; title: string; content: string }
  | { type: 'image'; title: string; content: string; image: { url: string } }
  | { type: 'link'; title: string; content: string; link: { url: string; imageUrl: string } }
  | { type: 'miniprogram'; title: string; content: string; miniprogram: { appid: string; page: string; imageUrl: string } }
  | { type: 'file'; title: string; content: string; file: { fileId: number; name?: string } }

/** WeCom's media id for a script's picture, or for its library file with whether that goes as a video or a document. */
export type ScriptMedia = { mediaId: string; kind?: LibraryFileKind }

export interface ScriptPreview {
  title: string
  content: string
  /** Placeholders this customer has no value for; such a script cannot be sent to them. */
  missing: ScriptPlaceholder[]
}

/** Title and content with the customer's values filled in, as the guide previews them. */
export function previewScript(script: ScriptMessageSource, values: PlaceholderValues): ScriptPreview {
  const title = fillPlaceholders(script.title, values)
  const content = fillPlaceholders(script.content, values)
  return {
    title: title.text,
    content: content.text,
    missing: [...new Set([...title.missing, ...content.missing])],
  }
}

export type BuiltChatMessage = { message: ChatMessage; missing: [] } | { message: null; missing: ScriptPlaceholder[] }

/**
 * The payload to send. Image, video and file messages need a WeCom media id (WeCom's temporary media,
 * uploaded by the server); link cards become `news`, whose title is the script's title.
 */
export function buildChatMessage(script: ScriptMessageSource, values: PlaceholderValues, media: ScriptMedia | null = null): BuiltChatMessage {
  const { title, content, missing } = previewScript(script, values)
  if (missing.length > 0) return { message: null, missing }
  switch (script.type) {
    case 'text':
      return { message: { msgtype: 'text', text: { content } }, missing: [] }
    case 'image':
      if (!media) throw new Error('an image message needs a WeCom media id')
      return { message: { msgtype: 'image', image: { mediaid: media.mediaId } }, missing: [] }
    case 'link':
      return {
        message: { msgtype: 'news', news: { link: script.link.url, title, desc: content, imgUrl: script.link.imageUrl } },
        missing: [],
      }
    case 'file':
      if (!media?.kind) throw new Error('a video or file message needs a WeCom media id and its kind')
      return {
        message: media.kind === 'video' ? { msgtype: 'video', video: { mediaid: media.mediaId } } : { msgtype: 'file', file: { mediaid: media.mediaId } },
        missing: [],
      }
    case 'miniprogram':
      return {
        message: {
          msgtype: 'miniprogram',
          miniprogram: {
            appid: script.miniprogram.appid,
            title,
            imgUrl: script.miniprogram.imageUrl,
            page: script.miniprogram.page,
          },
        },
        missing: [],
      }
  }
}
