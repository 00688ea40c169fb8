import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  AdminOrderPageSchema,
  AdminOrderSchema,
  AdminOrdersQuerySchema,
  CreateProductRequestSchema,
  OrderIdParamsSchema,
  OrderSchema,
  ProductIdParamsSchema,
  ProductListSchema,
  ProductSchema,
  RefundOrderRequestSchema,
  UpdateProductRequestSchema,
} from '@liuliang/shared'
import { responses } from '../responses'

const security = [{ bearer: [] }]

/** Products, and orders with their refunds. */
const orderAdminRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/products',
    {
      schema: { tags: ['admin'], summary: 'Create a product', security, body: CreateProductRequestSchema, response: responses({ 201: ProductSchema }, 401) },
    },
    async (request, reply) => reply.status(201).send(await app.orders.createProduct(request.body)),
  )

  app.get(
    '/products',
    { schema: { tags: ['admin'], summary: 'Every product', security, response: responses({ 200: ProductListSchema }, 401) } },
    async () => ({ items: await app.orders.listProducts() }),
  )

  app.patch(
    '/products/:productId',
    {
      schema: {
        tags: ['admin'],
        summary: 'Change a product (price, stock, on or off sale)',
        security,
        params: ProductIdParamsSchema,
        body: UpdateProductRequestSchema,
        response: responses({ 200: ProductSchema }, 401, 404),
      },
    },
    async (request) => app.orders.updateProduct(request.params.productId, request.body),
  )

  app.get(
    '/orders',
    {
      schema: {
        tags: ['admin'],
        summary: 'Orders, newest first, by status or customer',
        security,
        querystring: AdminOrdersQuerySchema,
        response: responses({ 200: AdminOrderPageSchema }, 401),
      },
    },
    async (request) => app.orders.listForAdmin(request.query),
  )

  app.post(
    '/orders/:id/refund',
    {
      schema: {
        tags: ['admin'],
        summary: 'Refund a paid or completed order in full (points and commission go back)',
        security,
        params: OrderIdParamsSchema,
        body: RefundOrderRequestSchema,
        response: responses({ 200: AdminOrderSchema }, 401, 404, 409),
      },
    },
    async (request) => app.orders.refundByAdmin(request.params.id, request.body.reason),
  )

  app.post(
    '/orders/:id/complete',
    {
      schema: {
        tags: ['admin'],
        summary: 'Complete a paid order (delivered)',
        security,
        params: OrderIdParamsSchema,
        response: responses({ 200: OrderSchema }, 401, 404, 409),
      },
    },
    async (request) => app.orders.completeOrder(request.params.id),
  )
}

export default orderAdminRoutes
