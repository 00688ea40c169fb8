import { Type, type Static } from 'typebox'
import { Nullable } from '../common/nullable'

/**
 * One channel's funnel for the customers it added in the range: each stage counts customers, once per
 * channel. A customer added less than 7 (30) days ago cannot have stayed that long yet: `eligible7`
 * (`eligible30`) says how many could, and is the rate's base.
 */
export const ChannelFunnelSchema = Type.Object({
  liveCodeId: Type.Integer(),
  name: Type.String(),
  added: Type.Integer(),
  eligible7: Type.Integer(),
  /** added at least 7 days ago and had not deleted the guide the code gave them 7 days after */
  stayed7: Type.Integer(),
  eligible30: Type.Integer(),
  stayed30: Type.Integer(),
  /** have logged in to the mini-program */
  usedMiniProgram: Type.Integer(),
  /** paid at least one order since the add that was not refunded */
  firstPurchase: Type.Integer(),
  /** paid two or more such orders */
  repeatPurchase: Type.Integer(),
  /** what those orders were worth (fen) */
  revenueFen: Type.Integer(),
})
export type ChannelFunnel = Static<typeof ChannelFunnelSchema>

/** Customers whose first add fell in a week of the range, and how many were still friends and active in each week after. */
export const CohortSchema = Type.Object({
  /** the week's first business day; weeks run from the range's start */
  week: Type.String(),
  customers: Type.Integer(),
  /** index k: still a friend of a guide at the end of week k after the cohort's and active in it; null for a week not begun */
  retained: Type.Array(Nullable(Type.Integer())),
})
export type Cohort = Static<typeof CohortSchema>

export const LevelCountSchema = Type.Object({ code: Type.String(), name: Type.String(), customers: Type.Integer() })
export type LevelCount = Static<typeof LevelCountSchema>

export const GrowthSchema = Type.Object({
  from: Type.String(),
  to: Type.String(),
  funnel: Type.Array(ChannelFunnelSchema),
  cohorts: Type.Array(CohortSchema),
  /** mini-program members by the level their growth reaches now */
  levels: Type.Array(LevelCountSchema),
})
export type Growth = Static<typeof GrowthSchema>

/** Weeks after the cohort's own that retention follows. */
export const COHORT_WEEKS = 8
