import { randomBytes } from 'node:crypto'
import fp from 'fastify-plugin'
import { and, desc, eq, isNotNull, isNull, lt, or, sql } from 'drizzle-orm'
import type { PaymentNotification, PaymentSignatureHeaders, PaymentStart } from '@liuliang/shared'
import { afterCommit, first, prepared, type DbOrTx, type Tx } from '../db'
import { payments, refunds } from '../db/schema'
import { AppError, badRequest, notFound, unauthorized } from '../errors'
import { serviceDeps, type ServiceDeps } from '../services'
import { timestampStanding } from '../signed-timestamp'
import { PaymentProviderError, type PaymentProvider, type PaymentState } from './provider'
import { createWechatPayProvider, type WechatPayOptions } from './wechatpay-provider'

export type PaymentRow = typeof payments.$inferSelect
export type RefundRow = typeof refunds.$inferSelect

/** A refund not confirmed within this time is asked for again (the provider dedupes by refund number). */
const RESEND_AFTER_MS = 60_000
/** A payment pending this long is asked about rather than waited for (WeChat Pay's payer has 5 minutes to enter a password). */
const RECONCILE_AFTER_MS = 60_000
const SWEEP_INTERVAL_MS = 10_000
/** Sends of one refund before it is given up on (a minute apart: ten minutes of WeChat Pay failing). */
const MAX_REFUND_ATTEMPTS = 10
/** WeChat Pay's refusals of a refund that asking again cannot change. */
const FINAL_REFUND_REFUSALS = new Set(['USER_ACCOUNT_ABNORMAL', 'INVALID_REQUEST', 'PARAM_ERROR', 'RESOURCE_NOT_EXISTS', 'TRADE_NOT_PAID', 'MCH_NOT_EXISTS'])
/** What an admin reads on a refund WeChat Pay reported as not done. */
const REFUND_OUTCOMES: Record<string, string> = {
  'REFUND.ABNORMAL': '退款异常：退回用户银行卡失败（卡已注销或冻结），请联系顾客线下退款',
  'REFUND.CLOSED': '退款已关闭，请重新核实后线下退款',
}

export interface PaymentListeners {
  /** A payment succeeded for the first time; decide what the order does with the money. */
  paymentSucceeded(tx: Tx, payment: PaymentRow, at: Date): Promise<void>
  /** The provider confirmed a refund, once. */
  refundSucceeded(tx: Tx, refund: RefundRow, at: Date): Promise<void>
}

export interface PaymentDeps extends ServiceDeps {
  provider: PaymentProvider
  notifyUrl: () => string
}

const providerFailure = (error: unknown) =>
  new AppError(502, 'PAYMENT_UNAVAILABLE', error instanceof PaymentProviderError ? `支付暂不可用（${error.code}），请稍后再试` : '支付暂不可用，请稍后再试')

// Read for every order shown, so built once and run with their values (see `prepared`).
const latestRefundOfOrder = prepared((handle: DbOrTx) =>
  handle
    .select()
    .from(refunds)
    .where(and(eq(refunds.orderId, sql.placeholder('orderId')), or(eq(refunds.closesOrder, true), isNotNull(refunds.afterSaleId))))
    .orderBy(desc(refunds.id))
    .limit(1),
)
const refundedOfPayment = prepared((handle: DbOrTx) =>
  handle.select({ total: sql<string | number | null>`sum(${refunds.amountFen})` }).from(refunds).where(eq(refunds.paymentId, sql.placeholder('paymentId'))),
)

export function createPaymentService({ db, now, provider, notifyUrl, log }: PaymentDeps) {
  let listeners: PaymentListeners | null = null
  let dispatching = false
  let dispatchAgain = false

  const listenersOrFail = () => {
    if (!listeners) throw new Error('no payment listeners registered')
    return listeners
  }

  async function sendRefund(refund: RefundRow): Promise<void> {
    const payment = (await first(db.select().from(payments).where(eq(payments.id, refund.paymentId)))) as PaymentRow
    try {
      const { refundId } = await provider.requestRefund({
        outTradeNo: payment.outTradeNo,
        outRefundNo: refund.outRefundNo,
        amountFen: refund.amountFen,
        totalFen: payment.amountFen,
        reason: refund.reason,
        notifyUrl: notifyUrl(),
      })
      await db.transaction((tx) => tx.update(refunds).set({ lastSentAt: now(), refundId }).where(eq(refunds.id, refund.id)))
    } catch (error) {
      const code = error instanceof PaymentProviderError ? error.code : 'UNREACHABLE'
      const attempts = refund.attempts + 1
      const final = FINAL_REFUND_REFUSALS.has(code) || attempts >= MAX_REFUND_ATTEMPTS
      const failure = FINAL_REFUND_REFUSALS.has(code)
        ? `微信支付拒绝退款（${code}）：${(error as Error).message}`
        : `已发起 ${attempts} 次退款均未成功（${code}），请检查商户号余额与配置后线下退款`
      if (final) log.error({ err: error, refundId: refund.id, attempts }, 'refund failed for good')
      else log.warn({ err: error, refundId: refund.id, attempts }, 'refund request failed; it will be sent again')
      await db.transaction((tx) =>
        tx
          .update(refunds)
          .set({ lastSentAt: now(), attempts, ...(final ? { status: 'failed' as const, failure } : {}) })
          .where(and(eq(refunds.id, refund.id), eq(refunds.status, 'pending'))),
      )
    }
  }

  /** When each pending payment was last asked about, so the sweep asks each at most once a window. */
  const lastAsked = new Map<number, number>()

  /** A payment's outcome, from a notification or a query: paid (once), or failed while still pending. */
  async function settle(outTradeNo: string, state: PaymentState, amountFen: number, at: Date): Promise<void> {
    await db.transaction(async (tx) => {
      const payment = await first(tx.select().from(payments).where(eq(payments.outTradeNo, outTradeNo)))
      if (!payment) throw notFound('PAYMENT_NOT_FOUND', '没有这笔支付')
      if (amountFen !== payment.amountFen) throw badRequest('AMOUNT_MISMATCH', '支付金额与订单不符')
      // A refunded transaction was paid first: its money is accounted for by the refund.
      if (state.tradeState === 'SUCCESS' || state.tradeState === 'REFUND') {
        const [paid] = await tx
          .update(payments)
          .set({ status: 'succeeded', transactionId: state.transactionId, paidAt: at })
          .where(and(eq(payments.id, payment.id), or(eq(payments.status, 'pending'), eq(payments.status, 'failed'))))
          .returning()
        if (paid) await listenersOrFail().paymentSucceeded(tx, paid, at)
        return
      }
      await tx
        .update(payments)
        .set({ status: 'failed', failure: state.tradeState })
        .where(and(eq(payments.id, payment.id), eq(payments.status, 'pending')))
    })
  }

  const service = {
    provider,

    listen(handlers: PaymentListeners): void {
      listeners = handlers
    },

    /** The attempt under way for an order, or a new one; `fresh` says whether the provider must still be asked. */
    async begin(tx: Tx, orderId: number, amountFen: number, at: Date): Promise<{ payment: PaymentRow; fresh: boolean }> {
      const pending = await first(tx.select().from(payments).where(and(eq(payments.orderId, orderId), eq(payments.status, 'pending'))))
      if (pending) return { payment: pending, fresh: false }
      const outTradeNo = `LL${String(orderId).padStart(8, '0')}${randomBytes(5).toString('hex').toUpperCase()}`
      const [payment] = await tx
        .insert(payments)
        .values({ orderId, provider: provider.name, outTradeNo, amountFen, createdAt: at })
        .returning()
      return { payment: payment as PaymentRow, fresh: true }
    },

    /**
     * Asks the provider to collect a new attempt, outside any unit of work (the attempt has committed);
     * the answer is recorded in a unit of its own. A refusal fails the attempt so the next tap starts another.
     */
    async request(payment: PaymentRow, description: string, openid: string | null, payBy: Date): Promise<PaymentStart> {
      try {
        const { prepayId } = await provider.startPayment({
          outTradeNo: payment.outTradeNo,
          amountFen: payment.amountFen,
          description,
          openid,
          notifyUrl: notifyUrl(),
          payBy,
        })
        await db.transaction((tx) => tx.update(payments).set({ prepayId }).where(eq(payments.id, payment.id)))
        return service.describe({ ...payment, prepayId })
      } catch (error) {
        log.warn({ err: error, outTradeNo: payment.outTradeNo }, 'payment request failed')
        await db.transaction((tx) =>
          tx
            .update(payments)
            .set({ status: 'failed', failure: error instanceof Error ? error.message : String(error) })
            .where(and(eq(payments.id, payment.id), eq(payments.status, 'pending'))),
        )
        throw providerFailure(error)
      }
    },

    describe: (payment: PaymentRow): PaymentStart => ({
      orderId: payment.orderId,
      outTradeNo: payment.outTradeNo,
      provider: payment.provider,
      prepayId: payment.prepayId,
      status: payment.status,
      // Signed afresh each time: the payer may come back to an attempt they left.
      requestPayment: payment.status === 'pending' && payment.prepayId ? provider.clientParams(payment.prepayId) : null,
    }),

    /**
     * Plans returning a payment's money, in the caller's transaction: the whole of it (or what is left of it) once
     * per payment, or a part once per after-sales request.
     */
    async refund(
      tx: Tx,
      input: { orderId: number; payment: PaymentRow; reason: string; closesOrder: boolean; at: Date; amountFen?: number; afterSaleId?: number },
    ): Promise<RefundRow> {
      const { afterSaleId } = input
      const existing = await first(
        tx
          .select()
          .from(refunds)
          .where(afterSaleId ? eq(refunds.afterSaleId, afterSaleId) : and(eq(refunds.paymentId, input.payment.id), isNull(refunds.afterSaleId))),
      )
      if (existing) return existing
      const [row] = await tx
        .insert(refunds)
        .values({
          orderId: input.orderId,
          paymentId: input.payment.id,
          afterSaleId: afterSaleId ?? null,
          outRefundNo: `RF${input.payment.outTradeNo.slice(2)}${afterSaleId ? `S${afterSaleId}` : ''}`,
          amountFen: input.amountFen ?? input.payment.amountFen,
          reason: input.reason,
          closesOrder: input.closesOrder,
          createdAt: input.at,
        })
        .returning()
      // After the caller's unit of work commits, and outside it: a rolled-back refund is simply not found,
      // and one the dispatch misses is sent by the sweep.
      afterCommit(() => service.dispatchRefunds().catch((error) => log.warn({ err: error }, 'refund dispatch failed')))
      return row as RefundRow
    },

    succeededPaymentOf: async (tx: DbOrTx, paymentId: number | null) =>
      paymentId ? first(tx.select().from(payments).where(and(eq(payments.id, paymentId), eq(payments.status, 'succeeded')))) : undefined,

    /** The order's latest refund of its own money (a stray payment's is not the order's). */
    latestRefundOf: (tx: DbOrTx, orderId: number) => first(latestRefundOfOrder(tx, { orderId })),

    /** What has gone back, or is on its way back, of a payment: every refund of it counts, a failed one too (an admin returns that one by hand). */
    async refundedOf(tx: DbOrTx, paymentId: number | null): Promise<number> {
      if (!paymentId) return 0
      const row = await first(refundedOfPayment(tx, { paymentId }))
      return Number(row?.total ?? 0)
    },

    refundOfAfterSale: (tx: DbOrTx, afterSaleId: number) => first(tx.select().from(refunds).where(eq(refunds.afterSaleId, afterSaleId))),

    /** Sends every pending refund not sent recently; concurrent calls fold into one more pass. Never inside a unit of work. */
    async dispatchRefunds(): Promise<void> {
      if (dispatching) {
        dispatchAgain = true
        return
      }
      dispatching = true
      try {
        do {
          dispatchAgain = false
          const due = await db
            .select()
            .from(refunds)
            .where(
              and(
                eq(refunds.status, 'pending'),
                or(isNull(refunds.lastSentAt), lt(refunds.lastSentAt, new Date(now().getTime() - RESEND_AFTER_MS))),
              ),
            )
            .limit(200)
          await Promise.all(due.map(sendRefund))
        } while (dispatchAgain)
      } finally {
        dispatching = false
      }
    },

    /** A signed notification from the provider; a repeated one changes nothing. */
    async handleNotification(rawBody: string, headers: PaymentSignatureHeaders, notification: PaymentNotification): Promise<void> {
      const event = await provider.openNotification(rawBody, headers, notification)
      if (!event) throw unauthorized('INVALID_SIGNATURE', '支付通知签名不正确')
      const at = now()
      // A replayed old notification still verifies; the provider signs each one as it sends it.
      if (timestampStanding(headers['wechatpay-timestamp'], at) !== 'fresh') {
        throw unauthorized('STALE_NOTIFICATION', '支付通知时间戳已过期，请勿重放旧通知')
      }
      const { resource } = event
      const refundFailure = REFUND_OUTCOMES[event.eventType]
      if (refundFailure) {
        await db.transaction(async (tx) => {
          const refund = await first(tx.select().from(refunds).where(eq(refunds.outRefundNo, resource.out_refund_no ?? '')))
          if (!refund) throw notFound('REFUND_NOT_FOUND', '没有这笔退款')
          await tx
            .update(refunds)
            .set({ status: 'failed', failure: refundFailure })
            .where(and(eq(refunds.id, refund.id), eq(refunds.status, 'pending')))
        })
        log.error({ outRefundNo: resource.out_refund_no, event: event.eventType }, 'WeChat Pay could not return a refund')
        return
      }
      if (event.eventType === 'REFUND.SUCCESS') {
        await db.transaction(async (tx) => {
          const refund = await first(tx.select().from(refunds).where(eq(refunds.outRefundNo, resource.out_refund_no ?? '')))
          if (!refund) throw notFound('REFUND_NOT_FOUND', '没有这笔退款')
          if (resource.amount.refund !== refund.amountFen) throw badRequest('AMOUNT_MISMATCH', '退款金额与记录不符')
          const [done] = await tx
            .update(refunds)
            .set({ status: 'succeeded', succeededAt: at, refundId: resource.refund_id ?? refund.refundId })
            .where(and(eq(refunds.id, refund.id), eq(refunds.status, 'pending')))
            .returning()
          if (done) await listenersOrFail().refundSucceeded(tx, done, at)
        })
        return
      }
      const outcome = event.eventType === 'TRANSACTION.SUCCESS' ? 'SUCCESS' : (resource.trade_state ?? 'PAYERROR')
      await settle(resource.out_trade_no, { tradeState: outcome, transactionId: resource.transaction_id ?? null }, resource.amount.total, at)
    },

    /**
     * Asks the provider about payments pending for `pendingForMs`: a notification lost while the server
     * was down (or never delivered) must not lose the customer's money. At start every pending payment is
     * asked about, whatever its age; then the sweep asks about those a minute old, each once a minute.
     */
    async reconcilePayments(pendingForMs = RECONCILE_AFTER_MS): Promise<number> {
      const at = now()
      const due = (
        await db
          .select()
          .from(payments)
          .where(and(eq(payments.status, 'pending'), isNotNull(payments.prepayId), lt(payments.createdAt, new Date(at.getTime() - pendingForMs))))
          .limit(100)
      ).filter((payment) => (lastAsked.get(payment.id) ?? 0) <= at.getTime() - RECONCILE_AFTER_MS)
      let settled = 0
      for (const payment of due) {
        lastAsked.set(payment.id, at.getTime())
        try {
          const state = await provider.queryPayment(payment.outTradeNo)
          // Unpaid payments close at their order's deadline (time_expire), so each reaches a final state.
          if (state && state.tradeState !== 'NOTPAY' && state.tradeState !== 'USERPAYING') {
            await settle(payment.outTradeNo, state, payment.amountFen, now())
            lastAsked.delete(payment.id)
            settled++
          }
        } catch (error) {
          log.warn({ err: error, outTradeNo: payment.outTradeNo }, 'payment query failed; it will be asked again')
        }
      }
      return settled
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
  wechatPay: WechatPayOptions
  notifyUrl: () => string
}

export default fp<PaymentPluginOptions>(
  async (app, { wechatPay, notifyUrl }) => {
    const service = createPaymentService({ ...serviceDeps(app), provider: createWechatPayProvider(wechatPay), notifyUrl })
    app.decorate('payments', service)
    // Refunds planned before a restart, or whose request failed, are sent again; payments whose
    // notification never came (the server was down, the network lost it) are asked about.
    let timer: NodeJS.Timeout | undefined
    const sweep = (pendingForMs?: number) => {
      void service.dispatchRefunds().catch((error) => app.log.error({ err: error }, 'refund sweep failed'))
      void service.reconcilePayments(pendingForMs).catch((error) => app.log.error({ err: error }, 'payment reconciliation failed'))
    }
    app.addHook('onReady', async () => {
      sweep(0)
      timer = setInterval(() => sweep(), SWEEP_INTERVAL_MS)
      timer.unref()
    })
    app.addHook('onClose', async () => clearInterval(timer))
  },
  { name: 'payments', dependencies: ['db', 'clock'] },
)
