import { Type, type Static } from 'typebox'
import { CouponSchema } from '../coupons/schemas'
import { IdSchema } from '../common/idempotency'
import { CursorQuerySchema, PageSchema } from '../common/pagination'
import { Fen } from '../common/schema-parts'
import { Nullable } from '../common/nullable'
import { ShippingAddressSchema } from '../mall/schemas'
import { BANNER_LINK_TYPES } from './values'

const ImageUrl = Type.String({ minLength: 1, maxLength: 500, pattern: '^https?://' })
const SortOrder = Type.Integer({ minimum: 0, maximum: 9999, description: 'smaller first' })

// ── categories ──
export const CategorySchema = Type.Object({ id: Type.Integer(), name: Type.String(), sortOrder: Type.Integer(), active: Type.Boolean() })
export type Category = Static<typeof CategorySchema>
export const CategoryListSchema = Type.Object({ items: Type.Array(CategorySchema) })
export type CategoryList = Static<typeof CategoryListSchema>
export const SaveCategoryRequestSchema = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 20 }), sortOrder: Type.Optional(SortOrder), active: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
)
export type SaveCategoryRequest = Static<typeof SaveCategoryRequestSchema>
export const CategoryIdParamsSchema = Type.Object({ categoryId: IdSchema })

// ── banners ──
export const BannerSchema = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  imageUrl: Type.String(),
  linkType: Type.Enum(BANNER_LINK_TYPES),
  /** the product or category it opens */
  linkId: Nullable(Type.Integer()),
  sortOrder: Type.Integer(),
  active: Type.Boolean(),
})
export type Banner = Static<typeof BannerSchema>
export const BannerListSchema = Type.Object({ items: Type.Array(BannerSchema) })
export type BannerList = Static<typeof BannerListSchema>
export const SaveBannerRequestSchema = Type.Object(
  {
    title: Type.Optional(Type.String({ maxLength: 30 })),
    imageUrl: ImageUrl,
    linkType: Type.Enum(BANNER_LINK_TYPES),
    linkId: Type.Optional(Nullable(IdSchema)),
    sortOrder: Type.Optional(SortOrder),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
)
export type SaveBannerRequest = Static<typeof SaveBannerRequestSchema>
export const BannerIdParamsSchema = Type.Object({ bannerId: IdSchema })

// ── products, SKUs ──
export const SkuOptionSchema = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 10 }), value: Type.String({ minLength: 1, maxLength: 20 }) },
  { additionalProperties: false },
)

export const SkuSchema = Type.Object({
  id: Type.Integer(),
  options: Type.Array(SkuOptionSchema),
  /** the option values as one label ('' for a product without options) */
  spec: Type.String(),
  priceFen: Type.Integer(),
  stock: Type.Integer(),
  active: Type.Boolean(),
})
export type Sku = Static<typeof SkuSchema>

/** A product as a list shows it: cover, lowest price, whether any is left. */
export const ShopProductSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  imageUrl: Nullable(Type.String()),
  priceFen: Type.Integer(),
  stock: Type.Integer(),
  categoryId: Nullable(Type.Integer()),
})
export type ShopProduct = Static<typeof ShopProductSchema>
export const ShopProductPageSchema = PageSchema(ShopProductSchema)
export type ShopProductPage = Static<typeof ShopProductPageSchema>

export const ShopProductsQuerySchema = Type.Object({
  categoryId: Type.Optional(IdSchema),
  /** part of the name */
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 30 })),
  ...CursorQuerySchema.properties,
})
export type ShopProductsQuery = Static<typeof ShopProductsQuerySchema>

/** A spec (颜色) and its values in order, as the SKU picker lays them out. */
export const SpecSchema = Type.Object({ name: Type.String(), values: Type.Array(Type.String()) })
export type Spec = Static<typeof SpecSchema>

export const ProductDetailSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  description: Type.String(),
  categoryId: Nullable(Type.Integer()),
  images: Type.Array(Type.String()),
  priceFen: Type.Integer(),
  stock: Type.Integer(),
  active: Type.Boolean(),
  specs: Type.Array(SpecSchema),
  skus: Type.Array(SkuSchema),
})
export type ProductDetail = Static<typeof ProductDetailSchema>

export const ShopHomeSchema = Type.Object({ banners: Type.Array(BannerSchema), categories: Type.Array(CategorySchema) })
export type ShopHome = Static<typeof ShopHomeSchema>

export const SaveSkusRequestSchema = Type.Object(
  {
    skus: Type.Array(
      Type.Object(
        {
          options: Type.Array(SkuOptionSchema, { maxItems: 3 }),
          priceFen: Fen({ minimum: 1 }),
          stock: Type.Integer({ minimum: 0, maximum: 10_000_000 }),
          active: Type.Optional(Type.Boolean()),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 100 },
    ),
  },
  { additionalProperties: false },
)
export type SaveSkusRequest = Static<typeof SaveSkusRequestSchema>

export const SaveProductShopRequestSchema = Type.Object(
  { categoryId: Nullable(IdSchema), images: Type.Array(ImageUrl, { maxItems: 9 }) },
  { additionalProperties: false },
)
export type SaveProductShopRequest = Static<typeof SaveProductShopRequestSchema>

// ── cart ──
/** Why a cart line cannot be bought as it is. */
export const CART_LINE_PROBLEMS = ['unavailable', 'sold_out', 'short'] as const
export type CartLineProblem = (typeof CART_LINE_PROBLEMS)[number]

export const CartLineSchema = Type.Object({
  id: Type.Integer(),
  skuId: Type.Integer(),
  productId: Type.Integer(),
  name: Type.String(),
  spec: Type.String(),
  imageUrl: Nullable(Type.String()),
  /** the SKU's price now */
  priceFen: Type.Integer(),
  stock: Type.Integer(),
  quantity: Type.Integer(),
  problem: Nullable(Type.Enum(CART_LINE_PROBLEMS)),
})
export type CartLine = Static<typeof CartLineSchema>

export const CartSchema = Type.Object({
  lines: Type.Array(CartLineSchema),
  /** the lines that can be bought as they are */
  totalFen: Type.Integer(),
})
export type Cart = Static<typeof CartSchema>

const Quantity = Type.Integer({ minimum: 1, maximum: 99 })
export const AddCartItemRequestSchema = Type.Object({ skuId: IdSchema, quantity: Quantity }, { additionalProperties: false })
export type AddCartItemRequest = Static<typeof AddCartItemRequestSchema>
export const UpdateCartItemRequestSchema = Type.Object({ quantity: Quantity }, { additionalProperties: false })
export type UpdateCartItemRequest = Static<typeof UpdateCartItemRequestSchema>
export const CartItemIdParamsSchema = Type.Object({ itemId: IdSchema })

// ── addresses ──
export const AddressSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  phone: Type.String(),
  region: Type.String(),
  detail: Type.String(),
  isDefault: Type.Boolean(),
})
export type Address = Static<typeof AddressSchema>
export const AddressListSchema = Type.Object({ items: Type.Array(AddressSchema) })
export type AddressList = Static<typeof AddressListSchema>
export const SaveAddressRequestSchema = Type.Object(
  { ...ShippingAddressSchema.properties, isDefault: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
)
export type SaveAddressRequest = Static<typeof SaveAddressRequestSchema>
export const AddressIdParamsSchema = Type.Object({ addressId: IdSchema })
/** How many addresses a customer keeps. */
export const MAX_ADDRESSES = 20

// ── checkout ──
export const CheckoutLineRequestSchema = Type.Object({ skuId: IdSchema, quantity: Quantity }, { additionalProperties: false })

const checkoutFields = {
  /** "buy now" lines; absent, the cart's lines that can be bought */
  lines: Type.Optional(Type.Array(CheckoutLineRequestSchema, { minItems: 1, maxItems: 20 })),
  addressId: Type.Optional(IdSchema),
}

export const QuoteRequestSchema = Type.Object(
  {
    ...checkoutFields,
    /** absent: the best applicable coupon; null: none */
    couponId: Type.Optional(Nullable(IdSchema)),
  },
  { additionalProperties: false },
)
export type QuoteRequest = Static<typeof QuoteRequestSchema>

export const QuoteLineSchema = Type.Object({
  skuId: Type.Integer(),
  productId: Type.Integer(),
  name: Type.String(),
  spec: Type.String(),
  imageUrl: Nullable(Type.String()),
  priceFen: Type.Integer(),
  quantity: Type.Integer(),
  stock: Type.Integer(),
  problem: Nullable(Type.Enum(CART_LINE_PROBLEMS)),
})
export type QuoteLine = Static<typeof QuoteLineSchema>

export const QuoteCouponSchema = Type.Object({
  coupon: CouponSchema,
  /** null: this order does not reach its threshold */
  discountFen: Nullable(Type.Integer()),
})
export type QuoteCoupon = Static<typeof QuoteCouponSchema>

export const QuoteSchema = Type.Object({
  lines: Type.Array(QuoteLineSchema),
  subtotalFen: Type.Integer(),
  address: Nullable(AddressSchema),
  /** the customer's usable coupons, the applicable ones first */
  coupons: Type.Array(QuoteCouponSchema),
  couponId: Nullable(Type.Integer()),
  discountFen: Type.Integer(),
  amountFen: Type.Integer(),
  /** what completing the order will credit, at the customer's level */
  pointsEstimate: Type.Integer(),
  /** every line can be bought and there is an address */
  placeable: Type.Boolean(),
})
export type Quote = Static<typeof QuoteSchema>

export const PlaceOrderRequestSchema = Type.Object(
  {
    ...checkoutFields,
    addressId: IdSchema,
    couponId: Nullable(IdSchema),
    /** the amount the customer saw; a different one now is refused rather than charged */
    expectedAmountFen: Type.Optional(Fen()),
  },
  { additionalProperties: false },
)
export type PlaceOrderRequest = Static<typeof PlaceOrderRequestSchema>

export const OrderCheckoutSchema = Type.Object({
  subtotalFen: Type.Integer(),
  discountFen: Type.Integer(),
  couponName: Nullable(Type.String()),
  address: ShippingAddressSchema,
})
export type OrderCheckout = Static<typeof OrderCheckoutSchema>


// ── exclusive advisor (专属顾问) ──
/** The guide a customer is bound to, with the WeCom 联系我 code that adds them. */
export const AdvisorSchema = Type.Object({
  guide: Nullable(Type.Object({ name: Type.String(), avatarUrl: Nullable(Type.String()) })),
  /** a contact-way QR code that reaches this guide (or the brand's guides when none is bound yet) */
  qrCodeUrl: Nullable(Type.String()),
  /** the customer already has this guide as a WeCom contact */
  added: Type.Boolean(),
})
export type Advisor = Static<typeof AdvisorSchema>
