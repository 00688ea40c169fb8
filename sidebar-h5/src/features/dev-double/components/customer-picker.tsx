import { useEffect, useState } from 'react'
import { errorMessage } from '@liuliang/ui/errors'
import { Avatar, Button, SearchBar } from '@liuliang/ui/nutui'
import type { DevDouble } from '../../../lib/wecom'
import { useMyCustomerPages } from '../api/list-customers'

const SEARCH_DELAY_MS = 300

/** Stands in for getCurExternalContact: the customer whose chat the guide "opened". */
export function CustomerPicker({ double, canCancel }: { double: DevDouble; canCancel: boolean }) {
  const [input, setInput] = useState('')
  const [q, setQ] = useState('')
  const pages = useMyCustomerPages(q)

  useEffect(() => {
    const timer = window.setTimeout(() => setQ(input.trim()), SEARCH_DELAY_MS)
    return () => window.clearTimeout(timer)
  }, [input])

  return (
    <section className="double-card" aria-label="选择客户">
      <div className="double-card__head">
        <h2 className="double-card__title">打开与哪位客户的聊天？</h2>
        {canCancel && (
          <Button size="mini" fill="none" onClick={() => double.closeContactPicker()}>
            取消
          </Button>
        )}
      </div>
      <SearchBar
        value={input}
        placeholder="按客户姓名搜索"
        onChange={(value) => setInput(value)}
        onSearch={(value) => setQ(value.trim())}
      />
      <ul className="picker-list">
        {pages.items.map((customer) => {
          const name = customer.name ?? '未命名客户'
          const externalUserId = customer.externalUserId
          return (
            <li key={customer.id}>
              <button
                type="button"
                className="picker-item"
                disabled={externalUserId === null}
                onClick={() => externalUserId && double.pickContact(externalUserId)}
              >
                <Avatar size="small" src={customer.avatarUrl ?? undefined} background="#e8f1ff" color="#1f6fe5">
                  {customer.avatarUrl ? undefined : name.slice(0, 1)}
                </Avatar>
                <span className="picker-item__name">{name}</span>
                <span className="picker-item__meta">{externalUserId ?? '未添加企业微信'}</span>
              </button>
            </li>
          )
        })}
      </ul>
      {pages.error !== null && (
        <div className="double-card__error" role="alert">
          {errorMessage(pages.error)}{' '}
          <Button size="mini" fill="none" onClick={pages.retry}>
            重试
          </Button>
        </div>
      )}
      {!pages.loading && pages.error === null && pages.items.length === 0 && (
        <p className="double-card__hint">{q ? `没有找到“${q}”` : '这位导购还没有客户'}</p>
      )}
      {pages.loading && <p className="double-card__hint">加载中…</p>}
      {!pages.loading && pages.nextCursor !== null && (
        <Button size="small" block fill="outline" onClick={pages.loadMore}>
          加载更多
        </Button>
      )}
    </section>
  )
}
