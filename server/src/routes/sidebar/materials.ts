import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  LibraryFileIdParamsSchema,
  LibraryFileListQuerySchema,
  LibraryFilePageSchema,
  LibraryFileSchema,
  LibraryImageIdParamsSchema,
  LibraryImageListQuerySchema,
  LibraryImagePageSchema,
  SendMaterialResponseSchema,
} from '@liuliang/shared'
import { addressedEntry, addressedFile } from '../../materials/library-addresses'
import { responses } from '../responses'

const security = [{ bearer: [] }]
const tags = ['sidebar']

/** The brand's library as a guide sees it in the chat toolbar: pictures, videos and documents, each sent into the chat with one tap. */
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
        response: responses({ 201: SendMaterialResponseSchema }, 401, 404, 409, 502),
      },
    },
    async (request, reply) => {
      const { mediaId } = await app.imageLibrary.mediaFor(request.params.imageId)
      return reply.status(201).send({ message: { msgtype: 'image', image: { mediaid: mediaId } } })
    },
  )

  app.get(
    '/materials/files',
    {
      schema: {
        tags,
        summary: 'The library’s videos and documents, newest first',
        security,
        querystring: LibraryFileListQuerySchema,
        response: responses({ 200: LibraryFilePageSchema }, 401),
      },
    },
    async (request) => {
      const page = await app.fileLibrary.listFiles(request.query)
      return { ...page, items: page.items.map((entry) => addressedFile(request, entry)) }
    },
  )

  app.get(
    '/materials/files/:fileId',
    {
      schema: {
        tags,
        summary: 'One video or document, with its address: the one a script sends, even out of the library, for the guide to open',
        security,
        params: LibraryFileIdParamsSchema,
        response: responses({ 200: LibraryFileSchema }, 401, 404),
      },
    },
    async (request) => addressedFile(request, await app.fileLibrary.fileEntry(request.params.fileId)),
  )

  app.post(
    '/materials/files/:fileId/sends',
    {
      schema: {
        tags,
        summary: 'Send a library video or document into the chat: the ww.sendChatMessage payload with its WeCom media id',
        security,
        params: LibraryFileIdParamsSchema,
        response: responses({ 201: SendMaterialResponseSchema }, 401, 404, 502),
      },
    },
    async (request, reply) => {
      const { kind, mediaId } = await app.fileLibrary.mediaFor(request.params.fileId)
      const message = kind === 'video' ? { msgtype: 'video' as const, video: { mediaid: mediaId } } : { msgtype: 'file' as const, file: { mediaid: mediaId } }
      return reply.status(201).send({ message })
    },
  )
}

export default materialRoutes
