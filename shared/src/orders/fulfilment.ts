import { Type, type Static } from 'typebox'
import { CursorQuerySchema, PageSchema } from '../common/pagination'
import { Fen, Instant } from '../common/schema-parts'
import { Nullable } from '../common/nullable'
import { IdSchema } from '../common/idempotency'
import { AFTER_SALE_KINDS, AFTER_SALE_STATUSES, CARRIER_CODES, REFUND_STATUSES } from './fulfilment-values'

export const ShipOrderRequestSchema = Type.Object(
  {
    carrier: Type.Enum(CARRIER_CODES),
    /** the carrier's name, when it is 其他 */
    carrierName: Type.Optional(Type.String({ minLength: 1, maxLength: 20 })),
    trackingNo: Type.String({ minLength: 6, maxLength: 30, pattern: '^[A-Za-z0-9]+$' }),
  },
  { additionalProperties: false },
)
export type ShipOrderRequest = Static<typeof ShipOrderRequestSchema>

export const ShipmentSchema = Type.Object({
  carrier: Type.Enum(CARRIER_CODES),
  /** the carrier as people read it: 顺丰速运, or the name given for 其他 */
  carrierName: Type.String(),
  trackingNo: Type.String(),
  shippedAt: Instant,
  /** unless the customer confirms first, the order completes at this instant */
  autoCompleteAt: Instant,
})
export type Shipment = Static<typeof ShipmentSchema>

export const RequestAfterSaleSchema = Type.Object(
  {
    kind: Type.Enum(AFTER_SALE_KINDS),
    reason: Type.String({ minLength: 1, maxLength: 200 }),
    /** at most what the order still holds */
    amountFen: Fen({ minimum: 1 }),
  },
  { additionalProperties: false },
)
export type RequestAfterSale = Static<typeof RequestAfterSaleSchema>

export const AfterSaleRefundSchema = Type.Object({
  status: Type.Enum(REFUND_STATUSES),
  refundedAt: Nullable(Instant),
  failure: Nullable(Type.String()),
})

export const AfterSaleSchema = Type.Object({
  id: Type.Integer(),
  orderId: Type.Integer(),
  kind: Type.Enum(AFTER_SALE_KINDS),
  status: Type.Enum(AFTER_SALE_STATUSES),
  reason: Type.String(),
  amountFen: Type.Integer(),
  /** why an admin refused it, shown to the customer */
  rejectReason: Nullable(Type.String()),
  /** the money going back, once approved */
  refund: Nullable(AfterSaleRefundSchema),
  createdAt: Instant,
  decidedAt: Nullable(Instant),
})
export type AfterSale = Static<typeof AfterSaleSchema>

export const AdminAfterSaleSchema = Type.Object({
  ...AfterSaleSchema.properties,
  customerId: Type.Integer(),
  customerName: Nullable(Type.String()),
  orderAmountFen: Type.Integer(),
  /** what the order still holds: an approval may return at most this */
  orderRefundableFen: Type.Integer(),
  shipped: Type.Boolean(),
})
export type AdminAfterSale = Static<typeof AdminAfterSaleSchema>

export const AdminAfterSalePageSchema = PageSchema(AdminAfterSaleSchema)
export type AdminAfterSalePage = Static<typeof AdminAfterSalePageSchema>

export const AdminAfterSalesQuerySchema = Type.Object({
  status: Type.Optional(Type.Enum(AFTER_SALE_STATUSES)),
  ...CursorQuerySchema.properties,
})
export type AdminAfterSalesQuery = Static<typeof AdminAfterSalesQuerySchema>

export const AfterSaleIdParamsSchema = Type.Object({ id: IdSchema })

export const RejectAfterSaleRequestSchema = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false })
export type RejectAfterSaleRequest = Static<typeof RejectAfterSaleRequestSchema>

export const FulfilmentSettingsSchema = Type.Object(
  {
    autoCompleteDays: Type.Integer({ minimum: 1, maximum: 30 }),
    afterSalesDays: Type.Integer({ minimum: 0, maximum: 30 }),
  },
  { additionalProperties: false },
)
