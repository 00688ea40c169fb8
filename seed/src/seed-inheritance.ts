// Demo inheritance: 孙丽 (guide_sun) looked after a few customers, wrote notes and a reminder, ran a
// customer group for them, then resigned. Her customers wait on WeCom's unassigned list and her group
// for a new owner, for an admin to hand them to another guide in the console (客户继承 → 离职继承). Safe to run again: once she has resigned nothing is repeated.
import { first, type OpenDatabase } from '@liuliang/server/db'
import { call, freshCode } from './http'

interface InheritanceTarget {
  database: OpenDatabase
  serverUrl: string
  sandboxUrl: string
  adminToken: string
}

const DAY_MS = 24 * 3600 * 1000
export const RESIGNED_GUIDE = 'guide_sun'
export const RESIGNED_GUIDE_GROUP = '孙丽的老客群'

/** Her customers: who, name, and the note she left (with a reminder in days, or none). */
export const RESIGNED_GUIDE_CUSTOMERS: readonly [string, string, string, number | null][] = [
  ['heir_qin', '秦小雨', '敏感肌，只用无香型；下月新品到了告诉她', 5],
  ['heir_song', '宋佳怡', '买过两次礼盒，送妈妈的', null],
  ['heir_tang', '唐悦', '想参加下一次拼团，留意开团通知', 2],
]

export async function seedInheritance({ database, serverUrl, sandboxUrl, adminToken }: InheritanceTarget) {
  const resigned = await first(
    database.query('select 1 from staff_departures d join staff s on s.id = d.staff_id where s.user_id = ?', RESIGNED_GUIDE),
  )
  if (resigned) return { resignedGuides: 0, unassigned: 0 }
  const { token } = await call(`${serverUrl}/api/sidebar/login`, { body: { code: freshCode(RESIGNED_GUIDE) } })
  for (const [index, [who, name, content, nextInDays]] of RESIGNED_GUIDE_CUSTOMERS.entries()) {
    const known = await first(
      database.query<{ id: string }>(
        `select c.external_user_id as id from customers c join customer_follows f on f.customer_id = c.id
         join staff s on s.id = f.staff_id where c.unionid = ? and s.user_id = ?`,
        `u_${who}`,
        RESIGNED_GUIDE,
      ),
    )
    const externalUserId =
      known?.id ??
      (
        await call(`${sandboxUrl}/sandbox/wecom/contacts`, {
          body: { userId: RESIGNED_GUIDE, who, name, at: new Date(Date.now() - (60 + index * 7) * DAY_MS).toISOString() },
        })
      ).externalUserId
    const nextContactAt = nextInDays === null ? undefined : new Date(Date.now() + nextInDays * DAY_MS).toISOString()
    await call(`${serverUrl}/api/sidebar/customers/${externalUserId}/follow-ups`, { body: { content, nextContactAt }, token })
  }
  const hasGroup = await first(database.query('select 1 from group_chats where name = ?', RESIGNED_GUIDE_GROUP))
  if (!hasGroup) {
    const members = RESIGNED_GUIDE_CUSTOMERS.map(([who]) => ({ who }))
    await call(`${sandboxUrl}/sandbox/wecom/group-chats`, { body: { owner: RESIGNED_GUIDE, name: RESIGNED_GUIDE_GROUP, members } })
  }
  await call(`${sandboxUrl}/sandbox/wecom/members/${RESIGNED_GUIDE}/resign`, { body: { at: new Date(Date.now() - DAY_MS).toISOString() } })
  const synced = await call(`${serverUrl}/api/admin/inheritance/resigned/sync`, { method: 'POST', token: adminToken })
  return { resignedGuides: synced.resignedGuides as number, unassigned: synced.unassignedCustomers as number }
}
