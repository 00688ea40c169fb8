import { Type, type Static } from 'typebox'
import { CalendarDate } from '../common/schema-parts'

const Day = CalendarDate('business day, YYYY-MM-DD')

export const DashboardQuerySchema = Type.Object({
  from: Day,
  to: Day,
})
export type DashboardQuery = Static<typeof DashboardQuerySchema>

export const DashboardDaySchema = Type.Object({
  date: Type.String(),
  /** guide relations started that day (WeCom adds) */
  added: Type.Integer(),
  /** relations the customer ended that day (they deleted the guide) */
  lost: Type.Integer(),
  net: Type.Integer(),
  /** first logins to the mini-program that day */
  miniProgramUsers: Type.Integer(),
  checkIns: Type.Integer(),
  draws: Type.Integer(),
  redemptions: Type.Integer(),
  /** orders paid that day and not refunded since, and what they were worth (GMV, fen) */
  paidOrders: Type.Integer(),
  gmvFen: Type.Integer(),
  /** commission earned by distributors that day and not reversed by a refund (fen) */
  commissionFen: Type.Integer(),
})

export const GuideStatsSchema = Type.Object({
  userId: Type.String(),
  name: Type.String(),
  /** customers the guide follows now */
  customers: Type.Integer(),
  added: Type.Integer(),
  lost: Type.Integer(),
  /** lost ÷ added in the range; null when nobody was added */
  churnRate: Type.Union([Type.Number(), Type.Null()]),
  notes: Type.Integer(),
  scriptsSent: Type.Integer(),
})
export type GuideStats = Static<typeof GuideStatsSchema>

export const DashboardSchema = Type.Object({
  from: Type.String(),
  to: Type.String(),
  totals: Type.Object({
    customers: Type.Integer(),
    added: Type.Integer(),
    lost: Type.Integer(),
    net: Type.Integer(),
    /** paid in the range and not refunded (fen) */
    gmvFen: Type.Integer(),
    paidOrders: Type.Integer(),
    /** groups closed in the range that succeeded, ÷ all closed; null when none closed */
    groupBuySuccessRate: Type.Union([Type.Number(), Type.Null()]),
  }),
  days: Type.Array(DashboardDaySchema),
  guides: Type.Array(GuideStatsSchema),
})
export type Dashboard = Static<typeof DashboardSchema>
