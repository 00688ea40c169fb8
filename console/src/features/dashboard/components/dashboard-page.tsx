import type { GuideStats } from '@liuliang/shared'
import { useMemo, useState } from 'react'
import { errorMessage } from '@liuliang/ui/errors'
import { useDashboard } from '../api/dashboard'
import { QUICK_RANGES, daysBefore, todayInChina } from '../date-range'
import { GrowthCharts } from './growth-charts'
import { RfmCharts } from './rfm-charts'
import { TrendChart } from './trend-chart'
import { useAdminSelf, useCan } from '../../../lib/admin-access'

type SortKey = 'customers' | 'added' | 'lost' | 'churnRate' | 'notes' | 'scriptsSent'
const COLUMNS: readonly { key: SortKey; label: string }[] = [
  { key: 'customers', label: '当前客户' },
  { key: 'added', label: '新增' },
  { key: 'lost', label: '被删除' },
  { key: 'churnRate', label: '流失率' },
  { key: 'notes', label: '跟进记录' },
  { key: 'scriptsSent', label: '发送话术' },
]
const yuan = (fen: number) => Math.round(fen) / 100

const percent = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`)

export function DashboardPage() {
  const today = todayInChina()
  const [range, setRange] = useState({ from: daysBefore(today, 29), to: today })
  const [sort, setSort] = useState<{ key: SortKey; descending: boolean }>({ key: 'customers', descending: true })
  const dashboard = useDashboard(range.from, range.to)
  // The segments are the brand's figures; a store's account sees its own series and funnel only.
  const brandWide = useAdminSelf().departmentIds.length === 0
  const canSeeSegments = useCan('customers', 'view')

  const days = useMemo(() => (dashboard.status === 'success' ? dashboard.data.days.map((d) => d.date) : []), [dashboard])
  const growth = useMemo(
    () =>
      dashboard.status === 'success'
        ? [
            { name: '新增客户', type: 'bar' as const, data: dashboard.data.days.map((d) => d.added) },
            { name: '流失客户', type: 'bar' as const, data: dashboard.data.days.map((d) => d.lost) },
            { name: '净增长', type: 'line' as const, data: dashboard.data.days.map((d) => d.net) },
          ]
        : [],
    [dashboard],
  )
  const engagement = useMemo(
    () =>
      dashboard.status === 'success'
        ? [
            { name: '签到', type: 'line' as const, data: dashboard.data.days.map((d) => d.checkIns) },
            { name: '抽奖', type: 'line' as const, data: dashboard.data.days.map((d) => d.draws) },
            { name: '积分兑换', type: 'line' as const, data: dashboard.data.days.map((d) => d.redemptions) },
            { name: '新注册小程序用户', type: 'line' as const, data: dashboard.data.days.map((d) => d.miniProgramUsers) },
          ]
        : [],
    [dashboard],
  )
  const trade = useMemo(
    () =>
      dashboard.status === 'success'
        ? [
            { name: '支付订单数（不含退款）', type: 'bar' as const, data: dashboard.data.days.map((d) => d.paidOrders) },
            { name: 'GMV（元，不含退款）', type: 'line' as const, data: dashboard.data.days.map((d) => yuan(d.gmvFen)) },
            { name: '分销佣金（元）', type: 'line' as const, data: dashboard.data.days.map((d) => yuan(d.commissionFen)) },
          ]
        : [],
    [dashboard],
  )
  const guides = useMemo(() => {
    if (dashboard.status !== 'success') return []
    const value = (g: GuideStats) => g[sort.key] ?? -1
    return [...dashboard.data.guides].sort((a, b) => (sort.descending ? value(b) - value(a) : value(a) - value(b)))
  }, [dashboard, sort])

  return (
    <section className="page">
      <header className="page__header">
        <h1 className="page__title">数据看板</h1>
        <div className="range-picker">
          {QUICK_RANGES.map((quick) => (
            <button
              key={quick.days}
              type="button"
              className="button"
              onClick={() => setRange({ from: daysBefore(today, quick.days - 1), to: today })}
            >
              {quick.label}
            </button>
          ))}
          <input
            className="field__input"
            type="date"
            aria-label="开始日期"
            value={range.from}
            max={range.to}
            onChange={(event) => event.target.value && setRange({ ...range, from: event.target.value })}
          />
          <span>至</span>
          <input
            className="field__input"
            type="date"
            aria-label="结束日期"
            value={range.to}
            min={range.from}
            onChange={(event) => event.target.value && setRange({ ...range, to: event.target.value })}
          />
        </div>
      </header>

      {dashboard.status === 'loading' && <p className="muted">加载中…</p>}
      {dashboard.status === 'error' && (
        <p role="alert">
          {errorMessage(dashboard.error)}{' '}
          <button className="button button--link" type="button" onClick={dashboard.reload}>
            重试
          </button>
        </p>
      )}
      {dashboard.status === 'success' && (
        <>
          <div className="stat-cards">
            <div className="stat-card">
              <span className="muted">客户总数</span>
              <strong>{dashboard.data.totals.customers}</strong>
            </div>
            <div className="stat-card">
              <span className="muted">期间新增</span>
              <strong>{dashboard.data.totals.added}</strong>
            </div>
            <div className="stat-card">
              <span className="muted">期间流失</span>
              <strong>{dashboard.data.totals.lost}</strong>
            </div>
            <div className="stat-card">
              <span className="muted">净增长</span>
              <strong>{dashboard.data.totals.net}</strong>
            </div>
            <div className="stat-card">
              <span className="muted">期间 GMV（不含退款）</span>
              <strong>¥{yuan(dashboard.data.totals.gmvFen).toLocaleString('zh-CN')}</strong>
            </div>
            <div className="stat-card">
              <span className="muted">拼团成功率</span>
              <strong>{percent(dashboard.data.totals.groupBuySuccessRate)}</strong>
            </div>
          </div>
          <TrendChart title="客户增长" days={days} series={growth} />
          <TrendChart title="活跃与参与" days={days} series={engagement} />
          <TrendChart title="交易与分销" days={days} series={trade} />
          <GrowthCharts from={range.from} to={range.to} />
          {!brandWide ? (
            <p className="muted">RFM 分群按全品牌统计，门店账号不显示。</p>
          ) : (
            canSeeSegments && <RfmCharts from={range.from} to={range.to} />
          )}
          <section className="chart-card">
            <h2 className="chart-card__title">导购数据</h2>
            <table className="table" aria-label="导购数据">
              <thead>
                <tr>
                  <th>导购</th>
                  {COLUMNS.map((column) => (
                    <th key={column.key} aria-sort={sort.key === column.key ? (sort.descending ? 'descending' : 'ascending') : 'none'}>
                      <button
                        type="button"
                        className="button button--link"
                        onClick={() =>
                          setSort((s) => ({ key: column.key, descending: s.key === column.key ? !s.descending : true }))
                        }
                      >
                        {column.label}
                        {sort.key === column.key ? (sort.descending ? ' ↓' : ' ↑') : ''}
                      </button>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {guides.map((guide) => (
                  <tr key={guide.userId}>
                    <td>{guide.name}</td>
                    <td>{guide.customers}</td>
                    <td>{guide.added}</td>
                    <td>{guide.lost}</td>
                    <td>{percent(guide.churnRate)}</td>
                    <td>{guide.notes}</td>
                    <td>{guide.scriptsSent}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </>
      )}
    </section>
  )
}
