import { Type } from 'typebox'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  AddCartItemRequestSchema,
  AddressIdParamsSchema,
  AddressListSchema,
  AddressSchema,
  AdvisorSchema,
  CartItemIdParamsSchema,
  CartSchema,
  IdempotencyHeadersSchema,
  OrderSchema,
  PlaceOrderRequestSchema,
  ProductDetailSchema,
  ProductIdParamsSchema,
  QuoteRequestSchema,
  QuoteSchema,
  SaveAddressRequestSchema,
  ShopHomeSchema,
  ShopProductPageSchema,
  ShopProductsQuerySchema,
  UpdateCartItemRequestSchema,
} from '@liuliang/shared'
import { responses } from '../responses'

const security = [{ bearer: [] }]
const tags = ['mp']

/** The storefront: browsing, the cart, saved addresses and checkout. */
const shopRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/shop/home',
    { schema: { tags, summary: 'Home banners and categories', security, response: responses({ 200: ShopHomeSchema }, 401) } },
    async () => app.catalog.home(),
  )

  app.get(
    '/shop/products',
    {
      schema: {
        tags,
        summary: 'Products on sale, by category or part of the name',
        security,
        querystring: ShopProductsQuerySchema,
        response: responses({ 200: ShopProductPageSchema }, 401),
      },
    },
    async (request) => app.catalog.listProducts(request.query),
  )

  app.get(
    '/shop/products/:productId',
    {
      schema: {
        tags,
        summary: 'A product with its gallery and SKUs',
        security,
        params: ProductIdParamsSchema,
        response: responses({ 200: ProductDetailSchema }, 401, 404),
      },
    },
    async (request) => app.catalog.productForSale(request.params.productId),
  )

  app.get(
    '/advisor',
    {
      schema: {
        tags,
        summary: 'My exclusive advisor (专属顾问): the guide I am bound to and a code that adds them on WeCom',
        security,
        response: responses({ 200: AdvisorSchema }, 401),
      },
    },
    async (request) => app.advisor.advisorOf(request.principalId()),
  )

  app.get(
    '/cart',
    { schema: { tags, summary: 'My cart, priced now, with lines that cannot be bought flagged', security, response: responses({ 200: CartSchema }, 401) } },
    async (request) => app.cart.cartOf(request.principalId()),
  )

  app.post(
    '/cart/items',
    {
      schema: { tags, summary: 'Put units of a SKU in my cart', security, body: AddCartItemRequestSchema, response: responses({ 200: CartSchema }, 401, 404, 409) },
    },
    async (request) => app.cart.addItem(request.principalId(), request.body),
  )

  app.patch(
    '/cart/items/:itemId',
    {
      schema: {
        tags,
        summary: "Change a cart line's quantity",
        security,
        params: CartItemIdParamsSchema,
        body: UpdateCartItemRequestSchema,
        response: responses({ 200: CartSchema }, 401, 404),
      },
    },
    async (request) => app.cart.setQuantity(request.principalId(), request.params.itemId, request.body.quantity),
  )

  app.delete(
    '/cart/items/:itemId',
    {
      schema: { tags, summary: 'Take a line out of my cart', security, params: CartItemIdParamsSchema, response: responses({ 200: CartSchema }, 401, 404) },
    },
    async (request) => app.cart.removeItem(request.principalId(), request.params.itemId),
  )

  app.get(
    '/addresses',
    { schema: { tags, summary: 'My saved addresses, the default first', security, response: responses({ 200: AddressListSchema }, 401) } },
    async (request) => ({ items: await app.cart.listAddresses(request.principalId()) }),
  )

  app.post(
    '/addresses',
    {
      schema: { tags, summary: 'Save an address', security, body: SaveAddressRequestSchema, response: responses({ 201: AddressSchema }, 401, 409) },
    },
    async (request, reply) => reply.status(201).send(await app.cart.addAddress(request.principalId(), request.body)),
  )

  app.put(
    '/addresses/:addressId',
    {
      schema: {
        tags,
        summary: 'Change a saved address, or make it the default',
        security,
        params: AddressIdParamsSchema,
        body: SaveAddressRequestSchema,
        response: responses({ 200: AddressSchema }, 401, 404),
      },
    },
    async (request) => app.cart.updateAddress(request.principalId(), request.params.addressId, request.body),
  )

  app.delete(
    '/addresses/:addressId',
    { schema: { tags, summary: 'Delete a saved address', security, params: AddressIdParamsSchema, response: responses({ 204: Type.Null() }, 401, 404) } },
    async (request, reply) => {
      await app.cart.deleteAddress(request.principalId(), request.params.addressId)
      return reply.status(204).send(null)
    },
  )

  app.post(
    '/checkout/quote',
    {
      schema: {
        tags,
        summary: 'What an order would cost: lines, address, coupons with the best preselected, points it earns',
        security,
        body: QuoteRequestSchema,
        response: responses({ 200: QuoteSchema }, 401, 404, 409),
      },
    },
    async (request) => app.checkout.quote(request.principalId(), request.body),
  )

  app.post(
    '/checkout/orders',
    {
      schema: {
        tags,
        summary: 'Place the order a quote showed: stock held per SKU until the payment deadline, the coupon redeemed once',
        security,
        headers: IdempotencyHeadersSchema,
        body: PlaceOrderRequestSchema,
        response: responses({ 201: OrderSchema }, 401, 404, 409),
      },
    },
    async (request, reply) =>
      reply.status(201).send(await app.checkout.place(request.principalId(), request.body, request.headers['idempotency-key'])),
  )
}

export default shopRoutes
