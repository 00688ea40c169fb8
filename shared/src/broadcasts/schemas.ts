// Customer broadcasts (客户群发 / 客户群群发) for the console: compose, preview the audience, track per staff
// member and per recipient, remind and cancel; and the receive rule the product counts.
import { Type, type Static } from 'typebox'
import { LibraryFileAttachmentSchema } from '../materials/files'
import { AudienceFilterSchema } from '../audiences/schemas'
import { IdSchema } from '../common/idempotency'
import { Nullable } from '../common/nullable'
import { CursorQuerySchema, PageSchema } from '../common/pagination'
import { Instant } from '../common/schema-parts'
import { STAFF_USER_ID_PATTERN } from '../live-codes/schemas'
import {
  BROADCAST_CHAT_TYPES,
  BROADCAST_QUOTA_RULES,
  BROADCAST_RECIPIENT_STATUSES,
  BROADCAST_STATUSES,
  BROADCAST_TASK_STATUSES,
  MAX_BROADCAST_ATTACHMENTS,
  MAX_BROADCAST_GROUPS_PER_CALL,
} from './rules'

const Url = Type.String({ minLength: 1, maxLength: 2048, pattern: '^https?://' })
const StaffUserId = Type.String({ pattern: STAFF_USER_ID_PATTERN, maxLength: 64 })
const StaffRef = Type.Object({ userId: Type.String(), name: Type.String() })

/**
 * Images go by URL: the server uploads them to WeCom (media/upload) when the broadcast is sent, as a media id
 * lives three days. WeCom's limits are in bytes; the schema bounds characters, broadcastContentProblem bytes.
 */
export const BroadcastAttachmentSchema = Type.Union([
  Type.Object({ type: Type.Literal('image'), picUrl: Url }, { additionalProperties: false }),
  Type.Object(
    {
      type: Type.Literal('link'),
      title: Type.String({ minLength: 1, maxLength: 128 }),
      url: Url,
      desc: Type.Optional(Type.String({ maxLength: 512 })),
      picUrl: Type.Optional(Url),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      type: Type.Literal('miniprogram'),
      title: Type.String({ minLength: 1, maxLength: 64 }),
      appid: Type.String({ minLength: 1, maxLength: 64, pattern: '^wx[0-9a-f]{16}$' }),
      page: Type.String({ minLength: 1, maxLength: 512 }),
      picUrl: { ...Url, description: 'Card cover (520×416 suggested), uploaded to WeCom at send time' },
    },
    { additionalProperties: false },
  ),
  LibraryFileAttachmentSchema,
])
export type BroadcastAttachment = Static<typeof BroadcastAttachmentSchema>

/** Who receives it: customers by the audience filter (single), or customer groups by id or by owner (group). */
const audienceFields = {
  chatType: Type.Enum(BROADCAST_CHAT_TYPES, { description: 'single: customers; group: customer groups' }),
  filter: Type.Optional({ ...AudienceFilterSchema, description: 'single: the customers; empty is everyone' }),
  groupChatIds: Type.Optional(Type.Array(IdSchema, { maxItems: MAX_BROADCAST_GROUPS_PER_CALL, uniqueItems: true, description: 'group: these groups' })),
  ownerUserIds: Type.Optional(Type.Array(StaffUserId, { maxItems: 100, uniqueItems: true, description: 'group: every group of these owners' })),
}

export const BroadcastPreviewRequestSchema = Type.Object(audienceFields, { additionalProperties: false })
export type BroadcastPreviewRequest = Static<typeof BroadcastPreviewRequestSchema>

export const BroadcastPreviewSchema = Type.Object({
  total: Type.Integer({ description: 'Customers (or groups) the audience holds' }),
  reachable: Type.Integer({ description: 'Of them, those a guide still follows (or a group with an owner): who gets a task' }),
  overQuota: Type.Integer({ description: 'Of the reachable, those already at the receive rule this period: WeCom would refuse them' }),
  senders: Type.Integer({ description: 'Staff members who will have to confirm' }),
  quotaRule: Type.Enum(BROADCAST_QUOTA_RULES),
})
export type BroadcastPreview = Static<typeof BroadcastPreviewSchema>

export const CreateBroadcastRequestSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 50 }),
    ...audienceFields,
    text: Type.String({ maxLength: 4000 }),
    attachments: Type.Array(BroadcastAttachmentSchema, { maxItems: MAX_BROADCAST_ATTACHMENTS }),
    sendAt: Type.Optional({ ...Instant, description: 'Send at this time; now when absent' }),
  },
  { additionalProperties: false },
)
export type CreateBroadcastRequest = Static<typeof CreateBroadcastRequestSchema>

export const BroadcastIdParamsSchema = Type.Object({ id: IdSchema })

export const BroadcastCountsSchema = Type.Object({
  recipients: Type.Integer(),
  pending: Type.Integer(),
  sent: Type.Integer(),
  notFriend: Type.Integer(),
  overQuota: Type.Integer(),
  failed: Type.Integer(),
  staff: Type.Integer({ description: 'Staff members with a task' }),
  staffConfirmed: Type.Integer(),
})
export type BroadcastCounts = Static<typeof BroadcastCountsSchema>

export const BroadcastSummarySchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  chatType: Type.Enum(BROADCAST_CHAT_TYPES),
  status: Type.Enum(BROADCAST_STATUSES),
  text: Type.String(),
  attachmentCount: Type.Integer(),
  sendAt: Instant,
  createdAt: Instant,
  syncedAt: Nullable(Instant),
  failure: Nullable(Type.String({ description: 'Why nothing could be sent' })),
  counts: BroadcastCountsSchema,
})
export type BroadcastSummary = Static<typeof BroadcastSummarySchema>

export const BroadcastListQuerySchema = Type.Object(
  { ...CursorQuerySchema.properties, status: Type.Optional(Type.Enum(BROADCAST_STATUSES)) },
  { additionalProperties: false },
)
export type BroadcastListQuery = Static<typeof BroadcastListQuerySchema>
export const BroadcastPageSchema = PageSchema(BroadcastSummarySchema)
export type BroadcastPage = Static<typeof BroadcastPageSchema>

export const BroadcastTaskSchema = Type.Object({
  id: Type.Integer(),
  staff: StaffRef,
  status: Type.Enum(BROADCAST_TASK_STATUSES),
  msgid: Nullable(Type.String()),
  errcode: Nullable(Type.Integer({ description: "WeCom's errcode when it refused the call" })),
  confirmedAt: Nullable(Instant),
  recipients: Type.Integer(),
  sent: Type.Integer(),
  notFriend: Type.Integer(),
  overQuota: Type.Integer(),
  failed: Type.Integer(),
})
export type BroadcastTask = Static<typeof BroadcastTaskSchema>

export const BroadcastDetailSchema = Type.Object({
  ...BroadcastSummarySchema.properties,
  attachments: Type.Array(BroadcastAttachmentSchema),
  audience: Type.Object({
    filter: Nullable(AudienceFilterSchema),
    groupChatIds: Nullable(Type.Array(Type.Integer())),
    ownerUserIds: Nullable(Type.Array(Type.String())),
  }),
  tasks: Type.Array(BroadcastTaskSchema),
  reminders: Type.Object({
    left: Type.Integer({ description: 'Reminders still allowed in the last 24 hours' }),
    nextAt: Nullable({ ...Instant, description: 'When one comes free again, if none is left' }),
  }),
})
export type BroadcastDetail = Static<typeof BroadcastDetailSchema>

export const BroadcastRecipientQuerySchema = Type.Object(
  {
    ...CursorQuerySchema.properties,
    status: Type.Optional(Type.Enum(BROADCAST_RECIPIENT_STATUSES)),
    staffUserId: Type.Optional(StaffUserId),
  },
  { additionalProperties: false },
)
export type BroadcastRecipientQuery = Static<typeof BroadcastRecipientQuerySchema>

export const BroadcastRecipientSchema = Type.Object({
  id: Type.Integer(),
  /** The customer (single) or the group (group). */
  customer: Nullable(Type.Object({ id: Type.Integer(), name: Nullable(Type.String()) })),
  group: Nullable(Type.Object({ id: Type.Integer(), name: Type.String() })),
  staff: StaffRef,
  status: Type.Enum(BROADCAST_RECIPIENT_STATUSES),
  sentAt: Nullable(Instant),
})
export type BroadcastRecipient = Static<typeof BroadcastRecipientSchema>
export const BroadcastRecipientPageSchema = PageSchema(BroadcastRecipientSchema)
export type BroadcastRecipientPage = Static<typeof BroadcastRecipientPageSchema>

export const BroadcastSettingsSchema = Type.Object(
  { quotaRule: Type.Enum(BROADCAST_QUOTA_RULES, { description: 'As set in 群发助手 → 设置群发规则' }) },
  { additionalProperties: false },
)
export type BroadcastSettings = Static<typeof BroadcastSettingsSchema>
