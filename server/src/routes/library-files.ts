import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { ImageNameParamsSchema, LibraryFileAddressParamsSchema } from '@liuliang/shared'
import { notFound } from '../errors'
import { responses } from './responses'

/** An address names its content, so what is served there never changes: caches may keep it a year. */
const IMMUTABLE = 'public, max-age=31536000, immutable'

/**
 * The library's pictures, videos and documents (removed ones too, as their addresses may be in use), for
 * anyone: the mini-program, the console and WeChat's image proxy load them without a token.
 */
const libraryAddressRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/images/:name',
    {
      schema: {
        tags: ['materials'],
        summary: 'An uploaded picture',
        params: ImageNameParamsSchema,
        response: responses({ 200: Type.Unknown({ description: 'the picture' }) }, 404),
      },
    },
    async (request, reply) => {
      const image = await app.imageLibrary.imageNamed(request.params.name)
      if (!image) throw notFound('IMAGE_NOT_FOUND', '图片不存在')
      return reply.header('content-type', image.contentType).header('cache-control', IMMUTABLE).header('etag', `"${image.name}"`).send(image.data)
    },
  )

  app.get(
    '/files/:name',
    {
      schema: {
        tags: ['materials'],
        summary: 'An uploaded video or document, under the name it was uploaded with',
        params: LibraryFileAddressParamsSchema,
        response: responses({ 200: Type.Unknown({ description: 'the file' }) }, 404),
      },
    },
    async (request, reply) => {
      const file = await app.fileLibrary.fileNamed(request.params.name)
      if (!file) throw notFound('FILE_NOT_FOUND', '文件不存在')
      return reply
        .header('content-type', file.contentType)
        .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
        .header('cache-control', IMMUTABLE)
        .header('etag', `"${file.name}"`)
        .send(file.data)
    },
  )
}

export default libraryAddressRoutes
