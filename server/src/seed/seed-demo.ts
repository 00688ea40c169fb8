import type Database from 'better-sqlite3'
import { DEMO_GUIDES, MINI_PROGRAM_ONLY, demoCustomers, type DemoCustomer } from './demo-people'

interface SeedTarget {
  sqlite: Database.Database
  serverUrl: string
  sandboxUrl: string
}

const DAY_MS = 24 * 3600 * 1000

/** The sandbox's login codes are single use, like Tencent's: every login needs a fresh one. */
const freshCode = (id: string) => `test_${id}~seed-${Date.now()}-${Math.random().toString(36).slice(2)}`

async function call(url: string, init: { method?: string; body?: unknown } = {}): Promise<unknown> {
  const response = await fetch(url, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: init.body === undefined ? {} : { 'content-type': 'application/json' },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  })
  const text = await response.text()
  if (!response.ok) throw new Error(`${init.method ?? 'POST'} ${url} answered ${response.status}: ${text}`)
  return text ? JSON.parse(text) : null
}

export async function seedDemo({ sqlite, serverUrl, sandboxUrl }: SeedTarget): Promise<string> {
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

  // Guides sign in once so the directory's names are on record; admin_chen may see every customer.
  for (const guide of DEMO_GUIDES) {
    await call(`${serverUrl}/api/sidebar/login`, { body: { code: freshCode(guide.userId) } })
    if (guide.isAdmin) sqlite.prepare('update staff set is_admin = 1 where user_id = ?').run(guide.userId)
  }

  const addGuide = async (person: DemoCustomer, userId: string, daysAgo: number) => {
    if (statusOf(person.who, userId)) return
    await call(`${sandboxUrl}/sandbox/wecom/contacts`, {
      body: { userId, who: person.who, name: person.name, at: new Date(Date.now() - daysAgo * DAY_MS).toISOString() },
    })
    added++
  }

  for (const person of demoCustomers()) {
    for (const [index, userId] of person.guides.entries()) await addGuide(person, userId, person.addedDaysAgo - index)
    const first = person.guides[0] as string
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
              (select count(*) from customers where openid is not null) as consumers`,
    )
    .get() as Record<string, number>
  return (
    `Demo data: ${totals.customers} customers (${totals.consumers} use the mini-program), ` +
    `${totals.active} active and ${totals.ended} ended guide relations. ` +
    `This run added ${added} relations, ended ${ended}, registered ${consumers} mini-program users.`
  )
}
