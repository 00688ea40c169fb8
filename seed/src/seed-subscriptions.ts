// The demo's subscription messages: each event configured with the template of the same title among the brand's
// templates in WeChat (the sandbox's), the showcase consumers subscribed to all of them as if they had tapped 允许,
// and a few mini-program users trying the wheel with their free draw, the winner told, so the console's 订阅消息 page
// has a send to show. Safe to run again: a brand
// whose templates are configured already is left as it is.
import { SUBSCRIPTION_EVENTS, type SubscriptionEvent, type SubscriptionSettings, type WechatTemplate } from '@liuliang/shared'
import { MINI_PROGRAM_ONLY, SHOWCASE_CONSUMERS } from './demo-people'
import { call, freshCode } from './http'

interface SeedTarget {
  serverUrl: string
  sandboxUrl: string
  admin: { username: string; password: string }
}

const TITLES: Record<SubscriptionEvent, string> = {
  groupbuy_result: '拼团结果通知',
  order_shipped: '订单发货通知',
  prize_won: '中奖结果通知',
  commission_settled: '佣金到账提醒',
  checkin_reminder: '签到提醒',
  coupon_expiring: '优惠券到期提醒',
}
const LOTTERY = '周末幸运转盘'
/** Mini-program users who try the wheel (the showcase consumers' draws are left to whoever tours the demo). */
const DRAWERS = MINI_PROGRAM_ONLY.slice(6)

export async function seedSubscriptions({ serverUrl, sandboxUrl, admin }: SeedTarget): Promise<string> {
  const { token: adminToken } = await call(`${serverUrl}/api/admin/login`, { body: admin })
  const asAdmin = (path: string, init: { method?: string; body?: unknown } = {}) => call(`${serverUrl}/api/admin${path}`, { token: adminToken, ...init })
  const settings: SubscriptionSettings = await asAdmin('/subscription-messages/settings')
  if (SUBSCRIPTION_EVENTS.some((event) => settings.templates[event].templateId)) return 'Subscription messages: configured already'

  const wechat: WechatTemplate[] = (await asAdmin('/subscription-messages/wechat-templates')).items
  const templates = { ...settings.templates }
  for (const event of SUBSCRIPTION_EVENTS) {
    const found = wechat.find((template) => template.title === TITLES[event])
    if (found) templates[event] = { ...templates[event], templateId: found.templateId }
  }
  await asAdmin('/subscription-messages/settings', { method: 'PUT', body: { ...settings, miniprogramState: 'developer', templates } })
  const templateIds = [...new Set(SUBSCRIPTION_EVENTS.map((event) => templates[event].templateId).filter(Boolean))]

  // WeChat holds the subscription; the mini-program tells the server what the customer accepted.
  const subscribe = async (who: string) => {
    await call(`${sandboxUrl}/sandbox/wechat/subscriptions`, { body: { who, templateIds } })
    const { token } = await call(`${serverUrl}/api/mp/login`, { body: { code: freshCode(who) } })
    await call(`${serverUrl}/api/mp/subscriptions`, { token, body: { results: Object.fromEntries(templateIds.map((id) => [id, 'accept'])) } })
    return token as string
  }
  for (const who of SHOWCASE_CONSUMERS) await subscribe(who)

  const lottery = ((await asAdmin('/lotteries')).items as { id: number; name: string }[]).find((item) => item.name === LOTTERY)
  let winner: string | null = null
  for (const who of lottery ? DRAWERS : []) {
    const token = await subscribe(who)
    // A draw the wheel refuses (today's free draw used up on an earlier run) just leaves the demo without the message.
    const result = await call(`${serverUrl}/api/mp/lotteries/${(lottery as { id: number }).id}/draws`, { token, method: 'POST' }).catch(() => null)
    const prize = result?.draw.prize as { name: string; type: string } | null | undefined
    if (prize && prize.type !== 'thanks') {
      winner = `${who} won ${prize.name} and was told`
      break
    }
  }
  return `Subscription messages: ${templateIds.length} templates configured, ${SHOWCASE_CONSUMERS.length} consumers subscribed${winner ? `, ${winner}` : ''}`
}
