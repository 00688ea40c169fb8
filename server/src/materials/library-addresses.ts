import type { FastifyRequest } from 'fastify'
import type { LibraryFile, LibraryImage } from '@liuliang/shared'
import type { LibraryFileEntry } from './file-library-service'
import type { LibraryEntry } from './image-library-service'

/**
 * Where the caller reached this server is where customers reach it: the console and the sidebar are
 * served from the brand's own address, so library entries carry absolute addresses built from it.
 */
const addressOf = (request: FastifyRequest, path: string) => `${request.protocol}://${request.host}${path}`

/** A library picture with its absolute address. */
export const addressedEntry = (request: FastifyRequest, { name, ...entry }: LibraryEntry): LibraryImage => ({
  ...entry,
  url: addressOf(request, `/images/${name}`),
})

/** A library video or document with its absolute address. */
export const addressedFile = (request: FastifyRequest, { name, ...entry }: LibraryFileEntry): LibraryFile => ({
  ...entry,
  url: addressOf(request, `/files/${name}`),
})
