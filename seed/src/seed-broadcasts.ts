// The demo's customer broadcasts: one 李娜 has confirmed in WeCom (its results read back), one 王芳 has not
// yet (so the console shows who to remind), and a customer-group broadcast planned for tomorrow morning.
// Safe to run again: a brand with broadcasts is left as it is.
import type { BroadcastDetail, BroadcastPage } from '@liuliang/shared'
import { call } from './http'

interface SeedTarget {
  serverUrl: string
  sandboxUrl: string
  admin: { username: string; password: string }
}

/** WeCom hands a broadcast out for a few seconds before its results can be read (41063). */
const DISPATCH_MS = 1500

export async function seedBroadcasts({ serverUrl, sandboxUrl, admin }: SeedTarget): Promise<string> {
  const { token } = await call(`${serverUrl}/api/admin/login`, { body: admin })
  const asAdmin = (path: string, body?: unknown) => call(`${serverUrl}/api/admin${path}`, { token, ...(body === undefined ? {} : { body }) })
  const existing: BroadcastPage = await asAdmin('/broadcasts')
  if (existing.items.length > 0) return 'Broadcasts: seeded already'
  /** A send that outlasts the server's wait is answered under way: its tasks come when it settles. */
  const compose = async (body: unknown): Promise<BroadcastDetail> => {
    let broadcast: BroadcastDetail = await asAdmin('/broadcasts', body)
    while (broadcast.status === 'sending') {
      await new Promise((resolve) => setTimeout(resolve, 500))
      broadcast = await asAdmin(`/broadcasts/${broadcast.id}`)
    }
    return broadcast
  }

  const spring = await compose({
    name: '春季会员日',
    chatType: 'single',
    filter: { staffUserIds: ['guide_li'] },
    text: '春季会员日来啦！本周六全场会员 9 折，到店还有小礼物，期待见到您～',
    attachments: [{ type: 'link', title: '春季会员日活动详情', url: 'https://example.com/spring-member-day', desc: '会员专享 9 折，周六一天' }],
  })
  // 李娜 taps 发送 in 群发助手; the results are read once WeCom has them.
  for (const task of spring.tasks.filter((t) => t.msgid)) {
    await call(`${sandboxUrl}/sandbox/wecom/group-messages/${task.msgid}/send`, { body: { userId: task.staff.userId } })
  }
  await new Promise((resolve) => setTimeout(resolve, DISPATCH_MS))
  const synced: BroadcastDetail = await asAdmin(`/broadcasts/${spring.id}/sync`, {})

  const invite = await compose({
    name: '新品体验邀请',
    chatType: 'single',
    filter: { staffUserIds: ['guide_wang'] },
    text: '新品到店，邀请您来体验，回复「预约」为您留位～',
    attachments: [],
  })

  const tomorrow = new Date(Date.now() + 24 * 3600 * 1000)
  tomorrow.setUTCHours(2, 0, 0, 0)
  await compose({
    name: '群内早安福利',
    chatType: 'group',
    ownerUserIds: ['guide_li'],
    text: '早安！今天群内下单满 199 减 20，群友专享～',
    attachments: [],
    sendAt: tomorrow.toISOString(),
  })
  return `Broadcasts: 春季会员日 delivered to ${synced.counts.sent} of ${synced.counts.recipients}, 新品体验邀请 waits for ${invite.counts.staff} guide, a group broadcast planned for tomorrow 10:00`
}
