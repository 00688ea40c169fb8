import { Type, type Static } from 'typebox'
import { Nullable } from '../common/nullable'
import { Instant } from '../common/schema-parts'
import { KEYWORD_PATTERN, SUBSCRIPTION_EVENTS, SUBSCRIPTION_MOMENTS, type SubscriptionEvent } from './rules'

export const MINIPROGRAM_STATES = ['developer', 'trial', 'formal'] as const
/** `queued`: a daily reminder or notice written out, waiting for its turn to be sent (the subscription is spent then). */
export const SUBSCRIPTION_SEND_STATUSES = ['queued', 'pending', 'sent', 'not_subscribed', 'failed', 'unanswered'] as const
export type SubscriptionSendStatus = (typeof SUBSCRIPTION_SEND_STATUSES)[number]
export const SUBSCRIPTION_SEND_STATUS_NAMES: Record<SubscriptionSendStatus, string> = {
  queued: '排队中',
  pending: '发送中',
  sent: '已送达',
  not_subscribed: '用户未订阅',
  failed: '发送失败',
  unanswered: '结果未知',
}

/** One keyword of the template and the text it carries; `{name}` is replaced by the event's value. */
export const SubscriptionFieldSchema = Type.Object(
  {
    keyword: Type.String({ pattern: KEYWORD_PATTERN, maxLength: 24, description: 'the keyword as the template names it, e.g. thing1' }),
    text: Type.String({ minLength: 1, maxLength: 100 }),
  },
  { additionalProperties: false },
)

/** The brand's WeChat template for one event; an empty templateId leaves the event unsent. */
export const SubscriptionTemplateSchema = Type.Object(
  {
    templateId: Type.String({ maxLength: 64, pattern: '^[A-Za-z0-9_-]*$', description: 'priTmplId from the mini-program admin; empty: off' }),
    page: Type.String({ maxLength: 256, pattern: '^([A-Za-z0-9_-]+(/[A-Za-z0-9_{}-]+)*(\\?[^\\s#]*)?)?$', description: 'opened on tap, without a leading slash' }),
    fields: Type.Array(SubscriptionFieldSchema, { maxItems: 10 }),
  },
  { additionalProperties: false },
)
export type SubscriptionTemplate = Static<typeof SubscriptionTemplateSchema>

export const SubscriptionSettingsSchema = Type.Object(
  {
    miniprogramState: Type.Enum(MINIPROGRAM_STATES, { description: 'which version of the mini-program a tap opens' }),
    checkinReminderHour: Type.Integer({ minimum: 0, maximum: 23, description: 'business-time hour of the daily check-in reminder' }),
    couponNoticeDays: Type.Integer({ minimum: 1, maximum: 30, description: 'coupons expiring within this many days are announced' }),
    templates: Type.Object(
      Object.fromEntries(SUBSCRIPTION_EVENTS.map((event) => [event, SubscriptionTemplateSchema])) as Record<SubscriptionEvent, typeof SubscriptionTemplateSchema>,
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
)
export type SubscriptionSettings = Static<typeof SubscriptionSettingsSchema>

const fields = (entries: Record<string, string>) => Object.entries(entries).map(([keyword, text]) => ({ keyword, text }))

/** Keywords as WeChat's public library names them for these titles; the brand fills in its own template ids. */
export const DEFAULT_SUBSCRIPTION_SETTINGS: SubscriptionSettings = {
  miniprogramState: 'formal',
  checkinReminderHour: 20,
  couponNoticeDays: 3,
  templates: {
    groupbuy_result: {
      templateId: '',
      page: 'packages/groupbuy/group/index?id={groupId}',
      fields: fields({ thing1: '{product}', phrase2: '{result}', amount3: '{price}', thing4: '{note}' }),
    },
    order_shipped: {
      templateId: '',
      page: 'packages/orders/detail/index?id={orderId}',
      fields: fields({ character_string1: '{orderNo}', thing2: '{product}', thing3: '{carrier}', character_string4: '{trackingNo}' }),
    },
    prize_won: {
      templateId: '',
      page: 'packages/lottery/prizes/index',
      fields: fields({ thing1: '{lottery}', thing2: '{prize}', time3: '{time}', thing4: '奖品已放入「我的奖品」，快去看看' }),
    },
    commission_settled: {
      templateId: '',
      page: 'packages/distribution/index',
      fields: fields({ amount1: '{amount}', character_string2: '{orderNo}', time3: '{time}', thing4: '佣金已到账，可申请提现' }),
    },
    checkin_reminder: {
      templateId: '',
      page: 'packages/checkin/index',
      fields: fields({ thing1: '每日签到领积分', number2: '{streak}', thing3: '今天还没签到，别让连签断了' }),
    },
    coupon_expiring: {
      templateId: '',
      page: 'packages/coupons/index',
      fields: fields({ thing1: '{coupon}', date2: '{expiresAt}', thing3: '还有{days}天过期，记得使用' }),
    },
  },
}

/** The moment the mini-program is at; answered with the template ids configured for it. */
export const SubscriptionMomentQuerySchema = Type.Object(
  { moment: Type.Enum(Object.keys(SUBSCRIPTION_MOMENTS) as (keyof typeof SUBSCRIPTION_MOMENTS)[]) },
  { additionalProperties: false },
)
export type SubscriptionMomentQuery = Static<typeof SubscriptionMomentQuerySchema>
export const SubscriptionMomentTemplatesSchema = Type.Object({ templateIds: Type.Array(Type.String()) })
export type SubscriptionMomentTemplates = Static<typeof SubscriptionMomentTemplatesSchema>

/** What wx.requestSubscribeMessage answered, template id → accept | reject | ban | filter. */
export const SubscriptionResultsRequestSchema = Type.Object(
  {
    results: Type.Record(Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' }), Type.Enum(['accept', 'reject', 'ban', 'filter']), {
      maxProperties: 10,
      additionalProperties: false,
    }),
  },
  { additionalProperties: false },
)
export type SubscriptionResultsRequest = Static<typeof SubscriptionResultsRequestSchema>

export const SubscriptionGrantSchema = Type.Object({ event: Type.Enum(SUBSCRIPTION_EVENTS), templateId: Type.String(), remaining: Type.Integer() })
export type SubscriptionGrant = Static<typeof SubscriptionGrantSchema>
export const SubscriptionGrantsSchema = Type.Object({ grants: Type.Array(SubscriptionGrantSchema) })
export type SubscriptionGrants = Static<typeof SubscriptionGrantsSchema>

export const SubscriptionSendSchema = Type.Object({
  id: Type.Integer(),
  customerId: Type.Integer(),
  customerName: Nullable(Type.String()),
  event: Type.Enum(SUBSCRIPTION_EVENTS),
  templateId: Type.String(),
  page: Nullable(Type.String()),
  data: Type.Record(Type.String(), Type.String()),
  status: Type.Enum(SUBSCRIPTION_SEND_STATUSES),
  errcode: Nullable(Type.Integer()),
  error: Nullable(Type.String()),
  createdAt: Instant,
  sentAt: Nullable(Instant),
})
export type SubscriptionSend = Static<typeof SubscriptionSendSchema>

export const SubscriptionSendsQuerySchema = Type.Object(
  {
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    event: Type.Optional(Type.Enum(SUBSCRIPTION_EVENTS)),
    status: Type.Optional(Type.Enum(SUBSCRIPTION_SEND_STATUSES)),
    customerId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647 })),
  },
  { additionalProperties: false },
)
export type SubscriptionSendsQuery = Static<typeof SubscriptionSendsQuerySchema>

/** One of the brand's templates as WeChat lists them, with its keywords. */
export const WechatTemplateSchema = Type.Object({
  templateId: Type.String(),
  title: Type.String(),
  keywords: Type.Array(Type.Object({ keyword: Type.String(), label: Type.String() })),
})
export type WechatTemplate = Static<typeof WechatTemplateSchema>
export const WechatTemplatesSchema = Type.Object({ items: Type.Array(WechatTemplateSchema) })
