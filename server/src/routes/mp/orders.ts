import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  CreateOrderRequestSchema,
  IdempotencyHeadersSchema,
  MyOrdersQuerySchema,
  OrderIdParamsSchema,
  OrderPageSchema,
  OrderSchema,
  PaymentStartSchema,
  ProductListSchema,
} from '@liuliang/shared'
import { responses } from '../responses'

const security = [{ bearer: [] }]

/** Products, orders and paying for them. */
const orderRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/products',
    { schema: { tags: ['mp'], summary: 'Products on sale', security, response: responses({ 200: ProductListSchema }, 401) } },
    async () => ({ items: await app.orders.listOnSale() }),
  )

  app.post(
    '/orders',
    {
      schema: {
        tags: ['mp'],
        summary: 'Place an order; stock is held until the payment deadline',
        security,
        headers: IdempotencyHeadersSchema,
        body: CreateOrderRequestSchema,
        response: responses({ 201: OrderSchema }, 401, 404, 409),
      },
    },
    async (request, reply) =>
      reply.status(201).send(await app.orders.createOrder(request.principalId(), request.body, request.headers['idempotency-key'])),
  )

  app.get(
    '/orders',
    {
      schema: {
        tags: ['mp'],
        summary: 'My orders, newest first',
        security,
        querystring: MyOrdersQuerySchema,
        response: responses({ 200: OrderPageSchema }, 401),
      },
    },
    async (request) => app.orders.myOrders(request.principalId(), request.query),
  )

  app.get(
    '/orders/:id',
    {
      schema: {
        tags: ['mp'],
        summary: 'One of my orders with its status',
        security,
        params: OrderIdParamsSchema,
        response: responses({ 200: OrderSchema }, 401, 404),
      },
    },
    async (request) => app.orders.getMine(request.principalId(), request.params.id),
  )

  app.post(
    '/orders/:id/pay',
    {
      schema: {
        tags: ['mp'],
        summary: 'Start paying; the provider confirms by notification (the sandbox within a second)',
        security,
        params: OrderIdParamsSchema,
        response: responses({ 200: PaymentStartSchema }, 401, 404, 409, 502),
      },
    },
    async (request) => app.orders.pay(request.principalId(), request.params.id),
  )

  app.post(
    '/orders/:id/confirm',
    {
      schema: {
        tags: ['mp'],
        summary: 'Confirm receipt: the order completes and earns points',
        security,
        params: OrderIdParamsSchema,
        response: responses({ 200: OrderSchema }, 401, 404, 409),
      },
    },
    async (request) => app.orders.completeOrder(request.params.id, request.principalId()),
  )
}

export default orderRoutes
