import { Type, type Static } from 'typebox'
import { IdSchema } from '../common/idempotency'
import { PageSchema } from '../common/pagination'
import { Instant } from '../common/schema-parts'
import { Nullable } from '../common/nullable'
import { LEVEL_CODES } from '../customers/levels'
import { ShippingAddressSchema } from '../mall/schemas'

export const LOTTERY_PRIZE_TYPES = ['points', 'coupon', 'physical', 'thanks'] as const
export type LotteryPrizeType = (typeof LOTTERY_PRIZE_TYPES)[number]

/** none: nothing to claim; unclaimed: a physical prize waiting for an address. */
export const PRIZE_CLAIM_STATUSES = ['none', 'unclaimed', 'claimed'] as const
export type PrizeClaimStatus = (typeof PRIZE_CLAIM_STATUSES)[number]

export const LOTTERY_STATUSES = ['upcoming', 'active', 'ended', 'inactive'] as const
export type LotteryStatus = (typeof LOTTERY_STATUSES)[number]

export const LotteryAudienceSchema = Type.Object(
  {
    /** only these levels may draw; empty or absent for everyone */
    levels: Type.Optional(Type.Array(Type.Enum(LEVEL_CODES), { maxItems: 5, uniqueItems: true })),
    /** only customers carrying one of these tags may draw */
    tagIds: Type.Optional(Type.Array(IdSchema, { maxItems: 20, uniqueItems: true })),
  },
  { additionalProperties: false },
)
export type LotteryAudience = Static<typeof LotteryAudienceSchema>

export const CreateLotteryPrizeSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 30 }),
    type: Type.Enum(LOTTERY_PRIZE_TYPES),
    weight: Type.Integer({ minimum: 0, maximum: 1_000_000, description: 'relative chance' }),
    stock: Type.Integer({ minimum: 0, maximum: 10_000_000 }),
    points: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, description: 'points prizes: how many' })),
    couponTemplateId: Type.Optional(IdSchema),
  },
  { additionalProperties: false },
)
export type CreateLotteryPrize = Static<typeof CreateLotteryPrizeSchema>

export const CreateLotteryRequestSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 40 }),
    startsAt: Instant,
    endsAt: Instant,
    costPoints: Type.Integer({ minimum: 0, maximum: 1_000_000, description: 'points per draw once the free draws are used' }),
    freeDrawsPerDay: Type.Integer({ minimum: 0, maximum: 100 }),
    maxDrawsPerUser: Type.Integer({ minimum: 1, maximum: 100_000, description: 'total draws per customer' }),
    audience: Type.Optional(LotteryAudienceSchema),
    /** at least one prize that can be won (not "thanks", with weight and stock), or every draw is a certain loss */
    prizes: Type.Array(CreateLotteryPrizeSchema, { minItems: 1, maxItems: 12 }),
  },
  { additionalProperties: false },
)
export type CreateLotteryRequest = Static<typeof CreateLotteryRequestSchema>

/**
 * Once a lottery exists customers have drawn on its terms: only the name, the end, the switch and the prizes'
 * odds change (each draw reads the odds of its moment; what was won stays won).
 */
export const UpdateLotteryRequestSchema = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    endsAt: Type.Optional(Instant),
    active: Type.Optional(Type.Boolean()),
    prizes: Type.Optional(
      Type.Array(Type.Object({ id: IdSchema, weight: CreateLotteryPrizeSchema.properties.weight }, { additionalProperties: false }), {
        minItems: 1,
        maxItems: 12,
      }),
    ),
  },
  { additionalProperties: false },
)
export type UpdateLotteryRequest = Static<typeof UpdateLotteryRequestSchema>

export const AdminLotteryPrizeSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  type: Type.Enum(LOTTERY_PRIZE_TYPES),
  weight: Type.Integer(),
  stock: Type.Integer(),
  points: Nullable(Type.Integer()),
  couponTemplateId: Nullable(Type.Integer()),
})

export const AdminLotterySchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  startsAt: Instant,
  endsAt: Instant,
  costPoints: Type.Integer(),
  freeDrawsPerDay: Type.Integer(),
  maxDrawsPerUser: Type.Integer(),
  audience: LotteryAudienceSchema,
  active: Type.Boolean(),
  prizes: Type.Array(AdminLotteryPrizeSchema),
  createdAt: Instant,
})
export type AdminLottery = Static<typeof AdminLotterySchema>

export const AdminLotteryListSchema = Type.Object({ items: Type.Array(AdminLotterySchema) })

export const LotteryIdParamsSchema = Type.Object({ id: IdSchema })

/** A prize as consumers see it: no weights, no stock numbers. */
export const LotteryPrizeSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  type: Type.Enum(LOTTERY_PRIZE_TYPES),
  points: Nullable(Type.Integer()),
})
export type LotteryPrize = Static<typeof LotteryPrizeSchema>

export const LotteryViewSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  startsAt: Instant,
  endsAt: Instant,
  status: Type.Enum(LOTTERY_STATUSES),
  costPoints: Type.Integer(),
  freeDrawsPerDay: Type.Integer(),
  maxDrawsPerUser: Type.Integer(),
  prizes: Type.Array(LotteryPrizeSchema),
  mine: Type.Object({
    drawsToday: Type.Integer(),
    freeDrawsLeftToday: Type.Integer(),
    /** draws left within the per-customer total */
    drawsLeft: Type.Integer(),
    /** null when the customer may draw; otherwise why not, in zh-CN */
    ineligibleReason: Nullable(Type.String()),
    balance: Type.Integer(),
  }),
})
export type LotteryView = Static<typeof LotteryViewSchema>

export const LotteryListSchema = Type.Object({ items: Type.Array(LotteryViewSchema) })
export type LotteryList = Static<typeof LotteryListSchema>

export const DrawPrizeSchema = Type.Object({ id: Type.Integer(), name: Type.String(), type: Type.Enum(LOTTERY_PRIZE_TYPES) })

export const DrawResponseSchema = Type.Object({
  draw: Type.Object({
    id: Type.Integer(),
    /** what the wheel stops on; null only when the lottery has no "thanks" cell for a miss */
    prize: Nullable(DrawPrizeSchema),
    free: Type.Boolean(),
    costPoints: Type.Integer(),
    claimStatus: Type.Enum(PRIZE_CLAIM_STATUSES),
    createdAt: Instant,
  }),
  balance: Type.Integer(),
})
export type DrawResponse = Static<typeof DrawResponseSchema>

export const MyPrizeSchema = Type.Object({
  drawId: Type.Integer(),
  lotteryId: Type.Integer(),
  lotteryName: Type.String(),
  prize: DrawPrizeSchema,
  points: Nullable(Type.Integer()),
  couponId: Nullable(Type.Integer()),
  claimStatus: Type.Enum(PRIZE_CLAIM_STATUSES),
  address: Nullable(ShippingAddressSchema),
  createdAt: Instant,
})
export type MyPrize = Static<typeof MyPrizeSchema>

export const MyPrizePageSchema = PageSchema(Type.Object({ id: Type.Integer(), ...MyPrizeSchema.properties }))
export type MyPrizePage = Static<typeof MyPrizePageSchema>

export const DrawIdParamsSchema = Type.Object({ drawId: IdSchema })

export const ClaimPrizeRequestSchema = Type.Object({ address: ShippingAddressSchema }, { additionalProperties: false })
export type ClaimPrizeRequest = Static<typeof ClaimPrizeRequestSchema>

export const LotteryStatsSchema = Type.Object({
  lotteryId: Type.Integer(),
  draws: Type.Integer(),
  participants: Type.Integer(),
  pointsSpent: Type.Integer(),
  prizes: Type.Array(
    Type.Object({
      id: Type.Integer(),
      name: Type.String(),
      type: Type.Enum(LOTTERY_PRIZE_TYPES),
      won: Type.Integer(),
      stockLeft: Type.Integer(),
      claimed: Type.Integer(),
    }),
  ),
})
export type LotteryStats = Static<typeof LotteryStatsSchema>
