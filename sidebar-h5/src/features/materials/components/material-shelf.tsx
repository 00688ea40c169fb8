import { useEffect, useState, type ReactNode } from 'react'
import type { ChatMessage, Page } from '@liuliang/shared'
import { InlineError, MoreButton } from '@liuliang/ui/feedback'
import { Button, SearchBar } from '@liuliang/ui/nutui'
import { useMorePages } from '@liuliang/ui/use-more-pages'
import { useRequest } from '@liuliang/ui/use-request'
import { useChatSend } from '../../../lib/chat-send'

const SEARCH_DELAY_MS = 300

/** One shelf of the library in the chat toolbar: found by words of titles as the guide types, more on demand. */
export function MaterialShelf<Item extends { id: number }>({
  label,
  placeholder,
  search,
  empty,
  listClassName,
  item,
}: {
  /** names the list */
  label: string
  placeholder: string
  search: (words: string, cursor: string | undefined, signal?: AbortSignal) => Promise<Page<Item>>
  empty: (words: string) => string
  listClassName: string
  item: (entry: Item) => ReactNode
}) {
  const [input, setInput] = useState('')
  const [words, setWords] = useState('')
  const first = useRequest((signal) => search(words, undefined, signal), [words])

  useEffect(() => {
    const timer = window.setTimeout(() => setWords(input.trim()), SEARCH_DELAY_MS)
    return () => window.clearTimeout(timer)
  }, [input])

  return (
    <>
      <SearchBar value={input} placeholder={placeholder} onChange={(value) => setInput(value)} onSearch={(value) => setWords(value.trim())} />
      {first.status === 'loading' && <p className="muted">加载中…</p>}
      {first.status === 'error' && <InlineError error={first.error} onRetry={first.reload} />}
      {first.status === 'success' && <Items first={first.data} words={words} search={search} empty={empty} label={label} listClassName={listClassName} item={item} />}
    </>
  )
}

function Items<Item extends { id: number }>({
  first,
  words,
  search,
  empty,
  label,
  listClassName,
  item,
}: {
  first: Page<Item>
  words: string
  search: (words: string, cursor: string | undefined) => Promise<Page<Item>>
  empty: (words: string) => string
  label: string
  listClassName: string
  item: (entry: Item) => ReactNode
}) {
  const list = useMorePages(first, (cursor) => search(words, cursor))
  if (list.items.length === 0) return <p className="muted empty-hint">{empty(words)}</p>
  return (
    <>
      <ul className={listClassName} aria-label={label}>
        {list.items.map((entry) => item(entry))}
      </ul>
      <MoreButton list={list} />
    </>
  )
}

/** An entry's 发送: the server answers the payload (with WeCom's media id), the JS-SDK puts it into the chat. */
export function SendFoot({ prepare, className }: { prepare: () => Promise<{ message: ChatMessage }>; className: string }) {
  const { state: send, send: sendNow } = useChatSend(prepare)
  return (
    <>
      <div className={className}>
        {send.status === 'sent' && <span className="script__sent">已发送</span>}
        <Button size="small" type="primary" loading={send.status === 'sending'} onClick={sendNow}>
          发送
        </Button>
      </div>
      {send.status === 'failed' && <InlineError error={send.error} />}
    </>
  )
}
