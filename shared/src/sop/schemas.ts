// Activation SOPs (激活 SOP): the operator's rules (a trigger, timed steps each sending a script from the
// library, quiet hours), the to-dos they put on each guide's list, and how the guides kept to them.
import { Type, type Static } from 'typebox'
import { IdSchema } from '../common/idempotency'
import { Nullable } from '../common/nullable'
import { MAX_SOP_STEP_DAY, MAX_SOP_STEPS, SOP_TRIGGERS } from './rules'

const ClockTime = Type.String({ maxLength: 5, pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', description: 'HH:MM in the business time zone' })
const DateText = Type.String({ maxLength: 10, pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', format: 'date' })
const TagIds = Type.Array(IdSchema, { maxItems: 20, uniqueItems: true })

export const SopStepSchema = Type.Object(
  {
    day: Type.Integer({ minimum: 0, maximum: MAX_SOP_STEP_DAY, description: 'Days after the trigger (0: the same day)' }),
    time: ClockTime,
    scriptId: IdSchema,
  },
  { additionalProperties: false },
)
export type SopStep = Static<typeof SopStepSchema>

export const QuietHoursSchema = Type.Object({ start: ClockTime, end: ClockTime }, { additionalProperties: false })

/** `POST /api/admin/sops`, and `PUT /api/admin/sops/:id` with the whole rule. What each trigger needs is checked by sopRuleProblem. */
export const SopInputSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 30 }),
    trigger: Type.Enum(SOP_TRIGGERS),
    liveCodeId: Type.Optional(Nullable(IdSchema)),
    tagId: Type.Optional(Nullable(IdSchema)),
    date: Type.Optional(Nullable(DateText)),
    weekday: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 7, description: '1 Monday … 7 Sunday' }))),
    /** For a date or a weekly SOP: only customers with one of these tags (none: every customer). */
    audienceTagIds: Type.Optional(TagIds),
    steps: Type.Array(SopStepSchema, { minItems: 1, maxItems: MAX_SOP_STEPS }),
    quietHours: Type.Optional(Nullable(QuietHoursSchema)),
    onTimeMinutes: Type.Optional(Type.Integer({ minimum: 10, maximum: 1440, default: 120, description: 'A step sent within this long after it is due is on time' })),
    enabled: Type.Optional(Type.Boolean({ default: true })),
  },
  { additionalProperties: false },
)
export type SopInput = Static<typeof SopInputSchema>

export const SopSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  trigger: Type.Enum(SOP_TRIGGERS),
  liveCodeId: Nullable(Type.Integer()),
  tagId: Nullable(Type.Integer()),
  date: Nullable(Type.String()),
  weekday: Nullable(Type.Integer()),
  audienceTagIds: Type.Array(Type.Integer()),
  steps: Type.Array(Type.Object({ day: Type.Integer(), time: Type.String(), scriptId: Type.Integer(), scriptTitle: Nullable(Type.String()) })),
  quietHours: Nullable(Type.Object({ start: Type.String(), end: Type.String() })),
  onTimeMinutes: Type.Integer(),
  enabled: Type.Boolean(),
  /** Who entered (each round counts), and how many of them still have a step to send. */
  enrolled: Type.Integer(),
  active: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
})
export type Sop = Static<typeof SopSchema>

export const SopListSchema = Type.Object({ items: Type.Array(SopSchema) })
export type SopList = Static<typeof SopListSchema>

export const SopParamsSchema = Type.Object({ id: IdSchema })

const Outcomes = {
  onTime: Type.Integer({ description: 'Sent within the on-time window' }),
  late: Type.Integer({ description: 'Sent after it' }),
  missed: Type.Integer({ description: 'Never sent' }),
  overdue: Type.Integer({ description: 'Late and not sent yet' }),
  waiting: Type.Integer({ description: 'Due later, or due and still on time' }),
}

/** `GET /api/admin/sops/:id/stats`: how each guide kept to the SOP. */
export const SopStatsSchema = Type.Object({
  sopId: Type.Integer(),
  totals: Type.Object(Outcomes),
  byGuide: Type.Array(Type.Object({ staffUserId: Type.String(), staffName: Type.String(), ...Outcomes })),
})
export type SopStats = Static<typeof SopStatsSchema>

export const SopTaskParamsSchema = Type.Object({ taskId: IdSchema })

/** `POST /api/sidebar/sop-tasks/:taskId/sends`: the guide sends the step; a retry with the same id sends the same. */
export const SendSopTaskRequestSchema = Type.Object(
  { requestId: Type.String({ minLength: 8, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }) },
  { additionalProperties: false },
)
export type SendSopTaskRequest = Static<typeof SendSopTaskRequestSchema>
