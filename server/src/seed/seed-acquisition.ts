// Demo acquisition: live codes with their pools, a default and a festival welcome, and people who
// added a guide through the codes (the sandbox assigns whoever the code carries, as WeCom does).
// Safe to run again: what exists (by name, or a person already added) is left as it is.
import type Database from 'better-sqlite3'
import { DEMO_LIVE_CODES, liveCodeVisitors } from './demo-people'
import { call } from './http'

interface AcquisitionTarget {
  sqlite: Database.Database
  serverUrl: string
  sandboxUrl: string
  adminToken: string
  tagIdOf: (group: string, name: string) => number | undefined
}

const DAY_MS = 24 * 3600 * 1000

/** 双十一 in Shanghai: the next one that has not ended yet. */
function singlesDay(now = new Date()): { startsAt: string; endsAt: string } {
  const window = (year: number) => ({ startsAt: `${year}-11-01T00:00:00+08:00`, endsAt: `${year}-11-12T00:00:00+08:00` })
  const thisYear = window(now.getUTCFullYear())
  return Date.parse(thisYear.endsAt) > now.getTime() ? thisYear : window(now.getUTCFullYear() + 1)
}

export async function seedAcquisition({ sqlite, serverUrl, sandboxUrl, adminToken, tagIdOf }: AcquisitionTarget) {
  const admin = (path: string, body: unknown, method = 'POST') =>
    call(`${serverUrl}/api/admin${path}`, { method, body, token: adminToken })

  // A customer has one level: adding 超级VIP replaces VIP.
  const level = sqlite.prepare('select id, exclusive from tag_groups where name = ?').get('客户等级') as
    | { id: number; exclusive: number }
    | undefined
  if (level && !level.exclusive) await admin(`/tag-groups/${level.id}`, { exclusive: true }, 'PATCH')

  const hasMessage = sqlite.prepare('select 1 from welcome_messages where name = ?')
  const messages = [
    {
      name: '默认欢迎语',
      scope: 'default',
      text: '你好 {{customerName}}，我是{{staffName}}，很高兴认识你！新朋友专享券已放进小程序，点开即可领取。',
      attachments: [{ type: 'link', title: '新人礼包', url: `${serverUrl}/mp/`, desc: '点击领取新人专享券' }],
    },
    { name: '双十一欢迎语', scope: 'campaign', ...singlesDay(), text: '{{customerName}}，双十一快乐！我是{{staffName}}，大促清单已经为你备好。' },
  ]
  for (const message of messages) if (!hasMessage.get(message.name)) await admin('/welcome-messages', message)

  const stateOf = sqlite.prepare('select state from live_codes where name = ? and deleted_at is null')
  let codes = 0
  for (const { channelTag, ...code } of DEMO_LIVE_CODES) {
    if (stateOf.get(code.name)) continue
    const tagId = tagIdOf('来源渠道', channelTag)
    await admin('/live-codes', { ...code, tagIds: tagId ? [tagId] : [] })
    codes++
  }

  const guideOf = sqlite.prepare(
    `select s.user_id as userId, f.status, c.external_user_id as externalUserId from customer_follows f
     join customers c on c.id = f.customer_id join staff s on s.id = f.staff_id where c.unionid = ?`,
  )
  let visitors = 0
  for (const visitor of liveCodeVisitors()) {
    if (!guideOf.get(`u_${visitor.who}`)) {
      const { state } = stateOf.get(visitor.code) as { state: string }
      const at = new Date(Date.now() - visitor.addedDaysAgo * DAY_MS).toISOString()
      await call(`${sandboxUrl}/sandbox/wecom/contacts`, { body: { who: visitor.who, name: visitor.name, state, at } })
      visitors++
    }
    const follow = guideOf.get(`u_${visitor.who}`) as { userId: string; status: string; externalUserId: string }
    if (visitor.deletesGuide && follow.status === 'active') {
      // They leave a couple of days after adding, so the codes' stats show when churn happened.
      const at = new Date(Date.now() - Math.max(0, visitor.addedDaysAgo - 2) * DAY_MS).toISOString()
      const query = new URLSearchParams({ userId: follow.userId, by: 'customer', at })
      await call(`${sandboxUrl}/sandbox/wecom/contacts/${follow.externalUserId}?${query}`, { method: 'DELETE' })
    }
  }
  return { codes, visitors }
}
