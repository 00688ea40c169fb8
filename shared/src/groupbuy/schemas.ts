import { Type, type Static } from 'typebox'
import { IdSchema } from '../common/idempotency'
import { PageSchema } from '../common/pagination'
import { Fen, Instant } from '../common/schema-parts'
import { Nullable } from '../common/nullable'
import { OrderSchema } from '../orders/schemas'

/** pending: the leader has not paid yet; open: joinable until the deadline; then succeeded or failed. */
export const GROUP_STATUSES = ['pending', 'open', 'succeeded', 'failed', 'cancelled'] as const
export type GroupStatus = (typeof GROUP_STATUSES)[number]

/** holding: a seat kept for an unpaid order; released: the hold lapsed or the order was cancelled. */
export const GROUP_MEMBER_STATUSES = ['holding', 'paid', 'released', 'refunded'] as const
export type GroupMemberStatus = (typeof GROUP_MEMBER_STATUSES)[number]

export const CreateGroupbuyRequestSchema = Type.Object(
  {
    productId: IdSchema,
    groupSize: Type.Integer({ minimum: 2, maximum: 10 }),
    priceFen: Fen({ minimum: 1, description: "the group price: at most the product's own price" }),
    durationMinutes: Type.Integer({ minimum: 5, maximum: 10_080, description: 'from the leader paying to the deadline' }),
    stock: Type.Integer({ minimum: 0, maximum: 10_000_000, description: 'units sold through this campaign' }),
    perUserLimit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, description: 'group orders per customer' })),
    startsAt: Type.Optional(Instant),
    endsAt: Type.Optional(Instant),
  },
  { additionalProperties: false },
)
export type CreateGroupbuyRequest = Static<typeof CreateGroupbuyRequestSchema>

export const UpdateGroupbuyRequestSchema = Type.Object(
  {
    /** while no group has started: members of one group all pay the same */
    priceFen: Type.Optional(Fen({ minimum: 1, description: "the group price: at most the product's own price" })),
    stock: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000_000 })),
    endsAt: Type.Optional(Nullable(Instant)),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
)
export type UpdateGroupbuyRequest = Static<typeof UpdateGroupbuyRequestSchema>

export const GroupbuyCampaignSchema = Type.Object({
  id: Type.Integer(),
  productId: Type.Integer(),
  productName: Type.String(),
  productImageUrl: Nullable(Type.String()),
  originalPriceFen: Type.Integer(),
  groupSize: Type.Integer(),
  priceFen: Type.Integer(),
  durationMinutes: Type.Integer(),
  stock: Type.Integer(),
  perUserLimit: Type.Integer(),
  startsAt: Nullable(Instant),
  endsAt: Nullable(Instant),
  active: Type.Boolean(),
  createdAt: Instant,
})
export type GroupbuyCampaign = Static<typeof GroupbuyCampaignSchema>

export const GroupbuyCampaignListSchema = Type.Object({ items: Type.Array(GroupbuyCampaignSchema) })
export type GroupbuyCampaignList = Static<typeof GroupbuyCampaignListSchema>

/** A campaign as the console lists it, with how its groups have turned out so far. */
export const AdminGroupbuyCampaignSchema = Type.Object({
  ...GroupbuyCampaignSchema.properties,
  groups: Type.Object({
    /** the leader paid; waiting for members until the deadline */
    open: Type.Integer(),
    succeeded: Type.Integer(),
    failed: Type.Integer(),
  }),
})
export type AdminGroupbuyCampaign = Static<typeof AdminGroupbuyCampaignSchema>

export const AdminGroupbuyCampaignListSchema = Type.Object({ items: Type.Array(AdminGroupbuyCampaignSchema) })
export type AdminGroupbuyCampaignList = Static<typeof AdminGroupbuyCampaignListSchema>

export const GroupMemberSchema = Type.Object({
  name: Nullable(Type.String()),
  avatarUrl: Nullable(Type.String()),
  isLeader: Type.Boolean(),
  isMe: Type.Boolean(),
  status: Type.Enum(GROUP_MEMBER_STATUSES),
  joinedAt: Instant,
})
export type GroupMember = Static<typeof GroupMemberSchema>

export const GroupViewSchema = Type.Object({
  id: Type.Integer(),
  campaignId: Type.Integer(),
  productName: Type.String(),
  productImageUrl: Nullable(Type.String()),
  priceFen: Type.Integer(),
  originalPriceFen: Type.Integer(),
  groupSize: Type.Integer(),
  status: Type.Enum(GROUP_STATUSES),
  paidCount: Type.Integer(),
  /** seats neither paid for nor held by an unpaid order */
  seatsLeft: Type.Integer(),
  deadline: Nullable(Instant),
  members: Type.Array(GroupMemberSchema),
  /** my order in this group, if I am in it */
  myOrderId: Nullable(Type.Integer()),
  createdAt: Instant,
})
export type GroupView = Static<typeof GroupViewSchema>

export const GroupOrderResponseSchema = Type.Object({ group: GroupViewSchema, order: OrderSchema })
export type GroupOrderResponse = Static<typeof GroupOrderResponseSchema>

export const GroupbuyDetailSchema = Type.Object({
  campaign: GroupbuyCampaignSchema,
  /** groups waiting for members, soonest deadline first */
  openGroups: Type.Array(GroupViewSchema),
})
export type GroupbuyDetail = Static<typeof GroupbuyDetailSchema>

export const GroupViewPageSchema = PageSchema(GroupViewSchema)
export type GroupViewPage = Static<typeof GroupViewPageSchema>

export const CampaignIdParamsSchema = Type.Object({ campaignId: IdSchema })
export const GroupIdParamsSchema = Type.Object({ groupId: IdSchema })
