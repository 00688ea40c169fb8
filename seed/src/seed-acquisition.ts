// Demo acquisition: live codes with their pools, a default and a festival welcome, and people who
// added a guide through the codes (the sandbox assigns whoever the code carries, as WeCom does).
// Safe to run again: what exists (by name, or a person already added) is left as it is.
import { first, type OpenDatabase } from '@liuliang/server/db'
import { DEMO_LIVE_CODES, liveCodeVisitors } from './demo-people'
import { call } from './http'

interface AcquisitionTarget {
  database: OpenDatabase
  serverUrl: string
  sandboxUrl: string
  adminToken: string
  tagIdOf: (group: string, name: string) => Promise<number | undefined>
}

const DAY_MS = 24 * 3600 * 1000

/** 双十一 in Shanghai: the next one that has not ended yet. */
function singlesDay(now = new Date()): { startsAt: string; endsAt: string } {
  const window = (year: number) => ({ startsAt: `${year}-11-01T00:00:00+08:00`, endsAt: `${year}-11-12T00:00:00+08:00` })
  const thisYear = window(now.getUTCFullYear())
  return Date.parse(thisYear.endsAt) > now.getTime() ? thisYear : window(now.getUTCFullYear() + 1)
}

export async function seedAcquisition({ database, serverUrl, sandboxUrl, adminToken, tagIdOf }: AcquisitionTarget) {
  const { query } = database
  const admin = (path: string, body: unknown, method = 'POST') =>
    call(`${serverUrl}/api/admin${path}`, { method, body, token: adminToken })

  // A customer has one level: adding 超级VIP replaces VIP.
  const level = await first(query<{ id: number; exclusive: number | boolean }>('select id, exclusive from tag_groups where name = ?', '客户等级'))
  if (level && !level.exclusive) await admin(`/tag-groups/${level.id}`, { exclusive: true }, 'PATCH')

  const hasMessage = (name: string) => first(query('select 1 from welcome_messages where name = ?', name))
  const messages = [
    {
      name: '默认欢迎语',
      scope: 'default',
      text: '你好 {{customerName}}，我是{{staffName}}，很高兴认识你！新朋友专享券已放进小程序，点开即可领取。',
      attachments: [{ type: 'link', title: '新人礼包', url: `${serverUrl}/mp/`, desc: '点击领取新人专享券' }],
    },
    { name: '双十一欢迎语', scope: 'campaign', ...singlesDay(), text: '{{customerName}}，双十一快乐！我是{{staffName}}，大促清单已经为你备好。' },
  ]
  for (const message of messages) if (!(await hasMessage(message.name))) await admin('/welcome-messages', message)

  const stateOf = (name: string) => first(query<{ state: string }>('select state from live_codes where name = ? and deleted_at is null', name))
  let codes = 0
  for (const { channelTag, ...code } of DEMO_LIVE_CODES) {
    if (await stateOf(code.name)) continue
    const tagId = await tagIdOf('来源渠道', channelTag)
    await admin('/live-codes', { ...code, tagIds: tagId ? [tagId] : [] })
    codes++
  }

  const guideOf = (unionid: string) =>
    first(
      query<{ userId: string; status: string; externalUserId: string }>(
        `select s.user_id as "userId", f.status, c.external_user_id as "externalUserId" from customer_follows f
         join customers c on c.id = f.customer_id join staff s on s.id = f.staff_id where c.unionid = ?`,
        unionid,
      ),
    )
  let visitors = 0
  for (const visitor of liveCodeVisitors()) {
    if (!(await guideOf(`u_${visitor.who}`))) {
      const { state } = (await stateOf(visitor.code)) as { state: string }
      const at = new Date(Date.now() - visitor.addedDaysAgo * DAY_MS).toISOString()
      await call(`${sandboxUrl}/sandbox/wecom/contacts`, { body: { who: visitor.who, name: visitor.name, state, at } })
      visitors++
    }
    const follow = (await guideOf(`u_${visitor.who}`)) as { userId: string; status: string; externalUserId: string }
    if (visitor.deletesGuide && follow.status === 'active') {
      // They leave a couple of days after adding, so the codes' stats show when churn happened.
      const at = new Date(Date.now() - Math.max(0, visitor.addedDaysAgo - 2) * DAY_MS).toISOString()
      const query = new URLSearchParams({ userId: follow.userId, by: 'customer', at })
      await call(`${sandboxUrl}/sandbox/wecom/contacts/${follow.externalUserId}?${query}`, { method: 'DELETE' })
    }
  }
  return { codes, visitors }
}
