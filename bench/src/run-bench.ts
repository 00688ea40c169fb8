// `pnpm bench`: the quality targets, measured on SQLite, PostgreSQL or both (`--engine`). For each
// engine it starts the sandbox and the server in production mode on a fresh copy of the bench
// database, loads each profile with autocannon at 50 connections next to an empty Fastify route,
// times the customer view one request at a time, audience counts and the sidebar's first screen, and
// reads the server's peak RSS; bundle sizes do not depend on the engine and are measured once.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, totalmem, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { businessDate } from '@liuliang/shared'
import { copySqliteToPostgres } from '@liuliang/server/db/copy-to-postgres'
import { POSTGRES_MISSING, postgresBinaries, startPostgres } from '@liuliang/server/db/throwaway-postgres'
import { loadConfig } from '@liuliang/server/env'
import { repoRoot } from '@liuliang/server/paths'
import { openBenchDatabase } from './database'
import { measureFirstScreen } from './first-screen'
import { load } from './load'
import { readIntoPageCache } from './page-cache'
import { sidebarInitialJsGzip, weappSizes } from './package-sizes'
import { PORTS, SECRETS, SERVER_URL, call, peakRssBytes, productionEnv, startProcesses, waitFor } from './processes'
import { checkIn, customerView, draw, join as joinGroups, scriptSearch, type BenchContext } from './profiles'
import { evaluateTargets, printTables } from './report'

type Engine = 'sqlite' | 'postgres'
type EngineReport = Awaited<ReturnType<typeof benchEngine>>
const ENGINE_NAMES: Record<Engine, string> = { sqlite: 'SQLite', postgres: 'PostgreSQL' }
const CHOICES: Record<string, Engine[]> = { sqlite: ['sqlite'], postgres: ['postgres'], both: ['sqlite', 'postgres'] }

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: 'bench/data/bench.db' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    /** sqlite, postgres or both; both by default where PostgreSQL is installed */
    engine: { type: 'string' },
  },
})
const settings = { duration: Number(values.duration), connections: Number(values.connections) }
const source = resolve(repoRoot, values.data)
if (!existsSync(source)) {
  process.stderr.write(`No bench database at ${source}. Run \`pnpm bench:data\` first.\n`)
  process.exit(1)
}
const postgresInstalled = postgresBinaries() !== null
const engines = values.engine === undefined ? (postgresInstalled ? CHOICES.both : CHOICES.sqlite) : CHOICES[values.engine]
if (!engines) {
  process.stderr.write('Usage: pnpm bench [--engine sqlite|postgres|both] [--data path] [--duration seconds] [--connections n]\n')
  process.exit(1)
}
if (engines.includes('postgres') && !postgresInstalled) {
  process.stderr.write(`${POSTGRES_MISSING}: the bench cannot run on PostgreSQL.\n`)
  process.exit(1)
}
if (values.engine === undefined && !postgresInstalled) process.stdout.write(`${POSTGRES_MISSING}: measuring SQLite only.\n`)

/** Polls until `done`, for work the server does on its own; bounded. */
async function waitUntil(done: () => Promise<boolean>, timeoutMs = 300_000) {
  const deadline = Date.now() + timeoutMs
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error('the server did not finish its work in time')
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}

const median = (numbers: number[]) => [...numbers].sort((a, b) => a - b)[Math.floor(numbers.length / 2)] as number
const weapp = weappSizes(join(repoRoot, 'miniprogram/dist/weapp'))
const sidebarJs = sidebarInitialJsGzip(join(repoRoot, 'sidebar-h5/dist'))

/**
 * A fresh copy of the bench database on the engine: for SQLite the file, for PostgreSQL a throwaway
 * cluster filled by the code of `pnpm db:copy`. Answers where it is, and what undoes it.
 */
async function copyDatabase(engine: Engine, work: string): Promise<{ location: string; files: string[]; drop(): void }> {
  if (engine === 'sqlite') {
    const path = join(work, 'bench.db')
    // With its write-ahead log, if something left one: the main file alone may not hold every commit.
    for (const suffix of ['', '-wal']) if (existsSync(source + suffix)) copyFileSync(source + suffix, path + suffix)
    return { location: path, files: [path, `${path}-wal`], drop: () => undefined }
  }
  process.stdout.write('copying the bench database into a throwaway PostgreSQL cluster…\n')
  const cluster = await startPostgres({ durable: true })
  try {
    const url = cluster.url('postgres')
    const began = Date.now()
    const copied = await copySqliteToPostgres(source, url)
    const rows = copied.tables.reduce((sum, table) => sum + table.rows, 0)
    process.stdout.write(`copied ${rows} rows in ${((Date.now() - began) / 1000).toFixed(0)} s\n`)
    return { location: url, files: [cluster.dataDirectory], drop: () => cluster.stop() }
  } catch (error) {
    cluster.stop()
    throw error
  }
}

/** Every measurement that goes through the server, on one engine. */
async function benchEngine(engine: Engine) {
  process.stdout.write(`\n${ENGINE_NAMES[engine]}\n`)
  const work = mkdtempSync(join(tmpdir(), 'liuliang-bench-'))
  const undo: (() => unknown)[] = [() => rmSync(work, { recursive: true, force: true })]
  try {
    const copy = await copyDatabase(engine, work)
    undo.push(() => copy.drop())
    const db = await openBenchDatabase(copy.location)
    undo.push(() => db.close())
    // The generator ends with SQLite's `analyze`; the copy gets PostgreSQL's planner statistics (and
    // its visibility map) the same way before the server starts, rather than whenever autovacuum runs.
    if (engine === 'postgres') await db.query('vacuum analyze')
    const env = productionEnv(copy.location, work)
    // Validates the production environment before anything starts, and names the business time zone.
    const timeZone = loadConfig(env).businessTimeZone
    const processes = startProcesses(env)
    undo.push(() => processes.stop())
    await Promise.all([waitFor(`${SERVER_URL}/healthz`), waitFor(`http://127.0.0.1:${PORTS.sandbox}/sandbox/healthz`), waitFor(`http://127.0.0.1:${PORTS.baseline}/`)])

    const now = Date.now()
    const [database] = await db.query<Record<string, number>>(
      `select (select count(*) from customers) as customers, (select max(id) from timeline_events) as "timelineEvents",
              (select max(id) from orders) as orders,
              (select count(*) from scheduled_jobs where status = 'pending' and run_at <= ?) as "dueJobsAtStart"`,
      now,
    )
    const admin = await call<{ token: string }>('/api/admin/login', { body: { username: SECRETS.ADMIN_USERNAME, password: SECRETS.ADMIN_PASSWORD } })
    const guide = await call<{ token: string }>('/api/sidebar/login', { body: { code: `test_bench_g1~bench${now}` } })
    const ctx: BenchContext = { db, now, today: businessDate(new Date(now), timeZone), settings, guideToken: guide.token }
    // The server catches up at start: today's RFM segments over every customer, the jobs that fell due
    // while the database sat on disk, and the day's lead run. The loads measure the server after it.
    process.stdout.write('catch-up at start (RFM segments, due jobs, the day\'s leads)…\n')
    const caughtUpBegan = performance.now()
    // Due means due at start, or made by the catch-up and due now (the RFM and lead runs' steps), or being
    // read for. A job that falls due later is the day's ordinary work, run at the next tick (30 s): waiting
    // for a moment with none due measured that tick.
    await waitUntil(async () => {
      const [state] = await db.query<{ segmented: number; due: number }>(
        `select (select count(*) from rfm_runs where date = ?) as segmented,
                (select count(*) from scheduled_jobs
                  where status = 'reading' or (status = 'pending' and (run_at <= ? or (created_at >= ? and run_at <= ?)))) as due`,
        ctx.today,
        now,
        now,
        Date.now(),
      )
      return Number(state?.segmented) > 0 && Number(state?.due) === 0
    })
    const catchUpMs = Math.round(performance.now() - caughtUpBegan)
    // A job that failed was moved later and no longer counts as due: said, as its retry may fall in a load.
    const jobsFailedAtStart = await ctx.db.query<{ kind: string; error: string | null }>(
      "select kind, last_error as error from scheduled_jobs where status <> 'done' and attempts > 0 order by id",
    )

    const baseline = await load('empty Fastify route (baseline)', settings, { url: `http://127.0.0.1:${PORTS.baseline}/` })
    // Each load of random customers starts with the database's files in the OS page cache (page-cache.ts).
    const warmed = <T>(measure: (context: BenchContext) => Promise<T>) => {
      const began = performance.now()
      const bytes = readIntoPageCache(copy.files)
      process.stdout.write(`read ${(bytes / 2 ** 30).toFixed(1)} GiB of the database into the page cache in ${((performance.now() - began) / 1000).toFixed(0)} s\n`)
      return measure(ctx)
    }
    const view = await warmed(customerView)
    const search = await warmed(scriptSearch)
    const valueResults = [await warmed(checkIn), await warmed(draw), await warmed(joinGroups)]

    // The daily RFM run over every customer, as an admin's "recompute now" runs it.
    const rfmBegan = performance.now()
    const rfmRun = await call<{ segmented: number }>('/api/admin/rfm/recompute', { body: {}, token: admin.token })
    const rfm = { ms: Math.round(performance.now() - rfmBegan), segmented: rfmRun.segmented }

    const filters = {
      'one tag': { tags: { anyOf: [1] } },
      'all of two tags, none of one': { tags: { allOf: [1, 2], noneOf: [3] } },
      'tag + guide + not lost': { tags: { anyOf: [5, 6, 7] }, staffUserIds: ['bench_g2'], lost: false },
      'channel + added this year': { channels: ['channel_1'], addedFrom: `${ctx.today.slice(0, 4)}-01-01T00:00:00Z` },
      'RFM 重要挽留': { rfmSegments: ['important_retain'] },
      'RFM 一般挽留 or 一般发展': { rfmSegments: ['general_retain', 'general_develop'] },
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
    const serverPeakRssBytes = peakRssBytes(processes.server.pid)

    const loads = [baseline, view.load, search, ...valueResults].map((r) => ({ ...r, ratioOfBaseline: Math.round((r.okPerSecond / baseline.requestsPerSecond) * 1000) / 1000 }))
    const targets = evaluateTargets({ baseline, values: valueResults, customerView: view.sequential, audience, rfm, weappMainBytes: weapp?.mainBytes ?? null, firstScreen })
    return {
      database: database as Record<string, number>,
      load: loads,
      customerViewSequential: view.sequential,
      exactlyOnce: Object.fromEntries(valueResults.map((v) => [v.name, v.exactlyOnce])),
      audience,
      rfm,
      catchUpMs,
      jobsFailedAtStart,
      firstScreen,
      serverPeakRssBytes,
      targets,
    }
  } finally {
    for (const step of undo.reverse()) await step()
  }
}

const measured: Partial<Record<Engine, EngineReport>> = {}
for (const engine of engines) measured[engine] = await benchEngine(engine)

const report = {
  date: new Date().toISOString(),
  machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
  settings,
  sizes: { weappMainBytes: weapp?.mainBytes ?? null, weappTotalBytes: weapp?.totalBytes ?? null, sidebarInitialJsGzipBytes: sidebarJs },
  engines: measured,
}
const resultsDir = join(repoRoot, 'bench/results')
mkdirSync(resultsDir, { recursive: true })
// Named by the engines too: a run of one engine does not overwrite the same day's run of the other.
const file = join(resultsDir, `${report.date.slice(0, 10)}-${engines.join('-')}.json`)
writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`)

const tables = engines.map((engine) => {
  const { database, load: loads, targets, serverPeakRssBytes, catchUpMs, jobsFailedAtStart } = measured[engine] as EngineReport
  const other: [string, string][] = [
    ['database', `${database.customers} customers, ${database.timelineEvents} timeline events, ${database.orders} orders; ${database.dueJobsAtStart} scheduled jobs were due at start`],
    ['catch-up at start', `${(catchUpMs / 1000).toFixed(1)} s after the server answered, before any load`],
    [
      'jobs that failed in the catch-up',
      jobsFailedAtStart.length === 0 ? 'none' : jobsFailedAtStart.map((job) => `${job.kind}: ${job.error ?? 'no message'}`).join('; '),
    ],
    ['weapp total', weapp ? `${(weapp.totalBytes / 1024).toFixed(0)} KB` : 'not built'],
    ['sidebar initial JS (gzip)', sidebarJs === null ? 'not built' : `${(sidebarJs / 1024).toFixed(1)} KB`],
    ['server peak RSS', serverPeakRssBytes ? `${(serverPeakRssBytes / 2 ** 20).toFixed(0)} MB` : 'unknown'],
  ]
  return `## ${ENGINE_NAMES[engine]}\n\n${printTables(loads, targets, other)}`
})
process.stdout.write(`\n${tables.join('\n\n')}\n\n${file}\n`)
