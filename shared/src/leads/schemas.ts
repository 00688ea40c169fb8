// The lead centre (线索): leads the server finds every day on its clock, each for the customer's guide,
// worked from the sidebar's to-do list and counted as converted when the customer pays within the
// rule's window. The console configures the rules and reads leads and conversion per guide.
import { Type, type Static } from 'typebox'
import { IdSchema } from '../common/idempotency'
import { Nullable } from '../common/nullable'
import { CursorQuerySchema, PageSchema } from '../common/pagination'
import { CalendarDate } from '../common/schema-parts'
import { STAFF_USER_ID_PATTERN } from '../live-codes/schemas'

export const LEAD_KINDS = ['coupon_expiring', 'repurchase_due', 'birthday', 'silent', 'guide_deleted'] as const
export type LeadKind = (typeof LEAD_KINDS)[number]

export const LEAD_KIND_LABELS: Record<LeadKind, string> = {
  coupon_expiring: '优惠券即将到期',
  repurchase_due: '复购提醒',
  birthday: '生日关怀',
  silent: '沉默客户',
  guide_deleted: '删除召回',
}

/** What each rule's N days means, as the console's form names it. */
export const LEAD_RULE_DAYS_LABELS: Record<LeadKind, string> = {
  coupon_expiring: '到期前几天',
  repurchase_due: '距上次购买几天（品类无复购周期时）',
  birthday: '生日前几天',
  silent: '无互动几天',
  guide_deleted: '删除后几天内',
}

export const LEAD_STATUSES = ['new', 'contacted', 'converted', 'closed'] as const
export type LeadStatus = (typeof LEAD_STATUSES)[number]
export const LEAD_STATUS_LABELS: Record<LeadStatus, string> = { new: '待跟进', contacted: '已联系', converted: '已转化', closed: '已关闭' }
/** A lead still on the guide's list. */
export const OPEN_LEAD_STATUSES = ['new', 'contacted'] as const satisfies readonly LeadStatus[]
/** What a guide can move a lead to. */
export const LEAD_STATUS_MOVES = ['contacted', 'converted', 'closed'] as const satisfies readonly LeadStatus[]

export const LEAD_RULE_LIMITS = { days: { min: 1, max: 365 }, conversionDays: { min: 1, max: 90 } } as const

/** A rule as a new brand has it, until an admin saves their own. */
export const LEAD_RULE_DEFAULTS: Record<LeadKind, { enabled: boolean; days: number; conversionDays: number }> = {
  coupon_expiring: { enabled: true, days: 3, conversionDays: 7 },
  repurchase_due: { enabled: true, days: 30, conversionDays: 14 },
  birthday: { enabled: true, days: 3, conversionDays: 14 },
  silent: { enabled: true, days: 30, conversionDays: 14 },
  guide_deleted: { enabled: true, days: 3, conversionDays: 30 },
}

const Days = Type.Integer({ minimum: LEAD_RULE_LIMITS.days.min, maximum: LEAD_RULE_LIMITS.days.max })
const ConversionDays = Type.Integer({ minimum: LEAD_RULE_LIMITS.conversionDays.min, maximum: LEAD_RULE_LIMITS.conversionDays.max })
const DateTime = Type.String({ format: 'date-time' })

export const LeadRuleSchema = Type.Object({
  kind: Type.Enum(LEAD_KINDS),
  enabled: Type.Boolean(),
  days: Days,
  /** A paid order within this many days of the lead converts it. */
  conversionDays: ConversionDays,
  /** The library script the guide sends by one tap; its title for the console. */
  script: Nullable(Type.Object({ id: Type.Integer(), title: Type.String(), content: Type.String() })),
})
export type LeadRule = Static<typeof LeadRuleSchema>

export const LeadRuleListSchema = Type.Object({ items: Type.Array(LeadRuleSchema) })
export type LeadRuleList = Static<typeof LeadRuleListSchema>

export const LeadRuleInputSchema = Type.Object(
  { enabled: Type.Boolean(), days: Days, conversionDays: ConversionDays, scriptId: Nullable(IdSchema) },
  { additionalProperties: false },
)
export type LeadRuleInput = Static<typeof LeadRuleInputSchema>

export const LeadKindParamsSchema = Type.Object({ kind: Type.Enum(LEAD_KINDS) }, { additionalProperties: false })
export const LeadParamsSchema = Type.Object({ leadId: IdSchema }, { additionalProperties: false })

export const LeadSchema = Type.Object({
  id: Type.Integer(),
  kind: Type.Enum(LEAD_KINDS),
  status: Type.Enum(LEAD_STATUSES),
  /** Why, in a line: 「优惠券「满100减20」3 天后到期」. */
  detail: Type.String(),
  dueAt: DateTime,
  createdAt: DateTime,
  /** A paid order until then converts the lead. */
  windowEndsAt: DateTime,
  convertedOrderId: Nullable(Type.Integer()),
  customer: Type.Object({ id: Type.Integer(), externalUserId: Nullable(Type.String()), name: Nullable(Type.String()), avatarUrl: Nullable(Type.String()) }),
  staff: Type.Object({ userId: Type.String(), name: Type.String() }),
  /** The last move of its status: when, and by whom (null: by the server, on a purchase or a hand-over). */
  lastChange: Nullable(Type.Object({ at: DateTime, by: Nullable(Type.String()) })),
})
export type Lead = Static<typeof LeadSchema>

export const LeadPageSchema = PageSchema(LeadSchema)
export type LeadPage = Static<typeof LeadPageSchema>

export const LeadListQuerySchema = Type.Object(
  {
    ...CursorQuerySchema.properties,
    staffUserId: Type.Optional(Type.String({ pattern: STAFF_USER_ID_PATTERN, maxLength: 64 })),
    kind: Type.Optional(Type.Enum(LEAD_KINDS)),
    status: Type.Optional(Type.Enum(LEAD_STATUSES)),
  },
  { additionalProperties: false },
)
export type LeadListQuery = Static<typeof LeadListQuerySchema>

export const LeadStatusRequestSchema = Type.Object({ status: Type.Enum(LEAD_STATUS_MOVES) }, { additionalProperties: false })
export type LeadStatusRequest = Static<typeof LeadStatusRequestSchema>

export const LeadStatsQuerySchema = Type.Object(
  { from: Type.Optional(CalendarDate()), to: Type.Optional(CalendarDate()) },
  { additionalProperties: false },
)
export type LeadStatsQuery = Static<typeof LeadStatsQuerySchema>

/** Leads created in the range, per guide and kind: how many were contacted and how many bought in their window. */
export const LeadStatsSchema = Type.Object({
  from: Type.String(),
  to: Type.String(),
  rows: Type.Array(
    Type.Object({
      staff: Type.Object({ userId: Type.String(), name: Type.String() }),
      kind: Type.Enum(LEAD_KINDS),
      leads: Type.Integer(),
      contacted: Type.Integer(),
      converted: Type.Integer(),
    }),
  ),
})
export type LeadStats = Static<typeof LeadStatsSchema>
