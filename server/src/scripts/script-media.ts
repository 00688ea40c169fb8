// Image scripts are sent by WeCom media id. Temporary media lasts three days, so the id is kept on the
// script and uploaded again from the script's image URL once it is about to run out.
import { and, eq } from 'drizzle-orm'
import { mediaStillUsable, type WecomClient } from '../clients/wecom-client'
import type { Db } from '../db'
import { scripts } from '../db/schema'
import { downloadMedia } from '../clients/media-download'
import { AppError } from '../errors'

type ScriptRow = typeof scripts.$inferSelect

const imageUnavailable = (detail: string) =>
  new AppError(502, 'SCRIPT_IMAGE_UNAVAILABLE', `话术图片无法获取（${detail}），请联系管理员检查图片地址`)

export function createScriptMedia(db: Db, wecom: WecomClient) {
  return {
    /** A media id for an image script that is good for at least the next hour. */
    async mediaFor(row: ScriptRow, now: Date): Promise<{ mediaId: string }> {
      if (row.mediaId && mediaStillUsable(row.mediaExpiresAt, now)) {
        return { mediaId: row.mediaId }
      }
      const url = row.attachment?.url
      if (!url) throw new Error(`image script ${row.id} has no image URL`)
      const uploaded = await wecom.uploadMedia('image', await downloadMedia(url, 'image', imageUnavailable))
      // Kept only if the script was not edited meanwhile (a new image URL must not get the old image's id).
      await db.transaction(async (tx) => {
        await tx
          .update(scripts)
          .set({ mediaId: uploaded.mediaId, mediaExpiresAt: uploaded.expiresAt })
          .where(and(eq(scripts.id, row.id), eq(scripts.updatedAt, row.updatedAt)))
      })
      return { mediaId: uploaded.mediaId }
    },
  }
}
