// Image scripts are sent by WeCom media id. Temporary media lasts three days, so the id is kept on the
// script and uploaded again from the script's image URL once it is about to run out.
import { and, eq } from 'drizzle-orm'
import type { WecomClient } from '../clients/wecom-client'
import type { Db } from '../db'
import { scripts } from '../db/schema'
import { downloadMedia } from '../clients/media-download'
import { AppError } from '../errors'
import { keptOrUploaded } from '../materials/kept-media'

type ScriptRow = typeof scripts.$inferSelect

const imageUnavailable = (detail: string) =>
  new AppError(502, 'SCRIPT_IMAGE_UNAVAILABLE', `话术图片无法获取（${detail}），请联系管理员检查图片地址`)

export function createScriptMedia(db: Db, wecom: WecomClient) {
  return {
    /** A media id for an image script that is good for at least the next hour. */
    async mediaFor(row: ScriptRow, now: Date): Promise<{ mediaId: string }> {
      const url = row.attachment?.url
      if (!url) throw new Error(`image script ${row.id} has no image URL`)
      const mediaId = await keptOrUploaded({ db, wecom }, row, now, {
        type: 'image',
        file: () => downloadMedia(url, 'image', imageUnavailable),
        // Kept only if the script was not edited meanwhile (a new image URL must not get the old image's id).
        keep: (tx, media) => tx.update(scripts).set(media).where(and(eq(scripts.id, row.id), eq(scripts.updatedAt, row.updatedAt))),
      })
      return { mediaId }
    },
  }
}
