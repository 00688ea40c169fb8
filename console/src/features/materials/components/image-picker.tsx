import { IMAGE_RULE_TEXT, WECOM_IMAGE_RULE_TEXT } from '@liuliang/shared'
import { useState } from 'react'
import { useCan } from '../../../lib/admin-access'
import { Modal } from '../../access/components/modal'
import { LibraryGrid } from './library-grid'
import { UploadButton } from './upload-button'

/**
 * The library in a dialog. For one picture a click picks it; for several (`max` above one, a gallery or a
 * moment's images) clicks mark them in order and 确定 hands them over. A new upload is handed over at once.
 * For WeCom, JPG and PNG only.
 */
export function ImagePicker({
  wecom = false,
  max = 1,
  onPick,
  onClose,
}: {
  wecom?: boolean
  max?: number
  onPick: (urls: string[]) => void
  onClose: () => void
}) {
  const canUpload = useCan('materials', 'manage')
  const [marked, setMarked] = useState<string[]>([])
  const several = max > 1
  const toggle = (url: string) =>
    setMarked((current) => (current.includes(url) ? current.filter((each) => each !== url) : current.length < max ? [...current, url] : current))

  return (
    <Modal title="从素材库选择图片">
      {canUpload && (
        <div className="image-upload">
          <UploadButton label="上传新图片" wecom={wecom} onUploaded={(url) => onPick([url])} />
          <span className="muted">{wecom ? WECOM_IMAGE_RULE_TEXT : IMAGE_RULE_TEXT}</span>
        </div>
      )}
      <LibraryGrid
        label="素材库图片"
        version={0}
        wecom={wecom}
        picture={(image) => {
          const order = marked.indexOf(image.url)
          return (
            <button
              className="library-grid__pick"
              type="button"
              aria-label={`选择「${image.title}」`}
              aria-pressed={several ? order >= 0 : undefined}
              onClick={() => (several ? toggle(image.url) : onPick([image.url]))}
            >
              <img src={image.url} alt="" loading="lazy" />
              {order >= 0 && <span className="library-grid__order">{order + 1}</span>}
            </button>
          )
        }}
        below={(image) => <span className="library-grid__title">{image.title}</span>}
      />
      <div className="form-actions">
        {several && (
          <button className="button button--primary" type="button" disabled={marked.length === 0} onClick={() => onPick(marked)}>
            确定（已选 {marked.length}/{max}）
          </button>
        )}
        <button className="button" type="button" onClick={onClose}>
          取消
        </button>
      </div>
    </Modal>
  )
}
