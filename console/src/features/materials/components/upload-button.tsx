import { IMAGE_TYPES, WECOM_IMAGE_TYPES, imageFileProblem } from '@liuliang/shared'
import { errorMessage } from '@liuliang/ui/errors'
import { useRef, useState } from 'react'
import { uploadImage } from '../api/materials'

/** Uploads the picture the admin picks into the library and hands over its address; says what is wrong otherwise. Callers show the rules (`IMAGE_RULE_TEXT`) where they fit. */
export function UploadButton({ label, wecom = false, onUploaded }: { label: string; wecom?: boolean; onUploaded: (url: string) => void }) {
  const input = useRef<HTMLInputElement>(null)
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  // An upload answers later: its address goes to the form as the form is then, not as it was when the file was picked.
  const latestOnUploaded = useRef(onUploaded)
  latestOnUploaded.current = onUploaded

  const upload = async (file: File) => {
    const local = imageFileProblem(file, { wecom })
    setProblem(local)
    if (local) return
    setBusy(true)
    try {
      const { url } = await uploadImage(file)
      latestOnUploaded.current(url)
    } catch (error) {
      setProblem(errorMessage(error))
    } finally {
      setBusy(false)
    }
  }

  return (
    <>
      <button className="button" type="button" disabled={busy} onClick={() => input.current?.click()}>
        {busy ? '上传中…' : label}
      </button>
      <input
        ref={input}
        type="file"
        hidden
        aria-label={label}
        accept={(wecom ? WECOM_IMAGE_TYPES : Object.keys(IMAGE_TYPES)).join(',')}
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
    </>
  )
}
