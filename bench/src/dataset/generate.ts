// The bench database: the catalogue first, then each customer's life, then what sums over many
// customers (groups, distributor accounts, withdrawals, stock left, script use counts).
import { randomBytes } from 'node:crypto'
import { existsSync, rmSync } from 'node:fs'
import { hashPassword } from '@liuliang/server/admins/password'
import { openSqlite } from '@liuliang/server/db'
import { randomFor, seededRandom } from '../random'
import { createCalendar, DAY, MINUTE } from './calendar'
import { GUIDES, PRODUCTS, TAG_GROUPS, TAGS_PER_GROUP, planCampaigns, planLotteries } from './catalog'
import { EXCLUSIVE_GROUP_EVERY, writeCustomer } from './customer-life'
import { planDistribution, planGroups, type GroupPlan, type SeatPlan } from './plans'
import { planPopulation } from './population'
import { categoryTree, composeScripts } from './script-library'
import { createSink, type Sink } from './sink'
import type { World } from './world'

export const SEED = 20261122
export const LIBRARY_SIZE = 3000
/** Customers written per transaction. */
const BATCH = 2000
const HOLD = 5 * MINUTE
/** The console account that decided withdrawals. */
export const FINANCE_ADMIN = 'finance_bench'

export interface GenerateOptions {
  path: string
  customers: number
  /** the instant the generated history ends ("now" for the data) */
  until: number
  timeZone: string
  /** the brand's mini-program, for mini-program-card scripts */
  appId: string
  onProgress?: (done: number, total: number) => void
}

export async function generateBenchData(options: GenerateOptions) {
  for (const suffix of ['', '-wal', '-shm']) if (existsSync(options.path + suffix)) rmSync(options.path + suffix)
  const { sqlite, close } = openSqlite(options.path)
  // Bulk load: no journal, no fsync, and rows written in whatever order suits; the file is rebuilt
  // from scratch on failure, and the test checks every foreign key of a small one.
  sqlite.pragma('journal_mode = OFF')
  sqlite.pragma('synchronous = OFF')
  sqlite.pragma('foreign_keys = OFF')
  sqlite.pragma('cache_size = -262144')
  const sink = createSink(sqlite)

  const end = options.until
  const start = end - 730 * DAY
  const calendar = createCalendar(start, end, options.timeZone)
  const plan = seededRandom(SEED)
  const population = planPopulation(options.customers, start, end, plan)
  const lotteries = planLotteries(start, end, options.customers)
  const campaigns = planCampaigns(start, end, options.customers)
  const groups = planGroups(campaigns, population, end, plan)
  const distribution = planDistribution(population, end, plan)
  const library = composeScripts(LIBRARY_SIZE, seededRandom(SEED + 1), options.appId)
  const financeAdminPassword = await hashPassword(randomBytes(24).toString('base64'))

  const world: World = {
    sink,
    calendar,
    end,
    seed: SEED,
    products: PRODUCTS.map(([name, priceFen], index) => ({ id: index + 1, name, priceFen, sold: 0 })),
    lotteries,
    prizeLeft: new Map(lotteries.flatMap((lottery) => lottery.prizes.map((prize) => [prize.id, prize.stock] as const))),
    seatsOf: new Map(),
    distribution,
    commissions: new Map(),
    scripts: library.map((script, index) => ({ id: index + 1, type: script.type, title: script.title })),
    scriptWeights: new Float64Array(library.length),
    scriptUses: new Int32Array(library.length + 1),
    ids: { order: 0, payment: 0 },
  }
  let cumulative = 0
  library.forEach((script, index) => (world.scriptWeights[index] = cumulative += script.popularity))
  for (const group of groups) {
    for (const seat of group.seats) world.seatsOf.set(seat.customerId, [...(world.seatsOf.get(seat.customerId) ?? []), seat])
  }
  const productStock = Math.max(100_000, options.customers * 5)

  sqlite.transaction(() => {
    for (let g = 1; g <= GUIDES; g++) sink.staff.run(g, `bench_g${g}`, `导购${g}号`, g === 1 ? 1 : 0, start)
    sink.admin.run(1, FINANCE_ADMIN, financeAdminPassword, start, start)
    for (let group = 1; group <= TAG_GROUPS; group++) {
      sink.tagGroup.run(group, `etbenchgroup${group}`, `标签组${group}`, group % EXCLUSIVE_GROUP_EVERY === 0 ? 1 : 0, start)
      for (let t = 1; t <= TAGS_PER_GROUP; t++) sink.tag.run((group - 1) * TAGS_PER_GROUP + t, `etbenchtag${group}x${t}`, group, `标签${group}-${t}`, start)
    }
    for (const product of world.products) sink.product.run(product.id, product.name, '', product.priceFen, productStock, 1, start)
    for (const lottery of lotteries) {
      sink.lottery.run(lottery.id, lottery.name, lottery.startsAt, lottery.endsAt, lottery.costPoints, lottery.freeDrawsPerDay, lottery.maxDrawsPerUser, '{}', 1, lottery.startsAt - DAY)
      for (const prize of lottery.prizes) sink.prize.run(prize.id, lottery.id, prize.position, prize.name, prize.type, prize.weight, prize.stock, prize.points)
    }
    for (const c of campaigns) {
      sink.campaign.run(c.id, c.productIndex + 1, c.groupSize, c.priceFen, c.durationMinutes, c.stock, c.perUserLimit, c.startsAt, c.endsAt, 1, c.startsAt - DAY)
    }
    writeLibrary(sink, library, start)
    for (const d of distribution.distributors) sink.distributor.run(d.id, d.customerId, d.code, 'approved', d.inviter?.id ?? null, d.appliedAt, d.appliedAt)
  })()

  const writeBatch = sqlite.transaction((from: number, to: number) => {
    for (let id = from; id < to; id++) writeCustomer(world, population, id)
  })
  for (let from = 1; from <= options.customers; from += BATCH) {
    const to = Math.min(options.customers + 1, from + BATCH)
    writeBatch(from, to)
    options.onProgress?.(to - 1, options.customers)
  }

  sqlite.transaction(() => {
    writeGroups(sink, groups)
    writeAccounts(world, end)
    for (const product of world.products) sqlite.prepare('update products set stock = ? where id = ?').run(productStock - product.sold, product.id)
    for (const [prizeId, left] of world.prizeLeft) sqlite.prepare('update lottery_prizes set stock = ? where id = ?').run(left, prizeId)
    for (const c of campaigns) {
      const sold = groups.filter((g) => g.campaign === c && g.status !== 'failed').reduce((sum, g) => sum + g.seats.length, 0)
      sqlite.prepare('update groupbuy_campaigns set stock = ? where id = ?').run(c.stock - sold, c.id)
    }
    world.scriptUses.forEach((uses, scriptId) => {
      if (uses > 0) sink.scriptUsage.run(uses, scriptId)
    })
  })()

  // Bounded statistics: the planner needs them, and a sample is enough at this size.
  sqlite.pragma('analysis_limit = 2000')
  sqlite.exec('analyze')
  sqlite.pragma('journal_mode = WAL')
  const counts = sqlite
    .prepare(
      `select (select count(*) from customers) as customers, (select count(*) from timeline_events) as events,
              (select count(*) from orders) as orders, (select count(*) from point_ledger) as ledger,
              (select count(*) from checkins) as checkins, (select count(*) from lottery_draws) as draws,
              (select count(*) from groupbuy_members) as groupMembers, (select count(*) from commissions) as commissions,
              (select count(*) from follow_ups) as notes, (select count(*) from scripts) as scripts`,
    )
    .get() as Record<string, number>
  close()
  return counts
}

function writeLibrary(sink: Sink, library: ReturnType<typeof composeScripts>, start: number) {
  const categoryIds = new Map<string, number>()
  categoryTree().forEach((category, index) => {
    categoryIds.set(category.path, index + 1)
    sink.category.run(index + 1, category.parentPath ? categoryIds.get(category.parentPath) : null, category.name, index, start)
  })
  library.forEach((script, index) => {
    const at = start + index * MINUTE
    sink.script.run(index + 1, categoryIds.get(script.categoryPath), null, script.type, script.title, script.content, JSON.stringify(script.keywords), sink.json(script.attachment), at, at)
  })
}

/** Groups as their members left them, members in the order they joined. */
function writeGroups(sink: Sink, groups: GroupPlan[]) {
  for (const group of groups) {
    sink.group.run(group.id, group.campaign.id, group.leaderId, group.campaign.groupSize, group.status, group.seats.length, group.deadline, group.closedAt, group.openedAt)
    for (const seat of group.seats) {
      sink.member.run(group.id, seat.customerId, seat.orderId, seat.isLeader ? 1 : 0, group.status === 'failed' ? 'refunded' : 'paid', holdUntil(seat), seat.joinedAt, seat.paidAt)
    }
  }
}

const holdUntil = (seat: SeatPlan) => (seat.isLeader ? seat.joinedAt + HOLD : Math.min(seat.joinedAt + HOLD, seat.group.deadline))

/**
 * Each distributor's account from their commissions; some withdraw what has settled once it is
 * worth it, and the finance admin pays it a day or two later.
 */
function writeAccounts(world: World, end: number) {
  const { sink } = world
  const requests: { distributorId: number; customerId: number; amountFen: number; at: number; paidAt: number | null }[] = []
  for (const distributor of world.distribution.distributors) {
    const random = randomFor(SEED, -distributor.id)
    const totals = world.commissions.get(distributor.id) ?? { frozen: 0, settlements: [] }
    totals.settlements.sort((a, b) => a[0] - b[0])
    let settled = 0
    let withdrawable = 0
    let pending = 0
    let withdrawn = 0
    for (const [at, amountFen] of totals.settlements) {
      settled += amountFen
      withdrawable += amountFen
      const requestAt = at + random.int(60 * MINUTE, 3 * DAY)
      if (withdrawable < 5_000 || requestAt > end || !random.chance(0.3)) continue
      const decidedAt = requestAt + random.int(DAY / 2, 2 * DAY)
      const paidAt = decidedAt <= end ? decidedAt : null
      requests.push({ distributorId: distributor.id, customerId: distributor.customerId, amountFen: withdrawable, at: requestAt, paidAt })
      if (paidAt === null) pending += withdrawable
      else withdrawn += withdrawable
      withdrawable = 0
    }
    sink.distributorAccount.run(distributor.id, totals.frozen, settled, withdrawable, pending, withdrawn)
  }
  requests.sort((a, b) => a.at - b.at)
  for (const request of requests) {
    const withdrawalId = sink.insert(
      sink.withdrawal,
      request.distributorId,
      request.amountFen,
      request.paidAt === null ? 'pending' : 'paid',
      request.paidAt === null ? null : 1,
      request.paidAt,
      request.at,
    )
    sink.timeline(request.customerId, 'withdrawal_requested', request.at, { withdrawalId, amountFen: request.amountFen })
    if (request.paidAt !== null) sink.timeline(request.customerId, 'withdrawal_paid', request.paidAt, { withdrawalId, amountFen: request.amountFen, note: null })
  }
}
