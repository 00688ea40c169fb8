import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { AfterSaleSchema, IdempotencyHeadersSchema, OrderIdParamsSchema, RequestAfterSaleSchema } from '@liuliang/shared'
import { responses } from '../responses'

const security = [{ bearer: [] }]

/** The customer's after-sales requests on their orders. */
const afterSaleRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/orders/:id/after-sales',
    {
      schema: {
        tags: ['mp'],
        summary: 'Ask for a refund (refund only, or return and refund) with a reason and an amount up to what the order holds',
        security,
        params: OrderIdParamsSchema,
        headers: IdempotencyHeadersSchema,
        body: RequestAfterSaleSchema,
        response: responses({ 201: AfterSaleSchema }, 401, 404, 409),
      },
    },
    async (request, reply) =>
      reply.status(201).send(await app.afterSales.request(request.principalId(), request.params.id, request.body, request.headers['idempotency-key'])),
  )

  app.get(
    '/orders/:id/after-sales',
    {
      schema: {
        tags: ['mp'],
        summary: 'My after-sales requests on one order, newest first',
        security,
        params: OrderIdParamsSchema,
        response: responses({ 200: Type.Object({ items: Type.Array(AfterSaleSchema) }) }, 401, 404),
      },
    },
    async (request) => app.afterSales.mine(request.principalId(), request.params.id),
  )
}

export default afterSaleRoutes
