import { Type } from 'typebox'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  IMAGE_MAX_BYTES,
  IMAGE_TYPES,
  LibraryImageIdParamsSchema,
  LibraryImageListQuerySchema,
  LibraryImagePageSchema,
  LibraryImageSchema,
  RenameImageRequestSchema,
  UploadImageQuerySchema,
  UNTITLED_IMAGE,
} from '@liuliang/shared'
import { addressedEntry } from '../../materials/image-address'
import { responses } from '../responses'

const security = [{ bearer: [] }]
const tags = ['admin', 'materials']

/** The picture library (素材库): uploads, and the list every picture field of the console picks from. */
const materialRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // A picture is sent as the request's body with its own content type (no multipart): the console sends the chosen file as it is.
  app.addContentTypeParser(Object.keys(IMAGE_TYPES), { parseAs: 'buffer', bodyLimit: IMAGE_MAX_BYTES }, (_request, body, done) => done(null, body))

  app.post(
    '/materials/images',
    {
      schema: {
        tags,
        summary: 'Upload a picture into the library (PNG, JPEG, GIF or WebP, at most 2 MB); answers its entry and address',
        security,
        consumes: Object.keys(IMAGE_TYPES),
        querystring: UploadImageQuerySchema,
        response: responses({ 201: LibraryImageSchema }, 401, 413, 415),
      },
    },
    async (request, reply) => {
      const entry = await app.imageLibrary.uploadImage(request.body as Buffer, request.query.title?.trim() ?? UNTITLED_IMAGE)
      return reply.status(201).send(addressedEntry(request, entry))
    },
  )

  app.get(
    '/materials/images',
    { schema: { tags, summary: 'The library, newest first', security, querystring: LibraryImageListQuerySchema, response: responses({ 200: LibraryImagePageSchema }, 401) } },
    async (request) => {
      const page = await app.imageLibrary.listImages(request.query)
      return { ...page, items: page.items.map((entry) => addressedEntry(request, entry)) }
    },
  )

  app.patch(
    '/materials/images/:imageId',
    {
      schema: {
        tags,
        summary: 'Rename a picture',
        security,
        params: LibraryImageIdParamsSchema,
        body: RenameImageRequestSchema,
        response: responses({ 200: LibraryImageSchema }, 401, 404),
      },
    },
    async (request) => addressedEntry(request, await app.imageLibrary.renameImage(request.params.imageId, request.body.title.trim())),
  )

  app.delete(
    '/materials/images/:imageId',
    {
      schema: {
        tags,
        summary: 'Take a picture out of the library; where its address is used it still shows',
        security,
        params: LibraryImageIdParamsSchema,
        response: responses({ 204: Type.Null() }, 401, 404),
      },
    },
    async (request, reply) => {
      await app.imageLibrary.removeImage(request.params.imageId)
      return reply.status(204).send(null)
    },
  )

  app.post(
    '/materials/images/:imageId/restore',
    {
      schema: {
        tags,
        summary: 'Put a removed picture back into the library (undo)',
        security,
        params: LibraryImageIdParamsSchema,
        response: responses({ 200: LibraryImageSchema }, 401, 404),
      },
    },
    async (request) => addressedEntry(request, await app.imageLibrary.restoreImage(request.params.imageId)),
  )
}

export default materialRoutes
