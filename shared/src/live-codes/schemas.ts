import { Type, type Static } from 'typebox'
import { IdSchema } from '../common/idempotency'
import { Nullable } from '../common/nullable'
import { CalendarDate } from '../common/schema-parts'
import { LIVE_CODE_ALLOCATIONS } from '../common/values'
import { TagSchema } from '../tags/schemas'


/** A WeCom member userid. */
export const STAFF_USER_ID_PATTERN = '^[A-Za-z0-9_.@-]{1,64}$'
const StaffUserId = Type.String({ pattern: STAFF_USER_ID_PATTERN, maxLength: 64 })
const StaffUserIds = (minItems: number) => Type.Array(StaffUserId, { minItems, maxItems: 100, uniqueItems: true })

const ClockTime = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', maxLength: 5, description: 'HH:MM in the brand time zone' })

/** When the pool is on shift; end before start spans midnight. Outside it, backups take the adds. */
export const WorkingHoursSchema = Type.Object({ start: ClockTime, end: ClockTime }, { additionalProperties: false })
export type WorkingHours = Static<typeof WorkingHoursSchema>

const liveCodeFields = {
  name: Type.String({ minLength: 1, maxLength: 30, description: 'Channel name; also the WeCom remark (≤ 30 characters)' }),
  staffUserIds: StaffUserIds(1),
  backupStaffUserIds: StaffUserIds(0),
  dailyAddLimit: Nullable(
    Type.Integer({ minimum: 1, maximum: 10000, description: 'Adds per guide per business day; null for no limit' }),
  ),
  allocation: Type.Enum(LIVE_CODE_ALLOCATIONS, { description: 'round_robin: guides in turn; weight: in proportion to weights' }),
  weights: Type.Record(Type.String({ pattern: STAFF_USER_ID_PATTERN }), Type.Integer({ minimum: 1, maximum: 100 }), {
    description: 'Per guide userid, for allocation "weight"; 1 when absent',
    additionalProperties: false,
    maxProperties: 100,
  }),
  workingHours: Nullable(WorkingHoursSchema),
  skipVerify: Type.Boolean({ description: 'Customers are added without the guide confirming' }),
  tagIds: Type.Array(IdSchema, { maxItems: 100, uniqueItems: true }),
  welcomeText: Nullable(Type.String({ maxLength: 4000, description: 'Welcome for adds through this code; placeholders {{customerName}}, {{staffName}}' })),
}

export const CreateLiveCodeRequestSchema = Type.Object(
  {
    name: liveCodeFields.name,
    staffUserIds: liveCodeFields.staffUserIds,
    dailyAddLimit: liveCodeFields.dailyAddLimit,
    backupStaffUserIds: Type.Optional(liveCodeFields.backupStaffUserIds),
    allocation: Type.Optional(liveCodeFields.allocation),
    weights: Type.Optional(liveCodeFields.weights),
    workingHours: Type.Optional(liveCodeFields.workingHours),
    skipVerify: Type.Optional(liveCodeFields.skipVerify),
    tagIds: Type.Optional(liveCodeFields.tagIds),
    welcomeText: Type.Optional(liveCodeFields.welcomeText),
  },
  { additionalProperties: false },
)
export type CreateLiveCodeRequest = Static<typeof CreateLiveCodeRequestSchema>

export const UpdateLiveCodeRequestSchema = Type.Partial(Type.Object(liveCodeFields), { minProperties: 1, additionalProperties: false })
export type UpdateLiveCodeRequest = Static<typeof UpdateLiveCodeRequestSchema>

export const LiveCodeIdParamsSchema = Type.Object({ id: IdSchema })

const PoolMemberSchema = Type.Object({
  staffUserId: Type.String(),
  staffName: Type.String(),
  weight: Type.Integer(),
  addsToday: Type.Integer(),
})

export const LiveCodeSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  state: Type.String({ description: 'Echoed by WeCom in the add event; identifies the code' }),
  qrCodeUrl: Nullable(Type.String()),
  allocation: Type.Enum(LIVE_CODE_ALLOCATIONS),
  dailyAddLimit: Nullable(Type.Integer()),
  workingHours: Nullable(WorkingHoursSchema),
  skipVerify: Type.Boolean(),
  staff: Type.Array(PoolMemberSchema),
  backupStaff: Type.Array(PoolMemberSchema),
  currentStaffUserIds: Type.Array(Type.String(), { description: 'Who WeCom hands the next add to, as last pushed' }),
  tags: Type.Array(TagSchema),
  welcomeText: Nullable(Type.String()),
  adds: Type.Integer({ description: 'Adds through this code so far' }),
  lost: Type.Integer({ description: 'Of those, customers who later deleted their guide' }),
  createdAt: Type.String({ format: 'date-time' }),
})
export type LiveCode = Static<typeof LiveCodeSchema>

export const LiveCodeListSchema = Type.Object({ items: Type.Array(LiveCodeSchema) })
export type LiveCodeList = Static<typeof LiveCodeListSchema>

const BusinessDate = CalendarDate('YYYY-MM-DD in the brand time zone')

export const LiveCodeStatsQuerySchema = Type.Object({
  from: Type.Optional(BusinessDate),
  to: Type.Optional(BusinessDate),
})
export type LiveCodeStatsQuery = Static<typeof LiveCodeStatsQuerySchema>

export const LiveCodeStatsSchema = Type.Object({
  liveCodeId: Type.Integer(),
  adds: Type.Integer({ description: 'Scans that became adds' }),
  customers: Type.Integer({ description: 'Distinct customers among them' }),
  lost: Type.Integer({ description: 'Adds whose customer later deleted the guide' }),
  byDay: Type.Array(Type.Object({ date: Type.String(), adds: Type.Integer(), lost: Type.Integer() })),
  byStaff: Type.Array(
    Type.Object({ staffUserId: Type.String(), staffName: Type.String(), adds: Type.Integer(), lost: Type.Integer() }),
  ),
})
export type LiveCodeStats = Static<typeof LiveCodeStatsSchema>
