// The demo's task fission (任务宝): an activity on the store live code's guides, which carol joined and
// shared; two new friends added a guide through her poster and one of them opened it first, so the
// console shows a funnel and she is at 2/3. Safe to run again: an activity of the same name is left as it is.
import { first, type OpenDatabase } from '@liuliang/server/db'
import { DEMO_LIVE_CODES } from './demo-people'
import { call, freshCode } from './http'

interface SeedTarget {
  database: OpenDatabase
  serverUrl: string
  sandboxUrl: string
  admin: { username: string; password: string }
}

const NAME = '邀 3 位新朋友，得 200 积分'
const INVITER = 'carol'
const FRIENDS = [
  { who: 'fission_friend_1', name: '陈小满' },
  { who: 'fission_friend_2', name: '吴一凡' },
]
const DAY_MS = 24 * 3600 * 1000

export async function seedFission({ database, serverUrl, sandboxUrl, admin }: SeedTarget): Promise<string> {
  const { query } = database
  if (await first(query('select 1 from fission_activities where name = ? and deleted_at is null', NAME))) return '任务宝: already seeded'
  const code = await first(query<{ id: number }>('select id from live_codes where name = ? and deleted_at is null', DEMO_LIVE_CODES[0]?.name))
  if (!code) return '任务宝: skipped (no store live code)'
  const { token: adminToken } = await call(`${serverUrl}/api/admin/login`, { body: admin })
  const activity = await call(`${serverUrl}/api/admin/fission-activities`, {
    token: adminToken,
    body: {
      name: NAME,
      liveCodeId: code.id,
      goal: 3,
      reward: { kind: 'points', points: 200 },
      startsAt: new Date(Date.now() - 2 * DAY_MS).toISOString(),
      endsAt: new Date(Date.now() + 14 * DAY_MS).toISOString(),
      rules: '1. 在小程序生成专属海报，分享给朋友；\n2. 朋友扫码添加我们的门店顾问即为助力成功；\n3. 只计从未添加过门店顾问的新朋友，活动期间删除顾问的助力失效；\n4. 满 3 位即得 200 积分，每人限领一次。',
    },
  })
  const { token } = await call(`${serverUrl}/api/mp/login`, { body: { code: freshCode(INVITER) } })
  const joined = await call(`${serverUrl}/api/mp/fission-activities/${activity.id}/participation`, { token, body: {} })
  const state: string = joined.me.state
  await call(`${serverUrl}/api/mp/fission-posters/${state}/views`, { token, body: {} })
  const friend = FRIENDS[0] as (typeof FRIENDS)[number]
  const { token: friendToken } = await call(`${serverUrl}/api/mp/login`, { body: { code: freshCode(friend.who) } })
  await call(`${serverUrl}/api/mp/fission-posters/${state}/views`, { token: friendToken, body: {} })
  for (const { who, name } of FRIENDS) await call(`${sandboxUrl}/sandbox/wecom/contacts`, { body: { who, name, state } })
  return `任务宝: 「${NAME}」, ${INVITER} invited ${FRIENDS.length} of 3`
}
