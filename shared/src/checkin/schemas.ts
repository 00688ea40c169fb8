import { Type, type Static } from 'typebox'
import { CHECKIN_KINDS } from '../common/values'
import { CalendarDate } from '../common/schema-parts'

const DateString = CalendarDate('YYYY-MM-DD, business day')

export const CheckInResponseSchema = Type.Object({
  date: DateString,
  streak: Type.Integer({ description: 'Consecutive days ending today' }),
  pointsAwarded: Type.Integer(),
  balance: Type.Integer(),
})
export type CheckInResponse = Static<typeof CheckInResponseSchema>

export const MakeupRequestSchema = Type.Object({ date: DateString }, { additionalProperties: false })
export type MakeupRequest = Static<typeof MakeupRequestSchema>

export const MakeupResponseSchema = Type.Object({
  date: DateString,
  streak: Type.Integer({ description: 'The streak as of today, mended' }),
  pointsCost: Type.Integer(),
  balance: Type.Integer(),
  makeupsLeftThisMonth: Type.Integer(),
})
export type MakeupResponse = Static<typeof MakeupResponseSchema>

export const CheckInMonthQuerySchema = Type.Object({
  month: Type.Optional(Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', maxLength: 7, description: 'YYYY-MM; this month when absent' })),
})
export type CheckInMonthQuery = Static<typeof CheckInMonthQuerySchema>

export const CheckInMonthSchema = Type.Object({
  month: Type.String(),
  today: DateString,
  checkedInToday: Type.Boolean(),
  streak: Type.Integer({ description: 'Consecutive days ending today, or yesterday while today is still open' }),
  days: Type.Array(Type.Object({ date: DateString, kind: Type.Enum(CHECKIN_KINDS), points: Type.Integer() })),
  nextRewards: Type.Array(Type.Object({ date: DateString, streakDay: Type.Integer(), points: Type.Integer() })),
  ladder: Type.Array(Type.Integer()),
  makeup: Type.Object({
    pointsCost: Type.Integer(),
    windowDays: Type.Integer(),
    monthlyLimit: Type.Integer(),
    usedThisMonth: Type.Integer(),
    /** missed days a make-up can still cover now, newest first */
    eligibleDates: Type.Array(DateString),
  }),
})
export type CheckInMonth = Static<typeof CheckInMonthSchema>

export const CheckInSettingsSchema = Type.Object(
  {
    ladder: Type.Array(Type.Integer({ minimum: 0, maximum: 100_000 }), {
      minItems: 1,
      maxItems: 31,
      description: 'Points by streak day; repeats after the last day',
    }),
    makeupCost: Type.Integer({ minimum: 0, maximum: 100_000 }),
    makeupWindowDays: Type.Integer({ minimum: 1, maximum: 31 }),
    makeupMonthlyLimit: Type.Integer({ minimum: 0, maximum: 31 }),
  },
  { additionalProperties: false },
)
export type CheckInSettings = Static<typeof CheckInSettingsSchema>
