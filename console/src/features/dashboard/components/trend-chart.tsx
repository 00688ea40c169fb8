import { useMemo } from 'react'
import { ChartCard } from './chart-card'

export interface Series {
  name: string
  type: 'bar' | 'line'
  data: number[]
  /** series with the same stack name pile up */
  stack?: string
}

/** Figures per business day: the chart, and the same table for export. */
export function TrendChart({ title, days, series }: { title: string; days: string[]; series: Series[] }) {
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 40, right: 16, top: 32, bottom: 24 },
      xAxis: { type: 'category', data: days.map((d) => d.slice(5)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: series.map((s) => ({ ...s, smooth: s.type === 'line' })),
    }),
    [days, series],
  )
  const table = useMemo(() => ({ header: ['日期', ...series.map((s) => s.name)], rows: days.map((day, i) => [day, ...series.map((s) => s.data[i] ?? 0)]) }), [days, series])
  return <ChartCard title={title} option={option} table={table} range={{ from: days[0] ?? '', to: days.at(-1) ?? '' }} />
}
