import { useState, type FormEvent } from 'react'
import { SCRIPT_TYPE_LABELS, SCRIPT_TYPES, type Script, type ScriptType } from '@liuliang/shared'
import { formatDateTime } from '@liuliang/ui/format'
import { Pager } from '../../../lib/pager'
import { currentCursor, firstPage, type CursorStack } from '../../../lib/cursor-stack'
import { DataTable } from '../../../lib/data-table'
import { runSave, SaveStatus, type SaveState } from '../../../lib/save-state'
import { leaveGuard } from '../../../lib/unsaved-changes'
import { deleteScript, useScriptCategories, useScripts } from '../api/scripts'
import { CategoryPanel } from './category-panel'
import { CreateScriptEditor, EditScriptEditor } from './script-editor'
import { ManageOnly } from '../../../lib/admin-access'

const SEARCH_MAX = 50

type Editing = { mode: 'create' } | { mode: 'edit'; script: Script } | null

/** The brand's script library: categories, scripts searched as guides search them, and the editor. */
export function ScriptsPage() {
  const categories = useScriptCategories()
  const [input, setInput] = useState('')
  const [q, setQ] = useState('')
  const [categoryId, setCategoryId] = useState<number | null>(null)
  const [type, setType] = useState<ScriptType | null>(null)
  const [cursors, setCursors] = useState<CursorStack>(firstPage)
  const scripts = useScripts({ q, categoryId, type, cursor: currentCursor(cursors) })
  const [editing, setEditing] = useState<Editing>(null)
  const [action, setAction] = useState<SaveState>('idle')
  const categoryList = categories.status === 'success' ? categories.data.categories : []
  const categoryName = (id: number | null) => categoryList.find((category) => category.id === id)?.name ?? '—'

  // Opening another script in the editor discards the one open, so it asks as navigation does.
  const openEditor = (next: Editing) => {
    if (leaveGuard.confirmLeave()) setEditing(next)
  }
  const filter = (next: { q?: string; categoryId?: number | null; type?: ScriptType | null }) => {
    if (next.q !== undefined) setQ(next.q)
    if (next.categoryId !== undefined) setCategoryId(next.categoryId)
    if (next.type !== undefined) setType(next.type)
    setCursors(firstPage)
  }
  const search = (event: FormEvent) => {
    event.preventDefault()
    filter({ q: input.trim() })
  }
  const remove = async (script: Script) => {
    if (!window.confirm(`确定删除话术「${script.title}」吗？导购将不能再发送它，删除后无法恢复。`)) return
    if (await runSave(setAction, () => deleteScript(script.id))) {
      if (editing?.mode === 'edit' && editing.script.id === script.id) setEditing(null)
      scripts.refresh()
    }
  }
  const saved = () => {
    setEditing(null)
    scripts.refresh()
  }

  return (
    <section className="page">
      <header className="page__header">
        <h1 className="page__title">话术库</h1>
        <ManageOnly>
          <button className="button button--primary" type="button" onClick={() => openEditor({ mode: 'create' })}>
            新建话术
          </button>
        </ManageOnly>
      </header>
      {editing?.mode === 'create' && (
        <CreateScriptEditor categoryId={categoryId} categories={categoryList} onSaved={saved} onClose={() => setEditing(null)} />
      )}
      {editing?.mode === 'edit' && (
        <EditScriptEditor key={editing.script.id} script={editing.script} categories={categoryList} onSaved={saved} onClose={() => setEditing(null)} />
      )}
      <div className="scripts-layout">
        <CategoryPanel categories={categories} selected={categoryId} onSelect={(id) => filter({ categoryId: id })} />
        <div>
          <form className="audience-bar" role="search" onSubmit={search}>
            <input
              className="field__input"
              aria-label="搜索话术"
              placeholder="标题、内容或关键词"
              maxLength={SEARCH_MAX}
              value={input}
              onChange={(event) => setInput(event.target.value)}
            />
            <select className="field__input" aria-label="话术类型" value={type ?? ''} onChange={(event) => filter({ type: (event.target.value || null) as ScriptType | null })}>
              <option value="">全部类型</option>
              {SCRIPT_TYPES.map((value) => (
                <option key={value} value={value}>
                  {SCRIPT_TYPE_LABELS[value]}
                </option>
              ))}
            </select>
            <button className="button" type="submit">
              搜索
            </button>
            {q !== '' && (
              <button
                className="button button--link"
                type="button"
                onClick={() => {
                  setInput('')
                  filter({ q: '' })
                }}
              >
                清除搜索
              </button>
            )}
          </form>
          <SaveStatus state={action} saved="已删除" />
          <DataTable
            headings={['标题', '类型', '分类', '关键词', '已发送', '更新时间', '']}
            state={scripts}
            empty={q !== '' || categoryId !== null || type !== null ? '没有符合条件的话术' : '话术库还是空的，点「新建话术」添加第一条'}
          >
            {scripts.status === 'success' &&
              scripts.data.items.map((script) => (
                <tr key={script.id} aria-label={`话术「${script.title}」`}>
                  <td>{script.title}</td>
                  <td>{SCRIPT_TYPE_LABELS[script.type]}</td>
                  <td>{categoryName(script.categoryId)}</td>
                  <td>{script.keywords.join('、') || '—'}</td>
                  <td>{script.usageCount} 次</td>
                  <td>{formatDateTime(script.updatedAt)}</td>
                  <td>
                    <span className="inline-form">
                      <ManageOnly>
                        <button className="button button--link" type="button" onClick={() => openEditor({ mode: 'edit', script })}>
                          编辑
                        </button>
                      </ManageOnly>
                      <ManageOnly>
                        <button className="button button--link button--danger" type="button" onClick={() => void remove(script)}>
                          删除
                        </button>
                      </ManageOnly>
                    </span>
                  </td>
                </tr>
              ))}
          </DataTable>
          <Pager cursors={cursors} nextCursor={scripts.status === 'success' ? scripts.data.nextCursor : null} onChange={setCursors} />
        </div>
      </div>
    </section>
  )
}
