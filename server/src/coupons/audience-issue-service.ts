// Issuing a template's coupon to an audience: the batch is recorded first, then walked by customer id
// in chunks, each chunk its own scheduled job (its coupons and the batch's progress commit together),
// so a large audience never holds one long transaction and a restart or a second server carries on.
import { and, asc, desc, eq, gt, inArray, lte, max } from 'drizzle-orm'
import type { AudienceFilter, CouponIssueBatch, CouponIssueBatchPage, CursorQuery, IssueCouponBatchRequest } from '@liuliang/shared'
import { audienceCondition } from '../audiences/audience-filter'
import { afterCommit, first, forUpdate, type Tx } from '../db'
import { cursorBefore, pageOf } from '../db/paging'
import { couponIssueBatches, couponTemplates, coupons, customers } from '../db/schema'
import { conflict, foundOr404, notFound } from '../errors'
import type { Scheduler } from '../scheduler/scheduler'
import type { ServiceDeps } from '../services'
import type { SettingsService } from '../settings/settings-service'
import type { CouponService } from './coupon-service'

export const COUPON_BATCH_JOB = 'coupon-issue-batch'

/** Customers per chunk: small enough that a chunk's transaction stays short. */
export const BATCH_CHUNK = 200

type BatchRow = typeof couponIssueBatches.$inferSelect

const toBatch = (row: BatchRow, templateName: string): CouponIssueBatch => ({
  id: row.id,
  templateId: row.templateId,
  templateName,
  filter: row.filter,
  skipHolders: row.skipHolders,
  status: row.status,
  total: row.total,
  issued: row.issued,
  skipped: row.skipped,
  note: row.note,
  createdAt: row.createdAt.toISOString(),
  finishedAt: row.finishedAt?.toISOString() ?? null,
})

export interface AudienceIssueDeps extends ServiceDeps {
  coupons: CouponService
  settings: SettingsService
  scheduler: Scheduler
  /** the audience's size, counted as the console's live count is */
  countAudience: (filter: AudienceFilter) => Promise<number>
}

export function createAudienceIssueService({ db, now, log, coupons: couponService, settings, scheduler, countAudience }: AudienceIssueDeps) {
  const planChunk = (tx: Tx, batchId: number, after: number, at: Date) =>
    scheduler.schedule(tx, { kind: COUPON_BATCH_JOB, key: `${batchId}:${after}`, runAt: at, payload: { batchId } })

  const withName = async (rows: BatchRow[]) => {
    const ids = [...new Set(rows.map((row) => row.templateId))]
    const names = new Map(
      ids.length ? (await db.select({ id: couponTemplates.id, name: couponTemplates.name }).from(couponTemplates).where(inArray(couponTemplates.id, ids))).map((t) => [t.id, t.name]) : [],
    )
    return (row: BatchRow) => toBatch(row, names.get(row.templateId) ?? '')
  }

  const service = {
    /**
     * Records the batch and plans its first chunk; the same Idempotency-Key answers the batch it made.
     * The audience is fixed to the customers who exist now (up to the newest id), so its count holds.
     */
    async start(request: IssueCouponBatchRequest, clientKey?: string): Promise<CouponIssueBatch> {
      const at = now()
      const total = await countAudience(request.filter)
      const row = await db.transaction(async (tx) => {
        if (clientKey) {
          const prior = await first(tx.select().from(couponIssueBatches).where(eq(couponIssueBatches.idempotencyKey, clientKey)))
          if (prior) return prior
        }
        const template = foundOr404(
          await first(tx.select().from(couponTemplates).where(eq(couponTemplates.id, request.templateId))),
          'COUPON_TEMPLATE_NOT_FOUND',
          '没有这个优惠券模板',
        )
        if (!template.active) throw conflict('COUPON_TEMPLATE_INACTIVE', `「${template.name}」已停止发放`)
        const newest = (await first(tx.select({ id: max(customers.id) }).from(customers)))?.id ?? 0
        const [inserted] = await tx
          .insert(couponIssueBatches)
          .values({
            templateId: template.id,
            filter: request.filter,
            skipHolders: request.skipHolders ?? true,
            idempotencyKey: clientKey ?? null,
            total,
            maxCustomerId: newest,
            createdAt: at,
          })
          .returning()
        const batch = inserted as BatchRow
        await planChunk(tx, batch.id, 0, at)
        // Start now rather than at the scheduler's next tick; the job is claimed, so a tick racing this is harmless.
        afterCommit(() => void scheduler.runDue().catch((error: unknown) => log.error({ err: error }, 'coupon batch failed to start')))
        return batch
      })
      return (await withName([row]))(row)
    },

    /**
     * One chunk in the job's transaction: the next customers of the audience get the coupon (once each:
     * the coupon's key is the batch and the customer), and the batch's progress moves with them.
     */
    async issueChunk(tx: Tx, batchId: number, at: Date): Promise<void> {
      const batch = await first(forUpdate(tx.select().from(couponIssueBatches).where(eq(couponIssueBatches.id, batchId))))
      if (!batch || batch.status !== 'running') return
      const template = await first(tx.select().from(couponTemplates).where(eq(couponTemplates.id, batch.templateId)))
      if (!template?.active) {
        await tx
          .update(couponIssueBatches)
          .set({ status: 'stopped', note: '优惠券已停止发放，其余客户未发', finishedAt: at })
          .where(eq(couponIssueBatches.id, batchId))
        return
      }
      const audience = audienceCondition(batch.filter, await settings.levels(tx))
      const chunk = await tx
        .select({ id: customers.id })
        .from(customers)
        .where(and(audience, gt(customers.id, batch.lastCustomerId), lte(customers.id, batch.maxCustomerId)))
        .orderBy(asc(customers.id))
        .limit(BATCH_CHUNK)
      const ids = chunk.map((row) => row.id)
      const holders = new Set(
        batch.skipHolders && ids.length
          ? (
              await tx
                .select({ customerId: coupons.customerId })
                .from(coupons)
                .where(and(eq(coupons.templateId, template.id), eq(coupons.status, 'available'), gt(coupons.validUntil, at), inArray(coupons.customerId, ids)))
            ).map((row) => row.customerId)
          : [],
      )
      for (const customerId of ids) {
        if (holders.has(customerId)) continue
        await couponService.issue(tx, { customerId, templateId: template.id, source: 'audience', idempotencyKey: `batch:${batchId}:${customerId}`, at })
      }
      const finished = ids.length < BATCH_CHUNK
      const last = ids.at(-1) ?? batch.lastCustomerId
      await tx
        .update(couponIssueBatches)
        .set({
          lastCustomerId: last,
          issued: batch.issued + ids.length - holders.size,
          skipped: batch.skipped + holders.size,
          ...(finished ? { status: 'done' as const, finishedAt: at } : {}),
        })
        .where(eq(couponIssueBatches.id, batchId))
      if (!finished) await planChunk(tx, batchId, last, at)
    },

    async list(query: CursorQuery): Promise<CouponIssueBatchPage> {
      const limit = query.limit ?? 20
      const rows = await db
        .select()
        .from(couponIssueBatches)
        .where(cursorBefore(couponIssueBatches.id, query.cursor))
        .orderBy(desc(couponIssueBatches.id))
        .limit(limit + 1)
      return pageOf(rows, limit, await withName(rows))
    },

    async get(batchId: number): Promise<CouponIssueBatch> {
      const row = await first(db.select().from(couponIssueBatches).where(eq(couponIssueBatches.id, batchId)))
      if (!row) throw notFound('COUPON_BATCH_NOT_FOUND', '没有这个发券批次')
      return (await withName([row]))(row)
    },
  }
  return service
}

export type AudienceIssueService = ReturnType<typeof createAudienceIssueService>
