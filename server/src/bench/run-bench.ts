// `pnpm bench`: the quality targets, measured. Starts the sandbox and the server in production mode
// on a copy of the bench database, loads each endpoint with autocannon at 50 connections next to an
// empty Fastify route, times audience counts, measures bundle sizes and the server's peak RSS.
import { spawn, type ChildProcess } from 'node:child_process'
import { createHmac } from 'node:crypto'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, totalmem, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'
import Database from 'better-sqlite3'
import { repoRoot, serverRoot } from '../paths'
import { sidebarInitialJsGzip, weappSizes } from './package-sizes'

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: 'bench/data/bench.db' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
  },
})
const DURATION = Number(values.duration)
const CONNECTIONS = Number(values.connections)
const source = resolve(repoRoot, values.data)
if (!existsSync(source)) {
  process.stderr.write(`No bench database at ${source}. Run \`pnpm bench:data\` first.\n`)
  process.exit(1)
}

const work = mkdtempSync(join(tmpdir(), 'liuliang-bench-'))
const databasePath = join(work, 'bench.db')
copyFileSync(source, databasePath)

// Requests go to real customers of the right kind, drawn at random so caches get no favours.
const sampleDb = new Database(databasePath, { readonly: true })
const contacts = (
  sampleDb.prepare('select external_user_id as id from customers where external_user_id is not null order by random() limit 20000').all() as {
    id: string
  }[]
).map((row) => row.id)
// Each check-in goes to a different mini-program user, so every request is a real first check-in.
const consumers = (
  sampleDb.prepare('select id from customers where openid is not null order by random() limit 300000').all() as { id: number }[]
).map((row) => row.id)
sampleDb.close()
const sample = <T>(items: T[]) => items[Math.floor(Math.random() * items.length)] as T
const ports = { server: 18480, sandbox: 18481, baseline: 18482 }
const secrets = {
  JWT_SECRET: 'bench-secret-that-is-long-enough-for-production-0001',
  ADMIN_USERNAME: 'admin',
  ADMIN_PASSWORD: 'bench-password',
  WECHAT_APPID: 'wx0000000000demo01',
  WECHAT_SECRET: 'sandbox-wechat-secret',
  WECOM_CORP_ID: 'ww0000000000demo01',
  WECOM_AGENT_ID: '1000002',
  WECOM_SECRET: 'sandbox-wecom-secret',
  WECOM_CALLBACK_TOKEN: 'LiuliangDemoToken',
  WECOM_ENCODING_AES_KEY: 'LiuliangSandboxEncodingAesKey0123456789abcd',
}
const env = {
  PATH: process.env.PATH,
  NODE_ENV: 'production',
  LOG_LEVEL: 'warn',
  HOST: '127.0.0.1',
  PORT: String(ports.server),
  SANDBOX_PORT: String(ports.sandbox),
  DATABASE_PATH: databasePath,
  SANDBOX_STATE_PATH: join(work, 'sandbox.json'),
  WECHAT_API_BASE: `http://127.0.0.1:${ports.sandbox}`,
  WECOM_API_BASE: `http://127.0.0.1:${ports.sandbox}`,
  ...secrets,
}

const children: ChildProcess[] = []
function start(script: string, extraEnv: Record<string, string> = {}): ChildProcess {
  const child = spawn(process.execPath, [script], { env: { ...env, ...extraEnv }, stdio: ['ignore', 'inherit', 'inherit'] })
  children.push(child)
  return child
}
async function waitFor(url: string) {
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(url)).ok) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`${url} did not answer`)
}
async function post<T>(url: string, body: unknown, token?: string): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  })
  if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`)
  return (await response.json()) as T
}

/** A consumer token as the server signs it (HS256, audience mp), so the load needs no login per customer. */
function consumerToken(customerId: number): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')
  const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ sub: String(customerId), aud: 'mp', iat: Math.floor(Date.now() / 1000) })}`
  return `${unsigned}.${createHmac('sha256', secrets.JWT_SECRET).update(unsigned).digest('base64url')}`
}
let nextConsumer = 0

/** Peak resident memory of a process, from the kernel's high-water mark. */
function peakRssBytes(pid: number): number | null {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmHWM:\s+(\d+) kB/)
    return line ? Number(line[1]) * 1024 : null
  } catch {
    return null
  }
}

interface LoadResult {
  name: string
  requestsPerSecond: number
  p50: number
  p90: number
  p97_5: number
  p99: number
  non2xx: number
  errors: number
}

async function load(name: string, options: Omit<autocannon.Options, 'connections' | 'duration'>): Promise<LoadResult> {
  process.stdout.write(`loading ${name} for ${DURATION} s…\n`)
  const result = await autocannon({ ...options, connections: CONNECTIONS, duration: DURATION })
  return {
    name,
    requestsPerSecond: Math.round(result.requests.average),
    p50: result.latency.p50,
    p90: result.latency.p90,
    p97_5: result.latency.p97_5,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  }
}

const median = (numbers: number[]) => [...numbers].sort((a, b) => a - b)[Math.floor(numbers.length / 2)] as number

try {
  const server = start(join(serverRoot, 'dist/server.js'))
  start(join(serverRoot, 'dist/sandbox.js'))
  start(join(serverRoot, 'dist/bench-baseline.js'), { PORT: String(ports.baseline) })
  const base = `http://127.0.0.1:${ports.server}`
  await Promise.all([
    waitFor(`${base}/healthz`),
    waitFor(`http://127.0.0.1:${ports.sandbox}/sandbox/healthz`),
    waitFor(`http://127.0.0.1:${ports.baseline}/`),
  ])

  const admin = await post<{ token: string }>(`${base}/api/admin/login`, { username: 'admin', password: secrets.ADMIN_PASSWORD })
  const { count: customers } = await post<{ count: number }>(`${base}/api/admin/audiences/count`, { filter: {} }, admin.token)
  const guide = await post<{ token: string }>(`${base}/api/sidebar/login`, { code: 'test_bench_g1~bench' })

  const baseline = await load('empty Fastify route (baseline)', { url: `http://127.0.0.1:${ports.baseline}/` })
  const endpoints = [
    await load('customer view (sidebar)', {
      url: base,
      headers: { authorization: `Bearer ${guide.token}` },
      requests: [{ method: 'GET', setupRequest: (request) => ({ ...request, path: `/api/sidebar/customers/${sample(contacts)}` }) }],
    }),
    await load('check-in (mini-program)', {
      url: base,
      requests: [
        {
          method: 'POST',
          setupRequest: (request) => ({
            ...request,
            path: '/api/mp/checkins',
            headers: { ...request.headers, authorization: `Bearer ${consumerToken(consumers[nextConsumer++ % consumers.length] as number)}` },
          }),
        },
      ],
    }),
  ]

  const filters = {
    'one tag': { tags: { anyOf: [1] } },
    'all of two tags, none of one': { tags: { allOf: [1, 2], noneOf: [3] } },
    'tag + guide + not lost': { tags: { anyOf: [5, 6, 7] }, staffUserIds: ['bench_g2'], lost: false },
    'channel + added this year': { channels: ['channel_1'], addedFrom: '2026-01-01T00:00:00Z' },
  }
  const audience: Record<string, { count: number; medianMs: number }> = {}
  for (const [label, filter] of Object.entries(filters)) {
    const times: number[] = []
    let count = 0
    for (let run = 0; run < 7; run++) {
      const began = performance.now()
      count = (await post<{ count: number }>(`${base}/api/admin/audiences/count`, { filter }, admin.token)).count
      times.push(performance.now() - began)
    }
    audience[label] = { count, medianMs: Math.round(median(times) * 10) / 10 }
  }

  const weapp = weappSizes(join(repoRoot, 'miniprogram/dist/weapp'))
  const sidebarJs = sidebarInitialJsGzip(join(repoRoot, 'sidebar-h5/dist/sidebar'))
  const report = {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
    database: { customers },
    settings: { durationSeconds: DURATION, connections: CONNECTIONS },
    load: [baseline, ...endpoints].map((r) => ({ ...r, ratioOfBaseline: Math.round((r.requestsPerSecond / baseline.requestsPerSecond) * 1000) / 1000 })),
    audience,
    sizes: { weappMainBytes: weapp?.mainBytes ?? null, weappTotalBytes: weapp?.totalBytes ?? null, sidebarInitialJsGzipBytes: sidebarJs },
    serverPeakRssBytes: server.pid ? peakRssBytes(server.pid) : null,
  }

  const resultsDir = join(repoRoot, 'bench/results')
  mkdirSync(resultsDir, { recursive: true })
  const file = join(resultsDir, `${report.date.slice(0, 10)}.json`)
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`)

  const rows: [string, string, string][] = [
    ...report.load.map((r): [string, string, string] => [
      r.name,
      `${r.requestsPerSecond} req/s (${(r.ratioOfBaseline * 100).toFixed(1)}% of baseline), p50 ${r.p50} ms, p97.5 ${r.p97_5} ms, p99 ${r.p99} ms${r.non2xx ? `, ${r.non2xx} non-2xx` : ''}`,
      r === report.load[0] ? '—' : r.name.startsWith('customer view') ? 'p95 < 10 ms (p97.5 bounds it)' : '≥ 15% of baseline, p99 < 25 ms',
    ]),
    ...Object.entries(audience).map(([label, a]): [string, string, string] => [`audience count: ${label}`, `${a.medianMs} ms (${a.count} customers)`, '< 200 ms']),
    ['weapp main package', weapp ? `${(weapp.mainBytes / 1024).toFixed(0)} KB (total ${(weapp.totalBytes / 1024).toFixed(0)} KB)` : 'not built', '< 1.2 MB'],
    ['sidebar initial JS (gzip)', sidebarJs === null ? 'not built' : `${(sidebarJs / 1024).toFixed(1)} KB`, 'first screen < 1 s'],
    ['server peak RSS', report.serverPeakRssBytes ? `${(report.serverPeakRssBytes / 2 ** 20).toFixed(0)} MB` : 'unknown', '—'],
  ]
  process.stdout.write(`\n| measure | result | target |\n|---|---|---|\n${rows.map((r) => `| ${r.join(' | ')} |`).join('\n')}\n\n${file}\n`)
} finally {
  for (const child of children) child.kill('SIGTERM')
  rmSync(work, { recursive: true, force: true })
}
