import { COHORT_WEEKS, type Growth } from '@liuliang/shared'
import type { ChartTable } from './chart-export'

/** A share as shown and exported: one decimal place, blank when there is nothing to divide by. */
export const rate = (part: number, whole: number) => (whole > 0 ? `${((part / whole) * 100).toFixed(1)}%` : '')
const yuan = (fen: number) => Math.round(fen) / 100

export const FUNNEL_STAGES = ['新增', '7天留存', '30天留存', '使用小程序', '首购', '复购'] as const

export const stageCounts = (channel: Growth['funnel'][number]) => [
  channel.added,
  channel.stayed7,
  channel.stayed30,
  channel.usedMiniProgram,
  channel.firstPurchase,
  channel.repeatPurchase,
]

/** Each channel's stages with the rates between them and the money it brought: the funnel's export and table. */
export function funnelTable(funnel: Growth['funnel']): ChartTable {
  return {
    header: ['渠道', '新增', '满7天', '7天留存', '7天留存率', '满30天', '30天留存', '30天留存率', '使用小程序', '小程序转化率', '首购', '首购转化率', '复购', '复购率', '带来金额（元）'],
    rows: funnel.map((c) => [
      c.name,
      c.added,
      c.eligible7,
      c.stayed7,
      rate(c.stayed7, c.eligible7),
      c.eligible30,
      c.stayed30,
      rate(c.stayed30, c.eligible30),
      c.usedMiniProgram,
      rate(c.usedMiniProgram, c.added),
      c.firstPurchase,
      rate(c.firstPurchase, c.added),
      c.repeatPurchase,
      rate(c.repeatPurchase, c.firstPurchase),
      yuan(c.revenueFen),
    ]),
  }
}

export const weekNames = Array.from({ length: COHORT_WEEKS }, (_, k) => `第${k}周`)

export function cohortTable(cohorts: Growth['cohorts']): ChartTable {
  return {
    header: ['起始日', '新增客户', ...weekNames],
    rows: cohorts.map((c) => [c.week, c.customers, ...c.retained]),
  }
}

export function levelTable(levels: Growth['levels']): ChartTable {
  return { header: ['等级', '名称', '会员数'], rows: levels.map((l) => [l.code, l.name, l.customers]) }
}

export const revenueYuan = (funnel: Growth['funnel']) => funnel.map((c) => yuan(c.revenueFen))
