import { randomUUID } from 'node:crypto'
import fp from 'fastify-plugin'
import { and, desc, eq, gt, lte, or, type SQL } from 'drizzle-orm'
import {
  addDays,
  businessDate,
  couponTermsProblem,
  startOfBusinessDay,
  type Coupon,
  type CouponPage,
  type CouponSource,
  type CouponStatus,
  type CouponTemplate,
  type CreateCouponTemplateRequest,
  type ExpiringCouponPage,
  type ExpiringCouponsQuery,
  type MyCouponsQuery,
  type UpdateCouponTemplateRequest,
} from '@liuliang/shared'
import { ensureCustomerExists } from '../customers/customer-service'
import { first, withoutWaiting, type DbOrTx, type Tx } from '../db'
import { fieldsOf } from '../db/fields'
import { cursorBefore, pageOf } from '../db/paging'
import { couponTemplates, coupons, customers } from '../db/schema'
import { badRequest, conflict, foundOr404, notFound, refuseIf } from '../errors'
import type { Scheduler } from '../scheduler/scheduler'
import { serviceDeps, type ServiceDeps } from '../services'
import { recordTimelineEvent } from '../timeline/record'
import { recordChange } from '../audit/audit-service'
import { changedFields, pick } from '../audit/changes'

export type CouponRow = typeof coupons.$inferSelect
type TemplateRow = typeof couponTemplates.$inferSelect

export const COUPON_EXPIRY_JOB = 'coupon-expiry'

function toTemplate(row: TemplateRow): CouponTemplate {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    amountOffFen: row.amountOffFen,
    discountPercent: row.discountPercent,
    thresholdFen: row.thresholdFen,
    validDays: row.validDays,
    active: row.active,
    createdAt: row.createdAt.toISOString(),
  }
}

/** A coupon past its end is expired even before the scheduler has marked it. */
export function toCoupon(row: CouponRow, at: Date): Coupon {
  const status: CouponStatus = row.status === 'available' && row.validUntil <= at ? 'expired' : row.status
  return {
    id: row.id,
    templateId: row.templateId,
    name: row.name,
    kind: row.kind,
    amountOffFen: row.amountOffFen,
    discountPercent: row.discountPercent,
    thresholdFen: row.thresholdFen,
    status,
    source: row.source,
    validFrom: row.validFrom.toISOString(),
    validUntil: row.validUntil.toISOString(),
    usedAt: row.usedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  }
}

function statusCondition(status: CouponStatus, at: Date): SQL | undefined {
  if (status === 'used') return eq(coupons.status, 'used')
  if (status === 'available') return and(eq(coupons.status, 'available'), gt(coupons.validUntil, at))
  return or(eq(coupons.status, 'expired'), and(eq(coupons.status, 'available'), lte(coupons.validUntil, at)))
}

export interface IssueCoupon {
  customerId: number
  templateId: number
  source: CouponSource
  /** unique for what issued it, so a retry finds the first coupon */
  idempotencyKey: string
  at: Date
}

export interface CouponDeps extends ServiceDeps {
  timeZone: string
  scheduler: Scheduler
}

export function createCouponService({ db, timeZone, now, scheduler }: CouponDeps) {
  const templateOr404 = async (tx: DbOrTx, id: number) =>
    foundOr404(
      await first(tx.select().from(couponTemplates).where(eq(couponTemplates.id, id))),
      'COUPON_TEMPLATE_NOT_FOUND',
      '没有这个优惠券模板',
    )

  const service = {
    async createTemplate(input: CreateCouponTemplateRequest): Promise<CouponTemplate> {
      refuseIf(couponTermsProblem(input), 'INVALID_COUPON_TEMPLATE')
      const [row] = await db.transaction(async (tx) =>
        tx
          .insert(couponTemplates)
          .values({
            name: input.name,
            kind: input.kind,
            amountOffFen: input.amountOffFen ?? null,
            discountPercent: input.discountPercent ?? null,
            thresholdFen: input.thresholdFen,
            validDays: input.validDays,
          })
          .returning(),
      )
      return toTemplate(row as TemplateRow)
    },

    async listTemplates(): Promise<CouponTemplate[]> {
      return (await db.select().from(couponTemplates).orderBy(desc(couponTemplates.id))).map(toTemplate)
    },

    async updateTemplate(id: number, patch: UpdateCouponTemplateRequest): Promise<CouponTemplate> {
      return db.transaction(async (tx) => {
        const template = await templateOr404(tx, id)
        const set = fieldsOf(patch, ['name', 'thresholdFen', 'validDays', 'active'])
        refuseIf(couponTermsProblem({ ...template, ...set }), 'INVALID_COUPON_TEMPLATE')
        if (Object.keys(set).length === 0) return toTemplate(template)
        const [row] = await tx.update(couponTemplates).set(set).where(eq(couponTemplates.id, id)).returning()
        await recordChange(tx, { objectType: 'coupon-templates', objectId: id, changes: changedFields(pick(template, Object.keys(set)), pick(row as TemplateRow, Object.keys(set))) })
        return toTemplate(row as TemplateRow)
      })
    },

    /** Issues a coupon in the caller's transaction, valid through the end of its n-th business day. */
    async issue(tx: Tx, input: IssueCoupon): Promise<CouponRow> {
      const existing = await first(tx.select().from(coupons).where(eq(coupons.idempotencyKey, input.idempotencyKey)))
      if (existing) return existing
      const row = await service.write(tx, await templateOr404(tx, input.templateId), input)
      await service.announce(tx, row)
      return row
    },

    /**
     * Writes a coupon from a template the caller read, under a key no coupon has yet: half of `issue`,
     * for a caller that learns only with this write whether the coupon is given. It then `announce`s it
     * or `withdraw`s it.
     */
    async write(tx: Tx, template: TemplateRow, input: IssueCoupon): Promise<CouponRow> {
      if (!template.active) throw conflict('COUPON_TEMPLATE_INACTIVE', `「${template.name}」已停止发放`)
      const [inserted] = await tx
        .insert(coupons)
        .values({
          templateId: template.id,
          customerId: input.customerId,
          name: template.name,
          kind: template.kind,
          amountOffFen: template.amountOffFen,
          discountPercent: template.discountPercent,
          thresholdFen: template.thresholdFen,
          source: input.source,
          idempotencyKey: input.idempotencyKey,
          validFrom: input.at,
          validUntil: startOfBusinessDay(addDays(businessDate(input.at, timeZone), template.validDays), timeZone),
          createdAt: input.at,
        })
        .returning()
      return inserted as CouponRow
    },

    /** Plans a written coupon's expiry and tells the customer's timeline; nothing waits for either. */
    async announce(tx: Tx, row: CouponRow): Promise<void> {
      await scheduler.schedule(tx, { kind: COUPON_EXPIRY_JOB, key: String(row.id), runAt: row.validUntil, payload: { couponId: row.id } })
      await recordTimelineEvent(tx, {
        customerId: row.customerId,
        type: 'coupon_issued',
        occurredAt: row.createdAt,
        data: { couponId: row.id, name: row.name, source: row.source },
      })
    },

    /** Takes back a written coupon that was not given after all, before anyone saw it; nothing waits. */
    withdraw(tx: Tx, row: CouponRow): void {
      withoutWaiting(tx.delete(coupons).where(eq(coupons.id, row.id)))
    },

    /** An admin gives a customer a coupon; a client idempotency key makes a retry give it once. */
    async issueByAdmin(customerId: number, templateId: number, clientKey?: string): Promise<Coupon> {
      const at = now()
      return db.transaction(async (tx) => {
        await ensureCustomerExists(tx, customerId)
        const key = `admin:${customerId}:${clientKey ?? randomUUID()}`
        return toCoupon(await service.issue(tx, { customerId, templateId, source: 'admin', idempotencyKey: key, at }), at)
      })
    },

    /** Marks a coupon used (核销) if it still is usable; a used or expired one is refused, except as a retry for the same order. */
    async use(couponId: number, orderRef?: string): Promise<Coupon> {
      const at = now()
      return db.transaction(async (tx) => {
        const [row] = await tx
          .update(coupons)
          .set({ status: 'used', usedAt: at, usedOrderRef: orderRef ?? null })
          .where(and(eq(coupons.id, couponId), eq(coupons.status, 'available'), gt(coupons.validUntil, at)))
          .returning()
        if (!row) {
          const known = await first(tx.select().from(coupons).where(eq(coupons.id, couponId)))
          if (!known) throw notFound('COUPON_NOT_FOUND', '没有这张优惠券')
          // A till retrying the same order gets the same answer, not an error.
          if (known.status === 'used' && orderRef !== undefined && known.usedOrderRef === orderRef) return toCoupon(known, at)
          throw conflict('COUPON_NOT_USABLE', toCoupon(known, at).status === 'used' ? '这张券已经用过了' : '这张券已过期')
        }
        await recordTimelineEvent(tx, {
          customerId: row.customerId,
          type: 'coupon_used',
          occurredAt: at,
          data: { couponId: row.id, name: row.name, orderRef: orderRef ?? null },
        })
        return toCoupon(row, at)
      })
    },

    /** The scheduler's transition: an unused coupon at its end becomes expired, once. */
    async expire(tx: Tx, couponId: number, at: Date): Promise<void> {
      const [row] = await tx
        .update(coupons)
        .set({ status: 'expired' })
        .where(and(eq(coupons.id, couponId), eq(coupons.status, 'available'), lte(coupons.validUntil, at)))
        .returning()
      if (row) {
        await recordTimelineEvent(tx, { customerId: row.customerId, type: 'coupon_expired', occurredAt: at, data: { couponId: row.id, name: row.name } })
      }
    },

    findById: (tx: DbOrTx, couponId: number) => first(tx.select().from(coupons).where(eq(coupons.id, couponId))),

    /** My coupons by status, newest first. */
    async listMine(customerId: number, query: MyCouponsQuery): Promise<CouponPage> {
      const at = now()
      const limit = query.limit ?? 20
      const rows = await db
        .select()
        .from(coupons)
        .where(and(eq(coupons.customerId, customerId), statusCondition(query.status ?? 'available', at), cursorBefore(coupons.id, query.cursor)))
        .orderBy(desc(coupons.id))
        .limit(limit + 1)
      return pageOf(rows, limit, (row) => toCoupon(row, at))
    },

    /** Unused coupons that end within the next days, with whose they are, newest first. */
    async expiringSoon(query: ExpiringCouponsQuery): Promise<ExpiringCouponPage> {
      const at = now()
      const limit = query.limit ?? 20
      const until = new Date(at.getTime() + (query.withinDays ?? 3) * 86_400_000)
      const rows = await db
        .select({ coupon: coupons, customerName: customers.name, externalUserId: customers.externalUserId })
        .from(coupons)
        .innerJoin(customers, eq(customers.id, coupons.customerId))
        .where(
          and(
            eq(coupons.status, 'available'),
            gt(coupons.validUntil, at),
            lte(coupons.validUntil, until),
            cursorBefore(coupons.id, query.cursor),
          ),
        )
        .orderBy(desc(coupons.id))
        .limit(limit + 1)
      return pageOf(rows, limit, ({ coupon, customerName, externalUserId }) => ({
        ...toCoupon(coupon, at),
        customerId: coupon.customerId,
        customerName,
        externalUserId,
      }))
    },
  }
  return service
}

export type CouponService = ReturnType<typeof createCouponService>

declare module 'fastify' {
  interface FastifyInstance {
    coupons: CouponService
  }
}

export default fp<{ timeZone: string }>(
  async (app, { timeZone }) => {
    const service = createCouponService({ ...serviceDeps(app), timeZone, scheduler: app.scheduler })
    app.scheduler.define(COUPON_EXPIRY_JOB, async ({ tx, job, now }) => {
      await service.expire(tx, (job.payload as { couponId: number }).couponId, now)
    })
    app.decorate('coupons', service)
  },
  { name: 'coupons', dependencies: ['db', 'clock', 'scheduler'] },
)
