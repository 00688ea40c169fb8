import { useState } from 'react'
import type { Tag as CustomerTag } from '@liuliang/shared'
import { errorMessage } from '../../errors'
import { FormFooter, InlineError } from '../../feedback'
import { Button, TAG_TONES, Tag } from '../../nutui'
import { useRequest } from '../../use-request'
import type { Customer360Guide } from '../source'
import { tagChanges, toggleTag } from '../tag-choice'

type TagEditing = Pick<Customer360Guide, 'loadTagGroups' | 'updateTags'>

/**
 * The customer's tags as chips; a guide's editing toggles chips group by group and saves the difference.
 * Without an editor (the console) the tags are only shown.
 */
export function TagSection({
  tags,
  editor,
}: {
  tags: readonly CustomerTag[]
  editor?: TagEditing & { onChanged: (tags: CustomerTag[]) => void }
}) {
  const [editing, setEditing] = useState(false)
  return (
    <section className="card" aria-label="客户标签">
      <div className="card__head">
        <h2 className="card__title">客户标签</h2>
        {editor && !editing && (
          <Button size="mini" fill="outline" onClick={() => setEditing(true)}>
            编辑标签
          </Button>
        )}
      </div>
      {editor && editing ? (
        <TagEditor
          editing={editor}
          current={tags}
          onDone={(updated) => {
            setEditing(false)
            if (updated) editor.onChanged(updated)
          }}
        />
      ) : tags.length === 0 ? (
        <p className="muted">还没有标签</p>
      ) : (
        <div className="badges">
          {tags.map((tag) => (
            <Tag key={tag.id} {...TAG_TONES.orange}>
              {tag.groupName}·{tag.name}
            </Tag>
          ))}
        </div>
      )}
    </section>
  )
}

function TagEditor({
  editing,
  current,
  onDone,
}: {
  editing: TagEditing
  current: readonly CustomerTag[]
  onDone: (updated: CustomerTag[] | null) => void
}) {
  // Tag groups are the brand's, the same for every customer: loaded once per editing.
  const groups = useRequest(editing.loadTagGroups, [])
  const [chosen, setChosen] = useState<Set<number>>(() => new Set(current.map((tag) => tag.id)))
  const [saving, setSaving] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const save = async () => {
    const { add, remove } = tagChanges(current, chosen)
    if (add.length + remove.length === 0) return onDone(null)
    setSaving(true)
    setError(null)
    try {
      onDone((await editing.updateTags({ add, remove })).tags)
    } catch (failure) {
      setError(errorMessage(failure))
      setSaving(false)
    }
  }

  if (groups.status === 'loading') return <p className="muted">标签加载中…</p>
  if (groups.status === 'error') return <InlineError error={groups.error} onRetry={groups.reload} />
  return (
    <div className="tag-editor">
      {groups.data.groups.map((group) => (
        <fieldset key={group.id} className="tag-editor__group">
          <legend className="tag-editor__legend">
            {group.name}
            {group.exclusive && <span className="muted">（单选）</span>}
          </legend>
          <div className="chips">
            {group.tags.map((tag) => (
              <button
                key={tag.id}
                type="button"
                className="chip"
                aria-pressed={chosen.has(tag.id)}
                onClick={() => setChosen((set) => toggleTag(set, group, tag.id))}
              >
                {tag.name}
              </button>
            ))}
          </div>
        </fieldset>
      ))}
      <FormFooter error={error} saving={saving} saveLabel="保存标签" onCancel={() => onDone(null)} onSave={save} />
    </div>
  )
}
