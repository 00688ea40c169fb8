import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { LibraryImageIdParamsSchema, LibraryImageListQuerySchema, LibraryImagePageSchema, SendLibraryImageResponseSchema } from '@liuliang/shared'
import { addressedEntry } from '../../materials/image-address'
import { responses } from '../responses'

const security = [{ bearer: [] }]
const tags = ['sidebar']

/** The brand's picture library as a guide sees it in the chat toolbar: what can be sent into a chat, one tap each. */
const materialRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/materials/images',
    {
      schema: {
        tags,
        summary: 'The library’s pictures a chat takes (JPG, PNG), newest first',
        security,
        querystring: LibraryImageListQuerySchema,
        response: responses({ 200: LibraryImagePageSchema }, 401),
      },
    },
    async (request) => {
      const page = await app.imageLibrary.listImages({ ...request.query, wecom: true })
      return { ...page, items: page.items.map((entry) => addressedEntry(request, entry)) }
    },
  )

  app.post(
    '/materials/images/:imageId/sends',
    {
      schema: {
        tags,
        summary: 'Send a library picture into the chat: the ww.sendChatMessage payload with its WeCom media id',
        security,
        params: LibraryImageIdParamsSchema,
        response: responses({ 201: SendLibraryImageResponseSchema }, 401, 404, 409, 502),
      },
    },
    async (request, reply) => {
      const { mediaId } = await app.imageLibrary.mediaFor(request.params.imageId)
      return reply.status(201).send({ message: { msgtype: 'image', image: { mediaid: mediaId } } })
    },
  )
}

export default materialRoutes
