import fp from 'fastify-plugin'
import { and, count, desc, eq, gt, sql } from 'drizzle-orm'
import type {
  CouponSource,
  AdminRedemptionPage,
  AdminRedemptionsQuery,
  CreateMallItemRequest,
  CursorQuery,
  MallItem,
  MallItemDetail,
  RedeemResponse,
  Redemption,
  RedemptionPage,
  ShippingAddress,
  UpdateMallItemRequest,
} from '@liuliang/shared'
import { first, rowsChanged, type DbOrTx, type Tx } from '../db'
import { fieldsOf } from '../db/fields'
import { findByClientKey } from '../db/client-key'
import { cursorBefore, pageOf } from '../db/paging'
import { couponTemplates, customers, mallItems, mallRedemptions } from '../db/schema'
import { badRequest, conflict, foundOr404, notFound } from '../errors'
import { toCoupon, type CouponService } from '../coupons/coupon-service'
import type { PointsService } from '../points/points-service'
import { serviceDeps, type ServiceDeps } from '../services'
import { recordTimelineEvent } from '../timeline/record'

type ItemRow = typeof mallItems.$inferSelect
type RedemptionRow = typeof mallRedemptions.$inferSelect

const iso = (date: Date | null) => date?.toISOString() ?? null
const instant = (value: string | null | undefined) => (value ? new Date(value) : null)

function toItem(row: ItemRow): MallItem {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    imageUrl: row.imageUrl,
    kind: row.kind,
    couponTemplateId: row.couponTemplateId,
    pointsPrice: row.pointsPrice,
    stock: row.stock,
    perUserLimit: row.perUserLimit,
    startsAt: iso(row.startsAt),
    endsAt: iso(row.endsAt),
    active: row.active,
  }
}

function toRedemption(row: RedemptionRow, item: Pick<ItemRow, 'name' | 'kind'>): Redemption {
  return {
    id: row.id,
    itemId: row.itemId,
    itemName: item.name,
    kind: item.kind,
    pointsSpent: row.pointsSpent,
    status: row.status,
    couponId: row.couponId,
    address: row.address ?? null,
    trackingNo: row.trackingNo,
    shippedAt: iso(row.shippedAt),
    createdAt: row.createdAt.toISOString(),
  }
}

/** Why an item cannot be redeemed right now (the 409 a redemption gets), or null when it can. */
function refusalFor(item: ItemRow, at: Date, redeemedByMe: number): { code: string; message: string } | null {
  if (!item.active) return { code: 'MALL_ITEM_INACTIVE', message: '该商品已下架' }
  if (item.startsAt && item.startsAt > at) return { code: 'REDEEM_NOT_STARTED', message: '兑换尚未开始' }
  if (item.endsAt && item.endsAt <= at) return { code: 'REDEEM_ENDED', message: '兑换已结束' }
  if (redeemedByMe >= item.perUserLimit) {
    return { code: 'REDEEM_LIMIT_REACHED', message: `每人限兑 ${item.perUserLimit} 次，你已兑完` }
  }
  if (item.stock <= 0) return { code: 'OUT_OF_STOCK', message: '已兑完' }
  return null
}

export interface MallDeps extends ServiceDeps {
  points: PointsService
  coupons: CouponService
}

export function createMallService({ db, now, points, coupons }: MallDeps) {
  const itemOr404 = async (tx: DbOrTx, id: number) =>
    foundOr404(await first(tx.select().from(mallItems).where(eq(mallItems.id, id))), 'MALL_ITEM_NOT_FOUND', '没有这个商品')

  const redeemedBy = async (tx: DbOrTx, itemId: number, customerId: number) =>
    (
      await first(
        tx
          .select({ n: count() })
          .from(mallRedemptions)
          .where(and(eq(mallRedemptions.itemId, itemId), eq(mallRedemptions.customerId, customerId))),
      )
    )?.n ?? 0

  const checkWindow = (startsAt: Date | null, endsAt: Date | null) => {
    if (startsAt && endsAt && endsAt <= startsAt) throw badRequest('INVALID_TIME_WINDOW', '结束时间必须晚于开始时间')
  }

  const answer = async (tx: DbOrTx, row: RedemptionRow, item: ItemRow, at: Date): Promise<RedeemResponse> => {
    const coupon = row.couponId ? await coupons.findById(tx, row.couponId) : undefined
    return {
      redemption: toRedemption(row, item),
      coupon: coupon ? toCoupon(coupon, at) : null,
      balance: await points.balanceOf(tx, row.customerId),
    }
  }

  /**
   * Takes one from stock and hands the item over: a coupon item issues its coupon at once, a physical
   * one waits to be shipped. The redemption's points (if any) are the caller's to move.
   */
  async function handOver(
    tx: Tx,
    item: ItemRow,
    customerId: number,
    handed: { pointsSpent: number; address: ShippingAddress | null; idempotencyKey: string | null; couponSource: CouponSource; at: Date },
  ): Promise<RedemptionRow> {
    const taken = await tx
      .update(mallItems)
      .set({ stock: sql`${mallItems.stock} - 1` })
      .where(and(eq(mallItems.id, item.id), gt(mallItems.stock, 0)))
    if (rowsChanged(taken) === 0) throw conflict('OUT_OF_STOCK', '已兑完')
    const [inserted] = await tx
      .insert(mallRedemptions)
      .values({
        itemId: item.id,
        customerId,
        slot: (await redeemedBy(tx, item.id, customerId)) + 1,
        pointsSpent: handed.pointsSpent,
        status: item.kind === 'coupon' ? 'completed' : 'awaiting_shipment',
        address: item.kind === 'physical' ? handed.address : null,
        idempotencyKey: handed.idempotencyKey,
        createdAt: handed.at,
      })
      .returning()
    let row = inserted as RedemptionRow
    if (item.kind === 'coupon' && item.couponTemplateId) {
      const coupon = await coupons.issue(tx, {
        customerId,
        templateId: item.couponTemplateId,
        source: handed.couponSource,
        idempotencyKey: `redeem:${row.id}`,
        at: handed.at,
      })
      const [updated] = await tx.update(mallRedemptions).set({ couponId: coupon.id }).where(eq(mallRedemptions.id, row.id)).returning()
      row = updated as RedemptionRow
    }
    await recordTimelineEvent(tx, {
      customerId,
      type: 'mall_redeemed',
      occurredAt: handed.at,
      data: { redemptionId: row.id, itemId: item.id, name: item.name, points: -handed.pointsSpent },
    })
    return row
  }

  return {
    async createItem(input: CreateMallItemRequest): Promise<MallItem> {
      return db.transaction(async (tx) => {
        if (input.kind === 'coupon') {
          if (!input.couponTemplateId) throw badRequest('COUPON_TEMPLATE_REQUIRED', '优惠券商品需要选择优惠券模板')
          const template = await first(
            tx.select({ id: couponTemplates.id }).from(couponTemplates).where(eq(couponTemplates.id, input.couponTemplateId)),
          )
          if (!template) {
            throw badRequest('COUPON_TEMPLATE_NOT_FOUND', '没有这个优惠券模板')
          }
        } else if (input.couponTemplateId) {
          throw badRequest('COUPON_TEMPLATE_NOT_ALLOWED', '实物商品不能关联优惠券模板')
        }
        const startsAt = instant(input.startsAt)
        const endsAt = instant(input.endsAt)
        checkWindow(startsAt, endsAt)
        const [row] = await tx
          .insert(mallItems)
          .values({
            name: input.name,
            description: input.description ?? '',
            imageUrl: input.imageUrl ?? null,
            kind: input.kind,
            couponTemplateId: input.couponTemplateId ?? null,
            pointsPrice: input.pointsPrice,
            stock: input.stock,
            perUserLimit: input.perUserLimit,
            startsAt,
            endsAt,
          })
          .returning()
        return toItem(row as ItemRow)
      })
    },

    async updateItem(id: number, patch: UpdateMallItemRequest): Promise<MallItem> {
      return db.transaction(async (tx) => {
        const current = await itemOr404(tx, id)
        const { startsAt, endsAt } = patch
        const next = {
          ...fieldsOf(patch, ['name', 'description', 'imageUrl', 'pointsPrice', 'stock', 'perUserLimit', 'active']),
          ...(startsAt !== undefined ? { startsAt: instant(startsAt) } : {}),
          ...(endsAt !== undefined ? { endsAt: instant(endsAt) } : {}),
        }
        checkWindow(next.startsAt ?? current.startsAt, next.endsAt ?? current.endsAt)
        if (Object.keys(next).length === 0) return toItem(current)
        const [row] = await tx.update(mallItems).set(next).where(eq(mallItems.id, id)).returning()
        return toItem(row as ItemRow)
      })
    },

    async listAll(): Promise<MallItem[]> {
      return (await db.select().from(mallItems).orderBy(desc(mallItems.id))).map(toItem)
    },

    /** What the mall shows: items on sale and not yet ended, sold-out ones included. */
    async listOnSale(): Promise<MallItem[]> {
      const at = now()
      const rows = await db.select().from(mallItems).where(eq(mallItems.active, true)).orderBy(desc(mallItems.id))
      return rows.filter((row) => !row.endsAt || row.endsAt > at).map(toItem)
    },

    async detail(customerId: number, itemId: number): Promise<MallItemDetail> {
      const item = await itemOr404(db, itemId)
      if (!item.active) throw notFound('MALL_ITEM_NOT_FOUND', '没有这个商品')
      const mine = await redeemedBy(db, itemId, customerId)
      return { item: toItem(item), redeemedByMe: mine, unavailableReason: refusalFor(item, now(), mine)?.message ?? null }
    },

    /**
     * One transaction: stock, the per-user limit and points are each checked and changed by the
     * database (conditional update, unique slot, guarded balance), so concurrent redemptions never
     * oversell, exceed the limit or overdraw.
     */
    async redeem(customerId: number, itemId: number, address: ShippingAddress | undefined, clientKey?: string): Promise<RedeemResponse> {
      const at = now()
      return db.transaction(async (tx) => {
        const item = await itemOr404(tx, itemId)
        const prior = await findByClientKey(
          tx,
          mallRedemptions,
          { owner: mallRedemptions.customerId, key: mallRedemptions.idempotencyKey },
          customerId,
          clientKey,
        )
        if (prior) return answer(tx, prior, await itemOr404(tx, prior.itemId), at)
        if (item.kind === 'physical' && !address) throw badRequest('ADDRESS_REQUIRED', '实物商品需要填写收货地址')
        const mine = await redeemedBy(tx, itemId, customerId)
        const refusal = refusalFor(item, at, mine)
        if (refusal) throw conflict(refusal.code, refusal.message)
        const redemption = await handOver(tx, item, customerId, {
          pointsSpent: item.pointsPrice,
          address: address ?? null,
          idempotencyKey: clientKey ?? null,
          couponSource: 'redeem',
          at,
        })
        await points.debit(tx, {
          customerId,
          amount: item.pointsPrice,
          reason: 'redeem',
          title: `兑换「${item.name}」`,
          idempotencyKey: `redeem:${redemption.id}`,
          keyIsNew: true,
          at,
        })
        return answer(tx, redemption, item, at)
      })
    },

    /**
     * The item as a gift another activity gives (a fission reward), for no points and outside the
     * per-user limit, in the caller's unit of work; a repeated key answers the first redemption.
     * A physical gift waits for the guide to learn where to ship it.
     */
    async give(tx: Tx, gift: { customerId: number; itemId: number; idempotencyKey: string; couponSource: CouponSource; at: Date }) {
      const prior = await first(
        tx
          .select()
          .from(mallRedemptions)
          .where(and(eq(mallRedemptions.customerId, gift.customerId), eq(mallRedemptions.idempotencyKey, gift.idempotencyKey))),
      )
      if (prior) return prior
      const item = await itemOr404(tx, gift.itemId)
      if (!item.active) throw conflict('MALL_ITEM_INACTIVE', `「${item.name}」已下架`)
      return handOver(tx, item, gift.customerId, { pointsSpent: 0, address: null, ...gift })
    },

    /** Redemptions by status for the console (by default those waiting to be shipped), newest first. */
    async listRedemptions(query: AdminRedemptionsQuery): Promise<AdminRedemptionPage> {
      const limit = query.limit ?? 20
      const rows = await db
        .select({ row: mallRedemptions, name: mallItems.name, kind: mallItems.kind, customerName: customers.name })
        .from(mallRedemptions)
        .innerJoin(mallItems, eq(mallItems.id, mallRedemptions.itemId))
        .innerJoin(customers, eq(customers.id, mallRedemptions.customerId))
        .where(and(eq(mallRedemptions.status, query.status ?? 'awaiting_shipment'), cursorBefore(mallRedemptions.id, query.cursor)))
        .orderBy(desc(mallRedemptions.id))
        .limit(limit + 1)
      return pageOf(rows, limit, ({ row, name, kind, customerName }) => ({
        ...toRedemption(row, { name, kind }),
        customerId: row.customerId,
        customerName,
      }))
    },

    /** Records that a physical gift left the warehouse; only a redemption waiting for it can ship. */
    async ship(redemptionId: number, trackingNo: string): Promise<Redemption> {
      const at = now()
      return db.transaction(async (tx) => {
        const [shipped] = await tx
          .update(mallRedemptions)
          .set({ status: 'shipped', trackingNo, shippedAt: at })
          .where(and(eq(mallRedemptions.id, redemptionId), eq(mallRedemptions.status, 'awaiting_shipment')))
          .returning()
        const row =
          shipped ??
          foundOr404(
            await first(tx.select().from(mallRedemptions).where(eq(mallRedemptions.id, redemptionId))),
            'REDEMPTION_NOT_FOUND',
            '没有这条兑换记录',
          )
        if (!shipped) throw conflict('REDEMPTION_NOT_AWAITING_SHIPMENT', row.status === 'shipped' ? '这份礼品已经发货了' : '这条兑换不需要发货')
        return toRedemption(row, await itemOr404(tx, row.itemId))
      })
    },

    async myRedemptions(customerId: number, query: CursorQuery): Promise<RedemptionPage> {
      const limit = query.limit ?? 20
      const rows = await db
        .select({ row: mallRedemptions, name: mallItems.name, kind: mallItems.kind })
        .from(mallRedemptions)
        .innerJoin(mallItems, eq(mallItems.id, mallRedemptions.itemId))
        .where(and(eq(mallRedemptions.customerId, customerId), cursorBefore(mallRedemptions.id, query.cursor)))
        .orderBy(desc(mallRedemptions.id))
        .limit(limit + 1)
      return pageOf(rows, limit, ({ row, name, kind }) => toRedemption(row, { name, kind }))
    },
  }
}

export type MallService = ReturnType<typeof createMallService>

declare module 'fastify' {
  interface FastifyInstance {
    mall: MallService
  }
}

export default fp(
  async (app) => {
    app.decorate('mall', createMallService({ ...serviceDeps(app), points: app.points, coupons: app.coupons }))
  },
  { name: 'mall', dependencies: ['db', 'clock', 'points', 'coupons'] },
)
