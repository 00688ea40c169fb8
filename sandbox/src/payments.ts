// WeChat Pay API v3 as a mini-program merchant meets it: JSAPI prepay, order query and close, domestic
// refunds, and notifications. The gateway — here also acting as the payer who confirms — POSTs a signed
// notification with a sealed resource to the merchant's notify_url, retrying until it is accepted.
// Modes let tests make payments wait, be declined, fail, or be paid with the notification lost; and
// refunds wait or fail.
import { randomBytes } from 'node:crypto'
import type { FastifyBaseLogger } from 'fastify'
import { platformHeaders, platformIdentity, sealResource } from './payment-signature'
import { RecentList } from './recent-list'

/**
 * confirm: the payer pays and the merchant is notified; hold: the payer waits until released;
 * delay-notification: the payer pays at once, the notification waits until released;
 * lose-notification: the payer pays and no notification ever comes; decline; fail (prepay refused).
 */
export const PAYMENT_MODES = ['confirm', 'hold', 'delay-notification', 'lose-notification', 'decline', 'fail'] as const
export type PaymentMode = (typeof PAYMENT_MODES)[number]
/** confirm; hold until released; fail (WeChat Pay answers SYSTEM_ERROR); abnormal (accepted, then REFUND.ABNORMAL: the payer's card refused it). */
export const REFUND_MODES = ['confirm', 'hold', 'fail', 'abnormal'] as const
export type RefundMode = (typeof REFUND_MODES)[number]

/** A refusal as the gateway answers it: an HTTP status with `{code, message}`. */
export class GatewayError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
  ) {
    super(message)
    this.name = 'GatewayError'
  }
}

export interface Transaction {
  outTradeNo: string
  prepayId: string
  transactionId: string | null
  amount: number
  description: string
  notifyUrl: string
  openid: string | null
  state: 'NOTPAY' | 'SUCCESS' | 'PAYERROR' | 'REFUND' | 'CLOSED'
  /** time_expire: unpaid after it, the transaction is closed */
  expiresAt: Date | null
  refunded: number
  successTime: string | null
  createdAt: string
}

export interface Refund {
  outRefundNo: string
  refundId: string
  outTradeNo: string
  amount: number
  notifyUrl: string
  status: 'PROCESSING' | 'SUCCESS' | 'ABNORMAL'
  successTime: string | null
}

export interface Notification {
  url: string
  eventType: string
  outTradeNo: string
  status: number | null
  /** the merchant's last answer (its first 500 characters), to see why a notification was refused */
  answer: string
  attempts: number
  at: string
}

const OUT_NO = /^[A-Za-z0-9_*|-]{6,64}$/
const NOTIFY_ATTEMPTS = 4
const NOTIFY_RETRY_MS = 200
const NOTIFY_TIMEOUT_MS = 5000

const param = (message: string) => new GatewayError(400, 'PARAM_ERROR', message)
const id = (prefix: string) => `${prefix}${Date.now()}${randomBytes(6).toString('hex')}`

function readTransactionRequest(body: Record<string, any>) {
  const outTradeNo = body.out_trade_no
  if (typeof outTradeNo !== 'string' || !OUT_NO.test(outTradeNo)) throw param('out_trade_no must be 6–64 letters, digits or _-|*')
  if (typeof body.description !== 'string' || body.description.length < 1 || body.description.length > 127) {
    throw param('description must be 1–127 characters')
  }
  if (typeof body.notify_url !== 'string' || !/^https?:\/\//.test(body.notify_url)) throw param('notify_url must be an http(s) URL')
  const total = body.amount?.total
  if (!Number.isInteger(total) || total < 1) throw param('amount.total must be a positive integer in fen')
  if ((body.amount?.currency ?? 'CNY') !== 'CNY') throw param('amount.currency must be CNY')
  let expiresAt: Date | null = null
  if (body.time_expire !== undefined) {
    // RFC 3339 with an offset, as WeChat Pay requires: 2026-06-08T10:34:56+08:00
    if (typeof body.time_expire !== 'string' || !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?([+-]\d\d:\d\d|Z)$/.test(body.time_expire)) {
      throw param('time_expire must be an RFC 3339 time such as 2026-06-08T10:34:56+08:00')
    }
    expiresAt = new Date(body.time_expire)
  }
  return { outTradeNo, description: body.description as string, notifyUrl: body.notify_url as string, total: total as number, openid: body.payer?.openid ?? null, expiresAt }
}

export function createPaymentGateway(options: { appId: string; mchId: string; apiV3Key: string; now: () => Date; log: FastifyBaseLogger }) {
  const platform = platformIdentity()
  const transactions = new Map<string, Transaction>()
  const refunds = new Map<string, Refund>()
  const notifications = new RecentList<Notification>()
  const heldPayments = new Set<string>()
  const heldRefunds = new Set<string>()
  const timers = new Set<NodeJS.Timeout>()
  const mode = { payments: 'confirm' as PaymentMode, refunds: 'confirm' as RefundMode, delayMs: 200 }

  const later = (task: () => Promise<unknown>) => {
    const timer = setTimeout(() => {
      timers.delete(timer)
      task().catch((error: unknown) => options.log.warn({ err: error }, 'sandbox payment step failed'))
    }, mode.delayMs)
    timer.unref()
    timers.add(timer)
  }

  async function notify(url: string, eventType: string, outTradeNo: string, resource: Record<string, unknown>, sentAt = options.now()): Promise<Notification> {
    const originalType = eventType.startsWith('REFUND.') ? 'refund' : 'transaction'
    const body = JSON.stringify({
      id: id('EV'),
      create_time: beijingTime(sentAt),
      resource_type: 'encrypt-resource',
      event_type: eventType,
      summary: SUMMARIES[eventType] ?? eventType,
      resource: { original_type: originalType, ...sealResource(options.apiV3Key, JSON.stringify(resource), originalType) },
    })
    const headers = { 'content-type': 'application/json', ...platformHeaders(platform, body, sentAt) }
    let status: number | null = null
    let answer = ''
    let attempts = 0
    while (attempts < NOTIFY_ATTEMPTS && !(status !== null && status >= 200 && status < 300)) {
      if (attempts > 0) await new Promise((resolve) => setTimeout(resolve, NOTIFY_RETRY_MS))
      attempts++
      try {
        const response = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(NOTIFY_TIMEOUT_MS) })
        answer = (await response.text()).slice(0, 500)
        status = response.status
      } catch (error) {
        options.log.debug({ err: error }, 'payment notification got no answer')
        status = null
      }
    }
    if (status === null || status >= 300) options.log.warn({ url, status, attempts }, 'payment notification not accepted')
    const record = { url, eventType, outTradeNo, status, answer, attempts, at: new Date().toISOString() }
    notifications.add(record)
    return record
  }

  const paymentResource = (t: Transaction) => ({
    appid: options.appId,
    mchid: options.mchId,
    out_trade_no: t.outTradeNo,
    transaction_id: t.transactionId,
    trade_type: 'JSAPI',
    trade_state: t.state,
    trade_state_desc: TRADE_STATE_DESC[t.state],
    amount: { total: t.amount, payer_total: t.state === 'SUCCESS' || t.state === 'REFUND' ? t.amount : 0, currency: 'CNY', payer_currency: 'CNY' },
    success_time: t.successTime,
    payer: t.openid ? { openid: t.openid } : undefined,
  })

  /** The transaction as it stands now: unpaid past its time_expire, it is closed. */
  const current = (outTradeNo: string): Transaction => {
    const transaction = transactions.get(outTradeNo)
    if (!transaction) throw new GatewayError(404, 'ORDER_NOT_EXIST', 'order does not exist')
    if (transaction.state === 'NOTPAY' && transaction.expiresAt && transaction.expiresAt <= options.now()) transaction.state = 'CLOSED'
    return transaction
  }

  const gateway = {
    mode,

    prepay(body: Record<string, any>): { prepay_id: string } {
      if (body.appid !== options.appId) throw param('appid does not match the merchant')
      if (body.mchid !== options.mchId) throw new GatewayError(400, 'MCH_NOT_EXISTS', 'mchid does not exist')
      const request = readTransactionRequest(body)
      const known = transactions.has(request.outTradeNo) ? current(request.outTradeNo) : undefined
      if (known) {
        if (known.state === 'SUCCESS' || known.state === 'REFUND') throw new GatewayError(400, 'ORDERPAID', 'the order is already paid')
        if (known.state === 'CLOSED') throw new GatewayError(400, 'ORDER_CLOSED', 'the order is closed')
        if (known.amount !== request.total) throw new GatewayError(400, 'INVALID_REQUEST', 'out_trade_no was used with another amount')
        return { prepay_id: known.prepayId }
      }
      if (mode.payments === 'fail') throw new GatewayError(500, 'SYSTEM_ERROR', 'system error, try again later')
      const transaction: Transaction = {
        outTradeNo: request.outTradeNo,
        prepayId: id('wx'),
        transactionId: null,
        amount: request.total,
        description: request.description,
        notifyUrl: request.notifyUrl,
        openid: request.openid,
        state: 'NOTPAY',
        expiresAt: request.expiresAt,
        refunded: 0,
        successTime: null,
        createdAt: new Date().toISOString(),
      }
      transactions.set(transaction.outTradeNo, transaction)
      if (mode.payments === 'hold') heldPayments.add(transaction.outTradeNo)
      else if (mode.payments === 'delay-notification') {
        gateway.pay(transaction.outTradeNo)
        heldPayments.add(transaction.outTradeNo)
      } else if (mode.payments === 'decline') later(() => gateway.decline(transaction.outTradeNo))
      else if (mode.payments === 'lose-notification') later(async () => gateway.pay(transaction.outTradeNo))
      else later(() => gateway.confirm(transaction.outTradeNo))
      return { prepay_id: transaction.prepayId }
    },

    /** The payer pays; nothing is sent yet. A closed transaction can no longer be paid. */
    pay(outTradeNo: string): Transaction {
      const transaction = current(outTradeNo)
      if (transaction.state === 'CLOSED') throw new GatewayError(400, 'ORDER_CLOSED', 'the order is closed')
      if (transaction.state === 'NOTPAY' || transaction.state === 'PAYERROR') {
        transaction.state = 'SUCCESS'
        transaction.transactionId = id('42')
        transaction.successTime = beijingTime(options.now())
      }
      return transaction
    },

    /** The payer pays and the merchant is notified; a paid transaction is notified again (a repeated notification), signed at `sentAt`. */
    async confirm(outTradeNo: string, sentAt?: Date): Promise<Notification> {
      heldPayments.delete(outTradeNo)
      const transaction = gateway.pay(outTradeNo)
      return notify(transaction.notifyUrl, 'TRANSACTION.SUCCESS', outTradeNo, paymentResource(transaction), sentAt)
    },

    /** GET /v3/pay/transactions/out-trade-no/{out_trade_no}: where the payment stands. */
    query(outTradeNo: string, mchId: unknown) {
      if (mchId !== options.mchId) throw param('mchid does not match the merchant')
      return paymentResource(current(outTradeNo))
    },

    /** POST …/close: an unpaid transaction can no longer be paid. */
    closeTransaction(outTradeNo: string, mchId: unknown): void {
      if (mchId !== options.mchId) throw param('mchid does not match the merchant')
      const transaction = current(outTradeNo)
      if (transaction.state === 'SUCCESS' || transaction.state === 'REFUND') throw new GatewayError(400, 'ORDERPAID', 'the order is already paid')
      transaction.state = 'CLOSED'
      heldPayments.delete(outTradeNo)
    },

    /** GET /v3/refund/domestic/refunds/{out_refund_no} */
    queryRefund(outRefundNo: string) {
      const refund = refunds.get(outRefundNo)
      if (!refund) throw new GatewayError(404, 'RESOURCE_NOT_EXISTS', 'refund does not exist')
      return refundReply(refund)
    },

    /** GET /v3/certificates: the platform certificate, sealed under the APIv3 key. */
    certificates() {
      return {
        data: [
          {
            serial_no: platform.serialNo,
            effective_time: beijingTime(platform.effectiveTime),
            expire_time: beijingTime(platform.expireTime),
            encrypt_certificate: sealResource(options.apiV3Key, platform.certificatePem, 'certificate'),
          },
        ],
      }
    },

    async decline(outTradeNo: string): Promise<Notification | null> {
      const transaction = transactions.get(outTradeNo)
      if (!transaction || current(outTradeNo).state !== 'NOTPAY') return null
      transaction.state = 'PAYERROR'
      return notify(transaction.notifyUrl, 'TRANSACTION.PAYERROR', outTradeNo, paymentResource(transaction))
    },

    refund(body: Record<string, any>): Record<string, unknown> {
      const outRefundNo = body.out_refund_no
      if (typeof outRefundNo !== 'string' || !OUT_NO.test(outRefundNo)) throw param('out_refund_no must be 6–64 letters, digits or _-|*')
      const transaction = transactions.get(body.out_trade_no)
      if (!transaction) throw new GatewayError(404, 'RESOURCE_NOT_EXISTS', 'no such transaction')
      if (transaction.state !== 'SUCCESS' && transaction.state !== 'REFUND') throw new GatewayError(400, 'TRADE_NOT_PAID', 'the transaction is not paid')
      if (typeof body.notify_url !== 'string' || !/^https?:\/\//.test(body.notify_url)) throw param('notify_url must be an http(s) URL')
      const amount = body.amount?.refund
      if (!Number.isInteger(amount) || amount < 1) throw param('amount.refund must be a positive integer in fen')
      if (body.amount?.total !== transaction.amount) throw param('amount.total does not match the transaction')
      const known = refunds.get(outRefundNo)
      if (known) {
        if (known.status === 'SUCCESS') void gateway.finishRefund(outRefundNo)
        return refundReply(known)
      }
      if (mode.refunds === 'fail') throw new GatewayError(500, 'SYSTEM_ERROR', 'system error, try again later')
      if (amount > transaction.amount - transaction.refunded) throw new GatewayError(403, 'NOT_ENOUGH', 'refund exceeds what is left of the payment')
      const refund: Refund = { outRefundNo, refundId: id('50'), outTradeNo: transaction.outTradeNo, amount, notifyUrl: body.notify_url, status: 'PROCESSING', successTime: null }
      refunds.set(outRefundNo, refund)
      transaction.refunded += amount
      transaction.state = 'REFUND'
      if (mode.refunds === 'hold') heldRefunds.add(outRefundNo)
      else if (mode.refunds === 'abnormal') later(() => gateway.finishRefund(outRefundNo, 'ABNORMAL'))
      else later(() => gateway.finishRefund(outRefundNo))
      return refundReply(refund)
    },

    /** The refund reaches the payer; notified (again, if it already had). */
    async finishRefund(outRefundNo: string, outcome: 'SUCCESS' | 'ABNORMAL' = 'SUCCESS'): Promise<Notification> {
      const refund = refunds.get(outRefundNo)
      if (!refund) throw new GatewayError(404, 'RESOURCE_NOT_EXISTS', 'no such refund')
      heldRefunds.delete(outRefundNo)
      if (refund.status === 'PROCESSING') {
        refund.status = outcome
        refund.successTime = outcome === 'SUCCESS' ? beijingTime(options.now()) : null
      }
      const transaction = transactions.get(refund.outTradeNo) as Transaction
      return notify(refund.notifyUrl, `REFUND.${refund.status}`, refund.outTradeNo, {
        mchid: options.mchId,
        out_trade_no: refund.outTradeNo,
        transaction_id: transaction.transactionId,
        out_refund_no: refund.outRefundNo,
        refund_id: refund.refundId,
        refund_status: refund.status,
        success_time: refund.successTime,
        user_received_account: '支付用户零钱',
        amount: { total: transaction.amount, refund: refund.amount, payer_total: transaction.amount, payer_refund: refund.amount },
      })
    },

    /** Confirms every held payment and refund at once, as many payers answering together. */
    async release(): Promise<{ payments: number; refunds: number }> {
      const held = [...heldPayments]
      const heldR = [...heldRefunds]
      await Promise.all([...held.map((no) => gateway.confirm(no)), ...heldR.map((no) => gateway.finishRefund(no))])
      return { payments: held.length, refunds: heldR.length }
    },

    list: () => ({
      mode: { ...mode },
      transactions: [...transactions.values()],
      refunds: [...refunds.values()],
      notifications: notifications.newestFirst(),
    }),

    close(): void {
      for (const timer of timers) clearTimeout(timer)
      timers.clear()
    },
  }
  return gateway
}

const SUMMARIES: Record<string, string> = {
  'TRANSACTION.SUCCESS': '支付成功',
  'TRANSACTION.PAYERROR': '支付失败',
  'REFUND.SUCCESS': '退款成功',
  'REFUND.ABNORMAL': '退款异常',
}

const TRADE_STATE_DESC: Record<Transaction['state'], string> = {
  NOTPAY: '未支付',
  SUCCESS: '支付成功',
  REFUND: '转入退款',
  CLOSED: '已关闭',
  PAYERROR: '支付失败',
}

/** WeChat Pay writes times as RFC 3339 in Beijing time: 2026-06-08T10:34:56+08:00. */
const beijingTime = (at: Date) => `${new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 19)}+08:00`

function refundReply(refund: Refund) {
  return {
    refund_id: refund.refundId,
    out_refund_no: refund.outRefundNo,
    out_trade_no: refund.outTradeNo,
    status: refund.status,
    amount: { refund: refund.amount, currency: 'CNY' },
  }
}

export type PaymentGateway = ReturnType<typeof createPaymentGateway>
