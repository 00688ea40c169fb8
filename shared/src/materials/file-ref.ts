// A library video or document as messages and scripts name it. Apart from files.ts so that scripts'
// schemas can take it: files.ts reaches them back through the pictures' send reply.
import { Type, type Static } from 'typebox'
import { IdSchema } from '../common/idempotency'

/** The name a chat shows a file under, in characters: WeCom takes 128 bytes, 40 Chinese characters. */
export const LIBRARY_FILE_NAME_MAX = 40

/** Which library file; `name` (filled by the server) says which one it is. */
export const libraryFileRef = {
  fileId: IdSchema,
  name: Type.Optional(Type.String({ maxLength: LIBRARY_FILE_NAME_MAX, description: 'The file’s name, as the chat shows it; filled by the server' })),
}
export const LibraryFileRefSchema = Type.Object(libraryFileRef, { additionalProperties: false })
export type LibraryFileRef = Static<typeof LibraryFileRefSchema>
