import { randomBytes } from 'node:crypto'
import fp from 'fastify-plugin'
import type { FastifyBaseLogger } from 'fastify'
import { and, eq, isNull, lt, or, sql } from 'drizzle-orm'
import type { PaymentNotification, PaymentSignatureHeaders, PaymentStart } from '@liuliang/shared'
import type { Db, DbOrTx, Tx } from '../db'
import { payments, refunds } from '../db/schema'
import { AppError, badRequest, notFound, unauthorized } from '../errors'
import { createGatewayProvider } from './gateway-provider'
import { PaymentProviderError, type PaymentProvider } from './provider'

export type PaymentRow = typeof payments.$inferSelect
export type RefundRow = typeof refunds.$inferSelect

/** A refund not confirmed within this time is asked for again (the provider dedupes by refund number). */
const RESEND_AFTER_MS = 60_000
const SWEEP_INTERVAL_MS = 10_000

export interface PaymentListeners {
  /** A payment succeeded for the first time; decide what the order does with the money. */
  paymentSucceeded(tx: Tx, payment: PaymentRow, at: Date): void
  /** The provider confirmed a refund, once. */
  refundSucceeded(tx: Tx, refund: RefundRow, at: Date): void
}

export interface PaymentDeps {
  db: Db
  now: () => Date
  provider: PaymentProvider
  notifyUrl: () => string
  log: FastifyBaseLogger
}

const providerFailure = (error: unknown) =>
  new AppError(502, 'PAYMENT_UNAVAILABLE', error instanceof PaymentProviderError ? `支付暂不可用（${error.code}），请稍后再试` : '支付暂不可用，请稍后再试')

export function createPaymentService({ db, now, provider, notifyUrl, log }: PaymentDeps) {
  // Prepared once: every order shown carries its refund, if any.
  const closingRefundOf = db
    .select()
    .from(refunds)
    .where(and(eq(refunds.orderId, sql.placeholder('orderId')), eq(refunds.closesOrder, true)))
    .prepare()
  let listeners: PaymentListeners | null = null
  let dispatching = false
  let dispatchAgain = false

  const listenersOrFail = () => {
    if (!listeners) throw new Error('no payment listeners registered')
    return listeners
  }

  async function sendRefund(refund: RefundRow): Promise<void> {
    const payment = db.select().from(payments).where(eq(payments.id, refund.paymentId)).get() as PaymentRow
    try {
      const { refundId } = await provider.requestRefund({
        outTradeNo: payment.outTradeNo,
        outRefundNo: refund.outRefundNo,
        amountFen: refund.amountFen,
        totalFen: payment.amountFen,
        reason: refund.reason,
        notifyUrl: notifyUrl(),
      })
      db.update(refunds).set({ lastSentAt: now(), refundId }).where(eq(refunds.id, refund.id)).run()
    } catch (error) {
      log.warn({ err: error, refundId: refund.id }, 'refund request failed; it will be sent again')
      db.update(refunds).set({ lastSentAt: now() }).where(eq(refunds.id, refund.id)).run()
    }
  }

  const service = {
    provider,

    listen(handlers: PaymentListeners): void {
      listeners = handlers
    },

    /** The attempt under way for an order, or a new one; `fresh` says whether the provider must still be asked. */
    begin(tx: DbOrTx, orderId: number, amountFen: number, at: Date): { payment: PaymentRow; fresh: boolean } {
      const pending = tx.select().from(payments).where(and(eq(payments.orderId, orderId), eq(payments.status, 'pending'))).get()
      if (pending) return { payment: pending, fresh: false }
      const outTradeNo = `LL${String(orderId).padStart(8, '0')}${randomBytes(5).toString('hex').toUpperCase()}`
      const payment = tx
        .insert(payments)
        .values({ orderId, provider: provider.name, outTradeNo, amountFen, createdAt: at })
        .returning()
        .get()
      return { payment, fresh: true }
    },

    /** Asks the provider to collect a new attempt; a refusal fails the attempt so the next tap starts another. */
    async request(payment: PaymentRow, description: string, openid: string | null): Promise<PaymentStart> {
      try {
        const { prepayId } = await provider.startPayment({
          outTradeNo: payment.outTradeNo,
          amountFen: payment.amountFen,
          description,
          openid,
          notifyUrl: notifyUrl(),
        })
        db.update(payments).set({ prepayId }).where(eq(payments.id, payment.id)).run()
        return { orderId: payment.orderId, outTradeNo: payment.outTradeNo, provider: provider.name, prepayId, status: 'pending' }
      } catch (error) {
        log.warn({ err: error, outTradeNo: payment.outTradeNo }, 'payment request failed')
        db.update(payments)
          .set({ status: 'failed', failure: error instanceof Error ? error.message : String(error) })
          .where(and(eq(payments.id, payment.id), eq(payments.status, 'pending')))
          .run()
        throw providerFailure(error)
      }
    },

    describe: (payment: PaymentRow): PaymentStart => ({
      orderId: payment.orderId,
      outTradeNo: payment.outTradeNo,
      provider: payment.provider,
      prepayId: payment.prepayId,
      status: payment.status,
    }),

    /** Plans returning a payment's money, in the caller's transaction; once per payment. */
    refund(tx: DbOrTx, input: { orderId: number; payment: PaymentRow; reason: string; closesOrder: boolean; at: Date }): RefundRow {
      const existing = tx.select().from(refunds).where(eq(refunds.paymentId, input.payment.id)).get()
      if (existing) return existing
      const row = tx
        .insert(refunds)
        .values({
          orderId: input.orderId,
          paymentId: input.payment.id,
          outRefundNo: `RF${input.payment.outTradeNo.slice(2)}`,
          amountFen: input.payment.amountFen,
          reason: input.reason,
          closesOrder: input.closesOrder,
          createdAt: input.at,
        })
        .returning()
        .get()
      // After the caller's transaction commits: a rolled-back refund is simply not found.
      setImmediate(() => service.dispatchRefunds().catch((error) => log.warn({ err: error }, 'refund dispatch failed')))
      return row
    },

    succeededPaymentOf: (tx: DbOrTx, paymentId: number | null) =>
      paymentId ? tx.select().from(payments).where(and(eq(payments.id, paymentId), eq(payments.status, 'succeeded'))).get() : undefined,

    latestRefundOf: (_tx: DbOrTx, orderId: number) => closingRefundOf.get({ orderId }),

    /** Sends every pending refund not sent recently; concurrent calls fold into one more pass. */
    async dispatchRefunds(): Promise<void> {
      if (dispatching) {
        dispatchAgain = true
        return
      }
      dispatching = true
      try {
        do {
          dispatchAgain = false
          const due = db
            .select()
            .from(refunds)
            .where(
              and(
                eq(refunds.status, 'pending'),
                or(isNull(refunds.lastSentAt), lt(refunds.lastSentAt, new Date(now().getTime() - RESEND_AFTER_MS))),
              ),
            )
            .limit(200)
            .all()
          await Promise.all(due.map(sendRefund))
        } while (dispatchAgain)
      } finally {
        dispatching = false
      }
    },

    /** A signed notification from the provider; a repeated one changes nothing. */
    handleNotification(rawBody: string, headers: PaymentSignatureHeaders, event: PaymentNotification): void {
      if (!provider.verifyNotification(rawBody, headers)) throw unauthorized('INVALID_SIGNATURE', '支付通知签名不正确')
      const at = now()
      const { resource } = event
      db.transaction(
        (tx) => {
          if (event.event_type === 'REFUND.SUCCESS') {
            const refund = tx.select().from(refunds).where(eq(refunds.outRefundNo, resource.out_refund_no ?? '')).get()
            if (!refund) throw notFound('REFUND_NOT_FOUND', '没有这笔退款')
            if (resource.amount.refund !== refund.amountFen) throw badRequest('AMOUNT_MISMATCH', '退款金额与记录不符')
            const done = tx
              .update(refunds)
              .set({ status: 'succeeded', succeededAt: at, refundId: resource.refund_id ?? refund.refundId })
              .where(and(eq(refunds.id, refund.id), eq(refunds.status, 'pending')))
              .returning()
              .get()
            if (done) listenersOrFail().refundSucceeded(tx, done, at)
            return
          }
          const payment = tx.select().from(payments).where(eq(payments.outTradeNo, resource.out_trade_no)).get()
          if (!payment) throw notFound('PAYMENT_NOT_FOUND', '没有这笔支付')
          if (resource.amount.total !== payment.amountFen) throw badRequest('AMOUNT_MISMATCH', '支付金额与订单不符')
          if (event.event_type === 'TRANSACTION.PAYERROR') {
            tx.update(payments)
              .set({ status: 'failed', failure: resource.trade_state ?? 'PAYERROR' })
              .where(and(eq(payments.id, payment.id), eq(payments.status, 'pending')))
              .run()
            return
          }
          const paid = tx
            .update(payments)
            .set({ status: 'succeeded', transactionId: resource.transaction_id ?? null, paidAt: at })
            .where(and(eq(payments.id, payment.id), or(eq(payments.status, 'pending'), eq(payments.status, 'failed'))))
            .returning()
            .get()
          if (paid) listenersOrFail().paymentSucceeded(tx, paid, at)
        },
        { behavior: 'immediate' },
      )
    },
  }
  return service
}

export type PaymentService = ReturnType<typeof createPaymentService>

declare module 'fastify' {
  interface FastifyInstance {
    payments: PaymentService
  }
}

export interface PaymentPluginOptions {
  gateway: { apiBase: string; appId: string; mchId: string; key: string }
  notifyUrl: () => string
}

export default fp<PaymentPluginOptions>(
  async (app, { gateway, notifyUrl }) => {
    const service = createPaymentService({
      db: app.db,
      now: () => app.now(),
      provider: createGatewayProvider(gateway),
      notifyUrl,
      log: app.log,
    })
    app.decorate('payments', service)
    // Refunds planned before a restart, or whose request failed, are sent again.
    let timer: NodeJS.Timeout | undefined
    const sweep = () => void service.dispatchRefunds().catch((error) => app.log.error({ err: error }, 'refund sweep failed'))
    app.addHook('onReady', async () => {
      sweep()
      timer = setInterval(sweep, SWEEP_INTERVAL_MS)
      timer.unref()
    })
    app.addHook('onClose', async () => clearInterval(timer))
  },
  { name: 'payments', dependencies: ['db', 'clock'] },
)
