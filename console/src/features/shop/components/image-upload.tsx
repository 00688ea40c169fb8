import { IMAGE_RULE_TEXT, IMAGE_TYPES, imageFileProblem } from '@liuliang/shared'
import { errorMessage } from '@liuliang/ui/errors'
import { useRef, useState } from 'react'
import { uploadShopImage } from '../api/shop'

/** A button that uploads the picture the admin picks and hands its address to the form. */
export function ImageUpload({ label = '上传图片', onUploaded }: { label?: string; onUploaded: (url: string) => void }) {
  const input = useRef<HTMLInputElement>(null)
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)

  const upload = async (file: File) => {
    const local = imageFileProblem(file)
    setProblem(local)
    if (local) return
    setBusy(true)
    try {
      onUploaded((await uploadShopImage(file)).url)
    } catch (error) {
      setProblem(errorMessage(error))
    } finally {
      setBusy(false)
    }
  }

  return (
    <div className="image-upload">
      <button className="button" type="button" disabled={busy} onClick={() => input.current?.click()}>
        {busy ? '上传中…' : label}
      </button>
      <span className="muted">{IMAGE_RULE_TEXT}</span>
      <input
        ref={input}
        type="file"
        hidden
        aria-label={label}
        accept={Object.keys(IMAGE_TYPES).join(',')}
        onChange={(event) => {
          const file = event.target.files?.[0]
          // Cleared so that picking the same file again (after an error) uploads it again.
          event.target.value = ''
          if (file) void upload(file)
        }}
      />
      {problem && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
    </div>
  )
}
