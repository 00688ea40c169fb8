import { Type, type Static } from 'typebox'
import { IdSchema } from '../common/idempotency'
import { Nullable } from '../common/nullable'
import { Instant } from '../common/schema-parts'
import { PageSchema } from '../common/pagination'

/** A guide's follow-up note on a customer; a next-contact time makes it a reminder for that guide. */
export const FollowUpSchema = Type.Object({
  id: Type.Integer(),
  content: Type.String(),
  staffUserId: Type.String(),
  staffName: Type.String(),
  nextContactAt: Nullable(Type.String({ format: 'date-time' })),
  /** When the reminder was settled: done by hand, or by a later note of the same guide's that asked to. */
  reminderDoneAt: Nullable(Type.String({ format: 'date-time' })),
  createdAt: Type.String({ format: 'date-time' }),
})
export type FollowUp = Static<typeof FollowUpSchema>

export const FollowUpPageSchema = PageSchema(FollowUpSchema)
export type FollowUpPage = Static<typeof FollowUpPageSchema>

export const CreateFollowUpRequestSchema = Type.Object(
  {
    content: Type.String({ minLength: 1, maxLength: 1000 }),
    nextContactAt: Type.Optional({ ...Instant, description: 'When to contact the customer next' }),
    completePreviousReminders: Type.Optional(
      Type.Boolean({ description: "Also mark the guide's earlier open reminders on this customer done; they stay open otherwise" }),
    ),
  },
  { additionalProperties: false },
)
export type CreateFollowUpRequest = Static<typeof CreateFollowUpRequestSchema>

/** An open reminder in a guide's list, with the customer it is about. */
export const ReminderSchema = Type.Object({
  followUpId: Type.Integer(),
  content: Type.String(),
  nextContactAt: Type.String({ format: 'date-time' }),
  createdAt: Type.String({ format: 'date-time' }),
  customer: Type.Object({
    externalUserId: Nullable(Type.String()),
    name: Nullable(Type.String()),
    avatarUrl: Nullable(Type.String()),
  }),
})
export type Reminder = Static<typeof ReminderSchema>

export const ReminderListSchema = Type.Object({ items: Type.Array(ReminderSchema) })
export type ReminderList = Static<typeof ReminderListSchema>

export const ReminderListQuerySchema = Type.Object({
  dueBefore: Type.Optional({ ...Instant, description: 'Only reminders due before this time' }),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })),
})
export type ReminderListQuery = Static<typeof ReminderListQuerySchema>

export const FollowUpParamsSchema = Type.Object({ followUpId: IdSchema })
