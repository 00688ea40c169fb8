import { Type, type Static } from 'typebox'
import { Nullable } from '../common/nullable'
import { CalendarDate, Fen, Instant } from '../common/schema-parts'
import { RFM_MONETARY_MODES, RFM_SEGMENTS, type RfmThresholds } from './rules'

const Segment = Type.Enum(RFM_SEGMENTS)
/** A segment, or null for a customer with no paid, unrefunded order (未消费). */
const SegmentOrNone = Nullable(Segment)

/** The brand's RFM thresholds. */
export const RfmSettingsSchema = Type.Object(
  {
    windowDays: Type.Integer({ minimum: 7, maximum: 1095, description: 'F and M count paid orders of the last this many days' }),
    recencyDays: Type.Integer({ minimum: 1, maximum: 1095, description: 'R is high when the last purchase is at most this many days ago' }),
    frequencyOrders: Type.Integer({ minimum: 1, maximum: 1000, description: 'F is high at this many orders in the window or more' }),
    monetaryFen: Fen({ minimum: 1, description: 'M is high at this many fen or more' }),
    monetaryMode: Type.Enum(RFM_MONETARY_MODES, { description: 'M is the total spent in the window, or the average per order' }),
  },
  { additionalProperties: false },
)
export type RfmSettings = Static<typeof RfmSettingsSchema>

export const DEFAULT_RFM_SETTINGS: RfmSettings = {
  windowDays: 365,
  recencyDays: 90,
  frequencyOrders: 2,
  monetaryFen: 50_000,
  monetaryMode: 'total',
} satisfies RfmThresholds

/** Thresholds at the medians of the brand's buyers, with those medians; null thresholds while nobody has bought. */
export const RfmSuggestionSchema = Type.Object({
  windowDays: Type.Integer(),
  monetaryMode: Type.Enum(RFM_MONETARY_MODES),
  buyers: Type.Integer({ description: 'customers with a paid, unrefunded order, whose medians these are' }),
  medians: Nullable(Type.Object({ recencyDays: Type.Number(), orders: Type.Number(), monetaryFen: Type.Number() })),
  suggested: Nullable(
    Type.Object({ recencyDays: Type.Integer(), frequencyOrders: Type.Integer(), monetaryFen: Type.Integer() }),
  ),
})
export type RfmSuggestion = Static<typeof RfmSuggestionSchema>

export const RfmSuggestionQuerySchema = Type.Object(
  {
    windowDays: Type.Optional(Type.Integer({ minimum: 7, maximum: 1095 })),
    monetaryMode: Type.Optional(Type.Enum(RFM_MONETARY_MODES)),
  },
  { additionalProperties: false },
)
export type RfmSuggestionQuery = Static<typeof RfmSuggestionQuerySchema>

export const RfmSummaryQuerySchema = Type.Object({ from: CalendarDate(), to: CalendarDate() }, { additionalProperties: false })
export type RfmSummaryQuery = Static<typeof RfmSummaryQuerySchema>

export const RfmSegmentCountSchema = Type.Object({ segment: SegmentOrNone, customers: Type.Integer() })

export const RfmMoveSchema = Type.Object({ from: SegmentOrNone, to: SegmentOrNone, customers: Type.Integer() })
export type RfmMove = Static<typeof RfmMoveSchema>

/** One daily run: each segment's size that day, and who moved since the run before. */
export const RfmDaySchema = Type.Object({
  date: CalendarDate(),
  sizes: Type.Array(RfmSegmentCountSchema),
  moves: Type.Array(RfmMoveSchema),
})
export type RfmDay = Static<typeof RfmDaySchema>

export const RfmSummarySchema = Type.Object({
  /** segments as they stand now (after today's orders and refunds), every segment listed, and 未消费 as null */
  current: Type.Array(RfmSegmentCountSchema),
  /** the daily runs in the range, oldest first; a day the server did not run is missing */
  days: Type.Array(RfmDaySchema),
  lastComputedAt: Nullable(Instant),
})
export type RfmSummary = Static<typeof RfmSummarySchema>

export const RfmRecomputeResultSchema = Type.Object({
  date: CalendarDate(),
  /** customers with a segment after the run */
  segmented: Type.Integer(),
  durationMs: Type.Integer(),
})
export type RfmRecomputeResult = Static<typeof RfmRecomputeResultSchema>

/** The 360 view's RFM section: the figures behind the segment, as of the last computation. */
export const RfmSectionSchema = Type.Object({
  segment: SegmentOrNone,
  lastPurchasedAt: Nullable(Instant),
  /** whole days since the last purchase, counted now (the scores are as of the last computation) */
  recencyDays: Nullable(Type.Integer()),
  orders: Type.Integer({ description: 'paid orders in the window' }),
  monetaryFen: Type.Integer({ description: 'the total or the average, per monetaryMode' }),
  scores: Nullable(Type.Object({ recency: Type.Boolean(), frequency: Type.Boolean(), monetary: Type.Boolean() })),
  windowDays: Type.Integer(),
  monetaryMode: Type.Enum(RFM_MONETARY_MODES),
  /** when the segment or its figures last changed */
  computedAt: Nullable(Instant),
})
export type RfmSection = Static<typeof RfmSectionSchema>
