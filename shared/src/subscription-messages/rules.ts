// Mini-program subscription messages (订阅消息): the events the brand may notify, what each event can say, and
// WeChat's per-type limits on a template keyword's value, which every value is cut to before it is sent.

/** The moments a customer may be notified of; each is configured with one of the brand's WeChat templates. */
export const SUBSCRIPTION_EVENTS = ['groupbuy_result', 'order_shipped', 'prize_won', 'commission_settled', 'checkin_reminder', 'coupon_expiring'] as const
export type SubscriptionEvent = (typeof SUBSCRIPTION_EVENTS)[number]

export const SUBSCRIPTION_EVENT_NAMES: Record<SubscriptionEvent, string> = {
  groupbuy_result: '拼团结果',
  order_shipped: '订单发货',
  prize_won: '抽奖中奖',
  commission_settled: '佣金到账',
  checkin_reminder: '签到提醒',
  coupon_expiring: '优惠券即将过期',
}

/** What an event can put into a template: `{name}` in a field's text is replaced by the event's value. */
export const SUBSCRIPTION_EVENT_VARIABLES: Record<SubscriptionEvent, Record<string, string>> = {
  groupbuy_result: { product: '商品名称', result: '拼团结果（拼团成功/拼团失败）', price: '拼团价', note: '结果说明', groupId: '团编号（页面路径用）', orderId: '订单编号' },
  order_shipped: { orderNo: '订单编号', product: '商品名称', carrier: '快递公司', trackingNo: '快递单号', time: '发货时间', orderId: '订单 ID（页面路径用）' },
  prize_won: { lottery: '活动名称', prize: '奖品名称', time: '中奖时间' },
  commission_settled: { amount: '佣金金额', orderNo: '订单编号', time: '到账时间' },
  checkin_reminder: { streak: '已连续签到天数', date: '日期' },
  coupon_expiring: { coupon: '优惠券名称', expiresAt: '到期时间', days: '剩余天数' },
}

/**
 * Where the mini-program asks for subscriptions, and for which events (WeChat shows at most three templates per
 * request). Asking is tied to a tap: after paying, before drawing, on opening the distribution or check-in page.
 */
export const SUBSCRIPTION_MOMENTS = {
  groupbuy_paid: ['groupbuy_result', 'order_shipped'],
  order_paid: ['order_shipped'],
  lottery: ['prize_won'],
  distribution: ['commission_settled'],
  checkin: ['checkin_reminder', 'coupon_expiring'],
} as const satisfies Record<string, readonly SubscriptionEvent[]>
export type SubscriptionMoment = keyof typeof SUBSCRIPTION_MOMENTS

/** The keyword types WeChat's templates use; a keyword is named by its type and a number (`thing1`). */
export const KEYWORD_TYPES = ['thing', 'number', 'letter', 'symbol', 'character_string', 'time', 'date', 'amount', 'phone_number', 'car_number', 'name', 'phrase'] as const
export type KeywordType = (typeof KEYWORD_TYPES)[number]

export const KEYWORD_PATTERN = `^(${KEYWORD_TYPES.join('|')})\\d{1,2}$`

export function keywordTypeOf(keyword: string): KeywordType | null {
  const type = keyword.replace(/\d+$/, '')
  return (KEYWORD_TYPES as readonly string[]).includes(type) ? (type as KeywordType) : null
}

/** The most characters WeChat takes for a keyword type (thing ≤ 20, phrase ≤ 5 汉字 …); absent: a format, not a length. */
export const KEYWORD_MAX_CHARS: Partial<Record<KeywordType, number>> = {
  thing: 20,
  number: 32,
  letter: 32,
  symbol: 5,
  character_string: 32,
  phone_number: 17,
  car_number: 8,
  name: 10,
  phrase: 5,
}

const cut = (value: string, max: number, ellipsis: boolean) => {
  const chars = [...value]
  if (chars.length <= max) return value
  return ellipsis ? `${chars.slice(0, max - 1).join('')}…` : chars.slice(0, max).join('')
}

/**
 * A value cut to what WeChat accepts for the keyword's type: text is shortened (with … where a reader sees it),
 * identifiers keep only the characters the type allows. Dates, times and amounts are formatted by their events.
 */
export function fitKeywordValue(keyword: string, value: string): string {
  const type = keywordTypeOf(keyword)
  const text = value.replace(/\s+/g, ' ').trim()
  switch (type) {
    case 'thing':
      return cut(text, 20, true)
    case 'character_string':
      return cut(text.replace(/[^\x21-\x7e]/g, ''), 32, false)
    case 'number':
      return cut(text.replace(/[^\d.+-]/g, ''), 32, false)
    case 'letter':
      return cut(text.replace(/[^A-Za-z]/g, ''), 32, false)
    case 'phrase':
      return cut(text.replace(/[^\u4e00-\u9fff]/gu, ''), 5, false)
    case 'name':
      return /^[\u4e00-\u9fff]+$/u.test(text) ? cut(text, 10, false) : cut(text, 20, false)
    case 'symbol':
    case 'phone_number':
    case 'car_number':
      return cut(text, KEYWORD_MAX_CHARS[type] as number, false)
    default:
      return text
  }
}

/** A field's text with the event's `{name}` values put in, then fitted to the keyword. */
export function renderKeywordValue(keyword: string, text: string, values: Record<string, string>): string {
  return fitKeywordValue(keyword, text.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole))
}

/** The first `{name}` in a field's text that the event does not provide, if any. */
export function unknownVariable(event: SubscriptionEvent, text: string): string | null {
  for (const [, name] of text.matchAll(/\{(\w+)\}/g)) if (name && !(name in SUBSCRIPTION_EVENT_VARIABLES[event])) return name
  return null
}
