import { RFM_SEGMENTS, rfmSegmentName, type RfmSummary } from '@liuliang/shared'
import { useMemo } from 'react'
import { errorMessage } from '@liuliang/ui/errors'
import { useRfmSummary } from '../api/dashboard'
import { TrendChart } from './trend-chart'

const TOP_MOVES = 10

/** Segment sizes per daily run, and who moved between segments, for the dashboard's range. */
export function RfmCharts({ from, to }: { from: string; to: string }) {
  const summary = useRfmSummary(from, to)
  if (summary.status === 'loading') return <p className="muted">加载 RFM 分群…</p>
  if (summary.status === 'error') {
    return (
      <p role="alert">
        RFM 分群加载失败：{errorMessage(summary.error)}{' '}
        <button className="button button--link" type="button" onClick={summary.reload}>
          重试
        </button>
      </p>
    )
  }
  return <RfmChartsOf summary={summary.data} />
}

function RfmChartsOf({ summary }: { summary: RfmSummary }) {
  const days = useMemo(() => summary.days.map((day) => day.date), [summary])
  const sizes = useMemo(
    () =>
      RFM_SEGMENTS.map((segment) => ({
        name: rfmSegmentName(segment),
        type: 'bar' as const,
        stack: 'size',
        data: summary.days.map((day) => day.sizes.find((size) => size.segment === segment)?.customers ?? 0),
      })),
    [summary],
  )
  const movement = useMemo(() => {
    const total = (day: RfmSummary['days'][number], pick: (from: string | null, to: string | null) => boolean) =>
      day.moves.filter((move) => pick(move.from, move.to)).reduce((sum, move) => sum + move.customers, 0)
    return [
      { name: '新进入分群（首次消费）', type: 'bar' as const, stack: 'move', data: summary.days.map((day) => total(day, (from) => from === null)) },
      { name: '分群之间变化', type: 'bar' as const, stack: 'move', data: summary.days.map((day) => total(day, (from, to) => from !== null && to !== null)) },
      { name: '退出分群（消费全部退款）', type: 'bar' as const, stack: 'move', data: summary.days.map((day) => total(day, (_, to) => to === null)) },
    ]
  }, [summary])
  const topMoves = useMemo(() => {
    const totals = new Map<string, { from: string; to: string; customers: number }>()
    for (const move of summary.days.flatMap((day) => day.moves)) {
      const key = `${move.from}>${move.to}`
      const entry = totals.get(key) ?? { from: rfmSegmentName(move.from), to: rfmSegmentName(move.to), customers: 0 }
      entry.customers += move.customers
      totals.set(key, entry)
    }
    return [...totals.values()].sort((a, b) => b.customers - a.customers).slice(0, TOP_MOVES)
  }, [summary])

  if (days.length === 0) {
    return (
      <section className="chart-card">
        <h2 className="chart-card__title">RFM 分群</h2>
        <p className="muted">所选日期内还没有每日分群统计（每天凌晨统计一次）。</p>
      </section>
    )
  }
  return (
    <>
      <TrendChart title="RFM 分群规模（每日统计）" days={days} series={sizes} />
      <TrendChart title="RFM 分群变化（与上一次统计相比）" days={days} series={movement} />
      <section className="chart-card">
        <h2 className="chart-card__title">期间主要分群流向</h2>
        <table className="table" aria-label="期间主要分群流向">
          <thead>
            <tr>
              <th>从</th>
              <th>到</th>
              <th>客户数</th>
            </tr>
          </thead>
          <tbody>
            {topMoves.map((move) => (
              <tr key={`${move.from}>${move.to}`}>
                <td>{move.from}</td>
                <td>{move.to}</td>
                <td>{move.customers}</td>
              </tr>
            ))}
            {topMoves.length === 0 && (
              <tr>
                <td colSpan={3} className="table__state">
                  期间没有客户变换分群
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </section>
    </>
  )
}
