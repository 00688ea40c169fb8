import { rfmSegmentName, type AudienceFilter, type CustomerSummary } from '@liuliang/shared'
import { lazy, Suspense, useState, type FormEvent } from 'react'
import { errorMessage } from '@liuliang/ui/errors'
import { formatDateTime } from '@liuliang/ui/format'
import { downloadAudienceCsv, useAudienceCount, useAudiencePage } from '../api/audiences'
import { withField } from '../audience-filter-state'
import { useCanManage } from '../../../lib/admin-access'
import { currentCursor, firstPage, type CursorStack } from '../../../lib/cursor-stack'
import { Pager } from '../../../lib/pager'
import { AudienceFilterPanel } from './audience-filter-panel'

// The 360 view (with the mobile kit it is drawn with) loads when the first customer is opened.
const CustomerDetail = lazy(() => import('./customer-detail').then((m) => ({ default: m.CustomerDetail })))

const GENDERS: Record<CustomerSummary['gender'], string> = { unknown: '—', male: '男', female: '女' }

export function CustomerListPage() {
  // Exporting takes the customers out of the console: the area's manage, as the server asks.
  const canExport = useCanManage()
  const [input, setInput] = useState('')
  const [filter, setFilter] = useState<AudienceFilter>({})
  const [cursors, setCursors] = useState<CursorStack>(firstPage)
  const [exporting, setExporting] = useState<'idle' | 'busy' | { error: unknown }>('idle')
  // The filter, the page and its rows live here, so back from a customer finds the list as it was.
  const [openCustomerId, setOpenCustomerId] = useState<number | null>(null)
  const page = useAudiencePage(filter, currentCursor(cursors))
  const count = useAudienceCount(filter)
  const q = filter.nameContains ?? ''

  const changeFilter = (next: AudienceFilter) => {
    setFilter(next)
    setCursors(firstPage)
  }
  const search = (event: FormEvent) => {
    event.preventDefault()
    changeFilter(withField(filter, 'nameContains', input.trim()))
  }
  const exportCsv = async () => {
    setExporting('busy')
    try {
      await downloadAudienceCsv(filter)
      setExporting('idle')
    } catch (error) {
      setExporting({ error })
    }
  }

  if (openCustomerId !== null) {
    return (
      <Suspense fallback={<p className="muted">加载中…</p>}>
        <CustomerDetail customerId={openCustomerId} onBack={() => setOpenCustomerId(null)} />
      </Suspense>
    )
  }

  return (
    <section className="page">
      <header className="page__header">
        <h1 className="page__title">客户列表</h1>
        <form className="search" role="search" onSubmit={search}>
          <input
            className="field__input search__input"
            type="search"
            placeholder="按客户姓名搜索"
            aria-label="按客户姓名搜索"
            value={input}
            maxLength={64}
            onChange={(event) => setInput(event.target.value)}
          />
          <button className="button button--primary" type="submit">
            搜索
          </button>
        </form>
      </header>

      <AudienceFilterPanel filter={filter} onChange={changeFilter} />
      <div className="audience-bar">
        <span aria-live="polite" data-testid="audience-count">
          {count.status === 'success' ? (
            <>
              符合条件的客户 <strong>{count.data.count}</strong> 人
            </>
          ) : count.status === 'loading' ? (
            '正在统计…'
          ) : (
            <span role="alert">统计失败：{errorMessage(count.error)}</span>
          )}
        </span>
        {canExport && (
          <button className="button" type="button" disabled={exporting === 'busy'} onClick={() => void exportCsv()}>
            {exporting === 'busy' ? '正在导出…' : '导出 CSV'}
          </button>
        )}
        {typeof exporting === 'object' && <span role="alert">导出失败：{errorMessage(exporting.error)}</span>}
      </div>

      <table className="table">
        <thead>
          <tr>
            <th>客户</th>
            <th>性别</th>
            <th>身份</th>
            <th>RFM 分群</th>
            <th>外部联系人 ID</th>
            <th>成为客户时间</th>
          </tr>
        </thead>
        <tbody>
          {page.status === 'loading' && (
            <tr>
              <td colSpan={6} className="table__state">
                加载中…
              </td>
            </tr>
          )}
          {page.status === 'error' && (
            <tr>
              <td colSpan={6} className="table__state" role="alert">
                {errorMessage(page.error)}{' '}
                <button className="button button--link" type="button" onClick={page.reload}>
                  重试
                </button>
              </td>
            </tr>
          )}
          {page.status === 'success' && page.data.items.length === 0 && (
            <tr>
              <td colSpan={6} className="table__state">
                {Object.keys(filter).length > 0 ? `没有符合条件的客户${q ? `（姓名包含“${q}”）` : ''}` : '暂无客户'}
              </td>
            </tr>
          )}
          {page.status === 'success' &&
            page.data.items.map((customer) => (
              <tr key={customer.id}>
                <td>
                  <span className="customer-cell">
                    {customer.avatarUrl ? (
                      <img className="avatar" src={customer.avatarUrl} alt="" />
                    ) : (
                      <span className="avatar avatar--text">{(customer.name ?? '客').slice(0, 1)}</span>
                    )}
                    <button className="button button--link" type="button" onClick={() => setOpenCustomerId(customer.id)}>
                      {customer.name ?? <span className="muted">未命名客户</span>}
                    </button>
                  </span>
                </td>
                <td>{GENDERS[customer.gender]}</td>
                <td>
                  <span className="badges">
                    {customer.isMiniProgramUser && <span className="badge badge--blue">小程序用户</span>}
                    {customer.externalUserId !== null && <span className="badge badge--green">企业微信客户</span>}
                  </span>
                </td>
                <td>{customer.rfmSegment ? rfmSegmentName(customer.rfmSegment) : <span className="muted">{rfmSegmentName(null)}</span>}</td>
                <td className="mono">{customer.externalUserId ?? '—'}</td>
                <td>{formatDateTime(customer.createdAt)}</td>
              </tr>
            ))}
        </tbody>
      </table>

      <Pager cursors={cursors} nextCursor={page.status === 'success' ? page.data.nextCursor : null} onChange={setCursors} />
    </section>
  )
}
