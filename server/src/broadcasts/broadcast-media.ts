// A broadcast's images are kept as URLs and uploaded to WeCom when it is sent, as a media id lives three
// days: fetched here and checked as media/upload takes images (JPG or PNG, at most 10 MB).
import type { WecomClient } from '../clients/wecom-client'
import { AppError } from '../errors'

const MAX_BYTES = 10 * 1024 * 1024
const EXTENSIONS: Record<string, string> = { 'image/png': 'png', 'image/jpeg': 'jpg' }

const unavailable = (detail: string) => new AppError(502, 'BROADCAST_IMAGE_UNAVAILABLE', `群发图片无法获取（${detail}），请检查图片地址`)

export async function uploadBroadcastImage(wecom: WecomClient, url: string): Promise<string> {
  let response: Response
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(10_000) })
  } catch {
    throw unavailable('无法连接地址')
  }
  if (!response.ok) throw unavailable(`地址返回 ${response.status}`)
  const contentType = (response.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? ''
  const extension = EXTENSIONS[contentType]
  if (!extension) throw unavailable('只支持 JPG 和 PNG 图片')
  const bytes = Buffer.from(await response.arrayBuffer())
  if (bytes.length > MAX_BYTES) throw unavailable('图片超过 10MB')
  const name = new URL(url).pathname.split('/').pop() || 'broadcast'
  const filename = /\.(png|jpe?g)$/i.test(name) ? name : `${name}.${extension}`
  return (await wecom.uploadMedia('image', { filename, contentType, bytes })).mediaId
}
