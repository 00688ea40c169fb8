import { IMAGE_RULE_TEXT, WECOM_IMAGE_RULE_TEXT } from '@liuliang/shared'
import { useRef, useState } from 'react'
import { useCan } from '../../../lib/admin-access'
import { ImagePicker } from './image-picker'
import { UploadButton } from './upload-button'

/**
 * Where a picture's address comes from besides typing it: a file the admin uploads (into the library) or a
 * picture chosen from the library. Each button shows only to a role that may use it. For a picture WeCom
 * uploads (`wecom`), only JPG and PNG are offered.
 */
export function ImageSource({
  label = '上传图片',
  wecom = false,
  max = 1,
  onChosen,
}: {
  label?: string
  wecom?: boolean
  /** How many pictures may be chosen from the library at once (a gallery's room left). */
  max?: number
  onChosen: (urls: string[]) => void
}) {
  const canUpload = useCan('materials', 'manage')
  const canChoose = useCan('materials', 'view')
  const [choosing, setChoosing] = useState(false)
  // Counts picks from the library: the upload button starts afresh after one, its last error no longer true.
  const [picks, setPicks] = useState(0)
  // The picker answers after the form may have changed: the address goes to the form as it is then.
  const latestOnChosen = useRef(onChosen)
  latestOnChosen.current = onChosen
  if (!canChoose) return null

  return (
    <div className="image-upload">
      {canUpload && <UploadButton key={picks} label={label} wecom={wecom} onUploaded={(url) => latestOnChosen.current([url])} />}
      <button className="button" type="button" onClick={() => setChoosing(true)}>
        从素材库选择
      </button>
      {canUpload && <span className="muted">{wecom ? WECOM_IMAGE_RULE_TEXT : IMAGE_RULE_TEXT}</span>}
      {choosing && (
        <ImagePicker
          wecom={wecom}
          max={max}
          onPick={(urls) => {
            setChoosing(false)
            setPicks((n) => n + 1)
            latestOnChosen.current(urls)
          }}
          onClose={() => setChoosing(false)}
        />
      )}
    </div>
  )
}
