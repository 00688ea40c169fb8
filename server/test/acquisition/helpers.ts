// Speaking to the stack as the console admin, as WeCom's API (through the sandbox) and as the
// customers who scan live codes.
import { login, request, type Stack } from '../support/stack'

export type Json = Record<string, any>

export async function adminApi(stack: Stack) {
  const { token } = await login.admin(stack)
  return (method: string, path: string, body?: unknown) =>
    request(`${stack.appUrl}/api/admin${path}`, { method, body, token })
}

export type AdminApi = Awaited<ReturnType<typeof adminApi>>

/** A WeCom customer-contact API call against the sandbox, as any app of the corp would make it. */
export async function wecomApi(stack: Stack, api: string, body: unknown): Promise<Json> {
  const { corpId, secret } = stack.config.wecom
  const token = (await request(`${stack.sandboxUrl}/cgi-bin/gettoken?corpid=${corpId}&corpsecret=${secret}`)).body.access_token
  return (await request(`${stack.sandboxUrl}/cgi-bin/externalcontact/${api}?access_token=${token}`, { body })).body
}

/** What the server sent through WeCom's APIs, newest first. */
export async function sent(stack: Stack, api: string): Promise<Json[]> {
  return (await request(`${stack.sandboxUrl}/sandbox/wecom/messages?api=${api}`)).body.items.map((item: Json) => item.body)
}

/** Person `who` adds a guide: the one named, or through the live code with `state`, whoever WeCom assigns. */
export async function scan(stack: Stack, who: string, input: { state?: string; userId?: string; at?: string }) {
  const reply = await request(`${stack.sandboxUrl}/sandbox/wecom/contacts`, { body: { who, ...input } })
  if (reply.status !== 201) throw new Error(`sandbox refused the add: ${JSON.stringify(reply.body)}`)
  return reply.body as { externalUserId: string; welcomeCode: string }
}

export function guidesOf(stack: Stack, externalUserId: string): string[] {
  const rows = stack.app.sqlite
    .prepare(
      `select s.user_id from customer_follows f join staff s on s.id = f.staff_id
       join customers c on c.id = f.customer_id where c.external_user_id = ? order by f.id`,
    )
    .all(externalUserId) as { user_id: string }[]
  return rows.map((row) => row.user_id)
}

export function tagNamesOf(stack: Stack, externalUserId: string): string[] {
  const rows = stack.app.sqlite
    .prepare(
      `select t.name from customer_tags ct join tags t on t.id = ct.tag_id
       join customers c on c.id = ct.customer_id where c.external_user_id = ? order by t.id`,
    )
    .all(externalUserId) as { name: string }[]
  return rows.map((row) => row.name)
}

export function customerIdOf(stack: Stack, externalUserId: string): number {
  return (stack.app.sqlite.prepare('select id from customers where external_user_id = ?').get(externalUserId) as { id: number }).id
}

/** The corp tag ids WeCom holds on one guide's follow of the customer. */
export async function wecomTagsOn(stack: Stack, externalUserId: string, userId: string): Promise<string[]> {
  const { corpId, secret } = stack.config.wecom
  const token = (await request(`${stack.sandboxUrl}/cgi-bin/gettoken?corpid=${corpId}&corpsecret=${secret}`)).body.access_token
  const contact = (
    await request(`${stack.sandboxUrl}/cgi-bin/externalcontact/get?access_token=${token}&external_userid=${externalUserId}`)
  ).body
  const follow = contact.follow_user.find((f: Json) => f.userid === userId)
  return (follow?.tags ?? []).map((tag: Json) => tag.tag_name)
}

/** Tags created through the admin API, so they exist in WeCom too; in order. */
export async function createTags(api: AdminApi, groupName: string, names: string[]): Promise<Json[]> {
  const created: Json[] = []
  for (const name of names) {
    const reply = await api('POST', '/tags', { groupName, name })
    if (reply.status !== 201) throw new Error(`tag not created: ${JSON.stringify(reply.body)}`)
    created.push(reply.body)
  }
  return created
}
