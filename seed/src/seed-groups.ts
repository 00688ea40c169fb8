// Demo customer groups: two guides' groups whose members joined and left over the past two weeks
// (the sandbox plays the WeCom client, so every change arrives as a real change_external_chat callback),
// a group live code that brought some of them in, and a group welcome template. Safe to run again: once
// the first demo group exists nothing is repeated.
import { first, type OpenDatabase } from '@liuliang/server/db'
import { call } from './http'

interface GroupsTarget {
  database: OpenDatabase
  serverUrl: string
  sandboxUrl: string
  adminToken: string
}

const DAY_MS = 24 * 3600 * 1000
const daysAgo = (days: number, hour = 11) => {
  const at = new Date(Date.now() - days * DAY_MS)
  at.setUTCHours(hour - 8, 0, 0, 0)
  return at.toISOString()
}

/** Each group: owner, name, the customers (by who) in it from the start, and who joins or leaves later. */
const DEMO_GROUPS = [
  {
    owner: 'guide_li',
    name: '李娜的会员福利群',
    startedDaysAgo: 14,
    members: ['alice', 'bob', 'carol', 'demo003', 'demo006', 'walkin_01'],
    joins: [
      { who: 'dave', daysAgo: 9 },
      { who: 'demo009', daysAgo: 5 },
      { who: 'walkin_02', daysAgo: 2 },
    ],
    leaves: [{ who: 'walkin_01', daysAgo: 4 }],
  },
  {
    owner: 'guide_wang',
    name: '王芳的新品体验群',
    startedDaysAgo: 10,
    members: ['demo001', 'demo004', 'demo007', 'walkin_03'],
    joins: [{ who: 'demo010', daysAgo: 3 }],
    leaves: [{ who: 'demo004', daysAgo: 1 }],
  },
] as const

/** People who scan the group live code (some customers, some not yet). */
const SCANNERS = ['demo012', 'demo015', 'walkin_04', 'walkin_05', 'demo018']

export async function seedGroups({ database, serverUrl, sandboxUrl, adminToken }: GroupsTarget) {
  if (await first(database.query('select 1 from group_chats where name = ?', DEMO_GROUPS[0].name))) return { groups: 0, scans: 0 }
  const sandbox = (path: string, init: { method?: string; body?: unknown } = {}) => call(`${sandboxUrl}/sandbox/wecom${path}`, init)
  const admin = (path: string, body: unknown) => call(`${serverUrl}/api/admin${path}`, { body, token: adminToken })
  // A member's external id: a customer's from their record (their WeChat unionid is u_<who> in the sandbox), anyone else's by name.
  const external = async (who: string) =>
    (
      (await first(database.query<{ id: string }>('select external_user_id as id from customers where unionid = ?', `u_${who}`))) ??
      (await first(database.query<{ id: string }>('select member_id as id from group_chat_members where name = ?', `客户·${who}`)))
    )?.id
  const chats: string[] = []
  for (const group of DEMO_GROUPS) {
    const { chatId } = await sandbox('/group-chats', {
      body: { owner: group.owner, name: group.name, members: group.members.map((who) => ({ who })), at: daysAgo(group.startedDaysAgo) },
    })
    chats.push(chatId)
    const moves = [
      ...group.joins.map((join) => ({ ...join, kind: 'join' as const })),
      ...group.leaves.map((leave) => ({ ...leave, kind: 'leave' as const })),
    ].sort((a, b) => b.daysAgo - a.daysAgo)
    for (const move of moves) {
      if (move.kind === 'join') {
        await sandbox(`/group-chats/${chatId}/members`, { body: { members: [{ who: move.who }], scene: 'invite', at: daysAgo(move.daysAgo) } })
      } else {
        const memberId = await external(move.who)
        if (memberId) await sandbox(`/group-chats/${chatId}/members/${memberId}?by=self&at=${encodeURIComponent(daysAgo(move.daysAgo))}`, { method: 'DELETE' })
      }
    }
  }
  const groupIds: number[] = []
  for (const chatId of chats) {
    const row = await first(database.query<{ id: number }>('select id from group_chats where chat_id = ?', chatId))
    if (row) groupIds.push(Number(row.id))
  }
  const code = await admin('/group-live-codes', { name: '门店海报·进群领券', groupIds, roomBaseName: '会员福利群', roomBaseId: 2 })
  const way = await first(database.query<{ configId: string }>('select config_id as "configId" from group_join_ways where id = ?', code.id))
  for (const [index, who] of SCANNERS.entries()) {
    await sandbox(`/join-ways/${way?.configId}/scans`, { body: { who, at: daysAgo(6 - index) } })
  }
  await admin('/group-welcome-templates', {
    name: '会员群欢迎语',
    text: '欢迎 %NICKNAME% 加入会员福利群！群里每周三有新品试用名额，回复「领券」领取入群礼。',
    attachment: { type: 'link', title: '入群礼：满 99 减 10', url: 'https://example.com/coupons/welcome' },
  })
  return { groups: DEMO_GROUPS.length, scans: SCANNERS.length }
}
