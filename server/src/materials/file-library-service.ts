import { createHash } from 'node:crypto'
import fp from 'fastify-plugin'
import { and, desc, eq, inArray } from 'drizzle-orm'
import {
  LIBRARY_FILE_MAX_BYTES,
  LIBRARY_FILE_MIN_BYTES,
  LIBRARY_FILE_TYPES,
  LIBRARY_FILE_KIND_LABELS,
  NOT_A_LIBRARY_FILE_MESSAGE,
  NOT_AN_MP4_MESSAGE,
  isMp4,
  libraryFileExtensionOf,
  type LibraryFileAttachment,
  type LibraryFileKind,
  type LibraryFileListQuery,
  type LibraryUse,
  type Page,
} from '@liuliang/shared'
import type { WecomClient } from '../clients/wecom-client'
import { first, type DbOrTx } from '../db'
import { containsText } from '../db/like'
import { cursorBefore, pageOf } from '../db/paging'
import { libraryFiles } from '../db/schema'
import { AppError, badRequest, foundOr404 } from '../errors'
import { serviceDeps, type ServiceDeps } from '../services'
import { fileUses } from './file-uses'
import { keptOrUploaded } from './kept-media'
import { libraryShelf } from './library-shelf'

/** A video or document of the library as the service knows it; the route adds the address the caller reached. */
export interface LibraryFileEntry {
  id: number
  name: string
  kind: LibraryFileKind
  title: string
  fileName: string
  contentType: string
  bytes: number
  createdAt: string
}

const NOT_IN_LIBRARY = ['LIBRARY_FILE_NOT_FOUND', '素材库里没有这个文件'] as const
const shelf = libraryShelf(libraryFiles, 'materials/files', NOT_IN_LIBRARY)

const entryColumns = {
  id: libraryFiles.id,
  name: libraryFiles.name,
  kind: libraryFiles.kind,
  title: libraryFiles.title,
  fileName: libraryFiles.fileName,
  contentType: libraryFiles.contentType,
  bytes: libraryFiles.bytes,
  createdAt: libraryFiles.createdAt,
}

const isFileAttachment = (attachment: { type: string }): attachment is LibraryFileAttachment => attachment.type === 'file'

const toEntry = ({ createdAt, ...row }: Omit<LibraryFileEntry, 'createdAt'> & { createdAt: Date }): LibraryFileEntry => ({
  ...row,
  createdAt: createdAt.toISOString(),
})

/** What an upload is, read from its name and, for a video, its bytes; refused with the reason otherwise. */
function uploadedFile(data: Buffer, fileName: string) {
  const extension = libraryFileExtensionOf(fileName)
  if (!extension) throw badRequest('NOT_A_LIBRARY_FILE', NOT_A_LIBRARY_FILE_MESSAGE)
  const { kind, contentType } = LIBRARY_FILE_TYPES[extension]
  if (data.length < LIBRARY_FILE_MIN_BYTES) throw badRequest('EMPTY_FILE', '文件是空的')
  if (data.length > LIBRARY_FILE_MAX_BYTES[kind]) {
    throw new AppError(413, 'FILE_TOO_LARGE', `${LIBRARY_FILE_KIND_LABELS[kind]}不能超过 ${LIBRARY_FILE_MAX_BYTES[kind] / 1024 / 1024} MB`)
  }
  if (kind === 'video' && !isMp4(data)) throw badRequest('NOT_AN_MP4', NOT_AN_MP4_MESSAGE)
  return { kind, contentType, name: `${createHash('sha256').update(data).digest('hex')}.${extension}` }
}

export function createFileLibraryService({ db, now, wecom }: ServiceDeps & { wecom: WecomClient }) {
  const entryOf = async (tx: DbOrTx, id: number) =>
    toEntry(foundOr404(await first(tx.select(entryColumns).from(libraryFiles).where(shelf.inLibrary(id))), ...NOT_IN_LIBRARY))
  const shelved = shelf.actions({ db, now }, entryOf)

  return {
    /**
     * Keeps an uploaded video or document under its content's hash: the same file again, or twice at once,
     * gives its one entry (back in the library if it was removed, under the title and name it had).
     */
    async uploadFile(data: Buffer, fileName: string, title: string): Promise<LibraryFileEntry> {
      const file = uploadedFile(data, fileName)
      return db.transaction(async (tx) => {
        await tx
          .insert(libraryFiles)
          .values({ ...file, title, fileName, bytes: data.length, data, createdAt: now() })
          .onConflictDoUpdate({ target: libraryFiles.name, set: { removedAt: null } })
        const entry = toEntry((await first(tx.select(entryColumns).from(libraryFiles).where(eq(libraryFiles.name, file.name))))!)
        await shelf.logUpload(tx, entry.id, entry.title)
        return entry
      })
    },

    /** The library's videos and documents, newest first, of one kind or both; removed ones are not in it. */
    async listFiles(query: LibraryFileListQuery): Promise<Page<LibraryFileEntry>> {
      const limit = query.limit ?? 20
      const words = query.q?.trim()
      const rows = await db
        .select(entryColumns)
        .from(libraryFiles)
        .where(
          and(
            shelf.onShelf,
            cursorBefore(libraryFiles.id, query.cursor),
            words ? containsText(libraryFiles.title, words) : undefined,
            query.kind ? eq(libraryFiles.kind, query.kind) : undefined,
          ),
        )
        .orderBy(desc(libraryFiles.id))
        .limit(limit + 1)
      return pageOf(rows, limit, toEntry)
    },

    // Taking an entry out of the library is undone by restore; messages already sent keep it.
    renameFile: shelved.rename,
    removeFile: shelved.remove,
    restoreFile: shelved.restore,

    /** A file by its id, in the library or not, as a script or message that sends it still does. */
    fileEntry: async (id: number): Promise<LibraryFileEntry> =>
      toEntry(foundOr404(await first(db.select(entryColumns).from(libraryFiles).where(eq(libraryFiles.id, id))), ...NOT_IN_LIBRARY)),

    /** A file by its address's name, in the library or not, as an address once copied should keep working. */
    fileNamed: (name: string) =>
      first(db.select({ name: libraryFiles.name, fileName: libraryFiles.fileName, contentType: libraryFiles.contentType, data: libraryFiles.data }).from(libraryFiles).where(eq(libraryFiles.name, name))),

    /** Where a library file (removed or not) is used. */
    async usesOf(id: number): Promise<LibraryUse[]> {
      foundOr404(await first(db.select({ id: libraryFiles.id }).from(libraryFiles).where(eq(libraryFiles.id, id))), ...NOT_IN_LIBRARY)
      return fileUses(db, id)
    },

    /**
     * A message's attachments with each library file's name filled in, as the file is now. A newly attached
     * file must be in the library; one the message had already (`before`) stays even if it left the library.
     */
    async withFileNames<Attachment extends { type: string }>(
      attachments: Attachment[],
      before: readonly { type: string }[] = [],
      handle: DbOrTx = db,
    ): Promise<Attachment[]> {
      const ids = attachments.flatMap((attachment) => (isFileAttachment(attachment) ? [attachment.fileId] : []))
      if (ids.length === 0) return attachments
      const kept = new Set(before.flatMap((attachment) => (isFileAttachment(attachment) ? [attachment.fileId] : [])))
      const rows = await handle
        .select({ id: libraryFiles.id, fileName: libraryFiles.fileName, removedAt: libraryFiles.removedAt })
        .from(libraryFiles)
        .where(inArray(libraryFiles.id, ids))
      const names = new Map(rows.filter((row) => row.removedAt === null || kept.has(row.id)).map((row) => [row.id, row.fileName]))
      return attachments.map((attachment) => {
        if (!isFileAttachment(attachment)) return attachment
        const name = names.get(attachment.fileId)
        if (name === undefined) throw badRequest('ATTACHMENT_FILE_NOT_FOUND', '附件里的视频或文件不在素材库里，请重新选择')
        return { ...attachment, name }
      })
    },

    /**
     * WeCom's media id for a library file sent into a chat or in a message, good for at least the next hour:
     * uploaded once, under the file's own name, and kept for every guide and message until WeCom's three days
     * end. A guide sends only what the library holds; a message saved earlier sends its file even after the
     * file left the library (`evenRemoved`).
     */
    async mediaFor(id: number, { evenRemoved = false } = {}): Promise<{ kind: LibraryFileKind; mediaId: string }> {
      const file = foundOr404(
        await first(
          db
            .select({ kind: libraryFiles.kind, fileName: libraryFiles.fileName, contentType: libraryFiles.contentType, mediaId: libraryFiles.mediaId, mediaExpiresAt: libraryFiles.mediaExpiresAt })
            .from(libraryFiles)
            .where(evenRemoved ? eq(libraryFiles.id, id) : shelf.inLibrary(id)),
        ),
        ...NOT_IN_LIBRARY,
      )
      const mediaId = await keptOrUploaded({ db, wecom }, file, now(), {
        type: file.kind,
        file: async () => {
          const { data } = (await first(db.select({ data: libraryFiles.data }).from(libraryFiles).where(eq(libraryFiles.id, id))))!
          return { filename: file.fileName, contentType: file.contentType, bytes: data }
        },
        keep: (tx, media) => tx.update(libraryFiles).set(media).where(eq(libraryFiles.id, id)),
      })
      return { kind: file.kind, mediaId }
    },
  }
}

export type FileLibraryService = ReturnType<typeof createFileLibraryService>

declare module 'fastify' {
  interface FastifyInstance {
    fileLibrary: FileLibraryService
  }
}

export default fp(
  async (app) => {
    app.decorate('fileLibrary', createFileLibraryService({ ...serviceDeps(app), wecom: app.wecom }))
  },
  { name: 'file-library', dependencies: ['db', 'clock', 'tencent-clients'] },
)
