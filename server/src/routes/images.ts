import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { ImageNameParamsSchema } from '@liuliang/shared'
import { notFound } from '../errors'
import { responses } from './responses'

/** A picture's address names its content, so what is served there never changes: caches may keep it a year. */
const IMMUTABLE = 'public, max-age=31536000, immutable'

/** The library's pictures (removed ones too, as their addresses may be in use), for anyone: the mini-program, the console and WeChat's image proxy load them without a token. */
const imageRoutes: FastifyPluginAsyncTypebox = async (app) => {
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
}

export default imageRoutes
