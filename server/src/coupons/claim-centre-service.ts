// The claim centre (领券中心): templates an admin publishes with a total stock, a per-customer limit and
// a window. A claim is one transaction in which the database itself holds both limits: the stock by a
// guarded increment, the per-customer limit by a unique slot, so concurrent claims never exceed either.
import { and, count, desc, eq, gt, lt, sql } from 'drizzle-orm'
import type {
  ClaimCentre,
  ClaimCentreItem,
  ClaimCouponResponse,
  ClaimState,
  CouponClaimable,
  CreateCouponClaimableRequest,
  UpdateCouponClaimableRequest,
} from '@liuliang/shared'
import { first, rowsChanged, type DbOrTx } from '../db'
import { findByClientKey } from '../db/client-key'
import { fieldsOf } from '../db/fields'
import { couponClaimables, couponClaims, couponTemplates } from '../db/schema'
import { badRequest, conflict, foundOr404, notFound } from '../errors'
import type { ServiceDeps } from '../services'
import { toCoupon, type CouponService } from './coupon-service'

type ClaimableRow = typeof couponClaimables.$inferSelect
type TemplateRow = typeof couponTemplates.$inferSelect

const REFUSALS: Record<Exclude<ClaimState, 'open'> | 'limit', { code: string; message: string }> = {
  upcoming: { code: 'CLAIM_NOT_STARTED', message: '活动未开始' },
  ended: { code: 'CLAIM_ENDED', message: '活动已结束' },
  sold_out: { code: 'CLAIM_SOLD_OUT', message: '已领完' },
  limit: { code: 'CLAIM_LIMIT_REACHED', message: '已达领取上限' },
}

function claimState(row: ClaimableRow, at: Date): ClaimState {
  if (!row.active || row.endsAt <= at) return 'ended'
  if (row.startsAt > at) return 'upcoming'
  return row.claimed >= row.totalStock ? 'sold_out' : 'open'
}

const toClaimable = (row: ClaimableRow, templateName: string): CouponClaimable => ({
  id: row.id,
  templateId: row.templateId,
  templateName,
  totalStock: row.totalStock,
  claimed: row.claimed,
  perCustomerLimit: row.perCustomerLimit,
  startsAt: row.startsAt.toISOString(),
  endsAt: row.endsAt.toISOString(),
  active: row.active,
  createdAt: row.createdAt.toISOString(),
})

function toItem(row: ClaimableRow, template: TemplateRow, claimedByMe: number, at: Date): ClaimCentreItem {
  return {
    id: row.id,
    name: template.name,
    kind: template.kind,
    amountOffFen: template.amountOffFen,
    discountPercent: template.discountPercent,
    thresholdFen: template.thresholdFen,
    validDays: template.validDays,
    perCustomerLimit: row.perCustomerLimit,
    claimedByMe,
    claimedPercent: Math.min(100, Math.floor((row.claimed * 100) / row.totalStock)),
    state: claimState(row, at),
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
  }
}

export interface ClaimCentreDeps extends ServiceDeps {
  coupons: CouponService
}

export function createClaimCentreService({ db, now, coupons: couponService }: ClaimCentreDeps) {
  const claimedBy = async (tx: DbOrTx, claimableId: number, customerId: number) =>
    (await first(tx.select({ n: count() }).from(couponClaims).where(and(eq(couponClaims.claimableId, claimableId), eq(couponClaims.customerId, customerId)))))?.n ?? 0

  const claimableOr404 = async (tx: DbOrTx, id: number) => {
    const found = await first(
      tx.select({ row: couponClaimables, template: couponTemplates }).from(couponClaimables).innerJoin(couponTemplates, eq(couponTemplates.id, couponClaimables.templateId)).where(eq(couponClaimables.id, id)),
    )
    return foundOr404(found, 'CLAIMABLE_NOT_FOUND', '没有这个领券活动')
  }

  const checkWindow = (startsAt: Date, endsAt: Date) => {
    if (endsAt <= startsAt) throw badRequest('INVALID_TIME_WINDOW', '结束时间必须晚于开始时间')
  }

  return {
    async publish(input: CreateCouponClaimableRequest): Promise<CouponClaimable> {
      const startsAt = new Date(input.startsAt)
      const endsAt = new Date(input.endsAt)
      checkWindow(startsAt, endsAt)
      return db.transaction(async (tx) => {
        const template = foundOr404(
          await first(tx.select().from(couponTemplates).where(eq(couponTemplates.id, input.templateId))),
          'COUPON_TEMPLATE_NOT_FOUND',
          '没有这个优惠券模板',
        )
        if (!template.active) throw conflict('COUPON_TEMPLATE_INACTIVE', `「${template.name}」已停止发放`)
        const [row] = await tx
          .insert(couponClaimables)
          .values({ templateId: template.id, totalStock: input.totalStock, perCustomerLimit: input.perCustomerLimit, startsAt, endsAt })
          .returning()
        return toClaimable(row as ClaimableRow, template.name)
      })
    },

    /** Stock can grow, or shrink down to what has been claimed. */
    async update(id: number, patch: UpdateCouponClaimableRequest): Promise<CouponClaimable> {
      return db.transaction(async (tx) => {
        const { row, template } = await claimableOr404(tx, id)
        const set = {
          ...fieldsOf(patch, ['totalStock', 'perCustomerLimit', 'active']),
          ...(patch.startsAt ? { startsAt: new Date(patch.startsAt) } : {}),
          ...(patch.endsAt ? { endsAt: new Date(patch.endsAt) } : {}),
        }
        checkWindow(set.startsAt ?? row.startsAt, set.endsAt ?? row.endsAt)
        if (Object.keys(set).length === 0) return toClaimable(row, template.name)
        const [updated] = await tx
          .update(couponClaimables)
          .set(set)
          .where(and(eq(couponClaimables.id, id), sql`${couponClaimables.claimed} <= ${set.totalStock ?? couponClaimables.totalStock}`))
          .returning()
        if (!updated) throw conflict('STOCK_BELOW_CLAIMED', '发放总量不能少于已领取的数量')
        return toClaimable(updated, template.name)
      })
    },

    async listAll(): Promise<CouponClaimable[]> {
      const rows = await db
        .select({ row: couponClaimables, name: couponTemplates.name })
        .from(couponClaimables)
        .innerJoin(couponTemplates, eq(couponTemplates.id, couponClaimables.templateId))
        .orderBy(desc(couponClaimables.id))
      return rows.map(({ row, name }) => toClaimable(row, name))
    },

    /** What the claim centre shows a customer: what is open or coming, with their own claims; not what has ended. */
    async centreFor(customerId: number): Promise<ClaimCentre> {
      const at = now()
      const rows = await db
        .select({ row: couponClaimables, template: couponTemplates })
        .from(couponClaimables)
        .innerJoin(couponTemplates, eq(couponTemplates.id, couponClaimables.templateId))
        .where(and(eq(couponClaimables.active, true), gt(couponClaimables.endsAt, at)))
        .orderBy(desc(couponClaimables.id))
        .limit(100)
      const mine = new Map(
        (
          await db
            .select({ claimableId: couponClaims.claimableId, n: count() })
            .from(couponClaims)
            .innerJoin(couponClaimables, eq(couponClaimables.id, couponClaims.claimableId))
            .where(and(eq(couponClaims.customerId, customerId), gt(couponClaimables.endsAt, at)))
            .groupBy(couponClaims.claimableId)
        ).map((row) => [row.claimableId, row.n]),
      )
      return { items: rows.map(({ row, template }) => toItem(row, template, mine.get(row.id) ?? 0, at)) }
    },

    /**
     * Claims one coupon, once per attempt: the same Idempotency-Key answers the coupon it gave. The
     * customer's next slot and one unit of stock are taken by the database, or the claim is refused.
     */
    async claim(customerId: number, claimableId: number, clientKey?: string): Promise<ClaimCouponResponse> {
      const at = now()
      return db.transaction(async (tx) => {
        const { row, template } = await claimableOr404(tx, claimableId)
        const prior = await findByClientKey(tx, couponClaims, { owner: couponClaims.customerId, key: couponClaims.idempotencyKey }, customerId, clientKey)
        if (prior) {
          const coupon = await couponService.findById(tx, prior.couponId)
          if (!coupon) throw notFound('COUPON_NOT_FOUND', '没有这张优惠券')
          return { coupon: toCoupon(coupon, at), item: toItem(row, template, await claimedBy(tx, claimableId, customerId), at) }
        }
        const state = claimState(row, at)
        if (state !== 'open') throw conflict(REFUSALS[state].code, REFUSALS[state].message)
        const mine = await claimedBy(tx, claimableId, customerId)
        if (mine >= row.perCustomerLimit) throw conflict(REFUSALS.limit.code, `${REFUSALS.limit.message}（每人限领 ${row.perCustomerLimit} 张）`)
        const taken = await tx
          .update(couponClaimables)
          .set({ claimed: sql`${couponClaimables.claimed} + 1` })
          .where(and(eq(couponClaimables.id, claimableId), lt(couponClaimables.claimed, couponClaimables.totalStock)))
        if (rowsChanged(taken) === 0) throw conflict(REFUSALS.sold_out.code, REFUSALS.sold_out.message)
        const slot = mine + 1
        const coupon = await couponService.issue(tx, {
          customerId,
          templateId: template.id,
          source: 'claim',
          idempotencyKey: `claim:${claimableId}:${customerId}:${slot}`,
          at,
        })
        // A concurrent claim that took the same slot makes this insert fail; PostgreSQL runs the unit again, and the
        // second run counts that claim (SQLite runs one unit at a time and never gets here twice).
        await tx.insert(couponClaims).values({ claimableId, customerId, slot, couponId: coupon.id, idempotencyKey: clientKey ?? null, createdAt: at })
        return { coupon: toCoupon(coupon, at), item: toItem({ ...row, claimed: row.claimed + 1 }, template, slot, at) }
      })
    },
  }
}

export type ClaimCentreService = ReturnType<typeof createClaimCentreService>
