import { Type, type Static } from 'typebox'
import { IdSchema } from '../common/idempotency'
import { Nullable } from '../common/nullable'
import { PageSchema } from '../common/pagination'
import { COUPON_KINDS, COUPON_SOURCES, COUPON_STATUSES } from '../common/values'

const templateFields = {
  name: Type.String({ minLength: 1, maxLength: 40 }),
  kind: Type.Enum(COUPON_KINDS),
  amountOffFen: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000_000, description: 'amount_off: fen off the order' })),
  discountPercent: Type.Optional(Type.Integer({ minimum: 1, maximum: 99, description: 'discount: the share paid, 85 = 8.5 折' })),
  thresholdFen: Type.Integer({ minimum: 0, maximum: 100_000_000, description: 'minimum order amount; 0 for none' }),
  validDays: Type.Integer({ minimum: 1, maximum: 3650, description: 'valid through the end of the n-th business day from issue' }),
}

/** What a coupon offers, as every answer that shows one spells it: templates, coupons, the claim centre. */
export const couponTerms = {
  name: Type.String(),
  kind: Type.Enum(COUPON_KINDS),
  amountOffFen: Nullable(Type.Integer()),
  discountPercent: Nullable(Type.Integer()),
  thresholdFen: Type.Integer(),
}

export const CreateCouponTemplateRequestSchema = Type.Object(templateFields, { additionalProperties: false })
export type CreateCouponTemplateRequest = Static<typeof CreateCouponTemplateRequestSchema>

export const UpdateCouponTemplateRequestSchema = Type.Object(
  {
    name: Type.Optional(templateFields.name),
    thresholdFen: Type.Optional(templateFields.thresholdFen),
    validDays: Type.Optional(templateFields.validDays),
    active: Type.Optional(Type.Boolean({ description: 'inactive templates are issued no more' })),
  },
  { additionalProperties: false },
)
export type UpdateCouponTemplateRequest = Static<typeof UpdateCouponTemplateRequestSchema>

export const CouponTemplateSchema = Type.Object({
  id: Type.Integer(),
  ...couponTerms,
  validDays: Type.Integer(),
  active: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
})
export type CouponTemplate = Static<typeof CouponTemplateSchema>

export const CouponTemplateListSchema = Type.Object({ items: Type.Array(CouponTemplateSchema) })
export type CouponTemplateList = Static<typeof CouponTemplateListSchema>

export const CouponTemplateIdParamsSchema = Type.Object({ templateId: IdSchema })
export const CouponIdParamsSchema = Type.Object({ couponId: IdSchema })

export const CouponSchema = Type.Object({
  id: Type.Integer(),
  templateId: Type.Integer(),
  ...couponTerms,
  status: Type.Enum(COUPON_STATUSES),
  source: Type.Enum(COUPON_SOURCES),
  validFrom: Type.String({ format: 'date-time' }),
  validUntil: Type.String({ format: 'date-time' }),
  usedAt: Nullable(Type.String({ format: 'date-time' })),
  createdAt: Type.String({ format: 'date-time' }),
})
export type Coupon = Static<typeof CouponSchema>

export const CouponPageSchema = PageSchema(CouponSchema)
export type CouponPage = Static<typeof CouponPageSchema>

export const MyCouponsQuerySchema = Type.Object({
  status: Type.Optional(Type.Enum(COUPON_STATUSES, { default: 'available' })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
})
export type MyCouponsQuery = Static<typeof MyCouponsQuerySchema>

export const IssueCouponRequestSchema = Type.Object({ templateId: IdSchema }, { additionalProperties: false })
export type IssueCouponRequest = Static<typeof IssueCouponRequestSchema>

export const UseCouponRequestSchema = Type.Object(
  { orderRef: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'the order or store receipt it was used on' })) },
  { additionalProperties: false },
)
export type UseCouponRequest = Static<typeof UseCouponRequestSchema>

export const ExpiringCouponsQuerySchema = Type.Object({
  withinDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 90, default: 3 })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
})
export type ExpiringCouponsQuery = Static<typeof ExpiringCouponsQuerySchema>

/** A coupon about to expire unused, with whose it is: a reason for a guide to reach out. */
export const ExpiringCouponSchema = Type.Object({
  ...CouponSchema.properties,
  customerId: Type.Integer(),
  customerName: Nullable(Type.String()),
  externalUserId: Nullable(Type.String()),
})
export const ExpiringCouponPageSchema = PageSchema(ExpiringCouponSchema)
export type ExpiringCouponPage = Static<typeof ExpiringCouponPageSchema>
