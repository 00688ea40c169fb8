// Temporary media (WeCom doc 90253): `POST /cgi-bin/media/upload?type=…` with one multipart file field
// `media`. The id is valid three days, as WeCom's; moments take theirs from upload_attachment. Uploads are
// logged for GET /sandbox/wecom/messages.
import { randomBytes } from 'node:crypto'
import type { FastifyPluginAsync } from 'fastify'
import type { RouteOptions } from './context'
import { ApiError, ok, queryString } from './tencent-api'

const MB = 1024 * 1024
const MAX_BYTES: Record<string, number> = { image: 10 * MB, voice: 2 * MB, video: 10 * MB, file: 20 * MB }
/** WeCom refuses files of five bytes or fewer. */
const MIN_BYTES = 6

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47])
const JPEG_MAGIC = Buffer.from([0xff, 0xd8, 0xff])
const isJpegOrPng = (bytes: Buffer) =>
  bytes.subarray(0, 4).equals(PNG_MAGIC) || bytes.subarray(0, 3).equals(JPEG_MAGIC)

async function readMediaField(body: unknown, contentType: string | undefined): Promise<File> {
  if (!Buffer.isBuffer(body) || !contentType) throw new ApiError(41005, 'media data missing')
  try {
    const form = await new Response(body, { headers: { 'content-type': contentType } }).formData()
    const media = form.get('media')
    if (media instanceof File) return media
  } catch {
    // not multipart after all: same answer as a missing field
  }
  throw new ApiError(41005, 'media data missing')
}

export const mediaRoutes: FastifyPluginAsync<RouteOptions> = async (app, { sandbox }) => {
  const bodyLimit = 21 * MB
  app.addContentTypeParser('multipart/form-data', { parseAs: 'buffer', bodyLimit }, (_request, body, done) => done(null, body))

  app.post('/cgi-bin/media/upload', { bodyLimit }, async (request) => {
    const type = queryString(request, 'type') ?? ''
    const maxBytes = MAX_BYTES[type]
    if (!maxBytes) throw new ApiError(40004, 'invalid media type')
    const media = await readMediaField(request.body, request.headers['content-type'])
    const bytes = Buffer.from(await media.arrayBuffer())
    if (bytes.length < MIN_BYTES || bytes.length > maxBytes) throw new ApiError(40006, 'invalid file size')
    if (type === 'image' && !isJpegOrPng(bytes)) throw new ApiError(40005, 'invalid file type: image must be JPG or PNG')
    const mediaId = `3${randomBytes(30).toString('base64url')}`
    const createdAt = sandbox.temporaryMedia.add(mediaId)
    sandbox.logMessage('media/upload', { type, filename: media.name, size: bytes.length, media_id: mediaId })
    return ok({ type, media_id: mediaId, created_at: String(createdAt) })
  })

  // Media for customer moments (attachment_type 1, WeCom doc 95098): images and videos up to 10 MB.
  app.post('/cgi-bin/media/upload_attachment', { bodyLimit }, async (request) => {
    const type = queryString(request, 'media_type') ?? ''
    if (type !== 'image' && type !== 'video') throw new ApiError(40004, 'invalid media type')
    if (queryString(request, 'attachment_type') !== '1') throw new ApiError(40058, 'invalid Request Parameter: attachment_type must be 1')
    const media = await readMediaField(request.body, request.headers['content-type'])
    const bytes = Buffer.from(await media.arrayBuffer())
    if (bytes.length < MIN_BYTES || bytes.length > 10 * MB) throw new ApiError(40006, 'invalid file size')
    if (type === 'image' && !isJpegOrPng(bytes)) throw new ApiError(40005, 'invalid file type: image must be JPG or PNG')
    const mediaId = sandbox.moments.uploadAttachment(type)
    sandbox.logMessage('media/upload_attachment', { type, filename: media.name, size: bytes.length, media_id: mediaId })
    return ok({ type, media_id: mediaId, created_at: String(Math.floor(sandbox.now().getTime() / 1000)) })
  })
}
