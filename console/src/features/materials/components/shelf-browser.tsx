import { LIBRARY_TITLE_MAX, type Page } from '@liuliang/shared'
import { errorMessage } from '@liuliang/ui/errors'
import { useRequest } from '@liuliang/ui/use-request'
import { useState, type DependencyList, type FormEvent, type ReactNode } from 'react'
import { currentCursor, firstPage, type CursorStack } from '../../../lib/cursor-stack'
import { Pager } from '../../../lib/pager'
import type { ShelfQuery } from '../api/materials'

/**
 * A shelf of the library (pictures, videos or documents), newest first, a page at a time, found by words of
 * their titles; what each shows of its entries is the caller's.
 */
export function ShelfBrowser<Entry>({
  label,
  nameLabel,
  load,
  deps,
  empty,
  children,
}: {
  /** names the list and its search form */
  label: string
  /** what the search box searches, for a screen reader */
  nameLabel: string
  load: (query: ShelfQuery, signal: AbortSignal) => Promise<Page<Entry>>
  /** what else the shelf depends on: a new value (after an upload) loads it again */
  deps: DependencyList
  empty: (words: string) => string
  /** the entries of the page; `changed` loads it again */
  children: (entries: Entry[], changed: () => void) => ReactNode
}) {
  const [draft, setDraft] = useState('')
  const [words, setWords] = useState('')
  const [cursors, setCursors] = useState<CursorStack>(firstPage)
  const cursor = currentCursor(cursors)
  const entries = useRequest((signal) => load({ words, cursor }, signal), [words, cursor, ...deps])

  const search = (event: FormEvent) => {
    event.preventDefault()
    setWords(draft.trim())
    setCursors(firstPage)
  }

  return (
    <>
      <form className="filter-row filter-row--inline" role="search" aria-label={`搜索${label}`} onSubmit={search}>
        <input className="field__input" aria-label={nameLabel} placeholder="按名称搜索" maxLength={LIBRARY_TITLE_MAX} value={draft} onChange={(event) => setDraft(event.target.value)} />
        <button className="button" type="submit">
          搜索
        </button>
      </form>
      {entries.status === 'loading' && <p className="muted">加载中…</p>}
      {entries.status === 'error' && (
        <p className="form-error" role="alert">
          加载失败：{errorMessage(entries.error)}{' '}
          <button className="button button--link" type="button" onClick={entries.reload}>
            重试
          </button>
        </p>
      )}
      {entries.status === 'success' && (entries.data.items.length === 0 ? <p className="muted">{empty(words)}</p> : children(entries.data.items, entries.refresh))}
      <Pager cursors={cursors} nextCursor={entries.status === 'success' ? entries.data.nextCursor : null} onChange={setCursors} />
    </>
  )
}
