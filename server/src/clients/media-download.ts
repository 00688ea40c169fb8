// Media the brand keeps at its own addresses (a script's image, a moment's pictures or video), fetched to
// be uploaded to WeCom, which takes media only as uploads. WeCom's limits are checked before the upload.
import type { AppError } from '../errors'

const MAX_BYTES = 10 * 1024 * 1024
const TYPES = {
  image: { 'image/png': 'png', 'image/jpeg': 'jpg' },
  video: { 'video/mp4': 'mp4' },
} as const satisfies Record<string, Record<string, string>>

export type MediaKind = keyof typeof TYPES
export interface DownloadedMedia {
  filename: string
  contentType: string
  bytes: Buffer
}

/** The file at `url`, when it is a kind WeCom takes and at most 10 MB; otherwise `unavailable(why)` is thrown. */
export async function downloadMedia(url: string, kind: MediaKind, unavailable: (detail: string) => AppError): Promise<DownloadedMedia> {
  let response: Response
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(10_000) })
  } catch {
    throw unavailable('无法连接地址')
  }
  if (!response.ok) throw unavailable(`地址返回 ${response.status}`)
  const types: Record<string, string> = TYPES[kind]
  const contentType = (response.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? ''
  const extension = types[contentType]
  if (!extension) throw unavailable(kind === 'image' ? '只支持 JPG 和 PNG 图片' : '只支持 MP4 视频')
  if (Number(response.headers.get('content-length') ?? 0) > MAX_BYTES) throw unavailable('文件超过 10MB')
  const bytes = Buffer.from(await response.arrayBuffer())
  if (bytes.length > MAX_BYTES) throw unavailable('文件超过 10MB')
  const name = new URL(url).pathname.split('/').pop() || kind
  const filename = name.toLowerCase().endsWith(`.${extension}`) || (extension === 'jpg' && /\.jpe?g$/i.test(name)) ? name : `${name}.${extension}`
  return { filename, contentType, bytes }
}
