import { randomInt } from 'node:crypto'
import fp from 'fastify-plugin'
import { reportActivity } from '../tags/tag-rules'
import { and, count, countDistinct, desc, eq, gt, gte, inArray, sql, sum } from 'drizzle-orm'
import {
  addDays,
  businessDate,
  type AdminLottery,
  type CreateLotteryRequest,
  type CursorQuery,
  type DrawResponse,
  type LotteryStats,
  type LotteryStatus,
  type LotteryView,
  type MyPrize,
  type MyPrizePage,
  type ShippingAddress,
  type UpdateLotteryRequest,
} from '@liuliang/shared'
import { first, placeholderFor, prepared, rowsChanged, withoutWaiting, type DbOrTx, type Tx } from '../db'
import { lockCustomer } from '../customers/customer-service'
import { fieldsOf } from '../db/fields'
import { cursorBefore, pageOf } from '../db/paging'
import { couponTemplates, customerTags, lotteries, lotteryDraws, lotteryPrizes } from '../db/schema'
import { badRequest, conflict, notFound } from '../errors'
import type { CouponRow, CouponService } from '../coupons/coupon-service'
import type { LedgerRow, PointsService } from '../points/points-service'
import { serviceDeps, type ServiceDeps } from '../services'
import { recordTimelineEvent } from '../timeline/record'
import { recordChange } from '../audit/audit-service'
import { changedFields } from '../audit/changes'

type LotteryRow = typeof lotteries.$inferSelect
type PrizeRow = typeof lotteryPrizes.$inferSelect
type DrawRow = typeof lotteryDraws.$inferSelect

function statusOf(lottery: LotteryRow, at: Date): LotteryStatus {
  if (!lottery.active) return 'inactive'
  if (lottery.startsAt > at) return 'upcoming'
  if (lottery.endsAt <= at) return 'ended'
  return 'active'
}

/** A weighted pick with a cryptographic RNG; null when nothing has weight. */
function pickByWeight(prizes: PrizeRow[]): PrizeRow | null {
  const total = prizes.reduce((sum, prize) => sum + prize.weight, 0)
  if (total === 0) return null
  let roll = randomInt(total)
  for (const prize of prizes) {
    if (roll < prize.weight) return prize
    roll -= prize.weight
  }
  return null
}

const shownPrize = (prize: PrizeRow | undefined) => (prize ? { id: prize.id, name: prize.name, type: prize.type } : null)

function toAdminLottery(row: LotteryRow, prizes: PrizeRow[]): AdminLottery {
  return {
    id: row.id,
    name: row.name,
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
    costPoints: row.costPoints,
    freeDrawsPerDay: row.freeDrawsPerDay,
    maxDrawsPerUser: row.maxDrawsPerUser,
    audience: row.audience,
    active: row.active,
    prizes: prizes.map((prize) => ({
      id: prize.id,
      name: prize.name,
      type: prize.type,
      weight: prize.weight,
      stock: prize.stock,
      points: prize.points,
      couponTemplateId: prize.couponTemplateId,
    })),
    createdAt: row.createdAt.toISOString(),
  }
}

export interface LotteryDeps extends ServiceDeps {
  timeZone: string
  points: PointsService
  coupons: CouponService
}

/** Runs in the unit of work of a draw that won a prize. */
export type PrizeWonHook = (tx: Tx, draw: DrawRow, prize: PrizeRow, at: Date) => Promise<void> | void

const lotteryById = prepared((handle: DbOrTx) => handle.select().from(lotteries).where(eq(lotteries.id, sql.placeholder('id'))))
const prizesOfLottery = prepared((handle: DbOrTx) =>
  handle.select().from(lotteryPrizes).where(eq(lotteryPrizes.lotteryId, sql.placeholder('lotteryId'))).orderBy(lotteryPrizes.position),
)
/** A lottery's prizes with their coupon templates: a draw reads them before it knows which prize it gives. */
const prizesWithTemplates = prepared((handle: DbOrTx) =>
  handle
    .select({ prize: lotteryPrizes, template: couponTemplates })
    .from(lotteryPrizes)
    .leftJoin(couponTemplates, eq(couponTemplates.id, lotteryPrizes.couponTemplateId))
    .where(eq(lotteryPrizes.lotteryId, sql.placeholder('lotteryId')))
    .orderBy(lotteryPrizes.position),
)
const prizeById = prepared((handle: DbOrTx) => handle.select().from(lotteryPrizes).where(eq(lotteryPrizes.id, sql.placeholder('id'))))
const countDraws = prepared((handle: DbOrTx) =>
  handle
    .select({ total: count(), today: sql<number>`coalesce(sum(case when ${lotteryDraws.date} = ${sql.placeholder('date')} then 1 else 0 end), 0)` })
    .from(lotteryDraws)
    .where(and(eq(lotteryDraws.lotteryId, sql.placeholder('lotteryId')), eq(lotteryDraws.customerId, sql.placeholder('customerId')))),
)
/**
 * A retry's draw: the one the client's key made in this lottery today or yesterday (a retry may arrive
 * after midnight), found through the customer's draws by day; a retry later than that is a new draw.
 */
const drawWithKey = prepared((handle: DbOrTx) =>
  handle
    .select()
    .from(lotteryDraws)
    .where(
      and(
        eq(lotteryDraws.customerId, sql.placeholder('customerId')),
        eq(lotteryDraws.lotteryId, sql.placeholder('lotteryId')),
        gte(lotteryDraws.date, sql.placeholder('since')),
        eq(lotteryDraws.idempotencyKey, sql.placeholder('key')),
      ),
    ),
)
const takeOneFromStock = prepared((tx: Tx) =>
  tx
    .update(lotteryPrizes)
    .set({ stock: sql`${lotteryPrizes.stock} - 1` })
    .where(and(eq(lotteryPrizes.id, sql.placeholder('id')), gt(lotteryPrizes.stock, 0))),
)
const insertDraw = prepared((tx: Tx) =>
  tx
    .insert(lotteryDraws)
    .values({
      lotteryId: sql.placeholder('lotteryId'),
      customerId: sql.placeholder('customerId'),
      seq: sql.placeholder('seq'),
      date: sql.placeholder('date'),
      daySeq: sql.placeholder('daySeq'),
      free: sql.placeholder('free'),
      costPoints: sql.placeholder('costPoints'),
      prizeId: sql.placeholder('prizeId'),
      won: sql.placeholder('won'),
      claimStatus: sql.placeholder('claimStatus'),
      idempotencyKey: sql.placeholder('idempotencyKey'),
      createdAt: sql.placeholder('at'),
    })
    .returning(),
)
const setDrawCoupon = prepared((tx: Tx) =>
  tx.update(lotteryDraws).set({ couponId: placeholderFor(lotteryDraws.couponId, 'couponId') }).where(eq(lotteryDraws.id, sql.placeholder('id'))),
)

export function createLotteryService({ db, timeZone, now, points, coupons }: LotteryDeps) {
  const hooks = { won: [] as PrizeWonHook[] }
  const lotteryOr404 = async (tx: DbOrTx, id: number) => {
    const row = await first(lotteryById(tx, { id }))
    if (!row) throw notFound('LOTTERY_NOT_FOUND', '没有这个抽奖活动')
    return row
  }
  const prizesOf = (tx: DbOrTx, lotteryId: number) => prizesOfLottery(tx, { lotteryId })

  /** Why the customer is outside the audience, or null. */
  const audienceRefusal = async (tx: DbOrTx, lottery: LotteryRow, customerId: number): Promise<string | null> => {
    const { levels, tagIds } = lottery.audience
    if (levels?.length && !levels.includes((await points.standingOf(customerId, tx)).level.code)) {
      return '你的会员等级暂不能参加这个活动'
    }
    if (tagIds?.length) {
      const tagged = await first(
        tx
          .select({ tagId: customerTags.tagId })
          .from(customerTags)
          .where(and(eq(customerTags.customerId, customerId), inArray(customerTags.tagId, tagIds))),
      )
      if (!tagged) return '这个活动仅限受邀会员参加'
    }
    return null
  }

  const drawCounts = async (tx: DbOrTx, lotteryId: number, customerId: number, date: string) => {
    const row = await first(countDraws(tx, { lotteryId, customerId, date }))
    return { total: row?.total ?? 0, today: Number(row?.today ?? 0) }
  }

  /** The draw as the customer sees it, with the prize it shows. */
  const viewOf = (draw: DrawRow, prize: PrizeRow | undefined): DrawResponse['draw'] => ({
    id: draw.id,
    prize: shownPrize(prize),
    free: draw.free,
    costPoints: draw.costPoints,
    claimStatus: draw.claimStatus,
    createdAt: draw.createdAt.toISOString(),
  })

  /** A draw already recorded, as the customer sees it, and their balance now. */
  const answer = async (tx: DbOrTx, draw: DrawRow): Promise<DrawResponse> => {
    const prize = draw.prizeId ? await first(prizeById(tx, { id: draw.prizeId })) : undefined
    return { draw: viewOf(draw, prize), balance: await points.balanceOf(tx, draw.customerId) }
  }

  const checkPrizes = async (tx: DbOrTx, input: CreateLotteryRequest) => {
    // With nothing to win every paid draw is a certain loss: some prize other than "thanks" needs weight and stock.
    if (!input.prizes.some((prize) => prize.type !== 'thanks' && prize.weight > 0 && prize.stock > 0)) {
      throw badRequest('NO_WINNABLE_PRIZE', '中奖概率为 0：至少要有一个权重和库存都大于 0 的奖品（“谢谢参与”不算）')
    }
    // No free draw and no price for one: the draw button would refuse everyone.
    if (input.freeDrawsPerDay === 0 && input.costPoints === 0) {
      throw badRequest('NO_WAY_TO_DRAW', '每日免费次数和每次消耗积分不能都为 0，否则谁也抽不了')
    }
    for (const prize of input.prizes) {
      if (prize.type === 'points' && !prize.points) throw badRequest('INVALID_PRIZE', `积分奖品「${prize.name}」需要填写积分数`)
      if (prize.type === 'coupon') {
        if (!prize.couponTemplateId) throw badRequest('INVALID_PRIZE', `优惠券奖品「${prize.name}」需要选择优惠券模板`)
        const template = await first(
          tx.select({ id: couponTemplates.id }).from(couponTemplates).where(eq(couponTemplates.id, prize.couponTemplateId)),
        )
        if (!template) {
          throw badRequest('COUPON_TEMPLATE_NOT_FOUND', '没有这个优惠券模板')
        }
      }
    }
  }

  /**
   * Gives a won prize in the draw's transaction: points at once (its entry written with the commit),
   * physical prizes await an address. A coupon was written with the draw: it is announced.
   */
  const award = async (tx: Tx, draw: DrawRow, prize: PrizeRow, coupon: CouponRow | null, at: Date): Promise<{ draw: DrawRow; pointsEntry?: Promise<LedgerRow> }> => {
    if (prize.type === 'points' && prize.points) {
      const credited = await points.credit(tx, {
        customerId: draw.customerId,
        amount: prize.points,
        reason: 'lottery_prize',
        title: `抽中「${prize.name}」`,
        idempotencyKey: `draw:${draw.id}:prize`,
        keyIsNew: true,
        at,
      })
      return { draw, pointsEntry: credited.entry }
    }
    if (coupon) {
      await coupons.announce(tx, coupon)
      withoutWaiting(setDrawCoupon(tx, { id: draw.id, couponId: coupon.id }))
      return { draw: { ...draw, couponId: coupon.id } }
    }
    return { draw }
  }

  const service = {
    hooks,
    async create(input: CreateLotteryRequest): Promise<AdminLottery> {
      const startsAt = new Date(input.startsAt)
      const endsAt = new Date(input.endsAt)
      if (endsAt <= startsAt) throw badRequest('INVALID_TIME_WINDOW', '结束时间必须晚于开始时间')
      return db.transaction(async (tx) => {
        await checkPrizes(tx, input)
        const [inserted] = await tx
          .insert(lotteries)
          .values({
            name: input.name,
            startsAt,
            endsAt,
            costPoints: input.costPoints,
            freeDrawsPerDay: input.freeDrawsPerDay,
            maxDrawsPerUser: input.maxDrawsPerUser,
            audience: input.audience ?? {},
          })
          .returning()
        const row = inserted as LotteryRow
        const prizes = await tx
          .insert(lotteryPrizes)
          .values(
            input.prizes.map((prize, position) => ({
              lotteryId: row.id,
              position,
              name: prize.name,
              type: prize.type,
              weight: prize.weight,
              stock: prize.stock,
              points: prize.type === 'points' ? (prize.points ?? null) : null,
              couponTemplateId: prize.type === 'coupon' ? (prize.couponTemplateId ?? null) : null,
            })),
          )
          .returning()
        return toAdminLottery(row, prizes)
      })
    },

    async update(id: number, patch: UpdateLotteryRequest): Promise<AdminLottery> {
      return db.transaction(async (tx) => {
        const current = await lotteryOr404(tx, id)
        const before = toAdminLottery(current, await prizesOf(tx, id))
        const next = { ...fieldsOf(patch, ['name', 'active']), ...(patch.endsAt ? { endsAt: new Date(patch.endsAt) } : {}) }
        if (next.endsAt && next.endsAt <= current.startsAt) throw badRequest('INVALID_TIME_WINDOW', '结束时间必须晚于开始时间')
        const row = Object.keys(next).length
          ? ((await first(tx.update(lotteries).set(next).where(eq(lotteries.id, id)).returning())) as LotteryRow)
          : current
        for (const { id: prizeId, weight } of patch.prizes ?? []) {
          if (!before.prizes.some((prize) => prize.id === prizeId)) throw badRequest('PRIZE_NOT_FOUND', '奖品不属于这个抽奖活动')
          await tx.update(lotteryPrizes).set({ weight }).where(eq(lotteryPrizes.id, prizeId))
        }
        const after = toAdminLottery(row, await prizesOf(tx, id))
        if (!after.prizes.some((prize) => prize.type !== 'thanks' && prize.weight > 0 && prize.stock > 0)) {
          throw badRequest('NO_WINNABLE_PRIZE', '中奖概率为 0：至少要有一个权重和库存都大于 0 的奖品（“谢谢参与”不算）')
        }
        const terms = ({ name, endsAt, active }: AdminLottery) => ({ name, endsAt, active })
        await recordChange(tx, {
          objectType: 'lotteries',
          objectId: id,
          changes: [
            ...changedFields(terms(before), terms(after)),
            ...after.prizes.flatMap((prize) =>
              changedFields({ weight: before.prizes.find(({ id }) => id === prize.id)?.weight }, { weight: prize.weight }, { list: 'prizes', name: prize.name }),
            ),
          ],
        })
        return after
      })
    },

    async listAll(): Promise<AdminLottery[]> {
      const rows = await db.select().from(lotteries).orderBy(desc(lotteries.id))
      const all: AdminLottery[] = []
      for (const row of rows) all.push(toAdminLottery(row, await prizesOf(db, row.id)))
      return all
    },

    async view(customerId: number, id: number): Promise<LotteryView> {
      const at = now()
      const lottery = await lotteryOr404(db, id)
      if (!lottery.active) throw notFound('LOTTERY_NOT_FOUND', '没有这个抽奖活动')
      const status = statusOf(lottery, at)
      const { total, today } = await drawCounts(db, id, customerId, businessDate(at, timeZone))
      const drawsLeft = Math.max(0, lottery.maxDrawsPerUser - total)
      const notOpen = status === 'upcoming' ? '活动尚未开始' : status === 'ended' ? '活动已结束' : null
      return {
        id: lottery.id,
        name: lottery.name,
        startsAt: lottery.startsAt.toISOString(),
        endsAt: lottery.endsAt.toISOString(),
        status,
        costPoints: lottery.costPoints,
        freeDrawsPerDay: lottery.freeDrawsPerDay,
        maxDrawsPerUser: lottery.maxDrawsPerUser,
        prizes: (await prizesOf(db, id)).map((prize) => ({ id: prize.id, name: prize.name, type: prize.type, points: prize.points })),
        mine: {
          drawsToday: today,
          freeDrawsLeftToday: Math.max(0, lottery.freeDrawsPerDay - today),
          drawsLeft,
          ineligibleReason: notOpen ?? (await audienceRefusal(db, lottery, customerId)) ?? (drawsLeft === 0 ? '抽奖次数已用完' : null),
          balance: await points.balanceOf(db, customerId),
        },
      }
    },

    /** Lotteries a consumer can see now: running or about to start. */
    async listVisible(customerId: number): Promise<LotteryView[]> {
      const at = now()
      const rows = await db
        .select({ id: lotteries.id })
        .from(lotteries)
        .where(and(eq(lotteries.active, true), gt(lotteries.endsAt, at)))
        .orderBy(lotteries.startsAt)
      const views: LotteryView[] = []
      for (const { id } of rows) views.push(await service.view(customerId, id))
      return views
    },

    /**
     * One draw is one transaction: eligibility, the limits (held by unique draw numbers), the
     * points cost, a weighted pick, and a stock decrement guarded by `stock > 0` — an exhausted
     * prize falls back to "thanks".
     */
    async draw(customerId: number, lotteryId: number, clientKey?: string): Promise<DrawResponse> {
      const at = now()
      const result = await db.transaction(async (tx) => {
        const date = businessDate(at, timeZone)
        // A customer's draws take turns: each counts the ones before it (sequence, daily free draws).
        // The reads are sent behind the lock, in order, so they see what it waited for; on PostgreSQL
        // the lock and the reads share a round trip.
        const [, prior, lottery, { total, today }, offered, balanceBefore] = await Promise.all([
          lockCustomer(tx, customerId),
          clientKey ? first(drawWithKey(tx, { customerId, lotteryId, since: addDays(date, -1), key: clientKey })) : undefined,
          lotteryOr404(tx, lotteryId),
          drawCounts(tx, lotteryId, customerId, date),
          prizesWithTemplates(tx, { lotteryId }),
          points.balanceOf(tx, customerId),
        ])
        const prizes = offered.map(({ prize }) => prize)
        if (prior) return answer(tx, prior)
        if (statusOf(lottery, at) !== 'active') throw conflict('LOTTERY_NOT_ACTIVE', '活动未开始或已结束')
        const refusal = await audienceRefusal(tx, lottery, customerId)
        if (refusal) throw conflict('LOTTERY_NOT_ELIGIBLE', refusal)
        if (total >= lottery.maxDrawsPerUser) throw conflict('DRAW_LIMIT_REACHED', `每人最多抽 ${lottery.maxDrawsPerUser} 次，你已抽完`)
        const free = today < lottery.freeDrawsPerDay
        if (!free && lottery.costPoints === 0) throw conflict('DRAW_LIMIT_REACHED', '今天的免费次数已用完，明天再来')
        const seq = total + 1
        const cost = free ? 0 : lottery.costPoints
        const picked = pickByWeight(prizes)
        const thanks = picked?.type === 'thanks' ? picked : prizes.find((prize) => prize.type === 'thanks')
        // A prize read as out of stock is not tried: it falls back to "thanks", as when the last one goes.
        const tried = picked && picked.type !== 'thanks' && picked.stock > 0 ? picked : null
        const drawn = (prize: PrizeRow | null) => ({
          lotteryId,
          customerId,
          seq,
          date,
          daySeq: today + 1,
          free,
          costPoints: cost,
          prizeId: (prize ?? thanks)?.id ?? null,
          won: prize !== null,
          claimStatus: prize?.type === 'physical' ? ('unclaimed' as const) : ('none' as const),
          idempotencyKey: clientKey ?? null,
          at,
        })
        // The points are spent, the stock taken and the draw written in one round trip, the draw as won
        // and a coupon prize's coupon with it. On PostgreSQL a concurrent draw may have taken the last
        // one since it was read; this draw then becomes a loss and its coupon is taken back. The keys
        // are new: a debit or coupon under them would have come with a draw of this number, which the
        // count read under the customer's lock would have seen.
        const drawKey = `draw:${lotteryId}:${customerId}:${seq}`
        const template = tried?.type === 'coupon' ? offered.find(({ prize }) => prize.id === tried.id)?.template : null
        const [debited, taken, [recorded], coupon] = await Promise.all([
          cost > 0
            ? points.debit(tx, { customerId, amount: cost, reason: 'lottery_cost', title: `参与「${lottery.name}」`, idempotencyKey: drawKey, keyIsNew: true, at })
            : null,
          tried ? takeOneFromStock(tx, { id: tried.id }) : { changes: 0 },
          insertDraw(tx, drawn(tried)),
          template ? coupons.write(tx, template, { customerId, templateId: template.id, source: 'prize', idempotencyKey: drawKey, at }) : null,
        ])
        let draw = recorded as DrawRow
        const won = tried !== null && rowsChanged(taken) === 1
        if (tried && !won) {
          const { prizeId, claimStatus } = drawn(null)
          draw = (await first(tx.update(lotteryDraws).set({ prizeId, won, claimStatus }).where(eq(lotteryDraws.id, draw.id)).returning())) as DrawRow
          if (coupon) coupons.withdraw(tx, coupon)
        }
        let pointsEntry: Promise<LedgerRow> | undefined
        if (won) {
          ;({ draw, pointsEntry } = await award(tx, draw, tried, coupon, at))
          for (const hook of hooks.won) await hook(tx, draw, tried, at)
        }
        await recordTimelineEvent(tx, {
          customerId,
          type: 'lottery_drawn',
          occurredAt: at,
          data: { lotteryId, drawId: draw.id, lottery: lottery.name, prize: won ? tried.name : null, points: -cost },
        })
        // The balance after the draw without reading it again: a points prize's entry holds it once committed.
        const entry = pointsEntry ?? debited?.entry
        const balance = entry ? entry.then(({ balanceAfter }) => balanceAfter) : balanceBefore
        return { draw: viewOf(draw, (won ? tried : thanks) ?? undefined), balance }
      })
      return { ...result, balance: await result.balance }
    },

    async myPrizes(customerId: number, query: CursorQuery): Promise<MyPrizePage> {
      const limit = query.limit ?? 20
      const rows = await db
        .select({ draw: lotteryDraws, prize: lotteryPrizes, lotteryName: lotteries.name })
        .from(lotteryDraws)
        .innerJoin(lotteryPrizes, eq(lotteryPrizes.id, lotteryDraws.prizeId))
        .innerJoin(lotteries, eq(lotteries.id, lotteryDraws.lotteryId))
        .where(and(eq(lotteryDraws.customerId, customerId), eq(lotteryDraws.won, true), cursorBefore(lotteryDraws.id, query.cursor)))
        .orderBy(desc(lotteryDraws.id))
        .limit(limit + 1)
      return pageOf(rows, limit, ({ draw, prize, lotteryName }): MyPrize & { id: number } => ({
        id: draw.id,
        drawId: draw.id,
        lotteryId: draw.lotteryId,
        lotteryName,
        prize: { id: prize.id, name: prize.name, type: prize.type },
        points: prize.points,
        couponId: draw.couponId,
        claimStatus: draw.claimStatus,
        address: draw.address ?? null,
        createdAt: draw.createdAt.toISOString(),
      }))
    },

    /** A physical prize is claimed once, with where to send it. */
    async claim(customerId: number, drawId: number, address: ShippingAddress): Promise<DrawResponse> {
      const at = now()
      return db.transaction(async (tx) => {
        const [claimed] = await tx
          .update(lotteryDraws)
          .set({ claimStatus: 'claimed', address })
          .where(and(eq(lotteryDraws.id, drawId), eq(lotteryDraws.customerId, customerId), eq(lotteryDraws.claimStatus, 'unclaimed')))
          .returning()
        if (!claimed) {
          const known = await first(
            tx.select().from(lotteryDraws).where(and(eq(lotteryDraws.id, drawId), eq(lotteryDraws.customerId, customerId))),
          )
          if (!known) throw notFound('DRAW_NOT_FOUND', '没有这条中奖记录')
          throw conflict('PRIZE_NOT_CLAIMABLE', known.claimStatus === 'claimed' ? '奖品已经领取过了' : '这个奖品无需领取')
        }
        await recordTimelineEvent(tx, { customerId, type: 'lottery_prize_claimed', occurredAt: at, data: { drawId, lotteryId: claimed.lotteryId } })
        return answer(tx, claimed)
      })
    },

    async stats(id: number): Promise<LotteryStats> {
      await lotteryOr404(db, id)
      const totals = await first(
        db
          .select({ draws: count(), participants: countDistinct(lotteryDraws.customerId), spent: sum(lotteryDraws.costPoints) })
          .from(lotteryDraws)
          .where(eq(lotteryDraws.lotteryId, id)),
      )
      const perPrize = await db
        .select({
          prizeId: lotteryDraws.prizeId,
          won: count(),
          claimed: sql<number>`sum(case when ${lotteryDraws.claimStatus} = 'claimed' then 1 else 0 end)`,
        })
        .from(lotteryDraws)
        .where(and(eq(lotteryDraws.lotteryId, id), eq(lotteryDraws.won, true)))
        .groupBy(lotteryDraws.prizeId)
      const byPrize = new Map(perPrize.map((row) => [row.prizeId, row]))
      return {
        lotteryId: id,
        draws: totals?.draws ?? 0,
        participants: totals?.participants ?? 0,
        pointsSpent: Number(totals?.spent ?? 0),
        prizes: (await prizesOf(db, id)).map((prize) => ({
          id: prize.id,
          name: prize.name,
          type: prize.type,
          won: byPrize.get(prize.id)?.won ?? 0,
          stockLeft: prize.stock,
          claimed: Number(byPrize.get(prize.id)?.claimed ?? 0),
        })),
      }
    },
  }
  return service
}

export type LotteryService = ReturnType<typeof createLotteryService>

declare module 'fastify' {
  interface FastifyInstance {
    lottery: LotteryService
  }
}

export default fp<{ timeZone: string }>(
  async (app, { timeZone }) => {
    const service = createLotteryService({ ...serviceDeps(app), timeZone, points: app.points, coupons: app.coupons })
    app.decorate('lottery', {
      ...service,
      async draw(customerId: number, lotteryId: number, clientKey?: string) {
        const result = await service.draw(customerId, lotteryId, clientKey)
        if (result.draw.prize && result.draw.prize.type !== 'thanks') reportActivity(app, customerId, 'lottery_won')
        return result
      },
    })
  },
  { name: 'lottery', dependencies: ['db', 'clock', 'points', 'coupons', 'tag-rules'] },
)
