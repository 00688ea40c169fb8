import { Type } from 'typebox'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  IMAGE_MAX_BYTES,
  LIBRARY_FILE_MAX_BYTES,
  LibraryFileIdParamsSchema,
  LibraryFileListQuerySchema,
  LibraryFilePageSchema,
  LibraryFileSchema,
  UploadLibraryFileQuerySchema,
  libraryTitleOf,
  IMAGE_TYPES,
  LibraryImageIdParamsSchema,
  LibraryImageListQuerySchema,
  LibraryImagePageSchema,
  LibraryImageSchema,
  RenameMaterialRequestSchema,
  UploadImageQuerySchema,
  UNTITLED_IMAGE,
} from '@liuliang/shared'
import { addressedEntry, addressedFile } from '../../materials/library-addresses'
import { responses } from '../responses'

const security = [{ bearer: [] }]
const tags = ['admin', 'materials']

const FILE_MAX_BYTES = Math.max(...Object.values(LIBRARY_FILE_MAX_BYTES))

/**
 * The library (素材库): pictures, which every picture field of the console picks from, and the videos and
 * documents guides send into chats.
 */
const materialRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // A file is sent as the request's body (no multipart): a picture with its own content type, a video or document as bytes.
  app.addContentTypeParser(Object.keys(IMAGE_TYPES), { parseAs: 'buffer', bodyLimit: IMAGE_MAX_BYTES }, (_request, body, done) => done(null, body))
  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: FILE_MAX_BYTES }, (_request, body, done) => done(null, body))

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
        body: RenameMaterialRequestSchema,
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

  app.post(
    '/materials/files',
    {
      bodyLimit: FILE_MAX_BYTES,
      schema: {
        tags,
        summary: 'Upload a video (MP4, at most 10 MB) or a document (PDF, Office, TXT, ZIP, at most 20 MB) into the library',
        security,
        consumes: ['application/octet-stream'],
        querystring: UploadLibraryFileQuerySchema,
        response: responses({ 201: LibraryFileSchema }, 401, 413, 415),
      },
    },
    async (request, reply) => {
      const { fileName, title } = request.query
      const entry = await app.fileLibrary.uploadFile(request.body as Buffer, fileName.trim(), title?.trim() ?? libraryTitleOf(fileName))
      return reply.status(201).send(addressedFile(request, entry))
    },
  )

  app.get(
    '/materials/files',
    {
      schema: { tags, summary: 'The library’s videos and documents, newest first', security, querystring: LibraryFileListQuerySchema, response: responses({ 200: LibraryFilePageSchema }, 401) },
    },
    async (request) => {
      const page = await app.fileLibrary.listFiles(request.query)
      return { ...page, items: page.items.map((entry) => addressedFile(request, entry)) }
    },
  )

  app.patch(
    '/materials/files/:fileId',
    {
      schema: {
        tags,
        summary: 'Rename a video or document (the name a chat shows stays the file’s own)',
        security,
        params: LibraryFileIdParamsSchema,
        body: RenameMaterialRequestSchema,
        response: responses({ 200: LibraryFileSchema }, 401, 404),
      },
    },
    async (request) => addressedFile(request, await app.fileLibrary.renameFile(request.params.fileId, request.body.title.trim())),
  )

  app.delete(
    '/materials/files/:fileId',
    {
      schema: {
        tags,
        summary: 'Take a video or document out of the library; messages already sent keep it',
        security,
        params: LibraryFileIdParamsSchema,
        response: responses({ 204: Type.Null() }, 401, 404),
      },
    },
    async (request, reply) => {
      await app.fileLibrary.removeFile(request.params.fileId)
      return reply.status(204).send(null)
    },
  )

  app.post(
    '/materials/files/:fileId/restore',
    {
      schema: {
        tags,
        summary: 'Put a removed video or document back into the library (undo)',
        security,
        params: LibraryFileIdParamsSchema,
        response: responses({ 200: LibraryFileSchema }, 401, 404),
      },
    },
    async (request) => addressedFile(request, await app.fileLibrary.restoreFile(request.params.fileId)),
  )
}

export default materialRoutes
