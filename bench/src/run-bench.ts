// `pnpm bench`: the quality targets, measured. Starts the sandbox and the server in production mode
// on a copy of the bench database, loads each profile with autocannon at 50 connections next to an
// empty Fastify route, times the customer view one request at a time, audience counts and the
// sidebar's first screen, measures bundle sizes and the server's peak RSS.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, totalmem, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import Database from 'better-sqlite3'
import { businessDate } from '@liuliang/shared'
import { loadConfig } from '@liuliang/server/env'
import { repoRoot } from '@liuliang/server/paths'
import { measureFirstScreen } from './first-screen'
import { load } from './load'
import { sidebarInitialJsGzip, weappSizes } from './package-sizes'
import { PORTS, SECRETS, SERVER_URL, call, peakRssBytes, productionEnv, startProcesses, waitFor } from './processes'
import { checkIn, customerView, draw, join as joinGroups, scriptSearch, type BenchContext } from './profiles'
import { evaluateTargets, printTables } from './report'

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: 'bench/data/bench.db' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
  },
})
const settings = { duration: Number(values.duration), connections: Number(values.connections) }
const source = resolve(repoRoot, values.data)
if (!existsSync(source)) {
  process.stderr.write(`No bench database at ${source}. Run \`pnpm bench:data\` first.\n`)
  process.exit(1)
}

const work = mkdtempSync(join(tmpdir(), 'liuliang-bench-'))
const databasePath = join(work, 'bench.db')
// With its write-ahead log, if something left one: the main file alone may not hold every commit.
for (const suffix of ['', '-wal']) if (existsSync(source + suffix)) copyFileSync(source + suffix, databasePath + suffix)
const env = productionEnv(databasePath, work)
// Validates the production environment before anything starts, and names the business time zone.
const timeZone = loadConfig(env).businessTimeZone
const processes = startProcesses(env)
const median = (numbers: number[]) => [...numbers].sort((a, b) => a - b)[Math.floor(numbers.length / 2)] as number

try {
  await Promise.all([waitFor(`${SERVER_URL}/healthz`), waitFor(`http://127.0.0.1:${PORTS.sandbox}/sandbox/healthz`), waitFor(`http://127.0.0.1:${PORTS.baseline}/`)])
  const db = new Database(databasePath, { readonly: true })
  const now = Date.now()
  const database = db
    .prepare(
      `select (select count(*) from customers) as customers, (select max(id) from timeline_events) as timelineEvents,
              (select max(id) from orders) as orders,
              (select count(*) from scheduled_jobs where status = 'pending' and run_at <= ?) as dueJobsAtStart`,
    )
    .get(now) as Record<string, number>
  const admin = await call<{ token: string }>('/api/admin/login', { body: { username: SECRETS.ADMIN_USERNAME, password: SECRETS.ADMIN_PASSWORD } })
  const guide = await call<{ token: string }>('/api/sidebar/login', { body: { code: `test_bench_g1~bench${now}` } })
  const ctx: BenchContext = { db, now, today: businessDate(new Date(now), timeZone), settings, guideToken: guide.token }

  const baseline = await load('empty Fastify route (baseline)', settings, { url: `http://127.0.0.1:${PORTS.baseline}/` })
  const view = await customerView(ctx)
  const search = await scriptSearch(ctx)
  const valueResults = [await checkIn(ctx), await draw(ctx), await joinGroups(ctx)]

  const filters = {
    'one tag': { tags: { anyOf: [1] } },
    'all of two tags, none of one': { tags: { allOf: [1, 2], noneOf: [3] } },
    'tag + guide + not lost': { tags: { anyOf: [5, 6, 7] }, staffUserIds: ['bench_g2'], lost: false },
    'channel + added this year': { channels: ['channel_1'], addedFrom: `${ctx.today.slice(0, 4)}-01-01T00:00:00Z` },
  }
  const audience: Record<string, { count: number; medianMs: number }> = {}
  for (const [label, filter] of Object.entries(filters)) {
    const times: number[] = []
    let count = 0
    for (let run = 0; run < 7; run++) {
      const began = performance.now()
      count = (await call<{ count: number }>('/api/admin/audiences/count', { body: { filter }, token: admin.token })).count
      times.push(performance.now() - began)
    }
    audience[label] = { count, medianMs: Math.round(median(times) * 10) / 10 }
  }

  process.stdout.write('sidebar first screen in Chromium…\n')
  const firstScreen = await measureFirstScreen('bench_g1')
  const weapp = weappSizes(join(repoRoot, 'miniprogram/dist/weapp'))
  const sidebarJs = sidebarInitialJsGzip(join(repoRoot, 'sidebar-h5/dist'))
  const serverPeakRssBytes = peakRssBytes(processes.server.pid)
  db.close()

  const loads = [baseline, view.load, search, ...valueResults].map((r) => ({ ...r, ratioOfBaseline: Math.round((r.okPerSecond / baseline.requestsPerSecond) * 1000) / 1000 }))
  const targets = evaluateTargets({ baseline, values: valueResults, customerView: view.sequential, audience, weappMainBytes: weapp?.mainBytes ?? null, firstScreen })
  const report = {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
    database,
    settings,
    load: loads,
    customerViewSequential: view.sequential,
    exactlyOnce: Object.fromEntries(valueResults.map((v) => [v.name, v.exactlyOnce])),
    audience,
    firstScreen,
    sizes: { weappMainBytes: weapp?.mainBytes ?? null, weappTotalBytes: weapp?.totalBytes ?? null, sidebarInitialJsGzipBytes: sidebarJs },
    serverPeakRssBytes,
    targets,
  }

  const resultsDir = join(repoRoot, 'bench/results')
  mkdirSync(resultsDir, { recursive: true })
  const file = join(resultsDir, `${report.date.slice(0, 10)}.json`)
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`)
  const other: [string, string][] = [
    ['database', `${database.customers} customers, ${database.timelineEvents} timeline events, ${database.orders} orders; ${database.dueJobsAtStart} scheduled jobs were due at start`],
    ['weapp total', weapp ? `${(weapp.totalBytes / 1024).toFixed(0)} KB` : 'not built'],
    ['sidebar initial JS (gzip)', sidebarJs === null ? 'not built' : `${(sidebarJs / 1024).toFixed(1)} KB`],
    ['server peak RSS', serverPeakRssBytes ? `${(serverPeakRssBytes / 2 ** 20).toFixed(0)} MB` : 'unknown'],
  ]
  process.stdout.write(`\n${printTables(loads, targets, other)}\n\n${file}\n`)
} finally {
  processes.stop()
  rmSync(work, { recursive: true, force: true })
}
