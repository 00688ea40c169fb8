// The sidebar's demo data: the brand's script library, guide_li's notes and profile details on the
// showcase customers, and script sends per customer so the library's "most used" order is real.
import type Database from 'better-sqlite3'
import { demoCustomers } from './demo-people'
import { DEMO_FOLLOW_UPS, DEMO_PROFILES, DEMO_SCRIPT_CATEGORIES, demoScripts } from './demo-scripts'
import { call } from './http'

const DAY_MS = 24 * 3600 * 1000

interface SidebarSeedTarget {
  sqlite: Database.Database
  serverUrl: string
  sandboxUrl: string
  adminToken: string
  guideTokens: ReadonlyMap<string, string>
  /** The brand's mini-program, for mini-program card scripts. */
  wechatAppId: string
}

/** Which scripts guides have sent to which customers, by the customer's position in the demo list. */
const SEND_HABITS: [string, (position: number) => boolean][] = [
  ['添加好友欢迎语', (i) => i % 3 === 0],
  ['玻尿酸保湿精华介绍', (i) => i % 7 === 0],
  ['七天无理由退货', (i) => i % 11 === 0],
  ['夏季防晒新品海报', (i) => i % 13 === 1],
  ['每日签到领积分', (i) => i % 17 === 2],
]

/** Safe to run again: categories, scripts and notes are looked up first, and sends reuse their request ids. */
export async function seedSidebar(target: SidebarSeedTarget) {
  const library = await seedScriptLibrary(target)
  const notes = await seedGuideNotes(target)
  const sends = await seedScriptSends(target)
  return { ...library, notes, sends }
}

async function seedScriptLibrary({ sqlite, serverUrl, sandboxUrl, adminToken, wechatAppId }: SidebarSeedTarget) {
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

  for (const { category, ...script } of demoScripts({ imageBase: `${sandboxUrl}/sandbox/images`, appId: wechatAppId })) {
    if (scriptExists.get(script.title)) continue
    await call(`${serverUrl}/api/admin/scripts`, { body: { ...script, categoryId: category ? ids.get(category) : null }, token: adminToken })
    scripts++
  }
  return { categories, scripts }
}

async function seedGuideNotes({ sqlite, serverUrl, guideTokens }: SidebarSeedTarget) {
  const token = guideTokens.get('guide_li') as string
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

async function seedScriptSends({ sqlite, serverUrl, guideTokens }: SidebarSeedTarget) {
  const sentSoFar = () => (sqlite.prepare('select count(*) as n from script_sends').get() as { n: number }).n
  const before = sentSoFar()
  const scriptIdOf = sqlite.prepare('select id from scripts where title = ? and owner_staff_id is null')
  // Only to customers who still have the guide: a guide cannot send into a chat that has ended.
  const activeContact = sqlite.prepare(
    `select c.external_user_id as externalUserId from customers c
     join customer_follows f on f.customer_id = c.id join staff s on s.id = f.staff_id
     where c.unionid = ? and s.user_id = ? and f.status = 'active'`,
  )
  for (const [position, person] of demoCustomers().entries()) {
    const guide = person.guides[0] as string
    const contact = activeContact.get(`u_${person.who}`, guide) as { externalUserId: string } | undefined
    if (!contact) continue
    for (const [title, sends] of SEND_HABITS) {
      if (!sends(position)) continue
      const { id } = scriptIdOf.get(title) as { id: number }
      await call(`${serverUrl}/api/sidebar/scripts/${id}/sends`, {
        body: { externalUserId: contact.externalUserId, requestId: `seed-${id}-${person.who}` },
        token: guideTokens.get(guide),
      })
    }
  }
  return sentSoFar() - before
}
