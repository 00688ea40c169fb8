import { createHash } from 'node:crypto'
import fp from 'fastify-plugin'
import { and, desc, eq, inArray } from 'drizzle-orm'
import {
  IMAGE_TYPES,
  NOT_AN_IMAGE_MESSAGE,
  WECOM_IMAGE_TYPES,
  imageTypeOf,
  type ImageType,
  type LibraryImageListQuery,
  type LibraryUse,
  type Page,
} from '@liuliang/shared'
import type { WecomClient } from '../clients/wecom-client'
import { first, type DbOrTx } from '../db'
import { containsText } from '../db/like'
import { cursorBefore, pageOf } from '../db/paging'
import { images, libraryImages } from '../db/schema'
import { badRequest, conflict, foundOr404 } from '../errors'
import { serviceDeps, type ServiceDeps } from '../services'
import { keptOrUploaded } from './kept-media'
import { libraryShelf } from './library-shelf'
import { pictureUses } from './picture-uses'

/** A stored picture as it is served. */
export interface StoredImage {
  name: string
  contentType: ImageType
  data: Buffer
}

/** A library entry as the service knows it; the route turns its name into the address the admin reached. */
export interface LibraryEntry {
  id: number
  name: string
  title: string
  contentType: ImageType
  bytes: number
  createdAt: string
}

const NOT_IN_LIBRARY = ['LIBRARY_IMAGE_NOT_FOUND', '素材库里没有这张图片'] as const
const shelf = libraryShelf(libraryImages, 'materials/images', NOT_IN_LIBRARY)

const entryColumns = {
  id: libraryImages.id,
  name: images.name,
  title: libraryImages.title,
  contentType: images.contentType,
  bytes: images.bytes,
  createdAt: libraryImages.createdAt,
}

function entriesFrom(db: DbOrTx) {
  return db.select(entryColumns).from(libraryImages).innerJoin(images, eq(images.name, libraryImages.imageName))
}

const toEntry = (row: { id: number; name: string; title: string; contentType: ImageType; bytes: number; createdAt: Date }): LibraryEntry => ({
  ...row,
  createdAt: row.createdAt.toISOString(),
})

export function createImageLibraryService({ db, now, wecom }: ServiceDeps & { wecom: WecomClient }) {
  /** An entry still in the library. */
  const entryOf = async (tx: DbOrTx, id: number) =>
    toEntry(foundOr404(await first(entriesFrom(tx).where(shelf.inLibrary(id))), ...NOT_IN_LIBRARY))
  const shelved = shelf.actions({ db, now }, entryOf)

  /** A picture by its address's name, in the library or not: removing it there does not break where it is used. */
  const imageNamed = async (name: string): Promise<StoredImage | undefined> =>
    first(db.select({ name: images.name, contentType: images.contentType, data: images.data }).from(images).where(eq(images.name, name)))

  return {
    /**
     * Keeps an uploaded picture under its content's hash and puts it in the library: uploading the same file
     * again, or twice at once, stores it once and gives its one entry (back in the library if it was removed,
     * under the title it had). The format is read from the bytes, not from what the upload says.
     */
    async uploadImage(data: Buffer, title: string): Promise<LibraryEntry> {
      const contentType = imageTypeOf(data)
      if (!contentType) throw badRequest('NOT_AN_IMAGE', NOT_AN_IMAGE_MESSAGE)
      const name = `${createHash('sha256').update(data).digest('hex')}.${IMAGE_TYPES[contentType]}`
      return db.transaction(async (tx) => {
        await tx.insert(images).values({ name, contentType, data, bytes: data.length, createdAt: now() }).onConflictDoNothing()
        await tx
          .insert(libraryImages)
          .values({ imageName: name, title, createdAt: now() })
          .onConflictDoUpdate({ target: libraryImages.imageName, set: { removedAt: null } })
        const entry = toEntry((await first(entriesFrom(tx).where(eq(libraryImages.imageName, name))))!)
        await shelf.logUpload(tx, entry.id, entry.title)
        return entry
      })
    },

    /** The library, newest first; removed pictures are not in it. For WeCom, only the formats it takes. */
    async listImages(query: LibraryImageListQuery): Promise<Page<LibraryEntry>> {
      const limit = query.limit ?? 20
      const words = query.q?.trim()
      const rows = await entriesFrom(db)
        .where(
          and(
            shelf.onShelf,
            cursorBefore(libraryImages.id, query.cursor),
            words ? containsText(libraryImages.title, words) : undefined,
            query.wecom ? inArray(images.contentType, [...WECOM_IMAGE_TYPES]) : undefined,
          ),
        )
        .orderBy(desc(libraryImages.id))
        .limit(limit + 1)
      return pageOf(rows, limit, toEntry)
    },

    // Taking an entry out of the library is undone by restore; where its address is used it still shows.
    renameImage: shelved.rename,
    removeImage: shelved.remove,
    restoreImage: shelved.restore,

    /**
     * WeCom's media id for a library picture a guide sends into a chat, good for at least the next hour:
     * uploaded once and kept on the picture for three days, as every guide may send the same one.
     */
    async mediaFor(id: number): Promise<{ mediaId: string }> {
      const picture = foundOr404(
        await first(
          db
            .select({ name: images.name, contentType: images.contentType, mediaId: images.mediaId, mediaExpiresAt: images.mediaExpiresAt })
            .from(libraryImages)
            .innerJoin(images, eq(images.name, libraryImages.imageName))
            .where(shelf.inLibrary(id)),
        ),
        ...NOT_IN_LIBRARY,
      )
      if (!WECOM_IMAGE_TYPES.includes(picture.contentType)) throw conflict('IMAGE_NOT_FOR_WECOM', '企业微信只收 JPG 或 PNG 图片，这张图片不能发到聊天里')
      const mediaId = await keptOrUploaded({ db, wecom }, picture, now(), {
        type: 'image',
        file: async () => ({ filename: picture.name, contentType: picture.contentType, bytes: (await imageNamed(picture.name))!.data }),
        keep: (tx, media) => tx.update(images).set(media).where(eq(images.name, picture.name)),
      })
      return { mediaId }
    },

    imageNamed,

    /** Where a library picture (removed or not) is used by its address. */
    async usesOf(id: number): Promise<LibraryUse[]> {
      const entry = foundOr404(await first(db.select({ name: libraryImages.imageName }).from(libraryImages).where(eq(libraryImages.id, id))), ...NOT_IN_LIBRARY)
      return pictureUses(db, entry.name)
    },
  }
}

export type ImageLibraryService = ReturnType<typeof createImageLibraryService>

declare module 'fastify' {
  interface FastifyInstance {
    imageLibrary: ImageLibraryService
  }
}

export default fp(
  async (app) => {
    app.decorate('imageLibrary', createImageLibraryService({ ...serviceDeps(app), wecom: app.wecom }))
  },
  { name: 'image-library', dependencies: ['db', 'clock', 'tencent-clients'] },
)
