import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  AdminAfterSalePageSchema,
  AdminAfterSaleSchema,
  AdminAfterSalesQuerySchema,
  AdminOrderSchema,
  AfterSaleIdParamsSchema,
  FulfilmentSettingsSchema,
  OrderIdParamsSchema,
  RejectAfterSaleRequestSchema,
  ShipOrderRequestSchema,
} from '@liuliang/shared'
import { responses } from '../responses'

const security = [{ bearer: [] }]

/** Shipping orders, reviewing after-sales requests, and the days that govern both. */
const fulfilmentAdminRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/orders/:id/ship',
    {
      schema: {
        tags: ['admin'],
        summary: 'Ship a paid order with its carrier and waybill number; it completes by itself N days later',
        security,
        params: OrderIdParamsSchema,
        body: ShipOrderRequestSchema,
        response: responses({ 200: AdminOrderSchema }, 401, 404, 409),
      },
    },
    async (request) => app.orders.ship(request.params.id, request.body),
  )

  app.get(
    '/after-sales',
    {
      schema: {
        tags: ['admin'],
        summary: 'After-sales requests, newest first, by status',
        security,
        querystring: AdminAfterSalesQuerySchema,
        response: responses({ 200: AdminAfterSalePageSchema }, 401),
      },
    },
    async (request) => app.afterSales.list(request.query),
  )

  app.post(
    '/after-sales/:id/approve',
    {
      schema: {
        tags: ['admin'],
        summary: 'Approve: the amount goes back through WeChat Pay (points and commission follow); once',
        security,
        params: AfterSaleIdParamsSchema,
        response: responses({ 200: AdminAfterSaleSchema }, 401, 404, 409),
      },
    },
    async (request) => app.afterSales.approve(request.params.id),
  )

  app.post(
    '/after-sales/:id/reject',
    {
      schema: {
        tags: ['admin'],
        summary: 'Reject with a reason the customer reads; once',
        security,
        params: AfterSaleIdParamsSchema,
        body: RejectAfterSaleRequestSchema,
        response: responses({ 200: AdminAfterSaleSchema }, 401, 404, 409),
      },
    },
    async (request) => app.afterSales.reject(request.params.id, request.body.reason),
  )

  app.get(
    '/fulfilment/settings',
    {
      schema: {
        tags: ['admin'],
        summary: 'Days after shipping before an order completes by itself, and the after-sales window after completion',
        security,
        response: responses({ 200: FulfilmentSettingsSchema }, 401),
      },
    },
    async () => app.settings.fulfilmentRules(),
  )

  app.put(
    '/fulfilment/settings',
    {
      schema: {
        tags: ['admin'],
        summary: 'Change the fulfilment days',
        security,
        body: FulfilmentSettingsSchema,
        response: responses({ 200: FulfilmentSettingsSchema }, 401),
      },
    },
    async (request) => app.settings.updateFulfilmentRules(request.body),
  )
}

export default fulfilmentAdminRoutes
