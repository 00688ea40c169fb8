// What the order flow needs from a payment provider: WeChat Pay API v3 (wechatpay-provider.ts), which the
// sandbox implements too; another provider is another implementation of this interface.
import type { PaymentEventType, PaymentNotification, PaymentResource, PaymentSignatureHeaders, RequestPaymentParams } from '@liuliang/shared'

export interface StartPayment {
  outTradeNo: string
  amountFen: number
  description: string
  openid: string | null
  notifyUrl: string
  /** the order's payment deadline: the provider closes the payment then, so it cannot be paid late */
  payBy: Date
}

export interface RequestRefund {
  outTradeNo: string
  outRefundNo: string
  amountFen: number
  totalFen: number
  reason: string
  notifyUrl: string
}

/** A notification the provider really sent, opened. */
export interface PaymentEvent {
  eventType: PaymentEventType
  resource: PaymentResource
}

/** Where a payment stands at the provider (WeChat Pay's trade_state: SUCCESS, NOTPAY, CLOSED, REFUND, PAYERROR…). */
export interface PaymentState {
  tradeState: string
  transactionId: string | null
}

export interface PaymentProvider {
  readonly name: string
  /** Asks for a payment; the provider confirms (or not) later, by notification. */
  startPayment(input: StartPayment): Promise<{ prepayId: string }>
  /** What the payer's client needs to pay a prepared payment (wx.requestPayment's parameters). */
  clientParams(prepayId: string): RequestPaymentParams
  /** Where a payment stands, for one whose notification may have been missed; null when the provider never saw it. */
  queryPayment(outTradeNo: string): Promise<PaymentState | null>
  /** Closes an unpaid payment so it can no longer be paid. */
  closePayment(outTradeNo: string): Promise<void>
  /** Asks for a refund; idempotent by outRefundNo. Confirmed later by notification. */
  requestRefund(input: RequestRefund): Promise<{ refundId: string }>
  /** The notification's event when the provider really sent it (signature and seal both hold); else null. */
  openNotification(rawBody: string, headers: PaymentSignatureHeaders, notification: PaymentNotification): Promise<PaymentEvent | null>
}

/** The provider refused or could not be reached. */
export class PaymentProviderError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message)
    this.name = 'PaymentProviderError'
  }
}
