import { useState, type FormEvent } from 'react'
import { PLACEHOLDER_LABELS, type Script } from '@liuliang/shared'
import { errorMessage } from '@liuliang/ui/errors'
import { FormFooter } from '@liuliang/ui/feedback'
import { createPersonalScript } from '../api/scripts'

const PLACEHOLDER_HINT = Object.entries(PLACEHOLDER_LABELS)
  .map(([name, label]) => `{{${name}}} ${label}`)
  .join('，')

/** A guide's own text script: what they keep typing, saved once. */
export function PersonalScriptForm({ onDone }: { onDone: (saved: Script | null) => void }) {
  const [title, setTitle] = useState('')
  const [content, setContent] = useState('')
  const [keywords, setKeywords] = useState('')
  const [saving, setSaving] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (title.trim() === '' || content.trim() === '') return setError('标题和内容都要填写')
    setSaving(true)
    setError(null)
    try {
      const words = [...new Set(keywords.split(/[\s,，、]+/).filter(Boolean))]
      onDone(await createPersonalScript({ type: 'text', title: title.trim(), content: content.trim(), keywords: words }))
    } catch (failure) {
      setError(errorMessage(failure))
      setSaving(false)
    }
  }

  return (
    <form className="profile-form" onSubmit={submit} aria-label="新建我的话术">
      <label className="form-row">
        <span>标题</span>
        <input className="input" maxLength={60} value={title} onChange={(event) => setTitle(event.target.value)} />
      </label>
      <textarea
        className="textarea"
        aria-label="话术内容"
        rows={4}
        maxLength={2000}
        placeholder={`可用占位符：${PLACEHOLDER_HINT}`}
        value={content}
        onChange={(event) => setContent(event.target.value)}
      />
      <label className="form-row">
        <span>关键词</span>
        <input className="input" placeholder="用空格分隔" value={keywords} onChange={(event) => setKeywords(event.target.value)} />
      </label>
      <FormFooter error={error} saving={saving} saveLabel="保存话术" onCancel={() => onDone(null)} />
    </form>
  )
}
