// The quality targets of the design (§7), each with what this run measured and whether it passed.
import type { FirstScreen } from './first-screen'
import type { LoadResult } from './load'
import type { ValueResult } from './profiles'

export interface Target {
  target: string
  goal: string
  measured: string
  pass: boolean | null
}

const VALUE_SHARE = 0.15
const VALUE_P99_MS = 25
const VIEW_P95_MS = 10
const AUDIENCE_MS = 200
const RFM_RUN_MS = 60_000
const WEAPP_MAIN_BYTES = 1.2 * 1024 * 1024
const FIRST_SCREEN_MS = 1000

export interface Measurements {
  baseline: LoadResult
  values: ValueResult[]
  customerView: { p50: number; p95: number; p99: number; resets: number }
  audience: Record<string, { count: number; medianMs: number }>
  /** the daily RFM run over every customer */
  rfm: { ms: number; segmented: number }
  weappMainBytes: number | null
  firstScreen: FirstScreen | null
}

export function evaluateTargets(m: Measurements): Target[] {
  const targets: Target[] = []
  for (const value of m.values) {
    const share = value.okPerSecond / m.baseline.requestsPerSecond
    targets.push(
      {
        target: `${value.name}: throughput`,
        goal: `≥ ${VALUE_SHARE * 100}% of the empty route`,
        measured: `${value.okPerSecond} 2xx/s = ${(share * 100).toFixed(1)}%`,
        pass: share >= VALUE_SHARE,
      },
      { target: `${value.name}: p99 at 50 connections`, goal: `< ${VALUE_P99_MS} ms`, measured: `${value.p99} ms`, pass: value.p99 < VALUE_P99_MS },
      {
        target: `${value.name}: exactly once`,
        goal: 'every 2xx moved value once',
        measured: `${value.exactlyOnce.detail}; ${value.customers} customers in turn`,
        pass: value.exactlyOnce.held,
      },
    )
  }
  targets.push({
    target: 'customer 360: p95, one request at a time',
    goal: `< ${VIEW_P95_MS} ms`,
    measured: `${m.customerView.p95} ms (p50 ${m.customerView.p50}, p99 ${m.customerView.p99}${m.customerView.resets ? `; ${m.customerView.resets} sent again after a reset` : ''})`,
    pass: m.customerView.p95 < VIEW_P95_MS,
  })
  for (const [label, audience] of Object.entries(m.audience)) {
    targets.push({
      target: `audience count: ${label}`,
      goal: `< ${AUDIENCE_MS} ms`,
      measured: `${audience.medianMs} ms (${audience.count} customers)`,
      pass: audience.medianMs < AUDIENCE_MS,
    })
  }
  targets.push(
    {
      target: 'RFM daily recompute, every customer',
      goal: `< ${RFM_RUN_MS / 1000} s`,
      measured: `${(m.rfm.ms / 1000).toFixed(1)} s (${m.rfm.segmented} customers with a segment)`,
      pass: m.rfm.ms < RFM_RUN_MS,
    },
    {
      target: 'mini-program main package',
      goal: '< 1.2 MB',
      measured: m.weappMainBytes === null ? 'not built' : `${(m.weappMainBytes / 1024).toFixed(0)} KB`,
      pass: m.weappMainBytes === null ? null : m.weappMainBytes < WEAPP_MAIN_BYTES,
    },
    {
      target: 'sidebar first screen (360 view), median of cold loads',
      goal: `< ${FIRST_SCREEN_MS} ms`,
      measured: m.firstScreen
        ? `${m.firstScreen.medianMs} ms (worst ${m.firstScreen.worstMs} ms; ${m.firstScreen.afterPickMedianMs} ms after the customer is picked)`
        : 'no Chromium',
      pass: m.firstScreen ? m.firstScreen.medianMs < FIRST_SCREEN_MS : null,
    },
  )
  return targets
}

const refused = (r: LoadResult) => {
  const codes = Object.entries(r.refusals).map(([code, n]) => `${code} ${n}`)
  return codes.length > 0 ? ` (${codes.join(', ')})` : ''
}

const verdict = (pass: boolean | null) => (pass === null ? '—' : pass ? 'pass' : 'FAIL')

export function printTables(load: (LoadResult & { ratioOfBaseline: number })[], targets: Target[], other: [string, string][]): string {
  const loadRows = load.map(
    (r) =>
      `| ${r.name} | ${r.requestsPerSecond} | ${r.okPerSecond} | ${(r.ratioOfBaseline * 100).toFixed(1)}% | ${r.p50} | ${r.p99} | ${r.non2xx + r.errors}${refused(r)} |`,
  )
  return [
    '| profile (50 connections) | req/s | 2xx/s | of baseline | p50 ms | p99 ms | non-2xx + errors |',
    '|---|---|---|---|---|---|---|',
    ...loadRows,
    '',
    '| target (DESIGN.md §7) | goal | measured | |',
    '|---|---|---|---|',
    ...targets.map((t) => `| ${t.target} | ${t.goal} | ${t.measured} | ${verdict(t.pass)} |`),
    '',
    '| also measured | |',
    '|---|---|',
    ...other.map(([label, value]) => `| ${label} | ${value} |`),
  ].join('\n')
}
