import { ManageOnly } from './admin-access'

/** The actions on a row of live codes (contact-way or group): edit, download the QR, its figures, delete. */
export function LiveCodeActions({
  hasQrCode,
  onEdit,
  onDownload,
  onStats,
  onDelete,
}: {
  hasQrCode: boolean
  onEdit: () => void
  onDownload: () => void
  onStats: () => void
  onDelete: () => void
}) {
  return (
    <>
      <ManageOnly>
        <button className="button button--link" type="button" onClick={onEdit}>
          编辑
        </button>
      </ManageOnly>
      <button className="button button--link" type="button" disabled={!hasQrCode} onClick={onDownload}>
        下载二维码
      </button>
      <button className="button button--link" type="button" onClick={onStats}>
        数据
      </button>
      <ManageOnly>
        <button className="button button--link button--danger" type="button" onClick={onDelete}>
          删除
        </button>
      </ManageOnly>
    </>
  )
}
