import { IMAGE_RULE_TEXT, WECOM_IMAGE_RULE_TEXT } from '@liuliang/shared'
import { useCan } from '../../../lib/admin-access'
import { Modal } from '../../access/components/modal'
import { LibraryGrid } from './library-grid'
import { UploadButton } from './upload-button'

/** The library in a dialog: a click on a picture, or a new upload, hands its address over. For WeCom, JPG and PNG only. */
export function ImagePicker({ wecom = false, onPick, onClose }: { wecom?: boolean; onPick: (url: string) => void; onClose: () => void }) {
  const canUpload = useCan('materials', 'manage')
  return (
    <Modal title="从素材库选择图片">
      {canUpload && (
        <div className="image-upload">
          <UploadButton label="上传新图片" wecom={wecom} onUploaded={onPick} />
          <span className="muted">{wecom ? WECOM_IMAGE_RULE_TEXT : IMAGE_RULE_TEXT}</span>
        </div>
      )}
      <LibraryGrid
        label="素材库图片"
        version={0}
        wecom={wecom}
        picture={(image) => (
          <button className="library-grid__pick" type="button" aria-label={`选择「${image.title}」`} onClick={() => onPick(image.url)}>
            <img src={image.url} alt="" loading="lazy" />
          </button>
        )}
        below={(image) => <span className="library-grid__title">{image.title}</span>}
      />
      <div className="form-actions">
        <button className="button" type="button" onClick={onClose}>
          取消
        </button>
      </div>
    </Modal>
  )
}
