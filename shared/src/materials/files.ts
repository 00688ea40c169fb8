// The library's videos and documents (素材库 视频 / 文件): what guides send into a chat as WeCom's video
// and file messages, which take them as temporary media (media/upload: video 10 MB, file 20 MB). The
// chat shows a file under its own name, so the library keeps the name it was uploaded with.
import { Type, type Static } from 'typebox'
import { IdSchema } from '../common/idempotency'
import { CursorQuerySchema, PageSchema } from '../common/pagination'
import { LIBRARY_FILE_NAME_MAX, libraryFileRef } from './file-ref'
import { LIBRARY_TITLE_MAX, LibraryTitle } from './images'

export const LIBRARY_FILE_KINDS = ['video', 'file'] as const
export type LibraryFileKind = (typeof LIBRARY_FILE_KINDS)[number]
export const LIBRARY_FILE_KIND_LABELS: Record<LibraryFileKind, string> = { video: '视频', file: '文件' }

const MB = 1024 * 1024
/** WeCom's limits for temporary media (doc 90253). */
export const LIBRARY_FILE_MAX_BYTES: Record<LibraryFileKind, number> = { video: 10 * MB, file: 20 * MB }

/** What each extension is, as the library serves it: MP4 is the video WeChat plays; the rest are documents a customer opens. */
export const LIBRARY_FILE_TYPES = {
  mp4: { kind: 'video', contentType: 'video/mp4' },
  pdf: { kind: 'file', contentType: 'application/pdf' },
  doc: { kind: 'file', contentType: 'application/msword' },
  docx: { kind: 'file', contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
  xls: { kind: 'file', contentType: 'application/vnd.ms-excel' },
  xlsx: { kind: 'file', contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
  ppt: { kind: 'file', contentType: 'application/vnd.ms-powerpoint' },
  pptx: { kind: 'file', contentType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation' },
  txt: { kind: 'file', contentType: 'text/plain; charset=utf-8' },
  zip: { kind: 'file', contentType: 'application/zip' },
} as const satisfies Record<string, { kind: LibraryFileKind; contentType: string }>
export type LibraryFileExtension = keyof typeof LIBRARY_FILE_TYPES

const extensionsOf = (kind: LibraryFileKind) =>
  (Object.keys(LIBRARY_FILE_TYPES) as LibraryFileExtension[]).filter((extension) => LIBRARY_FILE_TYPES[extension].kind === kind)

/** The file input's `accept`, per kind. */
export const LIBRARY_FILE_ACCEPT: Record<LibraryFileKind, string> = {
  video: extensionsOf('video').map((extension) => `.${extension}`).join(','),
  file: extensionsOf('file').map((extension) => `.${extension}`).join(','),
}

const sizeText = (kind: LibraryFileKind) => `${LIBRARY_FILE_MAX_BYTES[kind] / MB} MB`
/** What an upload may be, as the upload button says it. */
export const LIBRARY_FILE_RULE_TEXT: Record<LibraryFileKind, string> = {
  video: `MP4 视频，不超过 ${sizeText('video')}（企业微信的要求）`,
  file: `PDF、Word、Excel、PPT、TXT 或 ZIP，不超过 ${sizeText('file')}（企业微信的要求）`,
}
export const NOT_A_LIBRARY_FILE_MESSAGE = '只能上传 MP4 视频，或 PDF、Word、Excel、PPT、TXT、ZIP 文件'
export const NOT_AN_MP4_MESSAGE = '这个文件不是 MP4 视频'

/** The extension a file's name ends in, lower-cased, when it is one the library takes. */
export function libraryFileExtensionOf(fileName: string): LibraryFileExtension | null {
  const extension = /\.([^.]+)$/.exec(fileName)?.[1]?.toLowerCase()
  return extension && extension in LIBRARY_FILE_TYPES ? (extension as LibraryFileExtension) : null
}

/** Whether a library file, by its name, goes into a chat as a video or a document. */
export function libraryFileKindOf(fileName: string): LibraryFileKind {
  const extension = libraryFileExtensionOf(fileName)
  return extension ? LIBRARY_FILE_TYPES[extension].kind : 'file'
}

/** MP4 (ISO media) files begin with a box whose type, at byte 4, is `ftyp`. */
export function isMp4(bytes: Uint8Array): boolean {
  return bytes.length > 8 && [0x66, 0x74, 0x79, 0x70].every((byte, i) => bytes[4 + i] === byte)
}

/** WeCom refuses media of five bytes or fewer. */
export const LIBRARY_FILE_MIN_BYTES = 6

/** What is wrong with a file before it is sent (its name and size); the server reads it again. */
export function libraryFileProblem(file: { name: string; size: number }): string | null {
  const extension = libraryFileExtensionOf(file.name)
  if (!extension) return NOT_A_LIBRARY_FILE_MESSAGE
  const { kind } = LIBRARY_FILE_TYPES[extension]
  if (file.size < LIBRARY_FILE_MIN_BYTES) return '文件是空的'
  if (file.size > LIBRARY_FILE_MAX_BYTES[kind]) return `${LIBRARY_FILE_KIND_LABELS[kind]}不能超过 ${sizeText(kind)}`
  return null
}

/** No path in it, and not blank. */
export const LIBRARY_FILE_NAME_PATTERN = '^[^/\\\\]*[^/\\\\\\s][^/\\\\]*$'

/** A file's name as the library keeps it: shortened before its extension when it is too long for WeCom. */
export function libraryFileNameOf(fileName: string): string {
  const name = fileName.trim()
  const characters = [...name]
  if (characters.length <= LIBRARY_FILE_NAME_MAX) return name
  const extension = /\.[^.]{1,8}$/.exec(name)?.[0] ?? ''
  return characters.slice(0, LIBRARY_FILE_NAME_MAX - extension.length).join('').trimEnd() + extension
}

const LibraryFileKindSchema = Type.Enum([...LIBRARY_FILE_KINDS] as LibraryFileKind[])

/** One video or document of the library; `url` serves it to anyone who has the address (like a picture's). */
export const LibraryFileSchema = Type.Object({
  id: Type.Integer(),
  kind: LibraryFileKindSchema,
  title: Type.String(),
  fileName: Type.String(),
  contentType: Type.String(),
  bytes: Type.Integer(),
  url: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
})
export type LibraryFile = Static<typeof LibraryFileSchema>
export const LibraryFilePageSchema = PageSchema(LibraryFileSchema)
export type LibraryFilePage = Static<typeof LibraryFilePageSchema>

/** The file is the request's body (application/octet-stream); its name says what it is. */
export const UploadLibraryFileQuerySchema = Type.Object(
  {
    fileName: Type.String({ minLength: 1, maxLength: LIBRARY_FILE_NAME_MAX, pattern: LIBRARY_FILE_NAME_PATTERN }),
    title: Type.Optional(LibraryTitle),
  },
  { additionalProperties: false },
)
export type UploadLibraryFileQuery = Static<typeof UploadLibraryFileQuerySchema>

export const LibraryFileListQuerySchema = Type.Object({
  kind: Type.Optional(LibraryFileKindSchema),
  q: Type.Optional(Type.String({ maxLength: LIBRARY_TITLE_MAX, description: 'Words in the title' })),
  ...CursorQuerySchema.properties,
})
export type LibraryFileListQuery = Static<typeof LibraryFileListQuerySchema>

export const LibraryFileIdParamsSchema = Type.Object({ fileId: IdSchema })

/** A library file's public address: its content's SHA-256 and extension, the same for the same file. */
export const LIBRARY_FILE_ADDRESS_PATTERN = `^[0-9a-f]{64}\\.(${Object.keys(LIBRARY_FILE_TYPES).join('|')})$`
export const LibraryFileAddressParamsSchema = Type.Object({ name: Type.String({ maxLength: 69, pattern: LIBRARY_FILE_ADDRESS_PATTERN }) })

/** Removing a video or document takes it out of the library only. */
export const LIBRARY_FILE_REMOVAL_NOTE = '移出素材库后，已经发出的消息不受影响，复制过的地址照常能打开'

/** A library file attached to a welcome message or a broadcast: sent as WeCom's video or file message under its own name. */
export const LibraryFileAttachmentSchema = Type.Object({ type: Type.Literal('file'), ...libraryFileRef }, { additionalProperties: false })
export type LibraryFileAttachment = Static<typeof LibraryFileAttachmentSchema>
