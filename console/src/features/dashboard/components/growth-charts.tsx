import type { Growth } from '@liuliang/shared'
import { useMemo } from 'react'
import { errorMessage } from '@liuliang/ui/errors'
import { useGrowth } from '../api/dashboard'
import { FUNNEL_STAGES, cohortTable, funnelTable, levelTable, revenueYuan, stageCounts, weekNames } from '../growth-tables'
import { ChartCard } from './chart-card'

const grid = { left: 48, right: 16, top: 32, bottom: 24 }

/** The channel funnel with its money, weekly cohort retention and members per level, for the dashboard's range. */
export function GrowthCharts({ from, to }: { from: string; to: string }) {
  const growth = useGrowth(from, to)
  if (growth.status === 'loading') return <p className="muted">加载渠道转化…</p>
  if (growth.status === 'error') {
    return (
      <p role="alert">
        渠道转化加载失败：{errorMessage(growth.error)}{' '}
        <button className="button button--link" type="button" onClick={growth.reload}>
          重试
        </button>
      </p>
    )
  }
  return <GrowthChartsOf growth={growth.data} />
}

function GrowthChartsOf({ growth }: { growth: Growth }) {
  const range = { from: growth.from, to: growth.to }
  const funnel = useMemo(() => funnelTable(growth.funnel), [growth])
  const funnelOption = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid,
      xAxis: { type: 'category', data: [...FUNNEL_STAGES] },
      yAxis: { type: 'value', minInterval: 1 },
      series: growth.funnel.map((channel) => ({ name: channel.name, type: 'bar', data: stageCounts(channel) })),
    }),
    [growth],
  )
  const revenueOption = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      grid,
      xAxis: { type: 'category', data: growth.funnel.map((c) => c.name) },
      yAxis: { type: 'value' },
      series: [{ name: '带来金额（元）', type: 'bar', data: revenueYuan(growth.funnel) }],
    }),
    [growth],
  )
  const cohorts = useMemo(() => cohortTable(growth.cohorts), [growth])
  const cohortOption = useMemo(
    () => ({
      tooltip: { trigger: 'axis', valueFormatter: (value: number | null) => (value === null ? '—' : `${value}%`) },
      legend: { top: 0, type: 'scroll' },
      grid: { ...grid, top: 40 },
      xAxis: { type: 'category', data: weekNames },
      yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
      series: growth.cohorts
        .filter((c) => c.customers > 0)
        .map((c) => ({
          name: c.week.slice(5),
          type: 'line',
          data: c.retained.map((n) => (n === null ? null : Math.round((n / c.customers) * 1000) / 10)),
        })),
    }),
    [growth],
  )
  const levels = useMemo(() => levelTable(growth.levels), [growth])
  const levelOption = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      grid,
      xAxis: { type: 'category', data: growth.levels.map((l) => l.name) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ name: '会员数', type: 'bar', data: growth.levels.map((l) => l.customers) }],
    }),
    [growth],
  )

  return (
    <>
      <ChartCard title="渠道转化漏斗" option={funnelOption} table={funnel} range={range}>
        {growth.funnel.length === 0 ? (
          <p className="muted">所选日期内没有通过渠道活码添加的客户。</p>
        ) : (
          <FigureTable table={funnel} label="渠道转化明细" />
        )}
      </ChartCard>
      <ChartCard title="各渠道带来金额" option={revenueOption} table={funnel} range={range} />
      <ChartCard title="新客周留存" option={cohortOption} table={cohorts} range={range}>
        <p className="muted">按首次添加导购的周分组；留存 = 该周结束时仍是好友，且在该周有签到、抽奖、下单等行为。</p>
      </ChartCard>
      <ChartCard title="会员等级分布" option={levelOption} table={levels} range={range} />
    </>
  )
}

function FigureTable({ table, label }: { table: ReturnType<typeof funnelTable>; label: string }) {
  return (
    <table className="table funnel-table" aria-label={label}>
      <thead>
        <tr>
          {table.header.map((heading) => (
            <th key={heading}>{heading}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {table.rows.map((row, index) => (
          <tr key={index}>
            {row.map((value, column) => (
              <td key={column}>{value ?? '—'}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  )
}
