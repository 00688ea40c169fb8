import { useEffect, useState } from 'react'
import { SCRIPT_TYPE_LABELS, SCRIPT_TYPES, type PlaceholderValues, type ScriptCategory, type ScriptPage, type ScriptType } from '@liuliang/shared'
import { InlineError, MoreButton } from '@liuliang/ui/feedback'
import { Button, SearchBar } from '@liuliang/ui/nutui'
import { useMorePages } from '@liuliang/ui/use-more-pages'
import { useRequest } from '@liuliang/ui/use-request'
import type { SendTarget } from '../../../lib/script-send'
import { searchScripts, useScriptCategories, type ScriptFilter } from '../api/scripts'
import { PersonalScriptForm } from './personal-script-form'
import { ScriptItem } from './script-item'

const SEARCH_DELAY_MS = 300

/** The script library (话术库): search, category and type chips, and scripts most used first. */
export function ScriptLibrary({
  target,
  values,
  onSent,
}: {
  target: SendTarget
  values: PlaceholderValues
  onSent: () => void
}) {
  const [input, setInput] = useState('')
  const [filter, setFilter] = useState<ScriptFilter>({ q: '', categoryId: null, type: null })
  const [writing, setWriting] = useState(false)
  const results = useRequest((signal) => searchScripts(filter, undefined, signal), [filter.q, filter.categoryId, filter.type])
  // The last answer stays on screen while the next search runs, so the list does not blink per keystroke.
  const [shown, setShown] = useState<{ page: ScriptPage; filter: ScriptFilter } | null>(null)
  const answered = results.status === 'success' ? results.data : null
  useEffect(() => {
    // A new answer always belongs to the filter in effect: a changed filter cancels the request before it.
    if (answered) setShown({ page: answered, filter })
  }, [answered])

  useEffect(() => {
    const timer = window.setTimeout(() => setFilter((current) => ({ ...current, q: input.trim() })), SEARCH_DELAY_MS)
    return () => window.clearTimeout(timer)
  }, [input])

  return (
    <section className="card script-library" aria-label="话术库">
      <SearchBar
        value={input}
        placeholder="搜索话术标题、内容或关键词"
        onChange={(value) => setInput(value)}
        onSearch={(value) => setFilter((current) => ({ ...current, q: value.trim() }))}
      />
      <CategoryChips selected={filter.categoryId} onSelect={(categoryId) => setFilter((current) => ({ ...current, categoryId }))} />
      <TypeChips selected={filter.type} onSelect={(type) => setFilter((current) => ({ ...current, type }))} />
      {writing ? (
        <PersonalScriptForm
          onDone={(saved) => {
            setWriting(false)
            // A new script has no uses yet, so it would sort last: find it by its title instead.
            if (saved) setInput(saved.title)
          }}
        />
      ) : (
        <Button size="small" fill="dashed" block onClick={() => setWriting(true)}>
          ＋ 新建我的话术
        </Button>
      )}
      {results.status === 'loading' && shown === null && <p className="muted">加载中…</p>}
      {results.status === 'error' && <InlineError error={results.error} onRetry={results.reload} />}
      {shown && (
        <ScriptResults
          first={shown.page}
          filter={shown.filter}
          busy={results.status === 'loading' || input.trim() !== filter.q}
          target={target}
          values={values}
          onSent={onSent}
        />
      )}
    </section>
  )
}

function ScriptResults({
  first,
  filter,
  busy,
  target,
  values,
  onSent,
}: {
  first: ScriptPage
  filter: ScriptFilter
  /** The list is not yet the answer to what is typed and chosen. */
  busy: boolean
  target: SendTarget
  values: PlaceholderValues
  onSent: () => void
}) {
  const list = useMorePages(first, (cursor) => searchScripts(filter, cursor))
  // Counts the server reported after this page's sends, until the next search.
  const [counts, setCounts] = useState<Record<number, number>>({})
  useEffect(() => setCounts({}), [first])

  if (list.items.length === 0) {
    return (
      <p className="muted empty-hint" aria-busy={busy}>
        {filter.q ? `没有找到“${filter.q}”相关的话术` : filter.type ? `这里还没有${SCRIPT_TYPE_LABELS[filter.type]}话术` : '这个分类下还没有话术'}
      </p>
    )
  }
  return (
    <>
      <ul className="scripts" aria-label="话术列表" aria-busy={busy}>
        {list.items.map((script) => (
          <ScriptItem
            key={script.id}
            script={script}
            values={values}
            target={target}
            usageCount={counts[script.id] ?? script.usageCount}
            onSent={(usageCount) => {
              setCounts((current) => ({ ...current, [script.id]: usageCount }))
              onSent()
            }}
          />
        ))}
      </ul>
      <MoreButton list={list} />
    </>
  )
}

/** Top-level categories, and the children of the chosen one in a second row. */
function CategoryChips({ selected, onSelect }: { selected: number | null; onSelect: (categoryId: number | null) => void }) {
  const categories = useScriptCategories()
  const all = categories.status === 'success' ? categories.data.categories : []
  const byId = new Map(all.map((category) => [category.id, category]))
  const top = all.filter((category) => category.parentId === null)
  // The chosen category's top-level ancestor decides which children show.
  let root: ScriptCategory | undefined = selected === null ? undefined : byId.get(selected)
  while (root?.parentId != null) root = byId.get(root.parentId)
  const children = root ? all.filter((category) => category.parentId === root.id) : []

  const chip = (label: string, categoryId: number | null) => (
    <button key={categoryId ?? 'all'} type="button" className="chip" aria-pressed={selected === categoryId} onClick={() => onSelect(categoryId)}>
      {label}
    </button>
  )
  if (top.length === 0) return null
  return (
    <div className="category-chips">
      <div className="chips chips--scroll" role="group" aria-label="话术分类">
        {chip('全部', null)}
        {top.map((category) => (
          <button
            key={category.id}
            type="button"
            className="chip"
            aria-pressed={root?.id === category.id}
            onClick={() => onSelect(category.id)}
          >
            {category.name}
          </button>
        ))}
      </div>
      {root && children.length > 0 && (
        <div className="chips chips--scroll" role="group" aria-label={`${root.name}的子分类`}>
          {chip(`全部${root.name}`, root.id)}
          {children.map((category) => chip(category.name, category.id))}
        </div>
      )}
    </div>
  )
}

/** One type of message (a picture, a video or document…), or every type. */
function TypeChips({ selected, onSelect }: { selected: ScriptType | null; onSelect: (type: ScriptType | null) => void }) {
  return (
    <div className="chips chips--scroll" role="group" aria-label="话术类型">
      {[null, ...SCRIPT_TYPES].map((type) => (
        <button key={type ?? 'all'} type="button" className="chip" aria-pressed={selected === type} onClick={() => onSelect(type)}>
          {type ? SCRIPT_TYPE_LABELS[type] : '全部类型'}
        </button>
      ))}
    </div>
  )
}
