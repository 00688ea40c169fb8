// The brand's picture library (素材库): what an upload may be, how a file is told to be one, and the
// library's entries. Pictures are served over https from the brand's own server, for the shop's banners
// and galleries as for the covers and images of messages, moments and scripts.
import { Type, type Static } from 'typebox'
import { IdSchema } from '../common/idempotency'
import { CursorQuerySchema, PageSchema } from '../common/pagination'
import { ChatMessageSchema } from '../scripts/schemas'

/** The picture formats WeChat's <image> and every browser show, with the extension their address ends in. */
export const IMAGE_TYPES = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/gif': 'gif', 'image/webp': 'webp' } as const
export type ImageType = keyof typeof IMAGE_TYPES

/** 2 MB: a banner or product picture well compressed is far smaller; WeChat advises small pictures. */
export const IMAGE_MAX_BYTES = 2 * 1024 * 1024

/**
 * WeCom takes only JPG and PNG for the images of messages, moments and scripts and for the covers it
 * uploads (doc 90253, errcode 40005); a link card's cover is shown by address and may be any of ours.
 */
export const WECOM_IMAGE_TYPES: readonly ImageType[] = ['image/png', 'image/jpeg']

const IMAGE_FORMATS_TEXT = 'PNG、JPEG、GIF 或 WebP'
const IMAGE_MAX_TEXT = `${IMAGE_MAX_BYTES / 1024 / 1024} MB`
/** What an upload may be, as the upload button says it. */
export const IMAGE_RULE_TEXT = `${IMAGE_FORMATS_TEXT}，不超过 ${IMAGE_MAX_TEXT}`
export const WECOM_IMAGE_RULE_TEXT = `JPG 或 PNG（企业微信的要求），不超过 ${IMAGE_MAX_TEXT}`
export const NOT_AN_IMAGE_MESSAGE = `只能上传 ${IMAGE_FORMATS_TEXT} 图片`
const NOT_FOR_WECOM_MESSAGE = '企业微信只收 JPG 或 PNG 图片'

const startsWith = (bytes: Uint8Array, signature: readonly number[], at = 0) => signature.every((byte, i) => bytes[at + i] === byte)

/** The format a file's first bytes say it is, whatever its name or declared type claims; null when it is none of ours. */
export function imageTypeOf(bytes: Uint8Array): ImageType | null {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png'
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg'
  if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38])) return 'image/gif'
  // RIFF....WEBP
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) return 'image/webp'
  return null
}

/**
 * What is wrong with a file before it is sent (its declared type and size), for the shop or, with
 * `wecom`, for WeCom; the server reads its bytes again.
 */
export function imageFileProblem(file: { type: string; size: number }, { wecom = false } = {}): string | null {
  if (!(file.type in IMAGE_TYPES)) return NOT_AN_IMAGE_MESSAGE
  if (wecom && !WECOM_IMAGE_TYPES.includes(file.type as ImageType)) return NOT_FOR_WECOM_MESSAGE
  if (file.size === 0) return '文件是空的'
  if (file.size > IMAGE_MAX_BYTES) return `图片不能超过 ${IMAGE_MAX_TEXT}`
  return null
}

/** An uploaded picture's public address is its content's SHA-256 and extension: the same file, the same address. */
export const IMAGE_NAME_PATTERN = `^[0-9a-f]{64}\\.(${Object.values(IMAGE_TYPES).join('|')})$`

export const ImageNameParamsSchema = Type.Object({ name: Type.String({ maxLength: 69, pattern: IMAGE_NAME_PATTERN }) })

/** A library entry's title, picture or file, in characters. */
export const LIBRARY_TITLE_MAX = 60

/** An upload's title when it came without one. */
export const UNTITLED_IMAGE = '未命名图片'

/** What the library calls an upload until it is renamed: the file's name without its extension. */
export function libraryTitleOf(fileName: string): string {
  const title = fileName.replace(/\.[^.]*$/, '').trim() || fileName.trim()
  return [...title].slice(0, LIBRARY_TITLE_MAX).join('') || UNTITLED_IMAGE
}

export const LibraryTitle = Type.String({ minLength: 1, maxLength: LIBRARY_TITLE_MAX, pattern: '\\S' })

/** One picture of the library; `url` is absolute, to put wherever a picture's address goes. */
export const LibraryImageSchema = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  url: Type.String(),
  contentType: Type.Enum(Object.keys(IMAGE_TYPES) as ImageType[]),
  bytes: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
})
export type LibraryImage = Static<typeof LibraryImageSchema>
export const LibraryImagePageSchema = PageSchema(LibraryImageSchema)
export type LibraryImagePage = Static<typeof LibraryImagePageSchema>

/** The file is the request's body, with its own content type; its title comes in the address. */
export const UploadImageQuerySchema = Type.Object({ title: Type.Optional(LibraryTitle) }, { additionalProperties: false })
export type UploadImageQuery = Static<typeof UploadImageQuerySchema>

export const LibraryImageListQuerySchema = Type.Object({
  q: Type.Optional(Type.String({ maxLength: LIBRARY_TITLE_MAX, description: 'Words in the title' })),
  wecom: Type.Optional(Type.Boolean({ description: 'Only the pictures WeCom takes in messages and moments (JPG, PNG)' })),
  ...CursorQuerySchema.properties,
})
export type LibraryImageListQuery = Static<typeof LibraryImageListQuerySchema>

/** Renaming a library entry, picture or file. */
export const RenameMaterialRequestSchema = Type.Object({ title: LibraryTitle }, { additionalProperties: false })
export type RenameMaterialRequest = Static<typeof RenameMaterialRequestSchema>

export const LibraryImageIdParamsSchema = Type.Object({ imageId: IdSchema })

/** Removing a picture takes it out of the library only: wherever its address is used it still shows. */
export const LIBRARY_REMOVAL_NOTE = '移出素材库后，已经用到这张图片的地方照常显示'

/** What a guide sends a library picture, video or file into the chat with: `ww.sendChatMessage`'s payload. */
export const SendMaterialResponseSchema = Type.Object({ message: ChatMessageSchema })
export type SendMaterialResponse = Static<typeof SendMaterialResponseSchema>

/**
 * Where a library picture (by its address) or video or document (by its id) is used, so an admin knows
 * before taking it out of the library. Files go only into scripts, welcome messages and broadcasts.
 */
export const LIBRARY_USE_KINDS = ['banner', 'product', 'mall_item', 'script', 'welcome_message', 'group_welcome', 'broadcast', 'fission'] as const
export type LibraryUseKind = (typeof LIBRARY_USE_KINDS)[number]
export const LIBRARY_USE_LABELS: Record<LibraryUseKind, string> = {
  banner: '商城横幅',
  product: '商品',
  mall_item: '积分商城',
  script: '话术',
  welcome_message: '欢迎语',
  group_welcome: '入群欢迎语',
  broadcast: '待发送的群发',
  fission: '任务宝',
}

export const LibraryUseSchema = Type.Object({
  kind: Type.Enum([...LIBRARY_USE_KINDS] as LibraryUseKind[]),
  id: Type.Integer(),
  title: Type.String(),
})
export type LibraryUse = Static<typeof LibraryUseSchema>
export const LibraryUsesSchema = Type.Object({ items: Type.Array(LibraryUseSchema) })
export type LibraryUses = Static<typeof LibraryUsesSchema>
