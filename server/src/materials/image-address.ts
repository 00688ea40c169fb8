import type { FastifyRequest } from 'fastify'
import type { LibraryImage } from '@liuliang/shared'
import type { LibraryEntry } from './image-library-service'

/**
 * A library entry with its picture's absolute address. Where the caller reached this server is where
 * customers reach it: the console and the sidebar are served from the brand's own address.
 */
export const addressedEntry = (request: FastifyRequest, { name, ...entry }: LibraryEntry): LibraryImage => ({
  ...entry,
  url: `${request.protocol}://${request.host}/images/${name}`,
})
