// WeChat Pay API v3 for a mini-program merchant: JSAPI prepay, order query and close, domestic refunds,
// and notifications. Every request is signed with the merchant's key and every answer and notification
// is checked against the platform's; the sandbox speaks the same protocol with keys of its own.
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto'
import { Value } from 'typebox/value'
import { PaymentResourceSchema, type PaymentNotification, type PaymentSignatureHeaders } from '@liuliang/shared'
import type { Config } from '../env'
import { downloadedPlatformCertificates, configuredPlatformKey, type PlatformKeys, type SignedAnswer } from './platform-keys'
import { PaymentProviderError, type PaymentEvent, type PaymentProvider, type PaymentState } from './provider'
import { authorizationFor, openResource, platformSigned, requestPaymentParams, type Merchant } from './wechatpay-signing'

export interface WechatPayOptions {
  apiBase: string
  appId: string
  merchant: Merchant
  apiV3Key: string
  /** the platform public key and its id, as the merchant console gives them; without it, certificates are downloaded */
  platformKey: { id: string; publicKey: KeyObject } | null
}

const TIMEOUT_MS = 5000

/** The provider's options from the server's configuration, keys parsed once. */
export const wechatPayOptions = ({ payment, wechat }: Pick<Config, 'payment' | 'wechat'>): WechatPayOptions => ({
  apiBase: payment.apiBase,
  appId: wechat.appId,
  merchant: { mchId: payment.mchId, serialNo: payment.merchantSerialNo, privateKey: createPrivateKey(payment.merchantPrivateKeyPem) },
  apiV3Key: payment.apiV3Key,
  platformKey: payment.platformPublicKey ? { id: payment.platformPublicKey.id, publicKey: createPublicKey(payment.platformPublicKey.pem) } : null,
})

interface Answer extends SignedAnswer {
  status: number
}

export function createWechatPayProvider({ apiBase, appId, merchant, apiV3Key, platformKey }: WechatPayOptions): PaymentProvider {
  async function send(method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>): Promise<Answer> {
    const body = payload ? JSON.stringify(payload) : ''
    let response: Response
    try {
      response = await fetch(`${apiBase}${url}`, {
        method,
        headers: {
          accept: 'application/json',
          ...(payload ? { 'content-type': 'application/json' } : {}),
          authorization: authorizationFor(merchant, method, url, body),
        },
        ...(payload ? { body } : {}),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      })
    } catch (error) {
      throw new PaymentProviderError('UNREACHABLE', `WeChat Pay unreachable: ${(error as Error).message}`)
    }
    const header = (name: string) => response.headers.get(name) ?? ''
    return {
      status: response.status,
      body: await response.text(),
      signature: { timestamp: header('wechatpay-timestamp'), nonce: header('wechatpay-nonce'), signature: header('wechatpay-signature'), serial: header('wechatpay-serial') },
    }
  }

  const platform: PlatformKeys = platformKey
    ? configuredPlatformKey(platformKey.id, platformKey.publicKey)
    : downloadedPlatformCertificates(apiV3Key, () => send('GET', '/v3/certificates'))

  const signedByPlatform = async (body: string, signature: Answer['signature']) => {
    const key = signature.serial ? await platform.keyFor(signature.serial) : null
    return key !== null && platformSigned(key, body, signature)
  }

  /** A request whose answer is believed only when the platform signed it; refusals carry WeChat Pay's code. */
  async function call<T>(method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>): Promise<T> {
    const answer = await send(method, url, payload)
    const reply = (answer.body ? safeJson(answer.body) : {}) as T & { code?: string; message?: string }
    if (answer.status >= 300) throw new PaymentProviderError(reply.code ?? 'SYSTEM_ERROR', reply.message ?? `HTTP ${answer.status}`)
    if (!(await signedByPlatform(answer.body, answer.signature))) {
      throw new PaymentProviderError('SIGNATURE_INVALID', 'the answer is not signed by the WeChat Pay platform')
    }
    return reply
  }

  const stateOf = (reply: { trade_state?: string; transaction_id?: string }): PaymentState => ({
    tradeState: reply.trade_state ?? 'NOTPAY',
    transactionId: reply.transaction_id ?? null,
  })

  return {
    name: 'wechatpay',

    async startPayment(input) {
      const reply = await call<{ prepay_id: string }>('POST', '/v3/pay/transactions/jsapi', {
        appid: appId,
        mchid: merchant.mchId,
        description: input.description,
        out_trade_no: input.outTradeNo,
        notify_url: input.notifyUrl,
        time_expire: rfc3339(input.payBy),
        amount: { total: input.amountFen, currency: 'CNY' },
        ...(input.openid ? { payer: { openid: input.openid } } : {}),
      })
      return { prepayId: reply.prepay_id }
    },

    clientParams: (prepayId) => requestPaymentParams(appId, prepayId, merchant.privateKey),

    async queryPayment(outTradeNo) {
      try {
        return stateOf(await call('GET', `/v3/pay/transactions/out-trade-no/${encodeURIComponent(outTradeNo)}?mchid=${merchant.mchId}`))
      } catch (error) {
        if (error instanceof PaymentProviderError && error.code === 'ORDER_NOT_EXIST') return null
        throw error
      }
    },

    async closePayment(outTradeNo) {
      await call('POST', `/v3/pay/transactions/out-trade-no/${encodeURIComponent(outTradeNo)}/close`, { mchid: merchant.mchId })
    },

    async requestRefund(input) {
      const reply = await call<{ refund_id: string }>('POST', '/v3/refund/domestic/refunds', {
        out_trade_no: input.outTradeNo,
        out_refund_no: input.outRefundNo,
        reason: input.reason,
        notify_url: input.notifyUrl,
        amount: { refund: input.amountFen, total: input.totalFen, currency: 'CNY' },
      })
      return { refundId: reply.refund_id }
    },

    async openNotification(rawBody: string, headers: PaymentSignatureHeaders, notification: PaymentNotification): Promise<PaymentEvent | null> {
      const signature = { timestamp: headers['wechatpay-timestamp'], nonce: headers['wechatpay-nonce'], signature: headers['wechatpay-signature'], serial: headers['wechatpay-serial'] }
      if (!(await signedByPlatform(rawBody, signature))) return null
      const plain = openResource(apiV3Key, notification.resource)
      const resource = plain === null ? null : safeJson(plain)
      if (!Value.Check(PaymentResourceSchema, resource)) return null
      return { eventType: notification.event_type, resource }
    },
  }
}

/** WeChat Pay's time format (RFC 3339 with an offset, whole seconds), in Beijing time as its own answers are. */
const rfc3339 = (at: Date) => `${new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 19)}+08:00`

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}
