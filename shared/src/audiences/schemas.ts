import { Type, type Static } from 'typebox'
import { IdSchema } from '../common/idempotency'
import { INT_MAX, Instant } from '../common/schema-parts'
import { CustomerSummarySchema } from '../customers/schemas'
import { LEVEL_CODES } from '../customers/levels'
import { RFM_SEGMENTS } from '../rfm/rules'

const TagIdList = Type.Array(IdSchema, { maxItems: 50, uniqueItems: true })
const SpendFen = Type.Integer({ minimum: 0, maximum: INT_MAX })

/**
 * Who a campaign, broadcast or list is for. Every field narrows the audience (AND); an empty filter
 * is everyone. Evaluated by one server function, whatever uses it.
 */
export const AudienceFilterSchema = Type.Object(
  {
    nameContains: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    tags: Type.Optional(
      Type.Object(
        {
          allOf: Type.Optional(TagIdList),
          anyOf: Type.Optional(TagIdList),
          noneOf: Type.Optional(TagIdList),
        },
        { additionalProperties: false },
      ),
    ),
    /** live-code states the customer first came through */
    channels: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 30 }), { maxItems: 50, uniqueItems: true })),
    /** followed right now by any of these guides */
    staffUserIds: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 100, uniqueItems: true })),
    addedFrom: Type.Optional({ ...Instant, description: 'became a customer at or after' }),
    addedBefore: Type.Optional({ ...Instant, description: 'became a customer before' }),
    /** true: no guide follows them any more and one was deleted by them; false: the opposite */
    lost: Type.Optional(Type.Boolean()),
    isMiniProgramUser: Type.Optional(Type.Boolean()),
    /** membership level now, by growth value and the levels as configured */
    levels: Type.Optional(Type.Array(Type.Enum(LEVEL_CODES), { minItems: 1, maxItems: LEVEL_CODES.length, uniqueItems: true })),
    /** last purchase (a paid order, not refunded) at or after; customers who never bought are out */
    lastPurchaseFrom: Type.Optional({ ...Instant, description: 'last purchase at or after' }),
    /** last purchase before: bought, but not since */
    lastPurchaseBefore: Type.Optional({ ...Instant, description: 'bought, and not since' }),
    /** total of paid, unrefunded orders in fen, both bounds included; never bought counts as 0 */
    totalSpendFen: Type.Optional(
      Type.Object(
        { min: Type.Optional(SpendFen), max: Type.Optional(SpendFen) },
        { additionalProperties: false },
      ),
    ),
    /** RFM segment as of the last computation (daily, and on each of their paid orders or refunds); never-bought customers have none */
    rfmSegments: Type.Optional(Type.Array(Type.Enum(RFM_SEGMENTS), { minItems: 1, maxItems: RFM_SEGMENTS.length, uniqueItems: true })),
  },
  { additionalProperties: false },
)
export type AudienceFilter = Static<typeof AudienceFilterSchema>

export const AudienceCountRequestSchema = Type.Object({ filter: AudienceFilterSchema }, { additionalProperties: false })
export type AudienceCountRequest = Static<typeof AudienceCountRequestSchema>

export const AudienceCountResponseSchema = Type.Object({ count: Type.Integer() })
export type AudienceCountResponse = Static<typeof AudienceCountResponseSchema>

export const AudienceListRequestSchema = Type.Object(
  {
    filter: AudienceFilterSchema,
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  },
  { additionalProperties: false },
)
export type AudienceListRequest = Static<typeof AudienceListRequestSchema>

/** A customer in an audience list: the summary, with their RFM segment (null: never bought, 未消费). */
export const AudienceCustomerSchema = Type.Object({
  ...CustomerSummarySchema.properties,
  rfmSegment: Type.Union([Type.Enum(RFM_SEGMENTS), Type.Null()]),
})
export type AudienceCustomer = Static<typeof AudienceCustomerSchema>

export const AudiencePageSchema = Type.Object({
  items: Type.Array(AudienceCustomerSchema),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
})
export type AudiencePage = Static<typeof AudiencePageSchema>

/** Live-code states customers have come through, with how many customers each brought. */
export const ChannelListSchema = Type.Object({
  channels: Type.Array(Type.Object({ state: Type.String(), customers: Type.Integer() })),
})
export type ChannelList = Static<typeof ChannelListSchema>
