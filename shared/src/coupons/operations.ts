import { Type, type Static } from 'typebox'
import { AudienceFilterSchema } from '../audiences/schemas'
import { IdSchema } from '../common/idempotency'
import { Nullable } from '../common/nullable'
import { CursorQuerySchema, PageSchema } from '../common/pagination'
import { Instant } from '../common/schema-parts'
import { COUPON_BATCH_STATUSES } from '../common/values'
import { CouponSchema, couponTerms } from './schemas'

// ---- issuing a template's coupon to an audience ----

export const IssueCouponBatchRequestSchema = Type.Object(
  {
    templateId: IdSchema,
    filter: AudienceFilterSchema,
    skipHolders: Type.Optional(Type.Boolean({ default: true, description: 'customers holding an unused coupon of the template get none' })),
  },
  { additionalProperties: false },
)
export type IssueCouponBatchRequest = Static<typeof IssueCouponBatchRequestSchema>

export const CouponIssueBatchSchema = Type.Object({
  id: Type.Integer(),
  templateId: Type.Integer(),
  templateName: Type.String(),
  filter: AudienceFilterSchema,
  skipHolders: Type.Boolean(),
  status: Type.Enum(COUPON_BATCH_STATUSES),
  /** the audience's size when the batch began */
  total: Type.Integer(),
  issued: Type.Integer(),
  skipped: Type.Integer(),
  /** why a stopped batch stopped */
  note: Nullable(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
  finishedAt: Nullable(Type.String({ format: 'date-time' })),
})
export type CouponIssueBatch = Static<typeof CouponIssueBatchSchema>

export const CouponIssueBatchPageSchema = PageSchema(CouponIssueBatchSchema)
export type CouponIssueBatchPage = Static<typeof CouponIssueBatchPageSchema>
export const CouponIssueBatchListQuerySchema = CursorQuerySchema
export const CouponIssueBatchIdParamsSchema = Type.Object({ batchId: IdSchema })

// ---- the claim centre (领券中心) ----

const claimableFields = {
  totalStock: Type.Integer({ minimum: 1, maximum: 10_000_000, description: 'coupons the claim centre gives in all' }),
  perCustomerLimit: Type.Integer({ minimum: 1, maximum: 100, description: 'coupons one customer may claim' }),
  startsAt: Instant,
  endsAt: Instant,
}

export const CreateCouponClaimableRequestSchema = Type.Object({ templateId: IdSchema, ...claimableFields }, { additionalProperties: false })
export type CreateCouponClaimableRequest = Static<typeof CreateCouponClaimableRequestSchema>

export const UpdateCouponClaimableRequestSchema = Type.Object(
  {
    totalStock: Type.Optional(claimableFields.totalStock),
    perCustomerLimit: Type.Optional(claimableFields.perCustomerLimit),
    startsAt: Type.Optional(claimableFields.startsAt),
    endsAt: Type.Optional(claimableFields.endsAt),
    active: Type.Optional(Type.Boolean({ description: 'off: hidden from the claim centre' })),
  },
  { additionalProperties: false },
)
export type UpdateCouponClaimableRequest = Static<typeof UpdateCouponClaimableRequestSchema>

export const CouponClaimableSchema = Type.Object({
  id: Type.Integer(),
  templateId: Type.Integer(),
  templateName: Type.String(),
  totalStock: Type.Integer(),
  claimed: Type.Integer(),
  perCustomerLimit: Type.Integer(),
  startsAt: Type.String({ format: 'date-time' }),
  endsAt: Type.String({ format: 'date-time' }),
  active: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
})
export type CouponClaimable = Static<typeof CouponClaimableSchema>
export const CouponClaimableListSchema = Type.Object({ items: Type.Array(CouponClaimableSchema) })
export type CouponClaimableList = Static<typeof CouponClaimableListSchema>
export const CouponClaimableIdParamsSchema = Type.Object({ claimableId: IdSchema })

export const CLAIM_STATES = ['upcoming', 'open', 'sold_out', 'ended'] as const
export type ClaimState = (typeof CLAIM_STATES)[number]

/** A claimable coupon as a customer sees it in the claim centre. */
export const ClaimCentreItemSchema = Type.Object({
  id: Type.Integer(),
  ...couponTerms,
  validDays: Type.Integer(),
  perCustomerLimit: Type.Integer(),
  claimedByMe: Type.Integer(),
  /** share of the stock already claimed, 0–100 */
  claimedPercent: Type.Integer(),
  state: Type.Enum(CLAIM_STATES),
  startsAt: Type.String({ format: 'date-time' }),
  endsAt: Type.String({ format: 'date-time' }),
})
export type ClaimCentreItem = Static<typeof ClaimCentreItemSchema>
export const ClaimCentreSchema = Type.Object({ items: Type.Array(ClaimCentreItemSchema) })
export type ClaimCentre = Static<typeof ClaimCentreSchema>

export const ClaimCouponResponseSchema = Type.Object({ coupon: CouponSchema, item: ClaimCentreItemSchema })
export type ClaimCouponResponse = Static<typeof ClaimCouponResponseSchema>

// ---- a coupon's redemption code and in-store redemption (核销) ----

/** Digits as the customer's screen shows them, spaces allowed between groups. */
export const RedemptionCodeSchema = Type.String({ minLength: 6, maxLength: 32, pattern: '^[0-9 ]+$' })

/** The customer's own coupon with the code a guide redeems it by. */
export const MyCouponDetailSchema = Type.Object({
  ...CouponSchema.properties,
  redemptionCode: Type.String(),
  /** the code as a QR image (data: URL) */
  redemptionQr: Type.String(),
})
export type MyCouponDetail = Static<typeof MyCouponDetailSchema>

export const RedemptionCodeQuerySchema = Type.Object({ redemptionCode: RedemptionCodeSchema }, { additionalProperties: false })
export type RedemptionCodeQuery = Static<typeof RedemptionCodeQuerySchema>

export const RedeemInStoreRequestSchema = Type.Object(
  {
    redemptionCode: RedemptionCodeSchema,
    store: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: 'the store it was used in' })),
  },
  { additionalProperties: false },
)
export type RedeemInStoreRequest = Static<typeof RedeemInStoreRequestSchema>

/** A coupon found by its code, with whose it is, as a guide checks it before redeeming. */
export const StoreCouponSchema = Type.Object({
  coupon: CouponSchema,
  customer: Type.Object({ id: Type.Integer(), name: Nullable(Type.String()), avatarUrl: Nullable(Type.String()) }),
  /** who redeemed it, where and when, once it has been */
  redemption: Nullable(
    Type.Object({ staffName: Type.String(), store: Nullable(Type.String()), redeemedAt: Type.String({ format: 'date-time' }) }),
  ),
})
export type StoreCoupon = Static<typeof StoreCouponSchema>

// ---- usage statistics per template ----

export const CouponTemplateStatsSchema = Type.Object({
  templateId: Type.Integer(),
  name: Type.String(),
  issued: Type.Object({
    total: Type.Integer(),
    audience: Type.Integer(),
    claim: Type.Integer(),
    admin: Type.Integer(),
    /** rules, prizes and the points mall */
    other: Type.Integer(),
  }),
  used: Type.Object({ total: Type.Integer(), checkout: Type.Integer(), store: Type.Integer(), other: Type.Integer() }),
  expired: Type.Integer(),
  /** used / issued, 0–1 */
  useRate: Type.Number(),
  /** paid amount of the orders that used it, refunded ones left out */
  gmvFen: Type.Integer(),
})
export type CouponTemplateStats = Static<typeof CouponTemplateStatsSchema>
export const CouponStatsListSchema = Type.Object({ items: Type.Array(CouponTemplateStatsSchema) })
export type CouponStatsList = Static<typeof CouponStatsListSchema>
