import type { FastifyRequest } from 'fastify'
import { Type, type TObject, type TSchema } from 'typebox'
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
  LibraryUsesSchema,
  type LibraryUse,
  RenameMaterialRequestSchema,
  UploadImageQuerySchema,
  UNTITLED_IMAGE,
} from '@liuliang/shared'
import { addressedEntry, addressedFile } from '../../materials/library-addresses'
import { responses } from '../responses'

const security = [{ bearer: [] }]
const tags = ['admin', 'materials']

const FILE_MAX_BYTES = Math.max(...Object.values(LIBRARY_FILE_MAX_BYTES))

type AdminApp = Parameters<FastifyPluginAsyncTypebox>[0]

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

  shelfRoutes(app, {
    path: '/materials/images/:imageId',
    id: 'imageId',
    params: LibraryImageIdParamsSchema,
    entry: LibraryImageSchema,
    noun: 'picture',
    removal: 'where its address is used it still shows',
    rename: app.imageLibrary.renameImage,
    remove: app.imageLibrary.removeImage,
    restore: app.imageLibrary.restoreImage,
    uses: app.imageLibrary.usesOf,
    usedBy: 'banners, products, mall items, scripts, welcomes, broadcasts to go, fission posters',
    addressed: addressedEntry,
  })

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

  shelfRoutes(app, {
    path: '/materials/files/:fileId',
    id: 'fileId',
    params: LibraryFileIdParamsSchema,
    entry: LibraryFileSchema,
    noun: 'video or document',
    removal: 'messages already sent keep it',
    rename: app.fileLibrary.renameFile,
    remove: app.fileLibrary.removeFile,
    restore: app.fileLibrary.restoreFile,
    uses: app.fileLibrary.usesOf,
    usedBy: 'scripts, welcomes, broadcasts to go',
    addressed: addressedFile,
  })
}

/** A shelf's rename, removal, undo and uses: the same routes for pictures as for videos and documents. */
function shelfRoutes<Entry, Addressed>(
  app: AdminApp,
  shelf: {
    path: string
    /** the path's id, as `params` validates it */
    id: string
    params: TObject
    entry: TSchema
    noun: string
    /** what removal leaves alone, for the documentation */
    removal: string
    rename: (id: number, title: string) => Promise<Entry>
    remove: (id: number) => Promise<void>
    restore: (id: number) => Promise<Entry>
    uses: (id: number) => Promise<LibraryUse[]>
    /** where an entry can be used, for the documentation */
    usedBy: string
    addressed: (request: FastifyRequest, entry: Entry) => Addressed
  },
) {
  const { path, params, entry, noun } = shelf
  const idOf = (values: unknown) => (values as Record<string, number>)[shelf.id]!
  app.patch(
    path,
    { schema: { tags, summary: `Rename a ${noun}`, security, params, body: RenameMaterialRequestSchema, response: responses({ 200: entry }, 401, 404) } },
    async (request) => shelf.addressed(request, await shelf.rename(idOf(request.params), request.body.title.trim())),
  )

  app.delete(
    path,
    { schema: { tags, summary: `Take a ${noun} out of the library; ${shelf.removal}`, security, params, response: responses({ 204: Type.Null() }, 401, 404) } },
    async (request, reply) => {
      await shelf.remove(idOf(request.params))
      return reply.status(204).send(null)
    },
  )

  app.post(
    `${path}/restore`,
    { schema: { tags, summary: `Put a removed ${noun} back into the library (undo)`, security, params, response: responses({ 200: entry }, 401, 404) } },
    async (request) => shelf.addressed(request, await shelf.restore(idOf(request.params))),
  )

  app.get(
    `${path}/uses`,
    { schema: { tags, summary: `Where a ${noun} is used (${shelf.usedBy})`, security, params, response: responses({ 200: LibraryUsesSchema }, 401, 404) } },
    async (request) => ({ items: await shelf.uses(idOf(request.params)) }),
  )
}

export default materialRoutes
