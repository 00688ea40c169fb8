// The gateway's merchant API (WeChat Pay v3 paths) and its /sandbox/payments controls.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import type { RouteOptions } from './context'
import { signingMerchant } from './payment-signature'
import { GatewayError, PAYMENT_MODES, REFUND_MODES } from './payments'

/** A JSON body together with its exact text, which the merchant's signature covers. */
interface SignedJson {
  text: string
  value: unknown
}

const signedJson = (request: FastifyRequest) => request.body as SignedJson | undefined

export const paymentGatewayRoutes: FastifyPluginAsync<RouteOptions> = async (app, { sandbox }) => {
  const { payment } = sandbox.options
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
  // Every merchant request is signed with the shared key, over method, path, and body.
  app.addHook('preHandler', async (request) => {
    const mchId = signingMerchant(payment.key, {
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

  app.post('/v3/pay/transactions/jsapi', async (request) => sandbox.payments.prepay(objectBody(request)))
  app.post('/v3/refund/domestic/refunds', async (request) => sandbox.payments.refund(objectBody(request)))
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
  app.post('/:outTradeNo/notify', { schema: { params: TradeParams } }, async (request) => sandbox.payments.confirm(request.params.outTradeNo))
}
