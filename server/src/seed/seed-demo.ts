import type Database from 'better-sqlite3'
import { call, freshCode } from './http'
import { DEMO_GUIDES, DEMO_TAG_GROUPS, MINI_PROGRAM_ONLY, demoCustomers, demoTagsFor, type DemoCustomer } from './demo-people'

interface SeedTarget {
  sqlite: Database.Database
  serverUrl: string
  sandboxUrl: string
  admin: { username: string; password: string }
}

const DAY_MS = 24 * 3600 * 1000

export async function seedDemo({ sqlite, serverUrl, sandboxUrl, admin }: SeedTarget): Promise<string> {
  const followStatus = sqlite.prepare(
    `select f.status from customer_follows f
     join customers c on c.id = f.customer_id join staff s on s.id = f.staff_id
     where c.unionid = ? and s.user_id = ?`,
  )
  const statusOf = (who: string, userId: string) =>
    (followStatus.get(`u_${who}`, userId) as { status: string } | undefined)?.status
  const isConsumer = sqlite.prepare('select 1 from customers where openid = ?')
  const externalIdOf = sqlite.prepare('select external_user_id as id from customers where unionid = ?')

  let added = 0
  let ended = 0
  let consumers = 0

  // Guides sign in so the directory's names are on record; admin_chen may see every customer.
  const guideTokens = new Map<string, string>()
  for (const guide of DEMO_GUIDES) {
    const { token } = await call(`${serverUrl}/api/sidebar/login`, { body: { code: freshCode(guide.userId) } })
    guideTokens.set(guide.userId, token)
    if (guide.isAdmin) sqlite.prepare('update staff set is_admin = 1 where user_id = ?').run(guide.userId)
  }

  // Tags through the admin API, so they exist in WeCom (the sandbox) as well.
  const { token: adminToken } = await call(`${serverUrl}/api/admin/login`, { body: admin })
  const tagIdOf = (group: string, name: string) =>
    (
      sqlite
        .prepare('select t.id from tags t join tag_groups g on g.id = t.group_id where g.name = ? and t.name = ?')
        .get(group, name) as { id: number } | undefined
    )?.id
  for (const [groupName, names] of Object.entries(DEMO_TAG_GROUPS)) {
    for (const name of names) {
      if (!tagIdOf(groupName, name)) await call(`${serverUrl}/api/admin/tags`, { body: { groupName, name }, token: adminToken })
    }
  }
  const hasTags = sqlite.prepare('select 1 from customer_tags ct join customers c on c.id = ct.customer_id where c.unionid = ?')
  let tagged = 0

  const addGuide = async (person: DemoCustomer, userId: string, daysAgo: number) => {
    if (statusOf(person.who, userId)) return
    await call(`${sandboxUrl}/sandbox/wecom/contacts`, {
      body: { userId, who: person.who, name: person.name, at: new Date(Date.now() - daysAgo * DAY_MS).toISOString() },
    })
    added++
  }

  for (const [position, person] of demoCustomers().entries()) {
    for (const [index, userId] of person.guides.entries()) await addGuide(person, userId, person.addedDaysAgo - index)
    const first = person.guides[0] as string
    if (!hasTags.get(`u_${person.who}`)) {
      const { id } = externalIdOf.get(`u_${person.who}`) as { id: string }
      const add = demoTagsFor(position).map(([group, name]) => tagIdOf(group, name))
      await call(`${serverUrl}/api/sidebar/customers/${id}/tags`, {
        method: 'PUT',
        body: { add: [...new Set(add)] },
        token: guideTokens.get(first),
      })
      tagged++
    }
    if ((person.deletesGuide || person.removedByGuide) && statusOf(person.who, first) === 'active') {
      const { id } = externalIdOf.get(`u_${person.who}`) as { id: string }
      const by = person.deletesGuide ? 'customer' : 'staff'
      await call(`${sandboxUrl}/sandbox/wecom/contacts/${id}?userId=${first}&by=${by}`, { method: 'DELETE' })
      ended++
    }
    if (person.usesMiniProgram && !isConsumer.get(`o_${person.who}`)) {
      await call(`${serverUrl}/api/mp/login`, { body: { code: freshCode(person.who) } })
      consumers++
    }
  }
  for (const who of MINI_PROGRAM_ONLY) {
    if (isConsumer.get(`o_${who}`)) continue
    await call(`${serverUrl}/api/mp/login`, { body: { code: freshCode(who) } })
    consumers++
  }

  const totals = sqlite
    .prepare(
      `select (select count(*) from customers) as customers,
              (select count(*) from customer_follows where status = 'active') as active,
              (select count(*) from customer_follows where status != 'active') as ended,
              (select count(*) from customers where openid is not null) as consumers,
              (select count(*) from customer_tags) as tags`,
    )
    .get() as Record<string, number>
  return (
    `Demo data: ${totals.customers} customers (${totals.consumers} use the mini-program), ` +
    `${totals.active} active and ${totals.ended} ended guide relations, ${totals.tags} tags on customers. ` +
    `This run added ${added} relations, ended ${ended}, tagged ${tagged} customers, registered ${consumers} mini-program users.`
  )
}
