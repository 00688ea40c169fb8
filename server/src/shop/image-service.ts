import { createHash } from 'node:crypto'
import fp from 'fastify-plugin'
import { eq } from 'drizzle-orm'
import { IMAGE_TYPES, NOT_AN_IMAGE_MESSAGE, imageTypeOf, type ImageType } from '@liuliang/shared'
import { recordChange } from '../audit/audit-service'
import { first } from '../db'
import { shopImages } from '../db/schema'
import { badRequest } from '../errors'
import { serviceDeps, type ServiceDeps } from '../services'

/** A stored picture as it is served. */
export interface StoredImage {
  name: string
  contentType: ImageType
  data: Buffer
}

export function createImageService({ db }: ServiceDeps) {
  return {
    /**
     * Keeps an uploaded picture under its content's hash: uploading the same file again, or twice at once,
     * gives the same name and stores it once. The format is read from the bytes, not from what the upload says.
     */
    async storeImage(data: Buffer): Promise<{ name: string; contentType: ImageType; bytes: number }> {
      const contentType = imageTypeOf(data)
      if (!contentType) throw badRequest('NOT_AN_IMAGE', NOT_AN_IMAGE_MESSAGE)
      const name = `${createHash('sha256').update(data).digest('hex')}.${IMAGE_TYPES[contentType]}`
      await db.transaction(async (tx) => {
        await tx.insert(shopImages).values({ name, contentType, data, bytes: data.length }).onConflictDoNothing()
        await recordChange(tx, { objectType: 'shop/images', objectId: name, action: 'create', changes: [] })
      })
      return { name, contentType, bytes: data.length }
    },

    async imageNamed(name: string): Promise<StoredImage | undefined> {
      return first(db.select({ name: shopImages.name, contentType: shopImages.contentType, data: shopImages.data }).from(shopImages).where(eq(shopImages.name, name)))
    },
  }
}

export type ImageService = ReturnType<typeof createImageService>

declare module 'fastify' {
  interface FastifyInstance {
    images: ImageService
  }
}

export default fp(
  async (app) => {
    app.decorate('images', createImageService(serviceDeps(app)))
  },
  { name: 'images', dependencies: ['db', 'clock'] },
)
