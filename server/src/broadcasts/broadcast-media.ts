// A broadcast's images are kept as URLs and uploaded to WeCom when it is sent, as a media id lives three days.
import { downloadMedia } from '../clients/media-download'
import type { WecomClient } from '../clients/wecom-client'
import { AppError } from '../errors'

const unavailable = (detail: string) => new AppError(502, 'BROADCAST_IMAGE_UNAVAILABLE', `群发图片无法获取（${detail}），请检查图片地址`)

export async function uploadBroadcastImage(wecom: WecomClient, url: string): Promise<string> {
  return (await wecom.uploadMedia('image', await downloadMedia(url, 'image', unavailable))).mediaId
}
