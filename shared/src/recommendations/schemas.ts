// Purchase recommendations in the customer 360 view, the product card a guide sends from it, and how
// often a sent recommendation was bought.
import { Type, type Static } from 'typebox'
import { IdSchema } from '../common/idempotency'
import { Nullable } from '../common/nullable'
import { CalendarDate } from '../common/schema-parts'
import { ChatMessageSchema } from '../scripts/schemas'
import { ExternalUserIdParamsSchema } from '../customers/schemas'

export const RECOMMENDATION_KINDS = ['repurchase', 'together'] as const
export type RecommendationKind = (typeof RECOMMENDATION_KINDS)[number]

export const RecommendationSchema = Type.Object({
  productId: Type.Integer(),
  productName: Type.String(),
  imageUrl: Nullable(Type.String()),
  priceFen: Type.Integer(),
  kind: Type.Enum(RECOMMENDATION_KINDS),
  /** What the guide reads: 「上次购买 45 天前，通常 40 天复购」. */
  reason: Type.String(),
  /** When a repurchase is due; none for a product bought together with theirs. */
  dueAt: Nullable(Type.String({ format: 'date-time' })),
})
export type Recommendation = Static<typeof RecommendationSchema>

export const RecommendationsSectionSchema = Type.Object({ items: Type.Array(RecommendationSchema) })
export type RecommendationsSection = Static<typeof RecommendationsSectionSchema>

export const RecommendationSendParamsSchema = Type.Object(
  { ...ExternalUserIdParamsSchema.properties, productId: IdSchema },
  { additionalProperties: false },
)

export const SendRecommendationRequestSchema = Type.Object(
  {
    /** The page's id for this send, so a retried request is recorded once. */
    requestId: Type.String({ minLength: 8, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }),
  },
  { additionalProperties: false },
)
export type SendRecommendationRequest = Static<typeof SendRecommendationRequestSchema>

export const SendRecommendationResponseSchema = Type.Object({ message: ChatMessageSchema })
export type SendRecommendationResponse = Static<typeof SendRecommendationResponseSchema>

export const RecommendationStatsQuerySchema = Type.Object(
  { from: Type.Optional(CalendarDate()), to: Type.Optional(CalendarDate()) },
  { additionalProperties: false },
)
export type RecommendationStatsQuery = Static<typeof RecommendationStatsQuerySchema>

/** Sends in the range per guide, and how many were followed by a purchase of the product. */
export const RecommendationStatsSchema = Type.Object({
  from: Type.String(),
  to: Type.String(),
  rows: Type.Array(Type.Object({ staff: Type.Object({ userId: Type.String(), name: Type.String() }), sends: Type.Integer(), hits: Type.Integer() })),
})
export type RecommendationStats = Static<typeof RecommendationStatsSchema>

/**
 * One customer's recommendations as the console's 360 view shows them: what is recommended now, and
 * how the cards guides sent from them went (a send is bought when the customer paid for the product
 * within the window after it).
 */
export const CustomerRecommendationsSchema = Type.Object({
  items: Type.Array(RecommendationSchema),
  sends: Type.Integer(),
  bought: Type.Integer(),
  /** the latest sends, newest first */
  recentSends: Type.Array(
    Type.Object({
      productId: Type.Integer(),
      productName: Type.String(),
      staff: Type.Object({ userId: Type.String(), name: Type.String() }),
      reason: Type.String(),
      sentAt: Type.String({ format: 'date-time' }),
      bought: Type.Boolean(),
    }),
  ),
})
export type CustomerRecommendations = Static<typeof CustomerRecommendationsSchema>
