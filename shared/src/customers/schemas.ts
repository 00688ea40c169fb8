import { Type, type Static } from 'typebox'
import { FOLLOW_STATUSES, GENDERS } from '../common/values'
import { PageSchema } from '../common/pagination'
import { Nullable } from '../common/nullable'
import { MAINLAND_MOBILE_PATTERN } from './phone'

/** What a consumer sees of themself. */
export const CustomerProfileSchema = Type.Object({
  id: Type.Integer(),
  name: Nullable(Type.String()),
  avatarUrl: Nullable(Type.String()),
  gender: Type.Enum(GENDERS),
  isMiniProgramUser: Type.Boolean(),
  isWecomContact: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
})
export type CustomerProfile = Static<typeof CustomerProfileSchema>

export const MeResponseSchema = Type.Object({
  customer: CustomerProfileSchema,
  points: Type.Object({ balance: Type.Integer() }),
  level: Type.Object({
    code: Type.String(),
    name: Type.String(),
    orderPointsMultiplier: Type.Number({ description: 'Privilege: order points are multiplied by this' }),
  }),
  growth: Type.Object({
    value: Type.Integer({ description: 'Points ever earned' }),
    nextLevelAt: Nullable(Type.Integer()),
  }),
})
export type MeResponse = Static<typeof MeResponseSchema>

export const FollowRelationSchema = Type.Object({
  staffUserId: Type.String(),
  staffName: Type.String(),
  status: Type.Enum(FOLLOW_STATUSES),
  addWay: Type.Integer({ description: 'WeCom add_way' }),
  state: Nullable(Type.String({ description: 'Live-code state the customer came through' })),
  channel: Nullable(Type.String({ description: 'Name of that live code (渠道活码)' })),
  firstAddedAt: Type.String({ format: 'date-time' }),
  endedAt: Nullable(Type.String({ format: 'date-time' })),
})
export type FollowRelation = Static<typeof FollowRelationSchema>

/** One row of a customer list (a guide's own customers or the admin's list). */
export const CustomerSummarySchema = Type.Object({
  id: Type.Integer(),
  externalUserId: Nullable(Type.String()),
  name: Nullable(Type.String()),
  avatarUrl: Nullable(Type.String()),
  gender: Type.Enum(GENDERS),
  isMiniProgramUser: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
})
export type CustomerSummary = Static<typeof CustomerSummarySchema>

export const CustomerPageSchema = PageSchema(CustomerSummarySchema)
export type CustomerPage = Static<typeof CustomerPageSchema>

/** The console's search by phone number: numbers are stored encrypted, so only a whole one can match. */
export const CustomerPhoneQuerySchema = Type.Object({ phone: Type.String({ pattern: MAINLAND_MOBILE_PATTERN, maxLength: 11 }) }, { additionalProperties: false })
export type CustomerPhoneQuery = Static<typeof CustomerPhoneQuerySchema>

export const CustomerMatchesSchema = Type.Object({ items: Type.Array(CustomerSummarySchema) })
export type CustomerMatches = Static<typeof CustomerMatchesSchema>

export const CustomerListQuerySchema = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 64, description: 'Name contains' })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
})
export type CustomerListQuery = Static<typeof CustomerListQuerySchema>

export const ExternalUserIdParamsSchema = Type.Object({
  externalUserId: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }),
})
