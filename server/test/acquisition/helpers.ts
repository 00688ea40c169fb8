// Speaking to the stack as the console admin, as WeCom's API (through the sandbox) and as the
// customers who scan live codes.
import { afterAll, beforeAll, expect } from 'vitest'
import { login, request, startStack, type Stack } from '../support/stack'

export type Json = Record<string, any>

export async function adminApi(stack: Stack) {
  const { token } = await login.admin(stack)
  return (method: string, path: string, body?: unknown) =>
    request(`${stack.appUrl}/api/admin${path}`, { method, body, token })
}

export type AdminApi = Awaited<ReturnType<typeof adminApi>>

async function wecomToken(stack: Stack): Promise<string> {
  const { corpId, secret } = stack.config.wecom
  return (await request(`${stack.sandboxUrl}/cgi-bin/gettoken?corpid=${corpId}&corpsecret=${secret}`)).body.access_token
}

/** A WeCom customer-contact API call against the sandbox, as any app of the corp would make it. */
export async function wecomApi(stack: Stack, api: string, body: unknown): Promise<Json> {
  return (await request(`${stack.sandboxUrl}/cgi-bin/externalcontact/${api}?access_token=${await wecomToken(stack)}`, { body })).body
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

/** One column of a query's rows. */
async function column(stack: Stack, query: string, param: unknown): Promise<string[]> {
  return (await stack.query<Record<string, string>>(query, param)).map((row) => Object.values(row)[0] as string)
}

const FOLLOWING_GUIDES = `select s.user_id from customer_follows f join staff s on s.id = f.staff_id
  join customers c on c.id = f.customer_id where c.external_user_id = ? order by f.id`
const TAG_NAMES = `select t.name from customer_tags ct join tags t on t.id = ct.tag_id
  join customers c on c.id = ct.customer_id where c.external_user_id = ? order by t.id`

export const guidesOf = (stack: Stack, externalUserId: string) => column(stack, FOLLOWING_GUIDES, externalUserId)
export const tagNamesOf = (stack: Stack, externalUserId: string) => column(stack, TAG_NAMES, externalUserId)

export async function customerIdOf(stack: Stack, externalUserId: string): Promise<number> {
  return (await stack.one<{ id: number }>('select id from customers where external_user_id = ?', externalUserId)).id
}

/** The corp tag ids WeCom holds on one guide's follow of the customer. */
export async function wecomTagsOn(stack: Stack, externalUserId: string, userId: string): Promise<string[]> {
  const query = new URLSearchParams({ access_token: await wecomToken(stack), external_userid: externalUserId })
  const contact = (await request(`${stack.sandboxUrl}/cgi-bin/externalcontact/get?${query}`)).body
  const follow = contact.follow_user.find((f: Json) => f.userid === userId)
  return (follow?.tags ?? []).map((tag: Json) => tag.tag_name)
}

/** Tags created through the admin API, so they exist in WeCom too; in order. */
export async function createTags(api: AdminApi, groupName: string, names: string[]): Promise<Json[]> {
  const created: Json[] = []
  for (const name of names) created.push(await create(api, '/tags', { groupName, name }))
  return created
}

/** POSTs through the admin API, which must answer 201 with what it created. */
export async function create(api: AdminApi, path: string, body: unknown): Promise<Json> {
  const reply = await api('POST', path, body)
  expect(reply.status, JSON.stringify(reply.body)).toBe(201)
  return reply.body
}

/** A stack with an admin logged in to the console API. */
export async function startAdminStack(...options: Parameters<typeof startStack>) {
  const stack = await startStack(...options)
  return { stack, api: await adminApi(stack) }
}

/** One such stack for a test file; read `.stack` and `.api` inside the tests. */
export function adminStackForFile() {
  const file = {} as Awaited<ReturnType<typeof startAdminStack>>
  beforeAll(async () => {
    Object.assign(file, await startAdminStack())
  })
  afterAll(() => file.stack.close())
  return file
}
