// Customer inheritance (在职继承 / 离职继承): an admin hands a guide's customers to another guide. WeCom
// takes the customer over 24 hours later unless they refuse; the rules below are WeCom's, checked
// before calling so refusals are explained up front.
import { Type, type Static } from 'typebox'
import { IdSchema } from '../common/idempotency'
import { Nullable } from '../common/nullable'
import { CursorQuerySchema, PageSchema } from '../common/pagination'

/** on_job: the guide still works here (transfer_customer); resigned: they left (resigned/transfer_customer). */
export const TRANSFER_KINDS = ['on_job', 'resigned'] as const
export type TransferKind = (typeof TRANSFER_KINDS)[number]

/**
 * waiting: WeCom accepted it and takes over within 24 hours; done; refused: the customer declined;
 * takeover_full: the takeover guide has as many customers as WeCom allows; no_record: WeCom knows no
 * such transfer; rejected: WeCom refused the request itself (errcode on the record).
 */
export const TRANSFER_STATUSES = ['waiting', 'done', 'refused', 'takeover_full', 'no_record', 'rejected'] as const
export type TransferStatus = (typeof TRANSFER_STATUSES)[number]

export const TRANSFER_STATUS_LABELS: Record<TransferStatus, string> = {
  waiting: '等待接替',
  done: '接替完毕',
  refused: '客户拒绝',
  takeover_full: '接替导购客户已满',
  no_record: '无接替记录',
  rejected: '企业微信未受理',
}

/** A group's hand-over is answered at once: done, or rejected with WeCom's errcode. */
export const GROUP_TRANSFER_STATUSES = ['done', 'rejected'] as const
export type GroupTransferStatus = (typeof GROUP_TRANSFER_STATUSES)[number]

/** Why a customer cannot be handed over now; each matches a WeCom errcode where WeCom has one. */
export const TRANSFER_BLOCKS = [
  'unknown_customer',
  'not_followed',
  'same_guide',
  'in_transfer',
  'too_frequent',
  'takeover_full',
  'not_unassigned',
  'wecom_refused',
] as const
export type TransferBlock = (typeof TRANSFER_BLOCKS)[number]

export const TRANSFER_BLOCK_LABELS: Record<TransferBlock, string> = {
  unknown_customer: '企业微信中没有这位客户',
  not_followed: '这位客户不是原导购的客户',
  same_guide: '原导购与接替导购是同一人',
  in_transfer: '这位客户正在转接中，请等待结果',
  too_frequent: '这位客户 90 天内已转接 2 次',
  takeover_full: '接替导购的客户数已达上限',
  not_unassigned: '这位客户不在待分配名单中',
  wecom_refused: '企业微信拒绝了这次转接',
}

/** WeCom's limits: customers per call, characters of the message to the customer, transfers per customer in 90 days. */
export const TRANSFER_BATCH_SIZE = 100
export const MAX_TRANSFER_MESSAGE_LENGTH = 200
export const ON_JOB_REPEAT_WINDOW_DAYS = 90
export const ON_JOB_REPEATS_IN_WINDOW = 2
/** How many customers one request may name; "all" covers more. */
export const MAX_PICKED_CUSTOMERS = 1000

const DateTime = Type.String({ format: 'date-time' })

export const TransferCustomerSchema = Type.Object({
  id: Type.Integer(),
  externalUserId: Nullable(Type.String()),
  name: Nullable(Type.String()),
  avatarUrl: Nullable(Type.String()),
})
export type TransferCustomer = Static<typeof TransferCustomerSchema>

export const TransferGuideSchema = Type.Object({ staffId: Type.Integer(), userId: Type.String(), name: Type.String() })
export type TransferGuide = Static<typeof TransferGuideSchema>

/** A customer who cannot be handed over, why in words, and from when an on-the-job transfer is allowed again. */
export const BlockedCustomerSchema = Type.Object({
  customer: TransferCustomerSchema,
  reason: Type.Enum(TRANSFER_BLOCKS),
  message: Type.String(),
  nextEligibleAt: Nullable(DateTime),
})
export type BlockedCustomer = Static<typeof BlockedCustomerSchema>

const Selection = {
  handoverStaffId: IdSchema,
  takeoverStaffId: IdSchema,
  customerIds: Type.Optional(Type.Array(IdSchema, { minItems: 1, maxItems: MAX_PICKED_CUSTOMERS, uniqueItems: true })),
  all: Type.Optional(Type.Boolean({ description: "every customer of the handover guide (the resigned guide's unassigned ones)" })),
}

export const OnJobTransferRequestSchema = Type.Object(
  {
    ...Selection,
    message: Type.Optional(
      Type.String({ maxLength: MAX_TRANSFER_MESSAGE_LENGTH, description: 'Shown to the customer; WeCom has a default text' }),
    ),
  },
  { additionalProperties: false },
)
export type OnJobTransferRequest = Static<typeof OnJobTransferRequestSchema>

export const ResignedTransferRequestSchema = Type.Object(Selection, { additionalProperties: false })
export type ResignedTransferRequest = Static<typeof ResignedTransferRequestSchema>

export const TransferPreviewSchema = Type.Object({
  eligible: Type.Array(TransferCustomerSchema),
  blocked: Type.Array(BlockedCustomerSchema),
})
export type TransferPreview = Static<typeof TransferPreviewSchema>

export const TransferStartedSchema = Type.Object({
  started: Type.Integer({ description: 'Customers WeCom accepted; each is taken over within 24 hours' }),
  blocked: Type.Array(BlockedCustomerSchema),
})
export type TransferStarted = Static<typeof TransferStartedSchema>

export const TransferRecordSchema = Type.Object({
  id: Type.Integer(),
  kind: Type.Enum(TRANSFER_KINDS),
  status: Type.Enum(TRANSFER_STATUSES),
  statusLabel: Type.String(),
  customer: TransferCustomerSchema,
  handover: TransferGuideSchema,
  takeover: TransferGuideSchema,
  errcode: Nullable(Type.Integer()),
  requestedAt: DateTime,
  takeoverAt: Nullable(DateTime),
  finishedAt: Nullable(DateTime),
})
export type TransferRecord = Static<typeof TransferRecordSchema>

export const TransferListQuerySchema = Type.Object(
  {
    kind: Type.Optional(Type.Enum(TRANSFER_KINDS)),
    status: Type.Optional(Type.Enum(TRANSFER_STATUSES)),
    ...CursorQuerySchema.properties,
  },
  { additionalProperties: false },
)
export type TransferListQuery = Static<typeof TransferListQuerySchema>

export const TransferPageSchema = PageSchema(TransferRecordSchema)
export type TransferPage = Static<typeof TransferPageSchema>

/** An active guide who can take customers over, with how many they follow now. */
export const TakeoverGuideSchema = Type.Object({
  staffId: Type.Integer(),
  userId: Type.String(),
  name: Type.String(),
  avatarUrl: Nullable(Type.String()),
  customers: Type.Integer(),
})
export const TakeoverGuideListSchema = Type.Object({ items: Type.Array(TakeoverGuideSchema) })
export type TakeoverGuideList = Static<typeof TakeoverGuideListSchema>

export const GuideParamsSchema = Type.Object({ staffId: IdSchema })

export const GuideCustomersQuerySchema = Type.Object(
  { q: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })), ...CursorQuerySchema.properties },
  { additionalProperties: false },
)
export type GuideCustomersQuery = Static<typeof GuideCustomersQuerySchema>

/** A guide's customer in the picker, with what stands in the way of handing them over (null: nothing). */
export const GuideCustomerSchema = Type.Object({
  customer: TransferCustomerSchema,
  /** For a resigned guide's customer: when WeCom put them on the unassigned list. */
  dimissionAt: Nullable(DateTime),
  block: Nullable(BlockedCustomerSchema),
})
export const GuideCustomerPageSchema = PageSchema(GuideCustomerSchema)
export type GuideCustomerPage = Static<typeof GuideCustomerPageSchema>

export const ResignedGuideSchema = Type.Object({
  staffId: Type.Integer(),
  userId: Type.String(),
  name: Type.String(),
  resignedAt: DateTime,
  unassignedCustomers: Type.Integer(),
  /** customer groups they still own */
  groups: Type.Integer(),
})
export const ResignedGuideListSchema = Type.Object({
  items: Type.Array(ResignedGuideSchema),
  syncedAt: Nullable(DateTime),
})
export type ResignedGuideList = Static<typeof ResignedGuideListSchema>

export const UnassignedSyncSchema = Type.Object({
  resignedGuides: Type.Integer(),
  unassignedCustomers: Type.Integer(),
})
export type UnassignedSync = Static<typeof UnassignedSyncSchema>

export const TransferRefreshSchema = Type.Object({
  waiting: Type.Integer({ description: 'Transfers still waiting for their takeover after the refresh' }),
})
export type TransferRefresh = Static<typeof TransferRefreshSchema>

// ---- Customer groups (客户群) handed to a new owner ----

/** WeCom's limits: groups per call, one owner's groups handed over per day. */
export const GROUP_TRANSFER_BATCH_SIZE = 100
export const GROUP_TRANSFERS_PER_DAY = 300

export const GROUP_TRANSFER_BLOCKS = ['not_owned', 'too_frequent', 'daily_limit', 'wecom_refused'] as const
export type GroupTransferBlock = (typeof GROUP_TRANSFER_BLOCKS)[number]

export const GROUP_TRANSFER_BLOCK_LABELS: Record<GroupTransferBlock, string> = {
  not_owned: '这个群的群主不是原导购',
  too_frequent: '这个群 90 天内已转交 2 次',
  daily_limit: `原导购今天已转出 ${GROUP_TRANSFERS_PER_DAY} 个群，明天再继续`,
  wecom_refused: '企业微信拒绝了这次转交',
}

export const TransferGroupSchema = Type.Object({
  id: Type.Integer(),
  chatId: Type.String(),
  name: Type.String(),
  memberCount: Type.Integer(),
})
export type TransferGroup = Static<typeof TransferGroupSchema>

export const BlockedGroupSchema = Type.Object({
  group: TransferGroupSchema,
  reason: Type.Enum(GROUP_TRANSFER_BLOCKS),
  message: Type.String(),
  nextEligibleAt: Nullable(DateTime),
})
export type BlockedGroup = Static<typeof BlockedGroupSchema>

/** A guide's groups, each with what stands in the way of handing it over now (null: nothing). */
export const GuideGroupListSchema = Type.Object({
  items: Type.Array(Type.Object({ group: TransferGroupSchema, block: Nullable(BlockedGroupSchema) })),
})
export type GuideGroupList = Static<typeof GuideGroupListSchema>

export const GroupTransferRequestSchema = Type.Object(
  {
    handoverStaffId: IdSchema,
    takeoverStaffId: IdSchema,
    groupIds: Type.Optional(Type.Array(IdSchema, { minItems: 1, maxItems: MAX_PICKED_CUSTOMERS, uniqueItems: true })),
    all: Type.Optional(Type.Boolean({ description: 'every group the handover guide owns' })),
  },
  { additionalProperties: false },
)
export type GroupTransferRequest = Static<typeof GroupTransferRequestSchema>

export const GroupTransferResultSchema = Type.Object({
  transferred: Type.Integer({ description: 'Groups WeCom handed to the new owner' }),
  blocked: Type.Array(BlockedGroupSchema),
})
export type GroupTransferResult = Static<typeof GroupTransferResultSchema>

export const GROUP_TRANSFER_STATUS_LABELS: Record<GroupTransferStatus, string> = { done: '已转交', rejected: '企业微信未受理' }

export const GroupTransferRecordSchema = Type.Object({
  id: Type.Integer(),
  kind: Type.Enum(TRANSFER_KINDS),
  status: Type.Enum(GROUP_TRANSFER_STATUSES),
  statusLabel: Type.String(),
  group: TransferGroupSchema,
  handover: TransferGuideSchema,
  takeover: TransferGuideSchema,
  errcode: Nullable(Type.Integer()),
  requestedAt: DateTime,
})
export type GroupTransferRecord = Static<typeof GroupTransferRecordSchema>

export const GroupTransferListQuerySchema = Type.Object(
  { kind: Type.Optional(Type.Enum(TRANSFER_KINDS)), ...CursorQuerySchema.properties },
  { additionalProperties: false },
)
export type GroupTransferListQuery = Static<typeof GroupTransferListQuerySchema>

export const GroupTransferPageSchema = PageSchema(GroupTransferRecordSchema)
export type GroupTransferPage = Static<typeof GroupTransferPageSchema>
