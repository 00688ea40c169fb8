// Customer moments (客户朋友圈): the console's moment tasks, each member's post of it and what customers
// did with the posts. WeCom's limits are in rules.ts, which the console's form and the server share.
import { Type, type Static } from 'typebox'
import { IdSchema } from '../common/idempotency'
import { Nullable } from '../common/nullable'
import { CursorQuerySchema, PageSchema } from '../common/pagination'
import { MAX_MOMENT_IMAGES, MAX_MOMENT_SENDERS, MAX_MOMENT_TEXT, MAX_MOMENT_LINK_TITLE_BYTES } from './rules'

export const MOMENT_TASK_STATUSES = ['creating', 'created', 'failed', 'cancelled'] as const
export type MomentTaskStatus = (typeof MOMENT_TASK_STATUSES)[number]

export const MOMENT_ATTACHMENT_KINDS = ['none', 'image', 'video', 'link'] as const
export type MomentAttachmentKind = (typeof MOMENT_ATTACHMENT_KINDS)[number]

export const MOMENT_INTERACTION_KINDS = ['comment', 'like'] as const
export type MomentInteractionKind = (typeof MOMENT_INTERACTION_KINDS)[number]

const HttpUrl = Type.String({ minLength: 10, maxLength: 1024, pattern: '^https?://[^\\s]+$' })
const UserId = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.@-]+$' })

/** What a moment says and shows: words, and either images, or a video, or a link (rules.ts checks which). */
export const MomentContentSchema = Type.Object(
  {
    text: Type.Optional(Type.String({ maxLength: MAX_MOMENT_TEXT * 2 })),
    imageUrls: Type.Optional(Type.Array(HttpUrl, { minItems: 1, maxItems: MAX_MOMENT_IMAGES })),
    video: Type.Optional(Type.Object({ url: HttpUrl }, { additionalProperties: false })),
    link: Type.Optional(
      Type.Object(
        { title: Type.String({ minLength: 1, maxLength: MAX_MOMENT_LINK_TITLE_BYTES }), url: HttpUrl, imageUrl: HttpUrl },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
)
export type MomentContent = Static<typeof MomentContentSchema>

/** `POST /api/admin/moments`: the content and who publishes it to whom (no guides and no tags: every guide, every customer). */
export const CreateMomentRequestSchema = Type.Object(
  {
    ...MomentContentSchema.properties,
    staffUserIds: Type.Optional(Type.Array(UserId, { maxItems: MAX_MOMENT_SENDERS, uniqueItems: true })),
    tagIds: Type.Optional(Type.Array(IdSchema, { maxItems: 100, uniqueItems: true })),
  },
  { additionalProperties: false },
)
export type CreateMomentRequest = Static<typeof CreateMomentRequestSchema>

const Counts = {
  staffCount: Type.Integer({ description: 'Guides asked to publish' }),
  publishedCount: Type.Integer(),
  reachedCount: Type.Integer({ description: 'Customers who can see a published post' }),
  commentCount: Type.Integer(),
  likeCount: Type.Integer(),
}

export const MomentTaskSummarySchema = Type.Object({
  id: Type.Integer(),
  text: Type.String(),
  attachmentKind: Type.Enum(MOMENT_ATTACHMENT_KINDS),
  status: Type.Enum(MOMENT_TASK_STATUSES),
  /** WeCom's moment id, once its job is done. */
  momentId: Nullable(Type.String()),
  /** Why WeCom refused the task, when it did. */
  failure: Nullable(Type.String()),
  ...Counts,
  createdAt: Type.String({ format: 'date-time' }),
  syncedAt: Nullable(Type.String({ format: 'date-time' })),
})
export type MomentTaskSummary = Static<typeof MomentTaskSummarySchema>

export const MomentTaskPageSchema = PageSchema(MomentTaskSummarySchema)
export type MomentTaskPage = Static<typeof MomentTaskPageSchema>

export const MomentTaskListQuerySchema = Type.Object({ ...CursorQuerySchema.properties }, { additionalProperties: false })
export type MomentTaskListQuery = Static<typeof MomentTaskListQuerySchema>

/** One guide's post of the task. */
export const MomentPostSchema = Type.Object({
  staffUserId: Type.String(),
  staffName: Type.String(),
  published: Type.Boolean(),
  /** When Liuliang first saw it published. */
  publishedAt: Nullable(Type.String({ format: 'date-time' })),
  remindersSent: Type.Integer(),
  lastRemindedAt: Nullable(Type.String({ format: 'date-time' })),
  reachedCount: Type.Integer(),
  commentCount: Type.Integer(),
  likeCount: Type.Integer(),
})
export type MomentPost = Static<typeof MomentPostSchema>

export const MomentTaskDetailSchema = Type.Object({
  ...MomentTaskSummarySchema.properties,
  content: MomentContentSchema,
  staffUserIds: Type.Array(Type.String()),
  tags: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String() })),
  /** Guides and tags WeCom left out of the range. */
  invalidStaffUserIds: Type.Array(Type.String()),
  invalidTagIds: Type.Array(Type.String()),
  posts: Type.Array(MomentPostSchema),
})
export type MomentTaskDetail = Static<typeof MomentTaskDetailSchema>

export const MomentTaskParamsSchema = Type.Object({ id: IdSchema })

export const MomentPostParamsSchema = Type.Object({ id: IdSchema, staffUserId: UserId })

/** A customer a post reached, or someone who liked or commented. */
export const MomentPersonSchema = Type.Object({
  kind: Type.Enum(['customer', 'staff']),
  /** external_userid or userid */
  id: Type.String(),
  name: Nullable(Type.String()),
  customerId: Nullable(Type.Integer()),
})
export type MomentPerson = Static<typeof MomentPersonSchema>

export const MomentReachPageSchema = PageSchema(MomentPersonSchema)
export type MomentReachPage = Static<typeof MomentReachPageSchema>

export const MomentInteractionSchema = Type.Object({
  id: Type.Integer(),
  staffUserId: Type.String({ description: 'Whose post' }),
  kind: Type.Enum(MOMENT_INTERACTION_KINDS),
  by: MomentPersonSchema,
  at: Type.String({ format: 'date-time' }),
})
export type MomentInteraction = Static<typeof MomentInteractionSchema>

export const MomentInteractionPageSchema = PageSchema(MomentInteractionSchema)
export type MomentInteractionPage = Static<typeof MomentInteractionPageSchema>

export const MomentPageQuerySchema = Type.Object({ ...CursorQuerySchema.properties }, { additionalProperties: false })
export type MomentPageQuery = Static<typeof MomentPageQuerySchema>

/** `POST /api/admin/moments/:id/reminders`: the guides to remind (default: every guide who has not published). */
export const RemindMomentRequestSchema = Type.Object(
  { staffUserIds: Type.Optional(Type.Array(UserId, { minItems: 1, maxItems: MAX_MOMENT_SENDERS, uniqueItems: true })) },
  { additionalProperties: false },
)
export type RemindMomentRequest = Static<typeof RemindMomentRequestSchema>

export const RemindMomentResponseSchema = Type.Object({ reminded: Type.Array(Type.String()) })
export type RemindMomentResponse = Static<typeof RemindMomentResponseSchema>
