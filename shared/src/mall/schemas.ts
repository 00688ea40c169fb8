import { Type, type Static } from 'typebox'
import { IdSchema } from '../common/idempotency'
import { PageSchema } from '../common/pagination'
import { MALL_ITEM_KINDS, REDEMPTION_STATUSES } from '../common/values'
import { Instant } from '../common/schema-parts'
import { Nullable } from '../common/nullable'
import { CouponSchema } from '../coupons/schemas'

const itemFields = {
  name: Type.String({ minLength: 1, maxLength: 40 }),
  description: Type.String({ maxLength: 500 }),
  imageUrl: Nullable(Type.String({ maxLength: 500, pattern: '^https?://' })),
  pointsPrice: Type.Integer({ minimum: 1, maximum: 10_000_000 }),
  stock: Type.Integer({ minimum: 0, maximum: 10_000_000 }),
  perUserLimit: Type.Integer({ minimum: 1, maximum: 100 }),
  startsAt: Nullable(Instant),
  endsAt: Nullable(Instant),
}

export const CreateMallItemRequestSchema = Type.Object(
  {
    ...itemFields,
    description: Type.Optional(itemFields.description),
    imageUrl: Type.Optional(itemFields.imageUrl),
    startsAt: Type.Optional(itemFields.startsAt),
    endsAt: Type.Optional(itemFields.endsAt),
    kind: Type.Enum(MALL_ITEM_KINDS),
    couponTemplateId: Type.Optional(IdSchema),
  },
  { additionalProperties: false },
)
export type CreateMallItemRequest = Static<typeof CreateMallItemRequestSchema>

export const UpdateMallItemRequestSchema = Type.Object(
  {
    name: Type.Optional(itemFields.name),
    description: Type.Optional(itemFields.description),
    imageUrl: Type.Optional(itemFields.imageUrl),
    pointsPrice: Type.Optional(itemFields.pointsPrice),
    stock: Type.Optional(itemFields.stock),
    perUserLimit: Type.Optional(itemFields.perUserLimit),
    startsAt: Type.Optional(itemFields.startsAt),
    endsAt: Type.Optional(itemFields.endsAt),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
)
export type UpdateMallItemRequest = Static<typeof UpdateMallItemRequestSchema>

export const MallItemSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  description: Type.String(),
  imageUrl: Nullable(Type.String()),
  kind: Type.Enum(MALL_ITEM_KINDS),
  couponTemplateId: Nullable(Type.Integer()),
  pointsPrice: Type.Integer(),
  stock: Type.Integer(),
  perUserLimit: Type.Integer(),
  startsAt: Nullable(Instant),
  endsAt: Nullable(Instant),
  active: Type.Boolean(),
})
export type MallItem = Static<typeof MallItemSchema>

export const MallItemListSchema = Type.Object({ items: Type.Array(MallItemSchema) })
export type MallItemList = Static<typeof MallItemListSchema>

/** One item as a consumer sees it: can they redeem it now, and if not, why. */
export const MallItemDetailSchema = Type.Object({
  item: MallItemSchema,
  redeemedByMe: Type.Integer(),
  /** null when redeemable now; otherwise a zh-CN reason */
  unavailableReason: Nullable(Type.String()),
})
export type MallItemDetail = Static<typeof MallItemDetailSchema>

export const MallItemIdParamsSchema = Type.Object({ itemId: IdSchema })

export const ShippingAddressSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 20 }),
    phone: Type.String({ pattern: '^1\\d{10}$', maxLength: 11, description: 'mainland mobile number' }),
    region: Type.String({ minLength: 1, maxLength: 60, description: 'province, city, district' }),
    detail: Type.String({ minLength: 1, maxLength: 120 }),
  },
  { additionalProperties: false },
)
export type ShippingAddress = Static<typeof ShippingAddressSchema>

export const RedeemRequestSchema = Type.Object({ address: Type.Optional(ShippingAddressSchema) }, { additionalProperties: false })
export type RedeemRequest = Static<typeof RedeemRequestSchema>

export const RedemptionSchema = Type.Object({
  id: Type.Integer(),
  itemId: Type.Integer(),
  itemName: Type.String(),
  kind: Type.Enum(MALL_ITEM_KINDS),
  pointsSpent: Type.Integer(),
  status: Type.Enum(REDEMPTION_STATUSES),
  couponId: Nullable(Type.Integer()),
  address: Nullable(ShippingAddressSchema),
  trackingNo: Nullable(Type.String()),
  shippedAt: Nullable(Instant),
  createdAt: Instant,
})
export type Redemption = Static<typeof RedemptionSchema>

export const RedeemResponseSchema = Type.Object({
  redemption: RedemptionSchema,
  coupon: Nullable(CouponSchema),
  balance: Type.Integer(),
})
export type RedeemResponse = Static<typeof RedeemResponseSchema>

export const RedemptionPageSchema = PageSchema(RedemptionSchema)
export type RedemptionPage = Static<typeof RedemptionPageSchema>

export const RedemptionIdParamsSchema = Type.Object({ redemptionId: IdSchema })

export const AdminRedemptionsQuerySchema = Type.Object({
  status: Type.Optional(Type.Enum(REDEMPTION_STATUSES, { default: 'awaiting_shipment' })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
})
export type AdminRedemptionsQuery = Static<typeof AdminRedemptionsQuerySchema>

/** A redemption as the console lists it, with whose it is. */
export const AdminRedemptionSchema = Type.Object({
  ...RedemptionSchema.properties,
  customerId: Type.Integer(),
  customerName: Nullable(Type.String()),
})
export const AdminRedemptionPageSchema = PageSchema(AdminRedemptionSchema)
export type AdminRedemptionPage = Static<typeof AdminRedemptionPageSchema>

export const ShipRedemptionRequestSchema = Type.Object(
  { trackingNo: Type.String({ minLength: 1, maxLength: 40, description: "the courier's tracking number" }) },
  { additionalProperties: false },
)
export type ShipRedemptionRequest = Static<typeof ShipRedemptionRequestSchema>
