import { useRef, useState, type Dispatch, type FormEvent, type SetStateAction } from 'react'
import { PLACEHOLDER_LABELS, SCRIPT_PLACEHOLDERS, SCRIPT_TYPE_LABELS, SCRIPT_TYPES, type Script, type ScriptCategory, type ScriptType } from '@liuliang/shared'
import { Field, TextField } from '../../../lib/field'
import { runSave, SaveStatus, type SaveState } from '../../../lib/save-state'
import { sameValue, useDraft, useUnsavedChanges } from '../../../lib/unsaved-changes'
import { createScript, replaceScript } from '../api/scripts'
import { CategorySelect } from './category-select'
import { ImageField } from '../../materials/components/image-field'
import { FileCard, LibraryFileField } from '../../materials/components/library-file-field'
import {
  blankScriptForm,
  DESCRIPTION_MAX,
  formToInput,
  insertPlaceholder,
  previewMessage,
  SAMPLE_VALUES,
  scriptFormProblems,
  scriptToForm,
  TEXT_MAX,
  TITLE_MAX,
  type ScriptForm,
} from '../script-form'
import { ManageOnly } from '../../../lib/admin-access'

interface EditorProps {
  categories: ScriptCategory[]
  onSaved: (script: Script) => void
  onClose: () => void
}

/** A new script; it counts as unsaved once it differs from the blank form. */
export function CreateScriptEditor({ categoryId, ...props }: EditorProps & { categoryId: number | null }) {
  const blank = blankScriptForm(categoryId)
  const [form, setForm] = useState(blank)
  useUnsavedChanges(!sameValue(form, blank))
  return <ScriptEditor {...props} heading="新建话术" form={form} setForm={setForm} save={(input) => createScript(input)} onSavedForm={() => setForm(blank)} />
}

/** An existing script, loaded into the form; unsaved while it differs from what was last saved. */
export function EditScriptEditor({ script, ...props }: EditorProps & { script: Script }) {
  const { draft, setDraft, markSaved } = useDraft(scriptToForm(script))
  return (
    <ScriptEditor
      {...props}
      heading={`编辑话术「${script.title}」`}
      form={draft}
      setForm={setDraft}
      save={(input) => replaceScript(script.id, input)}
      onSavedForm={() => markSaved()}
    />
  )
}

function ScriptEditor({
  heading,
  form,
  setForm,
  save,
  onSavedForm,
  categories,
  onSaved,
  onClose,
}: EditorProps & {
  heading: string
  form: ScriptForm
  setForm: Dispatch<SetStateAction<ScriptForm>>
  save: (input: ReturnType<typeof formToInput>) => Promise<Script>
  onSavedForm: () => void
}) {
  const [state, setState] = useState<SaveState>('idle')
  const content = useRef<HTMLTextAreaElement>(null)
  const problems = scriptFormProblems(form)
  const set = (patch: Partial<ScriptForm>) => setForm((current) => ({ ...current, ...patch }))

  const insert = (name: (typeof SCRIPT_PLACEHOLDERS)[number]) => {
    const box = content.current
    const start = box?.selectionStart ?? form.content.length
    const end = box?.selectionEnd ?? form.content.length
    const next = insertPlaceholder(form.content, start, end, name)
    set({ content: next.text })
    requestAnimationFrame(() => {
      box?.focus()
      box?.setSelectionRange(next.caret, next.caret)
    })
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    let saved: Script | undefined
    if (await runSave(setState, async () => (saved = await save(formToInput(form))))) {
      onSavedForm()
      if (saved) onSaved(saved)
    }
  }

  const contentLabel = form.type === 'text' ? '话术内容' : form.type === 'link' ? '卡片摘要' : '给导购的说明'
  return (
    <form className="chart-card" aria-label={heading} onSubmit={(event) => void submit(event)} noValidate>
      <h2 className="chart-card__title">{heading}</h2>
      <div className="script-editor">
        <div className="form-narrow" style={{ maxWidth: 'none' }}>
          <Field label="类型">
            <select className="field__input" value={form.type} onChange={(e) => set({ type: e.target.value as ScriptType })}>
              {SCRIPT_TYPES.map((type) => (
                <option key={type} value={type}>
                  {SCRIPT_TYPE_LABELS[type]}
                </option>
              ))}
            </select>
          </Field>
          <TextField label="标题" maxLength={TITLE_MAX} value={form.title} onValue={(title) => set({ title })} />
          <CategorySelect
            label="分类"
            none="（不分类）"
            all={categories}
            choices={categories}
            value={form.categoryId}
            onChange={(categoryId) => set({ categoryId })}
          />
          <TextField label="关键词（用空格分隔，最多 10 个）" value={form.keywords} onValue={(keywords) => set({ keywords })} />
          <Field label={contentLabel}>
            <textarea
              ref={content}
              className="field__input"
              maxLength={form.type === 'text' ? TEXT_MAX : DESCRIPTION_MAX}
              value={form.content}
              onChange={(e) => set({ content: e.target.value })}
            />
          </Field>
          <div className="inline-form" role="group" aria-label="插入占位符">
            {SCRIPT_PLACEHOLDERS.map((name) => (
              <button key={name} className="button" type="button" onClick={() => insert(name)}>
                插入{PLACEHOLDER_LABELS[name]}
              </button>
            ))}
          </div>
          {form.type === 'image' && <ImageField label="图片地址" picture="图片" wecom value={form.imageUrl} onValue={(imageUrl) => set({ imageUrl })} />}
          {form.type === 'link' && <TextField label="链接地址" value={form.linkUrl} onValue={(linkUrl) => set({ linkUrl })} />}
          {form.type === 'miniprogram' && (
            <>
              <TextField label="小程序 AppID" value={form.appid} onValue={(appid) => set({ appid })} />
              <TextField label="小程序页面路径" placeholder="pages/checkin/index.html" value={form.page} onValue={(page) => set({ page })} />
            </>
          )}
          {form.type === 'file' && (
            <LibraryFileField label="视频或文件" name={form.fileName} onPick={(file) => set({ fileId: file.id, fileName: file.fileName })} />
          )}
          {(form.type === 'link' || form.type === 'miniprogram') && (
            <ImageField label="卡片图片地址" picture="卡片图片" value={form.cardImageUrl} onValue={(cardImageUrl) => set({ cardImageUrl })} />
          )}
        </div>
        <MessagePreview form={form} />
      </div>
      {problems.length > 0 && (
        <ul className="form-error" aria-label="待修改">
          {problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      )}
      <SaveStatus state={state} />
      <span className="inline-form">
        <ManageOnly>
          <button className="button button--primary" type="submit" disabled={problems.length > 0 || state === 'saving'}>
            {state === 'saving' ? '保存中…' : '保存话术'}
          </button>
        </ManageOnly>
        <button className="button" type="button" onClick={onClose}>
          关闭
        </button>
      </span>
    </form>
  )
}

/** What the sample customer would see in the chat, built as a real send builds it. */
function MessagePreview({ form }: { form: ScriptForm }) {
  const { message } = previewMessage(form)
  return (
    <section aria-label="预览">
      <p className="muted">预览（示例客户：{SAMPLE_VALUES.customerName}，{SAMPLE_VALUES.level}，积分 {SAMPLE_VALUES.points}）</p>
      <div className="chat-preview" data-testid="script-preview">
        {message?.msgtype === 'text' && message.text.content}
        {message?.msgtype === 'image' && (form.imageUrl ? <img src={form.imageUrl} alt={form.title} /> : '（图片）')}
        {(message?.msgtype === 'video' || message?.msgtype === 'file') && <FileCard name={form.fileName} />}
        {message?.msgtype === 'news' && (
          <>
            <strong>{message.news.title}</strong>
            <p>{message.news.desc}</p>
            {message.news.imgUrl && <img src={message.news.imgUrl} alt="" />}
            <p className="muted">{message.news.link}</p>
          </>
        )}
        {message?.msgtype === 'miniprogram' && (
          <>
            <strong>{message.miniprogram.title}</strong>
            {message.miniprogram.imgUrl && <img src={message.miniprogram.imgUrl} alt="" />}
            <p className="muted">小程序 · {message.miniprogram.page}</p>
          </>
        )}
      </div>
    </section>
  )
}
