import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { PaymentNotificationSchema, PaymentSignatureHeadersSchema } from '@liuliang/shared'
import { badRequest } from '../../errors'
import { keepRawJson } from '../../payments/raw-json'
import { responses } from '../responses'

/** The payment provider's notifications. The signature covers the exact bytes, so they are kept as received. */
const paymentNotifyRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const rawBody = keepRawJson(app, () => badRequest('INVALID_BODY', '请求体不是合法的 JSON'))

  app.post(
    '/notify',
    {
      schema: {
        tags: ['payments'],
        summary: 'Payment and refund notifications, signed by the provider',
        headers: PaymentSignatureHeadersSchema,
        body: PaymentNotificationSchema,
        response: responses({ 204: Type.Null() }, 401, 404),
      },
    },
    async (request, reply) => {
      await app.payments.handleNotification(rawBody(request), request.headers, request.body)
      return reply.status(204).send(null)
    },
  )
}

export default paymentNotifyRoutes
