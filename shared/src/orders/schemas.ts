import { Type, type Static } from 'typebox'
import { IdSchema } from '../common/idempotency'
import { CursorQuerySchema, PageSchema } from '../common/pagination'
import { Fen, Instant } from '../common/schema-parts'
import { Nullable } from '../common/nullable'
import { OrderCheckoutSchema } from '../shop/schemas'
import { AfterSaleSchema, ShipmentSchema } from './fulfilment'
import { ORDER_TABS, REFUND_STATUSES } from './fulfilment-values'

export const ORDER_KINDS = ['normal', 'groupbuy'] as const
export type OrderKind = (typeof ORDER_KINDS)[number]

/**
 * pending_payment → paid → shipped → completed (the customer confirms, or N days after shipping); paid, shipped or
 * completed → refunding → refunded once all its money goes back; unpaid past its deadline → cancelled.
 */
export const ORDER_STATUSES = ['pending_payment', 'paid', 'shipped', 'completed', 'refunding', 'refunded', 'cancelled'] as const
export type OrderStatus = (typeof ORDER_STATUSES)[number]
/** Orders that count as purchases: paid and not refunded. */
export const PURCHASED_ORDER_STATUSES = ['paid', 'shipped', 'completed'] as const satisfies readonly OrderStatus[]


export const PAYMENT_STATUSES = ['pending', 'succeeded', 'failed'] as const
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number]

const productFields = {
  name: Type.String({ minLength: 1, maxLength: 60 }),
  description: Type.String({ maxLength: 1000 }),
  imageUrl: Nullable(Type.String({ maxLength: 500, pattern: '^https?://' })),
  priceFen: Fen({ minimum: 1 }),
  stock: Type.Integer({ minimum: 0, maximum: 10_000_000 }),
}

export const CreateProductRequestSchema = Type.Object(
  {
    name: productFields.name,
    priceFen: productFields.priceFen,
    stock: productFields.stock,
    description: Type.Optional(productFields.description),
    imageUrl: Type.Optional(productFields.imageUrl),
  },
  { additionalProperties: false },
)
export type CreateProductRequest = Static<typeof CreateProductRequestSchema>

export const UpdateProductRequestSchema = Type.Object(
  {
    name: Type.Optional(productFields.name),
    priceFen: Type.Optional(productFields.priceFen),
    stock: Type.Optional(productFields.stock),
    description: Type.Optional(productFields.description),
    imageUrl: Type.Optional(productFields.imageUrl),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
)
export type UpdateProductRequest = Static<typeof UpdateProductRequestSchema>

export const ProductSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  description: Type.String(),
  imageUrl: Nullable(Type.String()),
  priceFen: Type.Integer(),
  stock: Type.Integer(),
  active: Type.Boolean(),
  createdAt: Instant,
})
export type Product = Static<typeof ProductSchema>

export const ProductListSchema = Type.Object({ items: Type.Array(ProductSchema) })
export type ProductList = Static<typeof ProductListSchema>

export const ProductIdParamsSchema = Type.Object({ productId: IdSchema })

export const CreateOrderRequestSchema = Type.Object(
  {
    items: Type.Array(
      Type.Object(
        {
          productId: IdSchema,
          /** which of the product's SKUs; a product with one SKU needs none */
          skuId: Type.Optional(IdSchema),
          quantity: Type.Integer({ minimum: 1, maximum: 99 }),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 20 },
    ),
  },
  { additionalProperties: false },
)
export type CreateOrderRequest = Static<typeof CreateOrderRequestSchema>

export const OrderItemSchema = Type.Object({
  productId: Type.Integer(),
  skuId: Nullable(Type.Integer()),
  name: Type.String(),
  /** the SKU's options as sold ('' for none) */
  spec: Type.String(),
  priceFen: Type.Integer(),
  quantity: Type.Integer(),
})
export type OrderItem = Static<typeof OrderItemSchema>

export const OrderRefundSchema = Type.Object({
  status: Type.Enum(REFUND_STATUSES),
  amountFen: Type.Integer(),
  reason: Type.String(),
  requestedAt: Instant,
  refundedAt: Nullable(Instant),
  /** why WeChat Pay could not return the money (failed refunds) */
  failure: Nullable(Type.String()),
})
export type OrderRefund = Static<typeof OrderRefundSchema>

export const OrderSchema = Type.Object({
  id: Type.Integer(),
  kind: Type.Enum(ORDER_KINDS),
  status: Type.Enum(ORDER_STATUSES),
  amountFen: Type.Integer(),
  items: Type.Array(OrderItemSchema),
  /** the group of a group-buy order */
  groupId: Nullable(Type.Integer()),
  /** pay before this, or the order is cancelled */
  payDeadline: Instant,
  pointsAwarded: Type.Integer(),
  /** a shop order's address and coupon; null for orders placed otherwise (group-buy seats) */
  checkout: Nullable(OrderCheckoutSchema),
  /** the latest refund of this order's money, if any */
  refund: Nullable(OrderRefundSchema),
  /** carrier and waybill once shipped */
  shipment: Nullable(ShipmentSchema),
  /** money returned or on its way back, over every refund of the order's payment */
  refundedFen: Type.Integer(),
  /** the customer may ask for after-sales now (paid, shipped, or completed within the window, with money left) */
  afterSaleAllowed: Type.Boolean(),
  /** the latest after-sales request */
  afterSale: Nullable(AfterSaleSchema),
  paidAt: Nullable(Instant),
  completedAt: Nullable(Instant),
  cancelledAt: Nullable(Instant),
  createdAt: Instant,
})
export type Order = Static<typeof OrderSchema>

export const OrderPageSchema = PageSchema(OrderSchema)
export type OrderPage = Static<typeof OrderPageSchema>

export const OrderIdParamsSchema = Type.Object({ id: IdSchema })

export const MyOrdersQuerySchema = Type.Object({
  status: Type.Optional(Type.Enum(ORDER_STATUSES)),
  /** the status strip's tab (待付款 / 待发货 / 待收货 / 已完成 / 售后) */
  tab: Type.Optional(Type.Enum(ORDER_TABS)),
  ...CursorQuerySchema.properties,
})
export type MyOrdersQuery = Static<typeof MyOrdersQuerySchema>

/** What the client needs to let the payer confirm: with the sandbox, confirmation follows by itself. */
/** What the mini-program passes to wx.requestPayment, signed by the server with the merchant's key. */
export const RequestPaymentParamsSchema = Type.Object({
  timeStamp: Type.String(),
  nonceStr: Type.String(),
  package: Type.String(),
  signType: Type.Literal('RSA'),
  paySign: Type.String(),
})
export type RequestPaymentParams = Static<typeof RequestPaymentParamsSchema>

export const PaymentStartSchema = Type.Object({
  orderId: Type.Integer(),
  outTradeNo: Type.String(),
  provider: Type.String(),
  prepayId: Nullable(Type.String()),
  status: Type.Enum(PAYMENT_STATUSES),
  /** for wx.requestPayment while the payment waits for the payer; null once it is decided */
  requestPayment: Nullable(RequestPaymentParamsSchema),
})
export type PaymentStart = Static<typeof PaymentStartSchema>

export const AdminOrderSchema = Type.Object({
  ...OrderSchema.properties,
  customerId: Type.Integer(),
  customerName: Nullable(Type.String()),
  pointsClawedBack: Type.Integer(),
  /** order points that could not be taken back because they were already spent */
  pointsShortfall: Type.Integer(),
})
export type AdminOrder = Static<typeof AdminOrderSchema>

export const AdminOrderPageSchema = PageSchema(AdminOrderSchema)
export type AdminOrderPage = Static<typeof AdminOrderPageSchema>

export const AdminOrdersQuerySchema = Type.Object({
  status: Type.Optional(Type.Enum(ORDER_STATUSES)),
  tab: Type.Optional(Type.Enum(ORDER_TABS)),
  customerId: Type.Optional(IdSchema),
  ...CursorQuerySchema.properties,
})
export type AdminOrdersQuery = Static<typeof AdminOrdersQuerySchema>

export const RefundOrderRequestSchema = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false })
export type RefundOrderRequest = Static<typeof RefundOrderRequestSchema>

/** WeChat Pay v3 notification events the shop acts on. */
export const PAYMENT_EVENT_TYPES = ['TRANSACTION.SUCCESS', 'TRANSACTION.PAYERROR', 'REFUND.SUCCESS', 'REFUND.ABNORMAL', 'REFUND.CLOSED'] as const
export type PaymentEventType = (typeof PAYMENT_EVENT_TYPES)[number]

/**
 * A WeChat Pay v3 notification as posted: its `resource` is encrypted (AEAD_AES_256_GCM under the
 * merchant's APIv3 key) and the body is signed by the platform (see the signature headers). Open to
 * fields WeChat Pay may add; what the shop reads is in the decrypted resource.
 */
export const PaymentNotificationSchema = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 64 }),
  create_time: Type.String({ maxLength: 40 }),
  event_type: Type.Enum(PAYMENT_EVENT_TYPES),
  resource_type: Type.Literal('encrypt-resource'),
  summary: Type.Optional(Type.String({ maxLength: 64 })),
  resource: Type.Object({
    original_type: Type.String({ maxLength: 32 }),
    algorithm: Type.Literal('AEAD_AES_256_GCM'),
    ciphertext: Type.String({ minLength: 1, maxLength: 65_536 }),
    associated_data: Type.Optional(Type.String({ maxLength: 64 })),
    nonce: Type.String({ minLength: 1, maxLength: 64 }),
  }),
})
export type PaymentNotification = Static<typeof PaymentNotificationSchema>

/**
 * A notification's decrypted resource: a transaction or a refund. WeChat Pay writes null for what it
 * does not have yet (a declined payment has no transaction id or success time).
 */
export const PaymentResourceSchema = Type.Object({
  out_trade_no: Type.String({ minLength: 1, maxLength: 32 }),
  transaction_id: Type.Optional(Nullable(Type.String({ maxLength: 64 }))),
  trade_state: Type.Optional(Nullable(Type.String({ maxLength: 32 }))),
  out_refund_no: Type.Optional(Nullable(Type.String({ maxLength: 64 }))),
  refund_id: Type.Optional(Nullable(Type.String({ maxLength: 64 }))),
  refund_status: Type.Optional(Nullable(Type.String({ maxLength: 32 }))),
  amount: Type.Object({ total: Type.Integer({ minimum: 0 }), refund: Type.Optional(Type.Integer({ minimum: 0 })) }),
  success_time: Type.Optional(Nullable(Type.String({ maxLength: 40 }))),
})
export type PaymentResource = Static<typeof PaymentResourceSchema>

export const PaymentSignatureHeadersSchema = Type.Object({
  'wechatpay-timestamp': Type.String({ pattern: '^[0-9]{1,12}$' }),
  'wechatpay-nonce': Type.String({ minLength: 1, maxLength: 64 }),
  'wechatpay-signature': Type.String({ minLength: 1, maxLength: 1024 }),
  /** the platform certificate's serial number, or the platform public key's id */
  'wechatpay-serial': Type.String({ minLength: 1, maxLength: 64 }),
})
export type PaymentSignatureHeaders = Static<typeof PaymentSignatureHeadersSchema>
