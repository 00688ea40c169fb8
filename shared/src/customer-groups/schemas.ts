// Customer groups (客户群): the mirrored groups and members, group live codes (加入群聊) and group
// welcome templates, for the console, the sidebar's group mode and the 360 view.
import { Type, type Static } from 'typebox'
import { IdSchema } from '../common/idempotency'
import { Nullable } from '../common/nullable'
import { CursorQuerySchema, PageSchema } from '../common/pagination'
import { CalendarDate } from '../common/schema-parts'
import { STAFF_USER_ID_PATTERN } from '../live-codes/schemas'
import { TagSchema } from '../tags/schemas'
import { WelcomeAttachmentSchema } from '../welcome-messages/schemas'

/** A group member is a corp member (staff) or an external contact, who may be one of our customers. */
export const GROUP_MEMBER_KINDS = ['staff', 'external'] as const
export type GroupMemberKind = (typeof GROUP_MEMBER_KINDS)[number]
export const GROUP_MEMBER_EVENT_KINDS = ['join', 'leave'] as const
export type GroupMemberEventKind = (typeof GROUP_MEMBER_EVENT_KINDS)[number]
export const GROUP_CHAT_STATES = ['active', 'dismissed'] as const

/** `%NICKNAME%` in a group welcome is replaced by the joiner's WeChat nickname (case-sensitive). */
export const GROUP_WELCOME_NICKNAME = '%NICKNAME%'
export const MAX_GROUP_WELCOME_TEMPLATES = 100
export const MAX_GROUP_LIVE_CODE_GROUPS = 5

/** How people came in: WeCom's join_scene 1 invited, 2 invitation link, 3 QR code. */
export const GROUP_JOIN_SCENE_LABELS: Record<number, string> = { 1: '成员邀请', 2: '邀请链接', 3: '扫码入群' }

const BusinessDate = CalendarDate('YYYY-MM-DD in the brand time zone')
const StaffUserId = Type.String({ pattern: STAFF_USER_ID_PATTERN, maxLength: 64 })
const DateTime = Type.String({ format: 'date-time' })
const StaffRef = Type.Object({ userId: Type.String(), name: Type.String() })

export const DayRangeQuerySchema = Type.Object(
  { from: Type.Optional(BusinessDate), to: Type.Optional(BusinessDate) },
  { additionalProperties: false },
)
export type DayRangeQuery = Static<typeof DayRangeQuerySchema>

export const GroupChatListQuerySchema = Type.Object(
  {
    ...CursorQuerySchema.properties,
    ownerUserId: Type.Optional(StaffUserId),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'Part of the group name' })),
    state: Type.Optional(Type.Enum(GROUP_CHAT_STATES, { default: 'active' })),
    /** The range joins and leaves are counted over; the last 7 business days by default. */
    from: Type.Optional(BusinessDate),
    to: Type.Optional(BusinessDate),
  },
  { additionalProperties: false },
)
export type GroupChatListQuery = Static<typeof GroupChatListQuerySchema>

export const GroupChatSummarySchema = Type.Object({
  id: Type.Integer(),
  chatId: Type.String(),
  name: Type.String(),
  owner: StaffRef,
  memberCount: Type.Integer(),
  customerCount: Type.Integer({ description: 'Members who are our customers' }),
  joins: Type.Integer({ description: 'Joins in the range' }),
  leaves: Type.Integer({ description: 'Leaves in the range' }),
  wecomStatus: Type.Integer({ description: '0 normal, 1 owner resigned, 2 being inherited, 3 inherited' }),
  openedAt: DateTime,
  dismissedAt: Nullable(DateTime),
})
export type GroupChatSummary = Static<typeof GroupChatSummarySchema>
export const GroupChatPageSchema = PageSchema(GroupChatSummarySchema)
export type GroupChatPage = Static<typeof GroupChatPageSchema>

export const GroupChatIdParamsSchema = Type.Object({ id: IdSchema }, { additionalProperties: false })

export const GroupChatDetailSchema = Type.Object({
  ...GroupChatSummarySchema.properties,
  notice: Type.String(),
  syncedAt: DateTime,
  byDay: Type.Array(Type.Object({ date: Type.String(), joins: Type.Integer(), leaves: Type.Integer() })),
})
export type GroupChatDetail = Static<typeof GroupChatDetailSchema>

export const GroupChatMemberListQuerySchema = Type.Object(
  {
    ...CursorQuerySchema.properties,
    kind: Type.Optional(Type.Enum(GROUP_MEMBER_KINDS)),
    /** Members who left are listed too when true. */
    includeLeft: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
)
export type GroupChatMemberListQuery = Static<typeof GroupChatMemberListQuerySchema>

export const GroupChatMemberSchema = Type.Object({
  id: Type.Integer(),
  memberId: Type.String(),
  kind: Type.Enum(GROUP_MEMBER_KINDS),
  name: Type.String(),
  groupNickname: Type.String(),
  customer: Nullable(Type.Object({ id: Type.Integer(), name: Nullable(Type.String()) })),
  joinScene: Type.Integer(),
  invitorUserId: Nullable(Type.String()),
  liveCode: Nullable(Type.Object({ id: Type.Integer(), name: Type.String() })),
  joinedAt: DateTime,
  leftAt: Nullable(DateTime),
})
export type GroupChatMember = Static<typeof GroupChatMemberSchema>
export const GroupChatMemberPageSchema = PageSchema(GroupChatMemberSchema)
export type GroupChatMemberPage = Static<typeof GroupChatMemberPageSchema>

export const GroupSyncResultSchema = Type.Object({
  groups: Type.Integer({ description: 'Groups read from WeCom' }),
  dismissed: Type.Integer({ description: 'Groups we held that WeCom no longer lists' }),
})
export type GroupSyncResult = Static<typeof GroupSyncResultSchema>

/** groupchat/statistic's rules: whole days from yesterday back 180 days, at most 30 in one request. */
export const WECOM_GROUP_STATS_MAX_DAYS = 30
export const WECOM_GROUP_STATS_HISTORY_DAYS = 180

export const WecomGroupStatsQuerySchema = Type.Object(
  {
    /** The last 7 days up to yesterday by default. */
    from: Type.Optional(BusinessDate),
    to: Type.Optional(BusinessDate),
    ownerUserId: Type.Optional(StaffUserId),
  },
  { additionalProperties: false },
)
export type WecomGroupStatsQuery = Static<typeof WecomGroupStatsQuerySchema>

/** WeCom's own daily figures for the owners' groups (messages included, which callbacks never carry). */
export const WecomGroupStatsSchema = Type.Object({
  from: Type.String(),
  to: Type.String(),
  items: Type.Array(
    Type.Object({
      date: Type.String(),
      newChats: Type.Integer(),
      chatTotal: Type.Integer(),
      chatsWithMessages: Type.Integer(),
      newMembers: Type.Integer(),
      memberTotal: Type.Integer(),
      membersWithMessages: Type.Integer(),
      messages: Type.Integer(),
    }),
  ),
})
export type WecomGroupStats = Static<typeof WecomGroupStatsSchema>

// ---- Group live codes ----

const groupLiveCodeFields = {
  name: Type.String({ minLength: 1, maxLength: 30, description: 'Also the WeCom remark (≤ 30 characters)' }),
  groupIds: Type.Array(IdSchema, { minItems: 1, maxItems: MAX_GROUP_LIVE_CODE_GROUPS, uniqueItems: true, description: 'Our group ids, 1–5' }),
  autoCreateRoom: Type.Boolean({ description: 'Open a new group when every group is full' }),
  roomBaseName: Type.String({ maxLength: 40, description: 'New groups are named this plus a number' }),
  roomBaseId: Type.Integer({ minimum: 1, maximum: 100000, description: 'The number of the next new group' }),
}

export const CreateGroupLiveCodeRequestSchema = Type.Object(
  {
    name: groupLiveCodeFields.name,
    groupIds: groupLiveCodeFields.groupIds,
    autoCreateRoom: Type.Optional(groupLiveCodeFields.autoCreateRoom),
    roomBaseName: Type.Optional(groupLiveCodeFields.roomBaseName),
    roomBaseId: Type.Optional(groupLiveCodeFields.roomBaseId),
  },
  { additionalProperties: false },
)
export type CreateGroupLiveCodeRequest = Static<typeof CreateGroupLiveCodeRequestSchema>

export const UpdateGroupLiveCodeRequestSchema = Type.Partial(Type.Object(groupLiveCodeFields), {
  minProperties: 1,
  additionalProperties: false,
})
export type UpdateGroupLiveCodeRequest = Static<typeof UpdateGroupLiveCodeRequestSchema>

export const GroupLiveCodeIdParamsSchema = Type.Object({ id: IdSchema }, { additionalProperties: false })

export const GroupLiveCodeSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  state: Type.String({ description: 'Carried by every member the code brings in' }),
  qrCodeUrl: Nullable(Type.String()),
  autoCreateRoom: Type.Boolean(),
  roomBaseName: Type.String(),
  roomBaseId: Type.Integer(),
  groups: Type.Array(Type.Object({ id: Nullable(Type.Integer()), chatId: Type.String(), name: Type.String(), memberCount: Type.Integer() })),
  joins: Type.Integer({ description: 'People who joined a group through this code' }),
  createdAt: DateTime,
})
export type GroupLiveCode = Static<typeof GroupLiveCodeSchema>
export const GroupLiveCodeListSchema = Type.Object({ items: Type.Array(GroupLiveCodeSchema) })
export type GroupLiveCodeList = Static<typeof GroupLiveCodeListSchema>

export const GroupLiveCodeStatsSchema = Type.Object({
  liveCodeId: Type.Integer(),
  joins: Type.Integer(),
  leaves: Type.Integer({ description: 'Of those who joined through the code, how many left since' }),
  byDay: Type.Array(Type.Object({ date: Type.String(), joins: Type.Integer() })),
  byGroup: Type.Array(Type.Object({ chatId: Type.String(), name: Type.String(), joins: Type.Integer() })),
})
export type GroupLiveCodeStats = Static<typeof GroupLiveCodeStatsSchema>

// ---- Group welcome templates ----

const groupWelcomeFields = {
  name: Type.String({ minLength: 1, maxLength: 50, description: 'Ours only, to find it in the list' }),
  text: Type.String({ maxLength: 4000, description: `${GROUP_WELCOME_NICKNAME} becomes the joiner's nickname` }),
  attachment: Nullable(WelcomeAttachmentSchema),
  notify: Type.Boolean({ description: 'Tell group owners to apply the template' }),
}

export const CreateGroupWelcomeTemplateRequestSchema = Type.Object(
  {
    name: groupWelcomeFields.name,
    text: groupWelcomeFields.text,
    attachment: Type.Optional(groupWelcomeFields.attachment),
    notify: Type.Optional(groupWelcomeFields.notify),
  },
  { additionalProperties: false },
)
export type CreateGroupWelcomeTemplateRequest = Static<typeof CreateGroupWelcomeTemplateRequestSchema>

export const UpdateGroupWelcomeTemplateRequestSchema = Type.Partial(Type.Object(groupWelcomeFields), {
  minProperties: 1,
  additionalProperties: false,
})
export type UpdateGroupWelcomeTemplateRequest = Static<typeof UpdateGroupWelcomeTemplateRequestSchema>

export const GroupWelcomeTemplateIdParamsSchema = Type.Object({ id: IdSchema }, { additionalProperties: false })

export const GroupWelcomeTemplateSchema = Type.Object({
  id: Type.Integer(),
  templateId: Type.String(),
  name: Type.String(),
  text: Type.String(),
  attachment: Nullable(WelcomeAttachmentSchema),
  notify: Type.Boolean(),
  createdAt: DateTime,
  updatedAt: DateTime,
})
export type GroupWelcomeTemplate = Static<typeof GroupWelcomeTemplateSchema>
export const GroupWelcomeTemplateListSchema = Type.Object({ items: Type.Array(GroupWelcomeTemplateSchema), limit: Type.Integer() })
export type GroupWelcomeTemplateList = Static<typeof GroupWelcomeTemplateListSchema>

/** The text a joiner would see: %NICKNAME% replaced, as WeCom does. */
export function renderGroupWelcome(text: string, nickname: string): string {
  return text.replaceAll(GROUP_WELCOME_NICKNAME, nickname)
}

// ---- The 360 view and the sidebar ----

export const CustomerGroupsSectionSchema = Type.Object({
  items: Type.Array(
    Type.Object({
      groupChatId: Type.Integer(),
      chatId: Type.String(),
      name: Type.String(),
      ownerName: Type.String(),
      memberCount: Type.Integer(),
      joinedAt: DateTime,
      leftAt: Nullable(DateTime),
    }),
  ),
})
export type CustomerGroupsSection = Static<typeof CustomerGroupsSectionSchema>

export const SidebarGroupChatParamsSchema = Type.Object(
  { chatId: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }) },
  { additionalProperties: false },
)

export const SidebarGroupScriptSendRequestSchema = Type.Object({ scriptId: IdSchema }, { additionalProperties: false })
export type SidebarGroupScriptSendRequest = Static<typeof SidebarGroupScriptSendRequestSchema>

export const SidebarGroupChatSchema = Type.Object({
  group: Type.Object({
    id: Type.Integer(),
    chatId: Type.String(),
    name: Type.String(),
    notice: Type.String(),
    owner: StaffRef,
    memberCount: Type.Integer(),
    customerCount: Type.Integer(),
    openedAt: DateTime,
  }),
  /** Members who are our customers, newest in the group first. */
  customers: Type.Array(
    Type.Object({
      customerId: Type.Integer(),
      name: Nullable(Type.String()),
      avatarUrl: Nullable(Type.String()),
      level: Nullable(Type.Object({ code: Type.String(), name: Type.String() })),
      tags: Type.Array(TagSchema),
      joinedAt: DateTime,
    }),
  ),
})
export type SidebarGroupChat = Static<typeof SidebarGroupChatSchema>
