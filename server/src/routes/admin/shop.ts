import { Type } from 'typebox'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  BannerIdParamsSchema,
  BannerListSchema,
  BannerSchema,
  CategoryIdParamsSchema,
  CategoryListSchema,
  CategorySchema,
  ProductDetailSchema,
  ProductIdParamsSchema,
  SaveBannerRequestSchema,
  SaveCategoryRequestSchema,
  SaveProductShopRequestSchema,
  SaveSkusRequestSchema,
} from '@liuliang/shared'
import { responses } from '../responses'

const security = [{ bearer: [] }]
const tags = ['admin']

/** The storefront's configuration: categories, home banners, each product's gallery and SKUs. */
const shopAdminRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/shop/categories',
    { schema: { tags, summary: 'Product categories in their order', security, response: responses({ 200: CategoryListSchema }, 401) } },
    async () => ({ items: await app.catalog.listCategories(false) }),
  )

  app.post(
    '/shop/categories',
    {
      schema: { tags, summary: 'Add a category', security, body: SaveCategoryRequestSchema, response: responses({ 201: CategorySchema }, 401) },
    },
    async (request, reply) => reply.status(201).send(await app.catalog.createCategory(request.body)),
  )

  app.put(
    '/shop/categories/:categoryId',
    {
      schema: {
        tags,
        summary: 'Rename, reorder or hide a category',
        security,
        params: CategoryIdParamsSchema,
        body: SaveCategoryRequestSchema,
        response: responses({ 200: CategorySchema }, 401, 404),
      },
    },
    async (request) => app.catalog.updateCategory(request.params.categoryId, request.body),
  )

  app.get(
    '/shop/banners',
    { schema: { tags, summary: 'Home banners in their order', security, response: responses({ 200: BannerListSchema }, 401) } },
    async () => ({ items: await app.catalog.listBanners(false) }),
  )

  app.post(
    '/shop/banners',
    {
      schema: { tags, summary: 'Add a home banner', security, body: SaveBannerRequestSchema, response: responses({ 201: BannerSchema }, 401, 404) },
    },
    async (request, reply) => reply.status(201).send(await app.catalog.createBanner(request.body)),
  )

  app.put(
    '/shop/banners/:bannerId',
    {
      schema: {
        tags,
        summary: 'Change a home banner',
        security,
        params: BannerIdParamsSchema,
        body: SaveBannerRequestSchema,
        response: responses({ 200: BannerSchema }, 401, 404),
      },
    },
    async (request) => app.catalog.updateBanner(request.params.bannerId, request.body),
  )

  app.delete(
    '/shop/banners/:bannerId',
    { schema: { tags, summary: 'Remove a home banner', security, params: BannerIdParamsSchema, response: responses({ 204: Type.Null() }, 401, 404) } },
    async (request, reply) => {
      await app.catalog.deleteBanner(request.params.bannerId)
      return reply.status(204).send(null)
    },
  )

  app.get(
    '/products/:productId/detail',
    {
      schema: {
        tags,
        summary: 'A product with its gallery, category and every SKU',
        security,
        params: ProductIdParamsSchema,
        response: responses({ 200: ProductDetailSchema }, 401, 404),
      },
    },
    async (request) => app.catalog.adminProduct(request.params.productId),
  )

  app.put(
    '/products/:productId/shop',
    {
      schema: {
        tags,
        summary: "Set a product's category and gallery",
        security,
        params: ProductIdParamsSchema,
        body: SaveProductShopRequestSchema,
        response: responses({ 200: ProductDetailSchema }, 401, 404),
      },
    },
    async (request) => app.catalog.saveProductShop(request.params.productId, request.body),
  )

  app.put(
    '/products/:productId/skus',
    {
      schema: {
        tags,
        summary: "Set a product's SKUs (spec options with their own price and stock)",
        security,
        params: ProductIdParamsSchema,
        body: SaveSkusRequestSchema,
        response: responses({ 200: ProductDetailSchema }, 401, 404, 409),
      },
    },
    async (request) => app.catalog.saveSkus(request.params.productId, request.body),
  )
}

export default shopAdminRoutes
