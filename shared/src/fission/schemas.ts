import { Type, type Static } from 'typebox'
import { CursorQuerySchema, PageSchema } from '../common/pagination'
import { IdSchema } from '../common/idempotency'
import { Nullable } from '../common/nullable'
import { Instant } from '../common/schema-parts'

/** What a participant earns on reaching the goal, issued through the points ledger, a coupon, or the points mall (free). */
export const FISSION_REWARD_KINDS = ['points', 'coupon', 'mall_item'] as const
export type FissionRewardKind = (typeof FISSION_REWARD_KINDS)[number]

/**
 * What became of a friend's add through a participant's code: counted; withdrawn (the friend deleted
 * the guide while the activity ran); not_new (already a WeCom friend of the brand); duplicate (the
 * friend already counts for another inviter); self (the participant's own add); ended (outside the activity's time).
 */
export const FISSION_INVITE_STATUSES = ['counted', 'withdrawn', 'not_new', 'duplicate', 'self', 'ended'] as const
export type FissionInviteStatus = (typeof FISSION_INVITE_STATUSES)[number]

/** none: not reached yet; issued; revoked (taken back after a withdrawal, when the activity says so); failed (e.g. the gift ran out). */
export const FISSION_REWARD_STATES = ['none', 'issued', 'revoked', 'failed'] as const
export type FissionRewardState = (typeof FISSION_REWARD_STATES)[number]

export const FISSION_STATUSES = ['upcoming', 'running', 'ended'] as const
export type FissionStatus = (typeof FISSION_STATUSES)[number]

export const FissionRewardSchema = Type.Object(
  {
    kind: Type.Enum(FISSION_REWARD_KINDS),
    points: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, description: 'kind points: how many' })),
    couponTemplateId: Type.Optional(IdSchema),
    mallItemId: Type.Optional(IdSchema),
  },
  { additionalProperties: false },
)
export type FissionReward = Static<typeof FissionRewardSchema>

const fissionFields = {
  name: Type.String({ minLength: 1, maxLength: 40 }),
  liveCodeId: { ...IdSchema, description: 'The live code whose guide pool the friends add (its daily limits and turns apply)' },
  goal: Type.Integer({ minimum: 1, maximum: 100, description: 'New friends a participant invites to earn the reward' }),
  reward: FissionRewardSchema,
  revokeOnWithdraw: Type.Boolean({ description: 'Points only: take the reward back when a withdrawal drops the count below the goal' }),
  startsAt: Instant,
  endsAt: Instant,
  rules: Type.String({ maxLength: 2000, description: 'Shown to customers on the activity page' }),
  posterImageUrl: Nullable(Type.String({ format: 'uri', maxLength: 500, description: 'The poster’s picture above the QR code' })),
}

export const CreateFissionActivityRequestSchema = Type.Object(
  {
    ...fissionFields,
    revokeOnWithdraw: Type.Optional(fissionFields.revokeOnWithdraw),
    rules: Type.Optional(fissionFields.rules),
    posterImageUrl: Type.Optional(fissionFields.posterImageUrl),
  },
  { additionalProperties: false },
)
export type CreateFissionActivityRequest = Static<typeof CreateFissionActivityRequestSchema>

/** The guide pool stays: participants' codes were made from it. */
export const UpdateFissionActivityRequestSchema = Type.Partial(
  Type.Object({
    name: fissionFields.name,
    goal: fissionFields.goal,
    reward: fissionFields.reward,
    revokeOnWithdraw: fissionFields.revokeOnWithdraw,
    startsAt: fissionFields.startsAt,
    endsAt: fissionFields.endsAt,
    rules: fissionFields.rules,
    posterImageUrl: fissionFields.posterImageUrl,
  }),
  { minProperties: 1, additionalProperties: false },
)
export type UpdateFissionActivityRequest = Static<typeof UpdateFissionActivityRequestSchema>

export const FissionActivityIdParamsSchema = Type.Object({ id: IdSchema })
export const FissionParticipantParamsSchema = Type.Object({ id: IdSchema, participantId: IdSchema })

export const FissionRewardViewSchema = Type.Object({
  kind: Type.Enum(FISSION_REWARD_KINDS),
  points: Nullable(Type.Integer()),
  couponTemplateId: Nullable(Type.Integer()),
  mallItemId: Nullable(Type.Integer()),
  /** what the customer reads: 「200 积分」, the coupon's or the gift's name */
  title: Type.String(),
})
export type FissionRewardView = Static<typeof FissionRewardViewSchema>

export const FissionActivitySchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  liveCodeId: Type.Integer(),
  liveCodeName: Type.String(),
  goal: Type.Integer(),
  reward: FissionRewardViewSchema,
  revokeOnWithdraw: Type.Boolean(),
  startsAt: Type.String(),
  endsAt: Type.String(),
  rules: Type.String(),
  posterImageUrl: Nullable(Type.String()),
  status: Type.Enum(FISSION_STATUSES),
  participants: Type.Integer(),
  counted: Type.Integer(),
  rewarded: Type.Integer(),
  createdAt: Type.String(),
})
export type FissionActivity = Static<typeof FissionActivitySchema>

export const FissionActivityListSchema = Type.Object({ items: Type.Array(FissionActivitySchema) })
export type FissionActivityList = Static<typeof FissionActivityListSchema>

export const FissionParticipantSchema = Type.Object({
  id: Type.Integer(),
  customerId: Type.Integer(),
  customerName: Nullable(Type.String()),
  state: Type.String(),
  invited: Type.Integer({ description: 'Friends counting now' }),
  rewardState: Type.Enum(FISSION_REWARD_STATES),
  rewardedAt: Nullable(Type.String()),
  rewardError: Nullable(Type.String()),
  posterViews: Type.Integer(),
  joinedAt: Type.String(),
})
export type FissionParticipant = Static<typeof FissionParticipantSchema>
export const FissionParticipantPageSchema = PageSchema(FissionParticipantSchema)
export type FissionParticipantPage = Static<typeof FissionParticipantPageSchema>

export const FissionInviteListQuerySchema = Type.Object(
  { ...CursorQuerySchema.properties, status: Type.Optional(Type.Enum(FISSION_INVITE_STATUSES)) },
  { additionalProperties: false },
)
export type FissionInviteListQuery = Static<typeof FissionInviteListQuerySchema>

export const FissionInviteSchema = Type.Object({
  id: Type.Integer(),
  inviterName: Nullable(Type.String()),
  inviterCustomerId: Type.Integer(),
  friendName: Nullable(Type.String()),
  friendCustomerId: Type.Integer(),
  staffName: Type.String(),
  status: Type.Enum(FISSION_INVITE_STATUSES),
  addedAt: Type.String(),
  withdrawnAt: Nullable(Type.String()),
})
export type FissionInvite = Static<typeof FissionInviteSchema>
export const FissionInvitePageSchema = PageSchema(FissionInviteSchema)
export type FissionInvitePage = Static<typeof FissionInvitePageSchema>

/** Poster views → adds through the posters → counted invites → participants rewarded. */
export const FissionFunnelSchema = Type.Object({
  participants: Type.Integer(),
  posterViews: Type.Integer(),
  posterViewers: Type.Integer(),
  adds: Type.Integer(),
  counted: Type.Integer(),
  withdrawn: Type.Integer(),
  rewarded: Type.Integer(),
  byStatus: Type.Record(Type.String(), Type.Integer()),
})
export type FissionFunnel = Static<typeof FissionFunnelSchema>

// ---- the mini-program ----

export const MpFissionFriendSchema = Type.Object({
  name: Type.String({ description: 'The friend’s WeChat name, or 微信好友' }),
  avatarUrl: Nullable(Type.String()),
  status: Type.Enum(FISSION_INVITE_STATUSES),
  addedAt: Type.String(),
})

export const MpFissionProgressSchema = Type.Object({
  state: Type.String({ description: 'Names the participant on their poster and in shares' }),
  qrCodeUrl: Type.String(),
  invited: Type.Integer(),
  goal: Type.Integer(),
  rewardState: Type.Enum(FISSION_REWARD_STATES),
  rewardedAt: Nullable(Type.String()),
  friends: Type.Array(MpFissionFriendSchema, { description: 'Newest first, the last 50' }),
})
export type MpFissionProgress = Static<typeof MpFissionProgressSchema>

export const MpFissionActivitySchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  goal: Type.Integer(),
  reward: FissionRewardViewSchema,
  startsAt: Type.String(),
  endsAt: Type.String(),
  rules: Type.String(),
  posterImageUrl: Nullable(Type.String()),
  status: Type.Enum(FISSION_STATUSES),
  /** null until the customer joins */
  me: Nullable(MpFissionProgressSchema),
})
export type MpFissionActivity = Static<typeof MpFissionActivitySchema>
export const MpFissionActivityListSchema = Type.Object({ items: Type.Array(MpFissionActivitySchema) })
export type MpFissionActivityList = Static<typeof MpFissionActivityListSchema>

export const FissionPosterParamsSchema = Type.Object({
  posterCode: Type.String({ pattern: '^fi_[A-Za-z0-9_-]{1,27}$', maxLength: 30 }),
})

/** A shared poster as a friend sees it: whose it is and the code to scan. */
export const MpFissionPosterSchema = Type.Object({
  activityId: Type.Integer(),
  activityName: Type.String(),
  rules: Type.String(),
  posterImageUrl: Nullable(Type.String()),
  inviterName: Type.String(),
  qrCodeUrl: Type.String(),
  status: Type.Enum(FISSION_STATUSES),
  mine: Type.Boolean(),
})
export type MpFissionPoster = Static<typeof MpFissionPosterSchema>
