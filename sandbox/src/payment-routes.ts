// WeChat Pay API v3's merchant API (its paths, signatures and sealed resources) and the /sandbox/payments controls.
import { createPublicKey } from 'node:crypto'
import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import type { RouteOptions } from './context'
import { platformHeaders, platformIdentity, signingMerchant } from './payment-signature'
import { GatewayError, PAYMENT_MODES, REFUND_MODES } from './payments'

/** A JSON body together with its exact text, which the merchant's signature covers. */
interface SignedJson {
  text: string
  value: unknown
}

const signedJson = (request: FastifyRequest) => request.body as SignedJson | undefined

export const paymentGatewayRoutes: FastifyPluginAsync<RouteOptions> = async (app, { sandbox }) => {
  const { payment } = sandbox.options
  const merchantCertificate = { serialNo: payment.merchantSerialNo, publicKey: createPublicKey(payment.merchantPublicKeyPem) }
  const platform = platformIdentity()
  // Parsing would lose the text the signature was made over, so the parser keeps both.
  app.removeContentTypeParser('application/json')
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, text, done) => {
    let value: unknown
    try {
      value = JSON.parse(text as string)
    } catch {
      return done(new GatewayError(400, 'PARAM_ERROR', 'body is not valid JSON'), undefined)
    }
    done(null, { text, value })
  })
  app.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
    if (error instanceof GatewayError) return reply.code(error.statusCode).send({ code: error.code, message: error.message })
    if (error.statusCode && error.statusCode < 500) return reply.code(error.statusCode).send({ code: 'PARAM_ERROR', message: error.message })
    request.log.error({ err: error }, 'sandbox payment route failed')
    return reply.code(500).send({ code: 'SYSTEM_ERROR', message: 'system error' })
  })
  // Every answer, refusals included, is signed by the platform over its exact body.
  app.addHook('onSend', async (_request, reply, body) => {
    const text = typeof body === 'string' ? body : body === null || body === undefined ? '' : String(body)
    reply.headers(platformHeaders(platform, text, sandbox.now()))
    return text
  })
  // Every merchant request is signed with the merchant certificate's key, over method, path with query, and body.
  app.addHook('preHandler', async (request) => {
    const mchId = signingMerchant(merchantCertificate, {
      method: request.method,
      url: request.url,
      body: signedJson(request)?.text ?? '',
      authorization: request.headers.authorization,
    })
    if (!mchId) throw new GatewayError(401, 'SIGN_ERROR', 'signature verification failed')
    if (mchId !== payment.mchId) throw new GatewayError(400, 'MCH_NOT_EXISTS', 'mchid does not exist')
  })

  const objectBody = (request: FastifyRequest) => {
    const body = signedJson(request)?.value
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw new GatewayError(400, 'PARAM_ERROR', 'body must be a JSON object')
    return body as Record<string, unknown>
  }

  const outNo = (request: FastifyRequest, name: string) => (request.params as Record<string, string>)[name] as string

  app.get('/v3/certificates', async () => sandbox.payments.certificates())
  app.post('/v3/pay/transactions/jsapi', async (request) => sandbox.payments.prepay(objectBody(request)))
  app.get('/v3/pay/transactions/out-trade-no/:outTradeNo', async (request) =>
    sandbox.payments.query(outNo(request, 'outTradeNo'), (request.query as Record<string, unknown>).mchid),
  )
  app.post('/v3/pay/transactions/out-trade-no/:outTradeNo/close', async (request, reply) => {
    sandbox.payments.closeTransaction(outNo(request, 'outTradeNo'), objectBody(request).mchid)
    return reply.code(204).send()
  })
  app.post('/v3/refund/domestic/refunds', async (request) => sandbox.payments.refund(objectBody(request)))
  app.get('/v3/refund/domestic/refunds/:outRefundNo', async (request) => sandbox.payments.queryRefund(outNo(request, 'outRefundNo')))
}

const ModeBody = Type.Object(
  {
    payments: Type.Optional(Type.Enum([...PAYMENT_MODES])),
    refunds: Type.Optional(Type.Enum([...REFUND_MODES])),
    delayMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 60_000 })),
  },
  { additionalProperties: false },
)
const TradeParams = Type.Object({ outTradeNo: Type.String({ maxLength: 64 }) })
const NotifyBody = Type.Object(
  { sentAt: Type.Optional(Type.String({ format: 'date-time', description: 'sign the notification as sent at this time (replays, clock skew)' })) },
  { additionalProperties: false },
)

/** Controls under /sandbox/payments: the payer's side, and how the gateway behaves. */
export const paymentControlRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { sandbox }) => {
  app.setErrorHandler((error: Error & { statusCode?: number; validation?: unknown }, request, reply) => {
    if (error instanceof GatewayError) return reply.code(error.statusCode).send({ error: { code: error.code, message: error.message } })
    if (error.validation || (error.statusCode && error.statusCode < 500)) {
      return reply.code(error.statusCode ?? 400).send({ error: { code: 'INVALID_REQUEST', message: error.message } })
    }
    request.log.error({ err: error }, 'sandbox payment control failed')
    return reply.code(500).send({ error: { code: 'INTERNAL', message: 'internal error' } })
  })

  app.get('/', async () => sandbox.payments.list())

  app.put('/mode', { schema: { body: ModeBody } }, async (request) => {
    Object.assign(sandbox.payments.mode, request.body)
    return { ...sandbox.payments.mode }
  })

  app.post('/release', async () => sandbox.payments.release())

  // Sends the payment's success notification (again): a repeated notification must change nothing.
  app.post('/:outTradeNo/notify', { schema: { params: TradeParams, body: Type.Optional(NotifyBody) } }, async (request) =>
    sandbox.payments.confirm(request.params.outTradeNo, request.body?.sentAt ? new Date(request.body.sentAt) : undefined),
  )
}
