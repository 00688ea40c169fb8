// `pnpm bench:data`: a realistic database at scale for `pnpm bench`, written through the project's
// own migrations and schema in large transactions. Deterministic for a given size.
import { existsSync, mkdirSync, rmSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { openDatabase } from '../db'
import { customerFollows, customerTags, customers, staff, tagGroups, tags, timelineEvents } from '../db/schema'
import { repoRoot } from '../paths'
import { insertInto } from './insert'
import { seededRandom } from './random'

const { values } = parseArgs({
  options: {
    customers: { type: 'string', default: '1000000' },
    'events-per-customer': { type: 'string', default: '20' },
    out: { type: 'string', default: 'bench/data/bench.db' },
  },
})
const CUSTOMERS = Number(values.customers)
const EVENTS_PER_CUSTOMER = Number(values['events-per-customer'])
const GUIDES = 50
const TAG_GROUPS = 20
const TAGS_PER_GROUP = 10
const CHANNELS = 10
const BATCH = 20_000
const DAY = 86_400_000
const END = Date.parse('2026-11-01T00:00:00Z')
const START = END - 730 * DAY

const path = resolve(repoRoot, values.out)
mkdirSync(dirname(path), { recursive: true })
for (const suffix of ['', '-wal', '-shm']) if (existsSync(path + suffix)) rmSync(path + suffix)

const { sqlite, close } = openDatabase(path)
// Bulk load: no journal and no fsync while generating; the file is rebuilt from scratch on failure.
sqlite.pragma('journal_mode = OFF')
sqlite.pragma('synchronous = OFF')
sqlite.pragma('cache_size = -262144')

const random = seededRandom(20261122)
const started = Date.now()
const progress = (label: string, done: number, total: number) =>
  process.stdout.write(`\r${label}: ${done.toLocaleString()} / ${total.toLocaleString()}  (${((Date.now() - started) / 1000).toFixed(0)} s)   `)

// Guides and tags first: everything else points at them.
const insertStaff = insertInto(sqlite, staff, ['userId', 'name', 'isAdmin', 'createdAt'])
const insertGroup = insertInto(sqlite, tagGroups, ['wecomGroupId', 'name', 'exclusive', 'createdAt'])
const insertTag = insertInto(sqlite, tags, ['wecomTagId', 'groupId', 'name', 'createdAt'])
sqlite.transaction(() => {
  for (let g = 1; g <= GUIDES; g++) insertStaff.run(`bench_g${g}`, `导购${g}号`, g === 1 ? 1 : 0, START)
  for (let group = 1; group <= TAG_GROUPS; group++) {
    insertGroup.run(`etbenchgroup${group}`, `标签组${group}`, group % 5 === 0 ? 1 : 0, START)
    for (let t = 1; t <= TAGS_PER_GROUP; t++) {
      insertTag.run(`etbenchtag${group}x${t}`, group, `标签${group}-${t}`, START)
    }
  }
})()

const insertCustomer = insertInto(sqlite, customers, [
  'unionid',
  'openid',
  'externalUserId',
  'name',
  'gender',
  'mpRegisteredAt',
  'createdAt',
  'updatedAt',
])
const insertFollow = insertInto(sqlite, customerFollows, [
  'customerId',
  'staffId',
  'status',
  'addWay',
  'state',
  'firstAddedAt',
  'lastAddedAt',
  'endedAt',
])
const insertCustomerTag = insertInto(sqlite, customerTags, ['customerId', 'tagId', 'markedByStaffId', 'createdAt'])
const insertEvent = insertInto(sqlite, timelineEvents, ['customerId', 'type', 'staffId', 'occurredAt', 'data'])
const GENDERS = ['unknown', 'male', 'female'] as const
const TAG_COUNT = TAG_GROUPS * TAGS_PER_GROUP

const writeBatch = sqlite.transaction((from: number, to: number) => {
  for (let id = from; id < to; id++) {
    // Customers join over two years, more of them recently.
    const createdAt = START + Math.floor((730 * DAY * Math.sqrt(id / CUSTOMERS)))
    const wecom = random.chance(0.8)
    const miniProgram = random.chance(0.5) || !wecom
    insertCustomer.run(
      `u_bench${id}`,
      miniProgram ? `o_bench${id}` : null,
      wecom ? `wmbench${id}` : null,
      `客户${id}`,
      GENDERS[random.int(0, 2)],
      miniProgram ? createdAt + random.int(0, 30) * DAY : null,
      createdAt,
      createdAt,
    )
    const guide = 1 + random.skewed(GUIDES, 0.8)
    if (wecom) {
      const roll = random.next()
      const status = roll < 0.08 ? 'lost' : roll < 0.1 ? 'removed' : 'active'
      const endedAt = status === 'active' ? null : Math.min(END, createdAt + random.int(1, 200) * DAY)
      const state = random.chance(0.6) ? `channel_${1 + random.skewed(CHANNELS)}` : null
      insertFollow.run(id, guide, status, state ? 1 : 0, state, createdAt, createdAt, endedAt)
      insertEvent.run(id, 'wecom_added', guide, createdAt, state ? `{"state":"${state}"}` : null)
      if (endedAt) insertEvent.run(id, status === 'lost' ? 'wecom_lost' : 'wecom_removed', guide, endedAt, null)
      if (random.chance(0.1)) {
        const second = 1 + ((guide - 1 + random.int(1, GUIDES - 1)) % GUIDES)
        insertFollow.run(id, second, 'active', 0, null, createdAt + DAY, createdAt + DAY, null)
      }
    }
    // Tags: a handful each, the popular ones much more common.
    const tagged = new Set<number>()
    for (let k = random.int(0, 6); k > 0; k--) tagged.add(1 + random.skewed(TAG_COUNT))
    for (const tagId of tagged) insertCustomerTag.run(id, tagId, wecom ? guide : null, createdAt)
    // The rest of the timeline, spread from joining until the end of the window.
    for (let e = random.int(EVENTS_PER_CUSTOMER / 2, (EVENTS_PER_CUSTOMER * 3) / 2 - 2); e > 0; e--) {
      insertEvent.run(id, 'tags_changed', wecom ? guide : null, createdAt + random.int(0, (END - createdAt) / 60000) * 60000, null)
    }
  }
})

for (let from = 1; from <= CUSTOMERS; from += BATCH) {
  writeBatch(from, Math.min(CUSTOMERS + 1, from + BATCH))
  progress('customers', Math.min(CUSTOMERS, from + BATCH - 1), CUSTOMERS)
}
process.stdout.write('\nanalyzing…\n')
sqlite.exec('analyze')
sqlite.pragma('journal_mode = WAL')
const counts = sqlite
  .prepare(
    `select (select count(*) from customers) as customers, (select count(*) from customer_follows) as follows,
            (select count(*) from customer_tags) as customerTags, (select count(*) from timeline_events) as events`,
  )
  .get()
close()
process.stdout.write(`done in ${((Date.now() - started) / 1000).toFixed(0)} s: ${JSON.stringify(counts)}\n${path}\n`)
