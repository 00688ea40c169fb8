// The payment gateway in the style of WeChat Pay v3 (JSAPI prepay, domestic refunds), signed with
// the merchant's shared HMAC key. The sandbox implements it.
import type { PaymentProvider } from './provider'
import { PaymentProviderError } from './provider'
import { authorizationFor, verifyNotification } from './signature'

export interface GatewayOptions {
  apiBase: string
  appId: string
  mchId: string
  key: string
}

const TIMEOUT_MS = 5000

export function createGatewayProvider({ apiBase, appId, mchId, key }: GatewayOptions): PaymentProvider {
  async function post<T>(path: string, payload: Record<string, unknown>): Promise<T> {
    const body = JSON.stringify(payload)
    let response: Response
    try {
      response = await fetch(`${apiBase}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: authorizationFor(key, mchId, 'POST', path, body) },
        body,
        signal: AbortSignal.timeout(TIMEOUT_MS),
      })
    } catch (error) {
      throw new PaymentProviderError('UNREACHABLE', `payment gateway unreachable: ${(error as Error).message}`)
    }
    const text = await response.text()
    const reply = (text ? JSON.parse(text) : {}) as T & { code?: string; message?: string }
    if (!response.ok) throw new PaymentProviderError(reply.code ?? 'SYSTEM_ERROR', reply.message ?? `HTTP ${response.status}`)
    return reply
  }

  return {
    name: 'gateway',

    async startPayment(input) {
      const reply = await post<{ prepay_id: string }>('/v3/pay/transactions/jsapi', {
        appid: appId,
        mchid: mchId,
        description: input.description,
        out_trade_no: input.outTradeNo,
        notify_url: input.notifyUrl,
        amount: { total: input.amountFen, currency: 'CNY' },
        ...(input.openid ? { payer: { openid: input.openid } } : {}),
      })
      return { prepayId: reply.prepay_id }
    },

    async requestRefund(input) {
      const reply = await post<{ refund_id: string }>('/v3/refund/domestic/refunds', {
        out_trade_no: input.outTradeNo,
        out_refund_no: input.outRefundNo,
        reason: input.reason,
        notify_url: input.notifyUrl,
        amount: { refund: input.amountFen, total: input.totalFen, currency: 'CNY' },
      })
      return { refundId: reply.refund_id }
    },

    verifyNotification: (rawBody, headers) => verifyNotification(key, rawBody, headers),
  }
}
