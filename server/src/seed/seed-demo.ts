import type Database from 'better-sqlite3'
import { DEMO_GUIDES, DEMO_TAG_GROUPS, MINI_PROGRAM_ONLY, demoCustomers, demoTagsFor, type DemoCustomer } from './demo-people'
import { DEMO_FOLLOW_UPS, DEMO_PROFILES, DEMO_SCRIPT_CATEGORIES, demoScripts } from './demo-scripts'

interface SeedTarget {
  sqlite: Database.Database
  serverUrl: string
  sandboxUrl: string
  admin: { username: string; password: string }
  /** The brand's mini-program, for mini-program card scripts. */
  wechatAppId: string
}

const DAY_MS = 24 * 3600 * 1000

/** The sandbox's login codes are single use, like Tencent's: every login needs a fresh one. */
const freshCode = (id: string) => `test_${id}~seed-${Date.now()}-${Math.random().toString(36).slice(2)}`

async function call(url: string, init: { method?: string; body?: unknown; token?: string } = {}): Promise<any> {
  const headers: Record<string, string> = init.token ? { authorization: `Bearer ${init.token}` } : {}
  if (init.body !== undefined) headers['content-type'] = 'application/json'
  const response = await fetch(url, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  })
  const text = await response.text()
  if (!response.ok) throw new Error(`${init.method ?? 'POST'} ${url} answered ${response.status}: ${text}`)
  return text ? JSON.parse(text) : null
}

export async function seedDemo({ sqlite, serverUrl, sandboxUrl, admin, wechatAppId }: SeedTarget): Promise<string> {
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
      // They leave a few days after adding, so churn shows up across the dashboard's range.
      const at = new Date(Date.now() - Math.max(0, person.addedDaysAgo - 5) * DAY_MS).toISOString()
      await call(`${sandboxUrl}/sandbox/wecom/contacts/${id}?userId=${first}&by=${by}&at=${encodeURIComponent(at)}`, {
        method: 'DELETE',
      })
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

  const library = await seedScriptLibrary({ sqlite, serverUrl, sandboxUrl, adminToken, wechatAppId })
  const notes = await seedGuideNotes({ sqlite, serverUrl, token: guideTokens.get('guide_li') as string })

  // Guides have been sending scripts: a few per customer, so "most used first" means something.
  const sendsBefore = (sqlite.prepare('select count(*) as n from script_sends').get() as { n: number }).n
  const scriptIdOf = sqlite.prepare('select id from scripts where title = ? and owner_staff_id is null')
  const habits: [string, (position: number) => boolean][] = [
    ['添加好友欢迎语', (i) => i % 3 === 0],
    ['玻尿酸保湿精华介绍', (i) => i % 7 === 0],
    ['七天无理由退货', (i) => i % 11 === 0],
    ['夏季防晒新品海报', (i) => i % 13 === 1],
    ['每日签到领积分', (i) => i % 17 === 2],
  ]
  for (const [position, person] of demoCustomers().entries()) {
    const first = person.guides[0] as string
    if (statusOf(person.who, first) !== 'active') continue
    const { id: externalUserId } = externalIdOf.get(`u_${person.who}`) as { id: string }
    for (const [title, sends] of habits) {
      if (!sends(position)) continue
      const { id } = scriptIdOf.get(title) as { id: number }
      await call(`${serverUrl}/api/sidebar/scripts/${id}/sends`, {
        body: { externalUserId, requestId: `seed-${id}-${person.who}` },
        token: guideTokens.get(first),
      })
    }
  }
  const sent = (sqlite.prepare('select count(*) as n from script_sends').get() as { n: number }).n - sendsBefore

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
    `This run added ${added} relations, ended ${ended}, tagged ${tagged} customers, registered ${consumers} mini-program users, ` +
    `${library.categories} script categories, ${library.scripts} scripts, ${notes} follow-up notes and ${sent} script sends.`
  )
}

/** Categories and scripts through the admin API; what exists (by name, by title) is left alone. */
async function seedScriptLibrary(target: {
  sqlite: Database.Database
  serverUrl: string
  sandboxUrl: string
  adminToken: string
  wechatAppId: string
}): Promise<{ categories: number; scripts: number }> {
  const { sqlite, serverUrl, adminToken } = target
  const categoryIdOf = sqlite.prepare('select id from script_categories where name = ? and parent_id is ?')
  const scriptExists = sqlite.prepare('select 1 from scripts where title = ? and owner_staff_id is null')
  const ids = new Map<string, number>()
  let categories = 0
  let scripts = 0

  const ensureCategory = async (name: string, parentId: number | null, sortOrder: number): Promise<number> => {
    const known = categoryIdOf.get(name, parentId) as { id: number } | undefined
    if (known) return known.id
    categories++
    const created = await call(`${serverUrl}/api/admin/script-categories`, { body: { name, parentId, sortOrder }, token: adminToken })
    return created.id as number
  }
  for (const [order, [top, children]] of Object.entries(DEMO_SCRIPT_CATEGORIES).entries()) {
    const topId = await ensureCategory(top, null, order)
    ids.set(top, topId)
    for (const [childOrder, child] of children.entries()) ids.set(child, await ensureCategory(child, topId, childOrder))
  }

  const library = demoScripts({ imageBase: `${target.sandboxUrl}/sandbox/images`, appId: target.wechatAppId })
  for (const { category, ...script } of library) {
    if (scriptExists.get(script.title)) continue
    await call(`${serverUrl}/api/admin/scripts`, {
      body: { ...script, categoryId: category ? ids.get(category) : null },
      token: adminToken,
    })
    scripts++
  }
  return { categories, scripts }
}

/** Notes (some with a next contact) and profile details guide_li keeps on the showcase customers. */
async function seedGuideNotes({ sqlite, serverUrl, token }: { sqlite: Database.Database; serverUrl: string; token: string }) {
  const customerOf = sqlite.prepare('select id, external_user_id as externalUserId, remark from customers where unionid = ?')
  const noteExists = sqlite.prepare('select 1 from follow_ups where customer_id = ? and content = ?')
  let notes = 0
  for (const [who, content, nextInDays] of DEMO_FOLLOW_UPS) {
    const customer = customerOf.get(`u_${who}`) as { id: number; externalUserId: string }
    if (noteExists.get(customer.id, content)) continue
    const nextContactAt = nextInDays === null ? undefined : new Date(Date.now() + nextInDays * DAY_MS).toISOString()
    await call(`${serverUrl}/api/sidebar/customers/${customer.externalUserId}/follow-ups`, { body: { content, nextContactAt }, token })
    notes++
  }
  for (const [who, profile] of Object.entries(DEMO_PROFILES)) {
    const customer = customerOf.get(`u_${who}`) as { externalUserId: string; remark: string | null }
    if (customer.remark !== null) continue
    await call(`${serverUrl}/api/sidebar/customers/${customer.externalUserId}/profile`, { method: 'PATCH', body: profile, token })
  }
  return notes
}
