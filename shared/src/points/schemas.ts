import { Type, type Static } from 'typebox'
import { IdSchema } from '../common/idempotency'
import { PageSchema } from '../common/pagination'
import { POINTS_REASONS } from '../common/values'
import { LEVEL_CODES } from '../customers/levels'

export const PointsLedgerEntrySchema = Type.Object({
  id: Type.Integer(),
  delta: Type.Integer({ description: 'Positive when earned, negative when spent or expired' }),
  reason: Type.Enum(POINTS_REASONS),
  /** what the customer reads, e.g. 每日签到 or 兑换「10 元券」 */
  title: Type.String(),
  balanceAfter: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
})
export type PointsLedgerEntry = Static<typeof PointsLedgerEntrySchema>

export const PointsLedgerPageSchema = PageSchema(PointsLedgerEntrySchema)
export type PointsLedgerPage = Static<typeof PointsLedgerPageSchema>

export const AdjustPointsRequestSchema = Type.Object(
  {
    delta: Type.Integer({ minimum: -1_000_000, maximum: 1_000_000, not: { const: 0 }, description: 'Points to add (or remove, negative)' }),
    reason: Type.String({ minLength: 1, maxLength: 200, description: 'Why, kept with the entry for audit' }),
  },
  { additionalProperties: false },
)
export type AdjustPointsRequest = Static<typeof AdjustPointsRequestSchema>

/** An admin's adjustment as recorded: the entry plus who made it and why. */
export const AdminPointsEntrySchema = Type.Object({
  ...PointsLedgerEntrySchema.properties,
  customerId: Type.Integer(),
  adminUsername: Type.Union([Type.String(), Type.Null()]),
  note: Type.Union([Type.String(), Type.Null()]),
})
export type AdminPointsEntry = Static<typeof AdminPointsEntrySchema>

export const AdminPointsLedgerPageSchema = PageSchema(AdminPointsEntrySchema)
export type AdminPointsLedgerPage = Static<typeof AdminPointsLedgerPageSchema>

export const CustomerIdParamsSchema = Type.Object({ customerId: IdSchema })

export const MemberLevelSchema = Type.Object(
  {
    code: Type.Enum(LEVEL_CODES),
    name: Type.String({ minLength: 1, maxLength: 20 }),
    minGrowth: Type.Integer({ minimum: 0, maximum: 100_000_000 }),
    orderPointsMultiplier: Type.Number({ minimum: 1, maximum: 10 }),
  },
  { additionalProperties: false },
)

/** V1–V5 in order, V1 from 0, thresholds rising. */
export const LevelSettingsSchema = Type.Object(
  { levels: Type.Array(MemberLevelSchema, { minItems: 5, maxItems: 5 }) },
  { additionalProperties: false },
)
export type LevelSettings = Static<typeof LevelSettingsSchema>
