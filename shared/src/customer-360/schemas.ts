// The sidebar's customer 360 view. Sections owned by other domains (membership, check-in, orders,
// coupons, draws, group-buys, distribution) are each optional: absent while that domain is not part
// of the server, null when it has nothing on this customer.
import { Type, type Static } from 'typebox'
import { Nullable } from '../common/nullable'
import { CalendarDate } from '../common/schema-parts'
import { CursorQuerySchema, PageSchema } from '../common/pagination'
import { GENDERS, LIFECYCLE_STAGES, TIMELINE_EVENT_TYPES } from '../common/values'
import { CustomerGroupsSectionSchema } from '../customer-groups/schemas'
import { MAINLAND_MOBILE_PATTERN } from '../customers/phone'
import { FollowRelationSchema } from '../customers/schemas'
import { FollowUpPageSchema, FollowUpSchema } from '../follow-ups/schemas'
import { RfmSectionSchema } from '../rfm/schemas'
import { RecommendationsSectionSchema } from '../recommendations/schemas'
import { TagSchema } from '../tags/schemas'

const DateTime = Type.String({ format: 'date-time' })
const Fen = Type.Integer({ description: 'Money in fen' })

export const Customer360ProfileSchema = Type.Object({
  id: Type.Integer(),
  externalUserId: Nullable(Type.String()),
  name: Nullable(Type.String()),
  avatarUrl: Nullable(Type.String()),
  /** The brand's remark for this customer, shared by its guides. */
  remark: Nullable(Type.String()),
  gender: Type.Enum(GENDERS),
  city: Nullable(Type.String()),
  /** Stored encrypted; guides only ever see it masked (138****5678). */
  phoneMasked: Nullable(Type.String()),
  birthday: Nullable(CalendarDate()),
  corpName: Nullable(Type.String()),
  isMiniProgramUser: Type.Boolean(),
  isWecomContact: Type.Boolean(),
  mpRegisteredAt: Nullable(DateTime),
  createdAt: DateTime,
})
export type Customer360Profile = Static<typeof Customer360ProfileSchema>

export const UpdateCustomerProfileRequestSchema = Type.Object(
  {
    remark: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 40 }))),
    city: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 30 }))),
    birthday: Type.Optional(Nullable(CalendarDate())),
    phone: Type.Optional(Nullable(Type.String({ pattern: MAINLAND_MOBILE_PATTERN, maxLength: 11 }))),
  },
  { minProperties: 1, additionalProperties: false },
)
export type UpdateCustomerProfileRequest = Static<typeof UpdateCustomerProfileRequestSchema>

// ---- Timeline ----

export const TimelineItemSchema = Type.Object({
  id: Type.Integer(),
  type: Type.Enum(TIMELINE_EVENT_TYPES),
  occurredAt: DateTime,
  staffName: Nullable(Type.String()),
  data: Nullable(Type.Record(Type.String(), Type.Unknown())),
})
export type TimelineItem = Static<typeof TimelineItemSchema>

export const TimelinePageSchema = PageSchema(TimelineItemSchema)
export type TimelinePage = Static<typeof TimelinePageSchema>

export const TimelineQuerySchema = CursorQuerySchema
export type TimelineQuery = Static<typeof TimelineQuerySchema>

// ---- Sections other domains fill ----

export const MembershipSectionSchema = Type.Object({
  level: Type.Object({ code: Type.String(), name: Type.String() }),
  points: Type.Object({ balance: Type.Integer() }),
  growth: Type.Object({ value: Type.Integer({ description: 'Points ever earned' }), nextLevelAt: Nullable(Type.Integer()) }),
})
export type MembershipSection = Static<typeof MembershipSectionSchema>

export const CheckInSectionSchema = Type.Object({
  /** Consecutive business days ending today (or yesterday, when today is still open). */
  streak: Type.Integer(),
  lastCheckInDate: Nullable(CalendarDate()),
  totalDays: Type.Integer(),
})
export type CheckInSection = Static<typeof CheckInSectionSchema>

export const PurchaseSuggestionSchema = Type.Object({
  productId: Type.Integer(),
  productName: Type.String(),
  lastPurchasedAt: DateTime,
  averageIntervalDays: Type.Integer(),
  dueAt: DateTime,
  overdue: Type.Boolean(),
})
export type PurchaseSuggestion = Static<typeof PurchaseSuggestionSchema>

export const OrdersSectionSchema = Type.Object({
  /** Paid orders (paid or completed, refunds excluded). */
  count: Type.Integer(),
  totalSpendFen: Fen,
  averageOrderValueFen: Fen,
  lastPurchasedAt: Nullable(DateTime),
  favouriteProducts: Type.Array(Type.Object({ productId: Type.Integer(), name: Type.String(), quantity: Type.Integer() })),
  recent: Type.Array(
    Type.Object({ id: Type.Integer(), title: Type.String(), status: Type.String(), amountFen: Fen, createdAt: DateTime }),
  ),
  /** From repeat-purchase history (`suggestRepurchase`). */
  purchaseSuggestion: Nullable(PurchaseSuggestionSchema),
})
export type OrdersSection = Static<typeof OrdersSectionSchema>

export const CouponsSectionSchema = Type.Object({
  expiringSoon: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), expiresAt: DateTime })),
})
export type CouponsSection = Static<typeof CouponsSectionSchema>

export const DrawsSectionSchema = Type.Object({
  total: Type.Integer(),
  recentPrizes: Type.Array(Type.Object({ prizeName: Type.String(), prizeType: Type.String(), drawnAt: DateTime })),
})
export type DrawsSection = Static<typeof DrawsSectionSchema>

export const GroupBuysSectionSchema = Type.Object({
  joined: Type.Integer(),
  succeeded: Type.Integer(),
  recent: Type.Array(
    Type.Object({ groupId: Type.Integer(), productName: Type.String(), status: Type.String(), joinedAt: DateTime }),
  ),
})
export type GroupBuysSection = Static<typeof GroupBuysSectionSchema>

export const DistributorSectionSchema = Type.Object({
  /** Their own distributor status ('none' when they never applied). */
  status: Type.String(),
  code: Nullable(Type.String()),
  /** The distributor this customer is bound to, if any. */
  boundTo: Nullable(Type.Object({ customerId: Type.Integer(), name: Nullable(Type.String()) })),
})
export type DistributorSection = Static<typeof DistributorSectionSchema>

export const Customer360SectionsSchema = Type.Object({
  membership: Type.Optional(Nullable(MembershipSectionSchema)),
  checkIn: Type.Optional(Nullable(CheckInSectionSchema)),
  orders: Type.Optional(Nullable(OrdersSectionSchema)),
  coupons: Type.Optional(Nullable(CouponsSectionSchema)),
  draws: Type.Optional(Nullable(DrawsSectionSchema)),
  groupBuys: Type.Optional(Nullable(GroupBuysSectionSchema)),
  distributor: Type.Optional(Nullable(DistributorSectionSchema)),
  groups: Type.Optional(Nullable(CustomerGroupsSectionSchema)),
  rfm: Type.Optional(Nullable(RfmSectionSchema)),
  recommendations: Type.Optional(Nullable(RecommendationsSectionSchema)),
})
export type Customer360Sections = Static<typeof Customer360SectionsSchema>
export type Customer360SectionKey = keyof Customer360Sections

// ---- The view ----

export const Customer360Schema = Type.Object({
  profile: Customer360ProfileSchema,
  /** In the order groups and tags were created; each carries its group. */
  tags: Type.Array(TagSchema),
  lifecycle: Type.Object({ stage: Type.Enum(LIFECYCLE_STAGES) }),
  followers: Type.Array(FollowRelationSchema),
  /** Every guide's notes, newest first (first page; more from …/follow-ups). */
  followUps: FollowUpPageSchema,
  /** The viewing guide's open reminders on this customer, soonest first. */
  myReminders: Type.Array(FollowUpSchema),
  /** Everything that happened, newest first (first page; more from …/timeline). */
  timeline: TimelinePageSchema,
  sections: Customer360SectionsSchema,
  /**
   * Set when a department leader opens a customer of their team rather than their own: the team member who follows
   * them. The view is then read-only. Absent or null otherwise.
   */
  teamMember: Type.Optional(Nullable(Type.Object({ userId: Type.String(), name: Type.String() }))),
})
export type Customer360 = Static<typeof Customer360Schema>
