// The sidebar's demo data: the brand's script library, guide_li's notes and profile details on the
// showcase customers, script sends per customer so the library's "most used" order is real, and the
// brand's book on the library's 文件 shelf.
import { readFileSync } from 'node:fs'
import { first, type OpenDatabase } from '@liuliang/server/db'
import { demoCustomers } from './demo-people'
import { DEMO_FOLLOW_UPS, DEMO_PROFILES, DEMO_SCRIPT_CATEGORIES, demoScripts } from './demo-scripts'
import { call } from './http'

const DAY_MS = 24 * 3600 * 1000

interface SidebarSeedTarget {
  database: OpenDatabase
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
  const brochure = await seedBrochure(target)
  const library = await seedScriptLibrary(target, brochure.id)
  const notes = await seedGuideNotes(target)
  const sends = await seedScriptSends(target)
  return { ...library, notes, sends, files: brochure.added }
}

/** The brand's book, a document guides send into chats from the library's 文件 shelf or as a script. */
async function seedBrochure({ serverUrl, adminToken }: SidebarSeedTarget): Promise<{ id: number; added: number }> {
  const title = '留量品牌手册'
  const listed: { items: { id: number }[] } = await call(`${serverUrl}/api/admin/materials/files?kind=file&q=${encodeURIComponent(title)}`, { token: adminToken })
  if (listed.items[0]) return { id: listed.items[0].id, added: 0 }
  const query = new URLSearchParams({ fileName: `${title}.pdf`, title })
  const uploaded = await call(`${serverUrl}/api/admin/materials/files?${query}`, {
    token: adminToken,
    raw: { contentType: 'application/octet-stream', data: readFileSync(new URL('../assets/brand-brochure.pdf', import.meta.url)) },
  })
  return { id: uploaded.id as number, added: 1 }
}

async function seedScriptLibrary({ database, serverUrl, sandboxUrl, adminToken, wechatAppId }: SidebarSeedTarget, brochureId: number) {
  const categoryIdOf = (name: string, parentId: number | null) =>
    first(database.query<{ id: number }>('select id from script_categories where name = ? and parent_id is not distinct from ?', name, parentId))
  const scriptExists = (title: string) => first(database.query('select 1 from scripts where title = ? and owner_staff_id is null', title))
  const ids = new Map<string, number>()
  let categories = 0
  let scripts = 0

  const ensureCategory = async (name: string, parentId: number | null, sortOrder: number): Promise<number> => {
    const known = await categoryIdOf(name, parentId)
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

  for (const { category, ...script } of demoScripts({ imageBase: `${sandboxUrl}/sandbox/images`, appId: wechatAppId, brochureId })) {
    if (await scriptExists(script.title)) continue
    await call(`${serverUrl}/api/admin/scripts`, { body: { ...script, categoryId: category ? ids.get(category) : null }, token: adminToken })
    scripts++
  }
  return { categories, scripts }
}

async function seedGuideNotes({ database, serverUrl, guideTokens }: SidebarSeedTarget) {
  const token = guideTokens.get('guide_li') as string
  const customerOf = async (unionid: string) =>
    (await first(
      database.query<{ id: number; externalUserId: string; remark: string | null }>(
        'select id, external_user_id as "externalUserId", remark from customers where unionid = ?',
        unionid,
      ),
    )) as { id: number; externalUserId: string; remark: string | null }
  const noteExists = (customerId: number, content: string) =>
    first(database.query('select 1 from follow_ups where customer_id = ? and content = ?', customerId, content))
  let notes = 0
  for (const [who, content, nextInDays] of DEMO_FOLLOW_UPS) {
    const customer = await customerOf(`u_${who}`)
    if (await noteExists(customer.id, content)) continue
    const nextContactAt = nextInDays === null ? undefined : new Date(Date.now() + nextInDays * DAY_MS).toISOString()
    await call(`${serverUrl}/api/sidebar/customers/${customer.externalUserId}/follow-ups`, { body: { content, nextContactAt }, token })
    notes++
  }
  for (const [who, profile] of Object.entries(DEMO_PROFILES)) {
    const customer = await customerOf(`u_${who}`)
    if (customer.remark !== null) continue
    await call(`${serverUrl}/api/sidebar/customers/${customer.externalUserId}/profile`, { method: 'PATCH', body: profile, token })
  }
  return notes
}

async function seedScriptSends({ database, serverUrl, guideTokens }: SidebarSeedTarget) {
  const sentSoFar = async () => ((await first(database.query<{ n: number }>('select count(*) as n from script_sends'))) as { n: number }).n
  const before = await sentSoFar()
  const scriptIdOf = async (title: string) =>
    (await first(database.query<{ id: number }>('select id from scripts where title = ? and owner_staff_id is null', title))) as { id: number }
  // Only to customers who still have the guide: a guide cannot send into a chat that has ended.
  const activeContact = (unionid: string, userId: string) =>
    first(
      database.query<{ externalUserId: string }>(
        `select c.external_user_id as "externalUserId" from customers c
         join customer_follows f on f.customer_id = c.id join staff s on s.id = f.staff_id
         where c.unionid = ? and s.user_id = ? and f.status = 'active'`,
        unionid,
        userId,
      ),
    )
  for (const [position, person] of demoCustomers().entries()) {
    const guide = person.guides[0] as string
    const contact = await activeContact(`u_${person.who}`, guide)
    if (!contact) continue
    for (const [title, sends] of SEND_HABITS) {
      if (!sends(position)) continue
      const { id } = await scriptIdOf(title)
      await call(`${serverUrl}/api/sidebar/scripts/${id}/sends`, {
        body: { externalUserId: contact.externalUserId, requestId: `seed-${id}-${person.who}` },
        token: guideTokens.get(guide),
      })
    }
  }
  return (await sentSoFar()) - before
}
