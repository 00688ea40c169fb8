// One customer's two years, written the way the services would have written them as they happened.
// Whatever moves points (check-ins, make-ups, draws, order rewards, expiry) runs in time order
// through the customer's points book; everything else is written as it is decided.
import { DEFAULT_CHECKIN_SETTINGS, GENDERS, rewardForStreak } from '@liuliang/shared'
import { GROUP_DEADLINE_JOB } from '@liuliang/server/groupbuy/groupbuy-service'
import { randomFor, type Random } from '../random'
import { DAY, MINUTE } from './calendar'
import { CITIES, FOLLOW_UP_NOTES, REFUND_REASONS, TAG_GROUPS, TAGS_PER_GROUP, type LotteryPlan, type PrizePlan } from './catalog'
import { AUTO_COMPLETE, writeOrder, type OrderSpec } from './orders'
import { createPointsBook, type PointsBook } from './points-book'
import { FOLLOW, type Population } from './population'
import type { SeatPlan } from './plans'
import { weightedIndex, type World } from './world'

const HOUR = 60 * MINUTE
const TAG_COUNT = TAG_GROUPS * TAGS_PER_GROUP
/** Groups whose number is a multiple of this are exclusive: one tag of theirs per customer. */
export const EXCLUSIVE_GROUP_EVERY = 5
const LADDER = DEFAULT_CHECKIN_SETTINGS.ladder
const STREAK_LOOKBACK = 400

interface Action {
  at: number
  run: () => void
}

export function writeCustomer(world: World, population: Population, id: number): void {
  const random = randomFor(world.seed, id)
  const { sink, end } = world
  const createdAt = population.createdAt[id] as number
  const mpAt = population.mpAt[id] as number
  const guide = population.guide[id] as number
  const actions: Action[] = []
  const later = (at: number, run: () => void) => {
    if (at <= end) actions.push({ at, run })
  }
  const book = createPointsBook(sink, world.calendar, end, id)

  sink.customer.run(id, `u_bench${id}`, mpAt ? `o_bench${id}` : null, guide ? `wmbench${id}` : null, `客户${id}`, random.pick(GENDERS), mpAt || null, createdAt, createdAt)
  if (mpAt) sink.timeline(id, 'mp_registered', mpAt)
  if (guide) writeWecom(world, population, random, id)
  writeTags(world, random, id, guide, createdAt)
  if (mpAt) {
    planCheckins(world, random, id, mpAt, book, later)
    for (const lottery of world.lotteries) planDraws(world, random, id, mpAt, lottery, book, later)
    writeOrders(world, random, id, mpAt, book, later)
    writeDistribution(world, id)
  }
  // The scheduler's expiry job for each business year whose points have expired by now.
  for (let year = world.calendar.yearOf(createdAt); world.calendar.expiryOfYear(year) <= end; year++) {
    const ranAt = world.calendar.expiryOfYear(year) + random.int(1_000, 30_000)
    later(ranAt, () => book.expireYear(year, ranAt))
  }
  actions.sort((a, b) => a.at - b.at)
  for (const action of actions) action.run()
  book.close()
}

function writeWecom(world: World, population: Population, random: Random, id: number) {
  const { sink } = world
  const createdAt = population.createdAt[id] as number
  const guide = population.guide[id] as number
  const follow = population.follow[id] as number
  const endedAt = population.endedAt[id] || null
  const channel = population.channel[id] as number
  const state = channel ? `channel_${channel}` : null
  const status = follow === FOLLOW.lost ? 'lost' : follow === FOLLOW.removed ? 'removed' : 'active'
  sink.follow.run(id, guide, status, state ? 1 : 0, state, createdAt, createdAt, endedAt)
  sink.timeline(id, 'wecom_added', createdAt, { state, addWay: state ? 1 : 0, readded: false }, guide)
  if (endedAt) sink.timeline(id, status === 'lost' ? 'wecom_lost' : 'wecom_removed', endedAt, null, guide)
  const second = population.secondGuide[id] as number
  if (second) {
    sink.follow.run(id, second, 'active', 0, null, createdAt + DAY, createdAt + DAY, null)
    sink.timeline(id, 'wecom_added', createdAt + DAY, { state: null, addWay: 0, readded: false }, second)
  }
  // Guides' notes: a new note from the same guide settles their earlier reminder on this customer.
  const until = Math.min(endedAt ?? world.end, world.end)
  if (createdAt + HOUR > until) return
  if (random.chance(0.25)) {
    const times = Array.from({ length: random.int(1, 4) }, () => random.int(createdAt + HOUR, Math.max(createdAt + HOUR, until))).sort((a, b) => a - b)
    const notes = times.map((at) => ({ at, next: random.chance(0.4) ? at + random.int(1, 14) * DAY : null }))
    notes.forEach((note, index) => {
      const product = random.pick(world.products).name
      const content = random.pick(FOLLOW_UP_NOTES).replace('{product}', product)
      const settledBy = notes[index + 1]?.at ?? (note.next && note.next < world.end && random.chance(0.5) ? note.next + random.int(1, 8) * HOUR : null)
      const doneAt = note.next && settledBy !== null && settledBy <= world.end ? settledBy : null
      const followUpId = sink.insert(sink.followUp, id, guide, content, note.next, doneAt, note.at)
      sink.timeline(id, 'follow_up_added', note.at, { followUpId, content, nextContactAt: note.next ? new Date(note.next).toISOString() : null }, guide)
    })
  }
  // Scripts the guide sent into the chat, counted once each.
  if (random.chance(0.35)) {
    for (let n = random.int(1, 3); n > 0; n--) {
      const script = world.scripts[weightedIndex(world.scriptWeights, random.next())]
      if (!script) break
      const sentAt = random.int(createdAt + MINUTE, Math.max(createdAt + MINUTE, until))
      sink.scriptSend.run(script.id, guide, id, `bench-${id}-${n}`, sentAt)
      world.scriptUses[script.id] = (world.scriptUses[script.id] as number) + 1
      sink.timeline(id, 'script_sent', sentAt, { scriptId: script.id, scriptType: script.type, title: script.title }, guide)
    }
  }
}

/** A handful of tags each, the popular ones much more common; one per exclusive group. */
function writeTags(world: World, random: Random, id: number, guide: number, createdAt: number) {
  const tagged = new Map<number, number>()
  for (let k = random.int(0, 6); k > 0; k--) {
    const tagId = 1 + random.skewed(TAG_COUNT)
    const group = Math.ceil(tagId / TAGS_PER_GROUP)
    if (group % EXCLUSIVE_GROUP_EVERY === 0 && [...tagged.values()].includes(group)) continue
    tagged.set(tagId, group)
  }
  if (tagged.size === 0) return
  const at = createdAt + random.int(1, 60) * MINUTE
  for (const tagId of tagged.keys()) world.sink.customerTag.run(id, tagId, guide || null, at)
  const names = [...tagged].map(([tagId, group]) => `标签${group}-${tagId - (group - 1) * TAGS_PER_GROUP}`)
  world.sink.timeline(id, 'tags_changed', at, { added: names, removed: [], source: guide ? 'guide' : 'rule' }, guide || null)
}

/**
 * Runs of daily check-ins (almost half of the mini-program users check in at all). A customer who
 * comes back after missing a day or two sometimes makes the missed days up, within the month's limit.
 */
function planCheckins(world: World, random: Random, id: number, mpAt: number, book: PointsBook, later: (at: number, run: () => void) => void) {
  if (!random.chance(0.45)) return
  const { calendar, sink } = world
  const first = calendar.dayIndexOf(mpAt) + 1
  const last = calendar.dayIndexOf(world.end)
  if (first > last) return
  const days = new Set<number>()
  for (let runs = 1 + random.skewed(10); runs > 0; runs--) {
    const from = random.int(first, last)
    const length = Math.min(60, 1 + Math.floor(-Math.log(1 - random.next()) * 6))
    for (let day = from; day < from + length && day <= last; day++) days.add(day)
  }
  const checked = new Set<number>()
  const makeups = new Map<string, number>()
  const streakEndingOn = (day: number) => {
    let streak = 0
    while (streak < STREAK_LOOKBACK && checked.has(day - streak)) streak++
    return streak
  }
  let previous = -1
  for (const day of [...days].sort((a, b) => a - b)) {
    const at = calendar.startOf(day) + random.int(7 * HOUR, 23 * HOUR)
    const gap = previous < 0 ? 0 : day - previous - 1
    const mend = gap >= 1 && gap <= 2 && random.chance(0.4)
    previous = day
    later(at, () => {
      const date = calendar.dateAt(day)
      const streak = streakEndingOn(day - 1) + 1
      const points = rewardForStreak(streak, LADDER)
      checked.add(day)
      sink.checkin.run(id, date, 'regular', streak, points, 0, null, null, at)
      if (points > 0) book.credit(points, 'checkin', `每日签到 · 连续第 ${streak} 天`, `checkin:${date}:${id}`, at)
      sink.timeline(id, 'checked_in', at, { date, streak, points })
      if (!mend) return
      const month = date.slice(0, 7)
      for (let missed = day - gap; missed < day; missed++) {
        const used = makeups.get(month) ?? 0
        if (used >= DEFAULT_CHECKIN_SETTINGS.makeupMonthlyLimit || checked.has(missed)) continue
        const missedDate = calendar.dateAt(missed)
        const madeAt = at + random.int(10_000, 120_000)
        if (madeAt > world.end) return
        const cost = DEFAULT_CHECKIN_SETTINGS.makeupCost
        if (!book.debit(cost, 'makeup_checkin', `补签 ${missedDate}`, `makeup:${missedDate}:${id}`, madeAt)) return
        const missedStreak = streakEndingOn(missed - 1) + 1
        checked.add(missed)
        makeups.set(month, used + 1)
        sink.checkin.run(id, missedDate, 'makeup', missedStreak, 0, cost, month, used + 1, madeAt)
        sink.timeline(id, 'makeup_checked_in', madeAt, { date: missedDate, points: -cost, streak: streakEndingOn(day) })
      }
    })
  }
}

/** A few days of drawing in some lotteries: the day's free draw, sometimes more for points. */
function planDraws(
  world: World,
  random: Random,
  id: number,
  mpAt: number,
  lottery: LotteryPlan,
  book: PointsBook,
  later: (at: number, run: () => void) => void,
) {
  const from = Math.max(lottery.startsAt, mpAt)
  const until = Math.min(lottery.endsAt, world.end)
  if (from >= until || !random.chance(0.1)) return
  const { calendar, sink } = world
  const thanks = lottery.prizes.find((prize) => prize.type === 'thanks') as PrizePlan
  const totalWeight = lottery.prizes.reduce((sum, prize) => sum + prize.weight, 0)
  const days = new Set(Array.from({ length: random.int(1, 4) }, () => calendar.dayIndexOf(random.int(from, until - 1))))
  let seq = 0
  for (const day of [...days].sort((a, b) => a - b)) {
    let drawsToday = 0
    const dayStart = Math.max(calendar.startOf(day), from)
    const dayEnd = Math.min(calendar.startOf(day) + DAY, until) - 1
    const times = Array.from({ length: random.chance(0.3) ? random.int(2, 3) : 1 }, () => random.int(dayStart, dayEnd)).sort((a, b) => a - b)
    for (const at of times) {
      later(at, () => {
        if (seq >= lottery.maxDrawsPerUser) return
        const free = drawsToday < lottery.freeDrawsPerDay
        const cost = free ? 0 : lottery.costPoints
        if (cost > 0 && !book.debit(cost, 'lottery_cost', `参与「${lottery.name}」`, `draw:${lottery.id}:${id}:${seq + 1}`, at)) return
        seq++
        drawsToday++
        let roll = random.int(0, totalWeight - 1)
        const picked = lottery.prizes.find((prize) => (roll -= prize.weight) < 0) as PrizePlan
        const left = world.prizeLeft.get(picked.id) ?? 0
        const won = picked.type !== 'thanks' && left > 0
        if (won) world.prizeLeft.set(picked.id, left - 1)
        const shown = won || picked.type === 'thanks' ? picked : thanks
        const claimAt = won && picked.type === 'physical' && random.chance(0.8) ? at + random.int(HOUR, 3 * DAY) : null
        const claimed = claimAt !== null && claimAt <= world.end
        const [province, city, district] = random.pick(CITIES)
        const address = claimed ? { name: `客户${id}`, phone: `13${String(id).padStart(9, '0')}`, region: `${province} ${city} ${district}`, detail: `幸福路 ${random.int(1, 999)} 号` } : null
        const date = calendar.dateAt(day)
        const claimStatus = won && picked.type === 'physical' ? (claimed ? 'claimed' : 'unclaimed') : 'none'
        const drawId = sink.insert(sink.draw, lottery.id, id, seq, date, drawsToday, free ? 1 : 0, cost, shown.id, won ? 1 : 0, claimStatus, sink.json(address), at)
        if (won && picked.type === 'points' && picked.points) {
          book.credit(picked.points, 'lottery_prize', `抽中「${picked.name}」`, `draw:${drawId}:prize`, at)
        }
        sink.timeline(id, 'lottery_drawn', at, { lotteryId: lottery.id, drawId, lottery: lottery.name, prize: won ? picked.name : null, points: -cost })
        if (claimed && claimAt !== null) sink.timeline(id, 'lottery_prize_claimed', claimAt, { drawId, lotteryId: lottery.id })
      })
    }
  }
}

/** The customer's own orders and group-buy seats, in the order they were placed. */
function writeOrders(world: World, random: Random, id: number, mpAt: number, book: PointsBook, later: (at: number, run: () => void) => void) {
  const bindings = world.distribution.bindings.get(id)
  const specs: { spec: OrderSpec; seat: SeatPlan | null }[] = []
  const count = random.chance(0.25) ? 0 : 1 + Math.floor(-Math.log(1 - random.next()) * 6)
  for (let n = 0; n < count; n++) {
    const createdAt = random.int(mpAt, world.end - MINUTE)
    const items = new Map<number, number>()
    for (let k = random.chance(0.6) ? 1 : random.chance(0.75) ? 2 : 3; k > 0; k--) {
      const index = random.skewed(world.products.length, 0.9)
      items.set(index, (items.get(index) ?? 0) + (random.chance(0.85) ? 1 : 2))
    }
    const paidAt = random.chance(0.03) ? null : createdAt + random.int(MINUTE / 2, 10 * MINUTE)
    const completeAt = paidAt === null ? null : random.chance(0.7) ? paidAt + random.int(3 * DAY, 9 * DAY) : paidAt + AUTO_COMPLETE
    const refund = paidAt !== null && random.chance(0.04) ? { at: paidAt + random.int(HOUR, 2 * DAY), reason: random.pick(REFUND_REASONS) } : null
    specs.push({
      seat: null,
      spec: {
        customerId: id,
        kind: 'normal',
        items: [...items].map(([index, quantity]) => {
          const product = world.products[index] as World['products'][number]
          return { product, priceFen: product.priceFen, quantity }
        }),
        createdAt,
        payDeadline: createdAt + 15 * MINUTE,
        paidAt,
        refund,
        completeAt,
        bindings,
      },
    })
  }
  for (const seat of world.seatsOf.get(id) ?? []) {
    const { group } = seat
    const product = world.products[group.campaign.productIndex] as World['products'][number]
    const completeAt =
      group.status === 'succeeded' && group.closedAt !== null
        ? random.chance(0.7)
          ? group.closedAt + random.int(3 * DAY, 9 * DAY)
          : seat.paidAt + AUTO_COMPLETE
        : null
    specs.push({
      seat,
      spec: {
        customerId: id,
        kind: 'groupbuy',
        items: [{ product, priceFen: group.campaign.priceFen, quantity: 1 }],
        createdAt: seat.joinedAt,
        payDeadline: seat.isLeader ? seat.joinedAt + 5 * MINUTE : Math.min(seat.joinedAt + 5 * MINUTE, group.deadline),
        paidAt: seat.paidAt,
        refund: group.status === 'failed' ? { at: group.deadline, reason: '拼团未成功，自动退款' } : null,
        completeAt,
        bindings,
      },
    })
  }
  specs.sort((a, b) => a.spec.createdAt - b.spec.createdAt)
  for (const { spec, seat } of specs) {
    const order = writeOrder(world, random, spec)
    if (seat) writeSeatEvents(world, seat, order.id)
    if (order.completedAt !== null) {
      const completedAt = order.completedAt
      later(completedAt, () => {
        const points = Math.floor((order.amountFen / 100) * book.multiplier())
        if (points > 0) {
          book.credit(points, 'order_reward', `订单 ${order.id} 完成奖励`, `order:${order.id}:reward`, completedAt)
          world.sink.orderPoints.run(points, order.id)
        }
        world.sink.timeline(id, 'order_completed', completedAt, { orderId: order.id, amountFen: order.amountFen, points })
      })
    }
  }
}

function writeSeatEvents(world: World, seat: SeatPlan, orderId: number) {
  const { sink } = world
  const { group } = seat
  seat.orderId = orderId
  const product = (world.products[group.campaign.productIndex] as World['products'][number]).name
  sink.timeline(seat.customerId, seat.isLeader ? 'groupbuy_opened' : 'groupbuy_joined', seat.joinedAt, {
    groupId: group.id,
    campaignId: group.campaign.id,
    product,
    priceFen: group.campaign.priceFen,
    orderId,
  })
  if (group.status === 'succeeded' && group.closedAt !== null) sink.timeline(seat.customerId, 'groupbuy_succeeded', group.closedAt, { groupId: group.id, orderId })
  if (group.status === 'failed') sink.timeline(seat.customerId, 'groupbuy_failed', group.deadline, { groupId: group.id, orderId })
  if (group.status === 'open' && seat.isLeader) sink.job(GROUP_DEADLINE_JOB, String(group.id), group.deadline, { groupId: group.id }, null, group.leaderPaidAt)
}

/** Becoming a distributor, and the links that bound this customer to one. */
function writeDistribution(world: World, id: number) {
  const { sink } = world
  const distributor = world.distribution.byCustomer.get(id)
  if (distributor) {
    sink.timeline(id, 'distributor_applied', distributor.appliedAt, { code: distributor.code })
    sink.timeline(id, 'distributor_approved', distributor.appliedAt, { code: distributor.code })
  }
  const bindings = world.distribution.bindings.get(id)
  if (!bindings) return
  for (const binding of bindings) {
    sink.timeline(id, 'referral_bound', binding.boundAt, { code: binding.distributor.code, until: new Date(binding.expiresAt).toISOString() })
  }
  const latest = bindings.at(-1)
  if (latest) sink.binding.run(id, latest.distributor.id, latest.boundAt, latest.expiresAt)
}

