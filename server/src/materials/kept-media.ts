// WeCom's temporary media lasts three days. What is sent again and again (a library picture or document,
// an image script) keeps its media id on its row and is uploaded again only when that id runs out.
import { mediaStillUsable, type WecomClient } from '../clients/wecom-client'
import type { Db, Tx } from '../db'

type Upload = Parameters<WecomClient['uploadMedia']>

/** A row's kept media columns. */
export interface KeptMedia {
  mediaId: string | null
  mediaExpiresAt: Date | null
}

/**
 * The kept media id while it is good for at least the next hour; otherwise the file uploaded again and its
 * new id written back by `keep`, in a unit of work of its own after the upload.
 */
export async function keptOrUploaded(
  { db, wecom }: { db: Db; wecom: WecomClient },
  kept: KeptMedia,
  at: Date,
  upload: { type: Upload[0]; file: () => Promise<Upload[1]>; keep: (tx: Tx, media: { mediaId: string; mediaExpiresAt: Date }) => Promise<unknown> },
): Promise<string> {
  if (kept.mediaId && mediaStillUsable(kept.mediaExpiresAt, at)) return kept.mediaId
  const uploaded = await wecom.uploadMedia(upload.type, await upload.file())
  await db.transaction(async (tx) => {
    await upload.keep(tx, { mediaId: uploaded.mediaId, mediaExpiresAt: uploaded.expiresAt })
  })
  return uploaded.mediaId
}
