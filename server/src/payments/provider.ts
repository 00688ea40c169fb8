// What the order flow needs from a payment provider. The first one is the gateway the sandbox
// implements; another provider is another implementation of this interface.
import type { PaymentSignatureHeaders } from '@liuliang/shared'

export interface StartPayment {
  outTradeNo: string
  amountFen: number
  description: string
  openid: string | null
  notifyUrl: string
}

export interface RequestRefund {
  outTradeNo: string
  outRefundNo: string
  amountFen: number
  totalFen: number
  reason: string
  notifyUrl: string
}

export interface PaymentProvider {
  readonly name: string
  /** Asks for a payment; the provider confirms (or not) later, by notification. */
  startPayment(input: StartPayment): Promise<{ prepayId: string }>
  /** Asks for a refund; idempotent by outRefundNo. Confirmed later by notification. */
  requestRefund(input: RequestRefund): Promise<{ refundId: string }>
  /** Whether a notification really comes from the provider. */
  verifyNotification(rawBody: string, headers: PaymentSignatureHeaders): boolean
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
