// `pnpm bench:data`: a realistic database at scale for `pnpm bench`, written through the project's
// own migrations and schema in large transactions. Deterministic for a given size and end instant.
import { mkdirSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { repoRoot } from '@liuliang/server/paths'
import { configOrExit } from '@liuliang/server/process'
import { generateBenchData } from './dataset/generate'

const { values } = parseArgs({
  options: {
    customers: { type: 'string', default: '1000000' },
    out: { type: 'string', default: 'bench/data/bench.db' },
    /** when the generated history ends; the bench's "now" should be close after it */
    until: { type: 'string' },
  },
})
const customers = Number(values.customers)
const until = values.until ? Date.parse(values.until) : Math.floor(Date.now() / 60_000) * 60_000
if (!Number.isInteger(customers) || customers < 100 || Number.isNaN(until)) {
  process.stderr.write('Usage: pnpm bench:data [--customers N (at least 100)] [--until ISO instant] [--out path]\n')
  process.exit(1)
}
const config = configOrExit()
const path = resolve(repoRoot, values.out)
mkdirSync(dirname(path), { recursive: true })

const started = Date.now()
const seconds = () => ((Date.now() - started) / 1000).toFixed(0)
const counts = await generateBenchData({
  path,
  customers,
  until,
  timeZone: config.businessTimeZone,
  appId: config.wechat.appId,
  onProgress: (done, total) => process.stdout.write(`\rcustomers: ${done.toLocaleString()} / ${total.toLocaleString()}  (${seconds()} s)   `),
})
process.stdout.write(`\ndone in ${seconds()} s, history until ${new Date(until).toISOString()}: ${JSON.stringify(counts)}\n${path}\n`)
