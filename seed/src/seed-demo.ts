import { first, type OpenDatabase } from '@liuliang/server/db'
import { seedLoyalty } from './seed-loyalty'
import { DEMO_GUIDES, DEMO_TAG_GROUPS, MINI_PROGRAM_ONLY, demoCustomers, demoTagsFor, type DemoCustomer } from './demo-people'
import { call, freshCode } from './http'
import { seedAcquisition } from './seed-acquisition'
import { seedInheritance } from './seed-inheritance'
import { seedGroups } from './seed-groups'
import { seedSidebar } from './seed-sidebar'

interface SeedTarget {
  database: OpenDatabase
  serverUrl: string
  sandboxUrl: string
  admin: { username: string; password: string }
  /** The brand's mini-program, for mini-program card scripts. */
  wechatAppId: string
  timeZone: string
}

const DAY_MS = 24 * 3600 * 1000

export async function seedDemo({ database, serverUrl, sandboxUrl, admin, wechatAppId, timeZone }: SeedTarget): Promise<string> {
  const { query } = database
  const statusOf = async (who: string, userId: string) => {
    const follow = await first(
      query<{ status: string }>(
        `select f.status from customer_follows f
         join customers c on c.id = f.customer_id join staff s on s.id = f.staff_id
         where c.unionid = ? and s.user_id = ?`,
        `u_${who}`,
        userId,
      ),
    )
    return follow?.status
  }
  const isConsumer = (openid: string) => first(query('select 1 from customers where openid = ?', openid))
  const externalIdOf = async (unionid: string) =>
    (await first(query<{ id: string }>('select external_user_id as id from customers where unionid = ?', unionid))) as { id: string }

  let added = 0
  let ended = 0
  let consumers = 0

  // Guides sign in so the directory's names are on record; admin_chen may see every customer.
  const guideTokens = new Map<string, string>()
  for (const guide of DEMO_GUIDES) {
    const { token } = await call(`${serverUrl}/api/sidebar/login`, { body: { code: freshCode(guide.userId) } })
    guideTokens.set(guide.userId, token)
    if (guide.isAdmin) await query('update staff set is_admin = true where user_id = ?', guide.userId)
  }

  // Tags through the admin API, so they exist in WeCom (the sandbox) as well.
  const { token: adminToken } = await call(`${serverUrl}/api/admin/login`, { body: admin })
  // The stores and who leads each, read from WeCom now that the demo guides are on record (the server also reads them at start).
  await call(`${serverUrl}/api/admin/departments/sync`, { method: 'POST', token: adminToken })
  const tagIdOf = async (group: string, name: string) =>
    (await first(query<{ id: number }>('select t.id from tags t join tag_groups g on g.id = t.group_id where g.name = ? and t.name = ?', group, name)))?.id
  for (const [groupName, names] of Object.entries(DEMO_TAG_GROUPS)) {
    for (const name of names) {
      if (!(await tagIdOf(groupName, name))) await call(`${serverUrl}/api/admin/tags`, { body: { groupName, name }, token: adminToken })
    }
  }
  const hasTags = (unionid: string) => first(query('select 1 from customer_tags ct join customers c on c.id = ct.customer_id where c.unionid = ?', unionid))
  let tagged = 0

  const addGuide = async (person: DemoCustomer, userId: string, daysAgo: number) => {
    if (await statusOf(person.who, userId)) return
    await call(`${sandboxUrl}/sandbox/wecom/contacts`, {
      body: { userId, who: person.who, name: person.name, at: new Date(Date.now() - daysAgo * DAY_MS).toISOString() },
    })
    added++
  }

  for (const [position, person] of demoCustomers().entries()) {
    for (const [index, userId] of person.guides.entries()) await addGuide(person, userId, person.addedDaysAgo - index)
    const guide = person.guides[0] as string
    if (!(await hasTags(`u_${person.who}`))) {
      const { id } = await externalIdOf(`u_${person.who}`)
      const add = await Promise.all(demoTagsFor(position).map(([group, name]) => tagIdOf(group, name)))
      await call(`${serverUrl}/api/sidebar/customers/${id}/tags`, {
        method: 'PUT',
        body: { add: [...new Set(add)] },
        token: guideTokens.get(guide),
      })
      tagged++
    }
    if ((person.deletesGuide || person.removedByGuide) && (await statusOf(person.who, guide)) === 'active') {
      const { id } = await externalIdOf(`u_${person.who}`)
      const by = person.deletesGuide ? 'customer' : 'staff'
      // They leave a few days after adding, so churn shows up across the dashboard's range.
      const at = new Date(Date.now() - Math.max(0, person.addedDaysAgo - 5) * DAY_MS).toISOString()
      await call(`${sandboxUrl}/sandbox/wecom/contacts/${id}?userId=${guide}&by=${by}&at=${encodeURIComponent(at)}`, {
        method: 'DELETE',
      })
      ended++
    }
    if (person.usesMiniProgram && !(await isConsumer(`o_${person.who}`))) {
      await call(`${serverUrl}/api/mp/login`, { body: { code: freshCode(person.who) } })
      consumers++
    }
  }
  for (const who of MINI_PROGRAM_ONLY) {
    if (await isConsumer(`o_${who}`)) continue
    await call(`${serverUrl}/api/mp/login`, { body: { code: freshCode(who) } })
    consumers++
  }
  const acquisition = await seedAcquisition({ database, serverUrl, sandboxUrl, adminToken, tagIdOf })
  const sidebar = await seedSidebar({ database, serverUrl, sandboxUrl, adminToken, guideTokens, wechatAppId })

  const loyalty = await seedLoyalty({ database, serverUrl, adminToken, timeZone })
  const groups = await seedGroups({ database, serverUrl, sandboxUrl, adminToken })
  const inheritance = await seedInheritance({ database, serverUrl, sandboxUrl, adminToken })

  const totals = (await first(
    query<Record<string, number>>(
      `select (select count(*) from customers) as customers,
              (select count(*) from customer_follows where status = 'active') as active,
              (select count(*) from customer_follows where status != 'active') as ended,
              (select count(*) from customers where openid is not null) as consumers,
              (select count(*) from customer_tags) as tags,
              (select count(*) from live_codes where deleted_at is null) as codes,
              (select count(*) from live_code_adds) as "codeAdds"`,
    ),
  )) as Record<string, number>
  return (
    `Demo data: ${totals.customers} customers (${totals.consumers} use the mini-program), ` +
    `${totals.active} active and ${totals.ended} ended guide relations, ${totals.tags} tags on customers, ` +
    `${totals.codes} live codes with ${totals.codeAdds} adds through them. ` +
    `This run added ${added} relations, ended ${ended}, tagged ${tagged} customers, registered ${consumers} mini-program users, ` +
    `created ${acquisition.codes} live codes and brought ${acquisition.visitors} people through them, ` +
    `added ${sidebar.categories} script categories, ${sidebar.scripts} scripts, ${sidebar.notes} follow-up notes, ${sidebar.sends} script sends and ${sidebar.files} library files; ` +
    `${inheritance.unassigned} customers of a resigned guide wait to be handed over; ` +
    `opened ${groups.groups} customer groups and brought ${groups.scans} people in through a group live code.\n` +
    loyalty
  )
}
