// Message content rules: welcome messages and group sends share text + attachments (WeCom doc 92137,
// §4.5); app messages have their own types. Accepted messages are logged for GET /sandbox/wecom/messages.
import { isUserId } from './directory'
import {
  ApiError,
  byteLength,
  invalidParameter,
  readInt,
  readList,
  readObject,
  readString,
  type Json,
} from './tencent-api'

export interface SentMessage {
  api: string
  body: unknown
  at: string
}

const MAX_ATTACHMENTS = 9
const MAX_TEXT_BYTES = 4000

function tooLong(name: string, max: number): ApiError {
  return new ApiError(45002, `content size out of limit: ${name} exceeds ${max} bytes`)
}

/** A required string field of at most `maxBytes`. */
function required(object: Json, name: string, path: string, maxBytes?: number): string {
  const value = readString(object, name)
  if (!value) throw invalidParameter(`missing ${path}.${name}`)
  if (maxBytes !== undefined && byteLength(value) > maxBytes) throw tooLong(`${path}.${name}`, maxBytes)
  return value
}

function optional(object: Json, name: string, path: string, maxBytes: number): void {
  const value = readString(object, name)
  if (value !== undefined && byteLength(value) > maxBytes) throw tooLong(`${path}.${name}`, maxBytes)
}

type Rule = (content: Json) => void

const ATTACHMENT_RULES = new Map<string, Rule>([
  [
    'image',
    (image) => {
      if (!readString(image, 'media_id') && !readString(image, 'pic_url')) {
        throw invalidParameter('image needs media_id or pic_url')
      }
    },
  ],
  [
    'link',
    (link) => {
      required(link, 'title', 'link', 128)
      required(link, 'url', 'link', 2048)
      optional(link, 'desc', 'link', 512)
      optional(link, 'picurl', 'link', 2048)
    },
  ],
  [
    'miniprogram',
    (miniprogram) => {
      required(miniprogram, 'title', 'miniprogram', 64)
      required(miniprogram, 'pic_media_id', 'miniprogram')
      required(miniprogram, 'appid', 'miniprogram')
      required(miniprogram, 'page', 'miniprogram')
    },
  ],
  ['video', (video) => void required(video, 'media_id', 'video')],
  ['file', (file) => void required(file, 'media_id', 'file')],
])

/** Text plus up to nine attachments, not both empty, each attachment matching its msgtype. */
export function checkTextWithAttachments(body: Json): void {
  const text = readObject(body, 'text')
  const content = text ? readString(text, 'content') : undefined
  if (content !== undefined && byteLength(content) > MAX_TEXT_BYTES) throw tooLong('text.content', MAX_TEXT_BYTES)
  const attachments = readList(body, 'attachments') ?? []
  if (attachments.length > MAX_ATTACHMENTS) throw new ApiError(41064, `more than ${MAX_ATTACHMENTS} attachments`)
  if (!content && attachments.length === 0) throw invalidParameter('text and attachments are both empty')
  attachments.forEach((item, index) => {
    const attachment = (typeof item === 'object' && item !== null ? item : {}) as Json
    const msgtype = readString(attachment, 'msgtype') ?? ''
    const rule = ATTACHMENT_RULES.get(msgtype)
    if (!rule) throw new ApiError(41065, `invalid attachment msgtype at attachments[${index}]`)
    const payload = readObject(attachment, msgtype)
    if (!payload) throw invalidParameter(`attachments[${index}] has no ${msgtype} object`)
    rule(payload)
  })
}

const APP_TEXT_BYTES = 2048

/** text and markdown: a non-empty content of at most 2048 bytes. */
const contentRule =
  (msgtype: string): Rule =>
  (message) => {
    const content = readString(message, 'content')
    if (!content) throw new ApiError(44004, 'empty content')
    if (byteLength(content) > APP_TEXT_BYTES) throw tooLong(`${msgtype}.content`, APP_TEXT_BYTES)
  }

const APP_MESSAGE_RULES = new Map<string, Rule>([
  ['text', contentRule('text')],
  ['markdown', contentRule('markdown')],
  [
    'textcard',
    (card) => {
      required(card, 'title', 'textcard', 128)
      required(card, 'description', 'textcard', 512)
      required(card, 'url', 'textcard', 2048)
    },
  ],
])

/** An app message (message/send) from our agent; returns the userids it could not deliver to. */
export function checkAppMessage(body: Json, agentId: number): { invalidUsers: string[] } {
  const msgtype = readString(body, 'msgtype')
  const rule = msgtype ? APP_MESSAGE_RULES.get(msgtype) : undefined
  if (!msgtype || !rule) throw new ApiError(40008, 'invalid message type')
  if (readInt(body, 'agentid') !== agentId) throw new ApiError(40056, 'invalid agentid')
  const content = readObject(body, msgtype)
  if (!content) throw new ApiError(44004, `empty content: no ${msgtype} object`)
  rule(content)

  const users = (readString(body, 'touser') ?? '').split('|').filter(Boolean)
  const parties = readString(body, 'toparty') ?? ''
  const tags = readString(body, 'totag') ?? ''
  const invalidUsers = users.filter((user) => user !== '@all' && !isUserId(user))
  if (users.length === invalidUsers.length && !parties && !tags) {
    throw new ApiError(81013, 'user & party & tag all invalid')
  }
  return { invalidUsers }
}
