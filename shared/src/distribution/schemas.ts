import { Type, type Static } from 'typebox'
import { IdSchema } from '../common/idempotency'
import { CursorQuerySchema, PageSchema } from '../common/pagination'
import { Fen, Instant } from '../common/schema-parts'
import { Nullable } from '../common/nullable'

export const DISTRIBUTOR_STATUSES = ['pending', 'approved', 'rejected'] as const
export type DistributorStatus = (typeof DISTRIBUTOR_STATUSES)[number]

/** frozen until the order's refund window has passed, then settled (withdrawable); a refund reverses it. */
export const COMMISSION_STATUSES = ['frozen', 'settled', 'reversed'] as const
export type CommissionStatus = (typeof COMMISSION_STATUSES)[number]

export const WITHDRAWAL_STATUSES = ['pending', 'paid', 'rejected'] as const
export type WithdrawalStatus = (typeof WITHDRAWAL_STATUSES)[number]

/** Distributor codes: 8 characters, so `d=<code>` fits a mini-program code's 32-character scene. */
export const DISTRIBUTOR_CODE_PATTERN = '^[A-Z2-9]{8}$'

export const DistributionSettingsSchema = Type.Object(
  {
    autoApprove: Type.Boolean(),
    bindingDays: Type.Integer({ minimum: 1, maximum: 365 }),
    level1Percent: Type.Integer({ minimum: 0, maximum: 50 }),
    level2Percent: Type.Integer({ minimum: 0, maximum: 50 }),
    /** days after completion before commission settles: the refund window */
    settleDays: Type.Integer({ minimum: 0, maximum: 90 }),
    minWithdrawalFen: Fen({ minimum: 1 }),
  },
  { additionalProperties: false },
)
export type DistributionSettings = Static<typeof DistributionSettingsSchema>

export const DEFAULT_DISTRIBUTION_SETTINGS: DistributionSettings = {
  autoApprove: true,
  bindingDays: 30,
  level1Percent: 10,
  level2Percent: 5,
  settleDays: 7,
  minWithdrawalFen: 100,
}

export const DistributorSchema = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  status: Type.Enum(DISTRIBUTOR_STATUSES),
  /** the mini-program page a share opens, with the code */
  sharePath: Type.String(),
  createdAt: Instant,
  approvedAt: Nullable(Instant),
})
export type Distributor = Static<typeof DistributorSchema>

export const MyDistributionSchema = Type.Object({
  distributor: Nullable(DistributorSchema),
  /** whose link I am bound to, and until when */
  binding: Nullable(Type.Object({ distributorName: Nullable(Type.String()), code: Type.String(), expiresAt: Instant })),
})
export type MyDistribution = Static<typeof MyDistributionSchema>

export const BindReferralRequestSchema = Type.Object(
  { distributorCode: Type.String({ pattern: DISTRIBUTOR_CODE_PATTERN, maxLength: 8 }) },
  { additionalProperties: false },
)
export type BindReferralRequest = Static<typeof BindReferralRequestSchema>

export const BindReferralResponseSchema = Type.Object({
  bound: Type.Boolean(),
  distributor: Nullable(Type.Object({ code: Type.String(), name: Nullable(Type.String()) })),
  /** why the link did not bind (already bound, self, a distributor…), in zh-CN */
  reason: Nullable(Type.String()),
})
export type BindReferralResponse = Static<typeof BindReferralResponseSchema>

export const CommissionSchema = Type.Object({
  id: Type.Integer(),
  orderId: Type.Integer(),
  level: Type.Integer({ minimum: 1, maximum: 2 }),
  amountFen: Type.Integer(),
  status: Type.Enum(COMMISSION_STATUSES),
  buyerName: Nullable(Type.String()),
  orderAmountFen: Type.Integer(),
  /** when a frozen commission settles; null until the order completes */
  settleAt: Nullable(Instant),
  /** what a reversal could not take back from the balance */
  owedFen: Type.Integer(),
  createdAt: Instant,
})
export type Commission = Static<typeof CommissionSchema>

export const CommissionPageSchema = PageSchema(CommissionSchema)
export type CommissionPage = Static<typeof CommissionPageSchema>

export const EarningsSchema = Type.Object({
  frozen: Type.Integer(),
  settled: Type.Integer(),
  withdrawable: Type.Integer(),
  withdrawn: Type.Integer(),
  /** asked for, awaiting approval */
  pendingWithdrawal: Type.Integer(),
  /** reversed commission not yet covered by new earnings */
  owed: Type.Integer(),
  recent: Type.Array(CommissionSchema),
})
export type Earnings = Static<typeof EarningsSchema>

export const TeamMemberSchema = Type.Object({
  customerId: Type.Integer(),
  name: Nullable(Type.String()),
  avatarUrl: Nullable(Type.String()),
  boundAt: Instant,
  expiresAt: Instant,
  isDistributor: Type.Boolean(),
})
export const TeamSchema = Type.Object({ members: Type.Array(TeamMemberSchema), subDistributors: Type.Integer() })
export type Team = Static<typeof TeamSchema>

export const WithdrawRequestSchema = Type.Object({ amountFen: Fen({ minimum: 1 }) }, { additionalProperties: false })
export type WithdrawRequest = Static<typeof WithdrawRequestSchema>

export const WithdrawalSchema = Type.Object({
  id: Type.Integer(),
  distributorId: Type.Integer(),
  amountFen: Type.Integer(),
  status: Type.Enum(WITHDRAWAL_STATUSES),
  note: Nullable(Type.String()),
  createdAt: Instant,
  decidedAt: Nullable(Instant),
})
export type Withdrawal = Static<typeof WithdrawalSchema>

export const WithdrawalPageSchema = PageSchema(WithdrawalSchema)
export type WithdrawalPage = Static<typeof WithdrawalPageSchema>

export const WithdrawalsQuerySchema = Type.Object({
  status: Type.Optional(Type.Enum(WITHDRAWAL_STATUSES)),
  ...CursorQuerySchema.properties,
})
export type WithdrawalsQuery = Static<typeof WithdrawalsQuerySchema>

export const WithdrawalIdParamsSchema = Type.Object({ withdrawalId: IdSchema })
export const DistributorIdParamsSchema = Type.Object({ distributorId: IdSchema })

export const RejectRequestSchema = Type.Object({ note: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false })
export type RejectRequest = Static<typeof RejectRequestSchema>

export const AdminDistributorSchema = Type.Object({
  ...DistributorSchema.properties,
  customerId: Type.Integer(),
  name: Nullable(Type.String()),
  inviterId: Nullable(Type.Integer()),
  earnings: Type.Object({ frozen: Type.Integer(), withdrawable: Type.Integer(), withdrawn: Type.Integer(), owed: Type.Integer() }),
})
export type AdminDistributor = Static<typeof AdminDistributorSchema>

/** A withdrawal as the reviewing admin sees it: who is asking, not just their distributor number. */
export const AdminWithdrawalSchema = Type.Object({
  ...WithdrawalSchema.properties,
  customerId: Type.Integer(),
  distributorName: Nullable(Type.String()),
})
export type AdminWithdrawal = Static<typeof AdminWithdrawalSchema>
export const AdminWithdrawalPageSchema = PageSchema(AdminWithdrawalSchema)
export type AdminWithdrawalPage = Static<typeof AdminWithdrawalPageSchema>

export const AdminDistributorPageSchema = PageSchema(AdminDistributorSchema)
export type AdminDistributorPage = Static<typeof AdminDistributorPageSchema>

export const DistributorsQuerySchema = Type.Object({
  status: Type.Optional(Type.Enum(DISTRIBUTOR_STATUSES)),
  ...CursorQuerySchema.properties,
})
export type DistributorsQuery = Static<typeof DistributorsQuerySchema>
