// Sends every route the app registers bad input in each place it takes input (path params, query
// string, body): NUL and other control characters, overlong text, wrong types, huge numbers,
// impossible dates, deep nesting and undeclared fields. Nothing may answer 5xx; what must be refused
// is refused with the error shape; and no request changes anything stored. The routes come from the
// app itself (an onRoute hook on every Fastify instance), so a new route is swept as soon as it exists,
// and its schemas are checked to be closed and bounded before anything is sent.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { RouteOptions } from 'fastify'
import { INT_MAX } from '@liuliang/shared'
import { addContact, login, request, startStack, type Stack } from '../support/stack'

interface RouteEntry {
  method: string
  url: string
  schema: { params?: Schema; querystring?: Schema; body?: Schema }
}

const routeTables = vi.hoisted(() => new WeakMap<object, RouteEntry[]>())

vi.mock('fastify', async (importOriginal) => {
  const actual = await importOriginal<typeof import('fastify')>()
  const create = ((options?: object) => {
    const instance = actual.default(options)
    const table: RouteEntry[] = []
    routeTables.set(instance, table)
    instance.addHook('onRoute', (route: RouteOptions) => {
      for (const method of [route.method].flat()) {
        table.push({ method, url: route.url, schema: (route.schema ?? {}) as RouteEntry['schema'] })
      }
    })
    return instance
  }) as unknown as typeof actual.default
  return { ...actual, default: create }
})

// ---- JSON Schema as the shared schemas spell it ----

interface Schema {
  type?: string
  properties?: Record<string, Schema>
  required?: string[]
  items?: Schema
  anyOf?: Schema[]
  enum?: unknown[]
  const?: unknown
  format?: string
  pattern?: string
  minLength?: number
  maxLength?: number
  minimum?: number
  maximum?: number
  minItems?: number
  maxItems?: number
  maxProperties?: number
  additionalProperties?: unknown
  patternProperties?: Record<string, Schema>
  default?: unknown
  not?: unknown
}

/** Values that satisfy the patterns the shared schemas use; a string field takes the first its pattern accepts. */
const PATTERN_SAMPLES = [
  'abc',
  'guide_li',
  'ABCDEFGH',
  '2026-03',
  '2026-03-10',
  '12:00',
  '13800138000',
  'https://example.com/a.png',
  'wx0123456789abcdef',
  'pages/index.html',
  '12345678',
]

/** A value the schema accepts; objects carry their required fields only. */
function sample(schema: Schema): unknown {
  if (schema.const !== undefined) return schema.const
  if (schema.enum) return schema.enum[0]
  if (schema.anyOf) return sample(schema.anyOf.find((branch) => branch.type !== 'null') ?? schema.anyOf[0]!)
  switch (schema.type) {
    case 'object':
      return Object.fromEntries((schema.required ?? []).map((key) => [key, sample(schema.properties![key]!)]))
    case 'array':
      return Array.from({ length: schema.minItems ?? 0 }, (_, i) => sampleItem(schema.items!, i))
    case 'integer':
    case 'number':
      return Math.min(Math.max(1, schema.minimum ?? 1), schema.maximum ?? Infinity)
    case 'boolean':
      return true
    case 'null':
      return null
    case 'string': {
      if (schema.format === 'date') return '2026-03-10'
      if (schema.format === 'date-time') return '2026-03-10T08:00:00.000Z'
      if (schema.pattern) {
        const pattern = new RegExp(schema.pattern, 'u')
        const found = PATTERN_SAMPLES.find((candidate) => pattern.test(candidate) && candidate.length >= (schema.minLength ?? 0))
        if (found) return found
      }
      return 'a'.repeat(Math.max(schema.minLength ?? 1, 1))
    }
    default:
      return 'a'
  }
}

/** Distinct items, so arrays with uniqueItems hold. */
function sampleItem(items: Schema, index: number): unknown {
  const value = sample(items)
  return typeof value === 'number' ? value + index : value
}

const branches = (schema: Schema): Schema[] => schema.anyOf?.flatMap(branches) ?? [schema]
const typesOf = (schema: Schema) => new Set(branches(schema).map((branch) => (branch.enum || branch.const !== undefined ? 'enum' : branch.type)))
const isDateField = (schema: Schema) =>
  branches(schema).some((branch) => branch.format === 'date' || branch.format === 'date-time' || /\\d\{4\}-/.test(branch.pattern ?? ''))

interface Case {
  label: string
  value: unknown
  /** the server must answer 4xx; otherwise anything but 5xx will do */
  refuse: boolean
}

const IMPOSSIBLE_DATES = ['2026-11-31', '2026-02-29', '2026-13-01', '2026-00-10', '2026-02-30T08:00:00Z', '2026-12-31T23:59:60Z', '2026-06-30T24:00:00Z']
const HUGE_NUMBERS = [2 ** 31, -(2 ** 31) - 1, 2 ** 53 + 2, 1e308, -1e308]

/** Bad values for one field of a JSON body. */
function bodyCases(schema: Schema): Case[] {
  const types = typesOf(schema)
  const textual = types.has('string') || types.has('enum')
  const numeric = types.has('integer') || types.has('number')
  const cases: Case[] = [
    { label: 'NUL', value: 'a\u0000b', refuse: true },
    { label: 'control characters', value: 'a\u0001\u0008\u001b\u007fb', refuse: true },
    { label: 'overlong text', value: 'x'.repeat(10_000), refuse: true },
    { label: 'an object', value: { nested: [1, 2] }, refuse: !types.has('object') },
    { label: 'an array', value: [[1], { a: 1 }], refuse: !types.has('array') },
    { label: 'a boolean', value: true, refuse: !types.has('boolean') },
    { label: 'null', value: null, refuse: !types.has('null') },
    { label: 'a number', value: 12, refuse: !numeric },
  ]
  if (!textual) cases.push({ label: 'a numeric string', value: '12', refuse: true })
  if (numeric || !textual) {
    for (const huge of HUGE_NUMBERS) cases.push({ label: `huge number ${huge}`, value: huge, refuse: true })
    cases.push({ label: 'a fraction', value: 1.5, refuse: !types.has('number') })
  }
  if (isDateField(schema)) for (const date of IMPOSSIBLE_DATES) cases.push({ label: `impossible date ${date}`, value: date, refuse: true })
  return cases
}

/** Bad values for one path or query parameter (always text on the wire). */
function parameterCases(schema: Schema): Case[] {
  const types = typesOf(schema)
  const textual = types.has('string') && !(schema.enum || schema.const !== undefined)
  const numeric = types.has('integer') || types.has('number')
  const cases: Case[] = [
    { label: 'NUL', value: 'a\u0000b', refuse: true },
    { label: 'control characters', value: 'a\u0001\u0008\u001b\u007fb', refuse: true },
    { label: 'overlong text', value: 'x'.repeat(10_000), refuse: true },
    { label: 'a word', value: 'abc', refuse: !textual },
    { label: 'a fraction', value: '1.5', refuse: !textual && !types.has('number') },
    { label: 'a negative number', value: '-1', refuse: !textual && (schema.minimum ?? -1) >= 0 },
  ]
  // The last two are huge numbers in the shape of the lists' cursors.
  for (const huge of ['2147483648', '-2147483649', '99999999999999999999', '1e308', '999999999999.999999999999999', '999999999999999:999999999999999']) {
    cases.push({ label: `huge number ${huge}`, value: huge, refuse: numeric })
  }
  if (isDateField(schema)) for (const date of IMPOSSIBLE_DATES) cases.push({ label: `impossible date ${date}`, value: date, refuse: true })
  return cases
}

type Path = (string | number)[]

/** Every field of a body, nested ones too (an array's first item stands for all). */
function* fields(schema: Schema, path: Path = []): Generator<{ path: Path; schema: Schema }> {
  for (const branch of branches(schema)) {
    if (branch.type === 'object' && branch.properties) {
      for (const [key, child] of Object.entries(branch.properties)) {
        yield { path: [...path, key], schema: child }
        yield* fields(child, [...path, key])
      }
    }
    if (branch.type === 'array' && branch.items) {
      yield { path: [...path, 0], schema: branch.items }
      yield* fields(branch.items, [...path, 0])
    }
    if (branch.type === 'object' || branch.type === 'array') return
  }
}

/** Every object of a body where an unknown field could be slipped in. */
function* objects(schema: Schema, path: Path = []): Generator<Path> {
  const object = branches(schema).find((branch) => branch.type === 'object')
  if (object) {
    yield path
    for (const [key, child] of Object.entries(object.properties ?? {})) yield* objects(child, [...path, key])
  }
  const array = branches(schema).find((branch) => branch.type === 'array')
  if (array?.items) yield* objects(array.items, [...path, 0])
}

/** The body's sample with `value` at `path`, the containers along the way sampled too. */
function withValue(schema: Schema, path: Path, value: unknown): unknown {
  if (path.length === 0) return value
  const [head, ...rest] = path
  const object = branches(schema).find((branch) => branch.type === 'object')
  const array = branches(schema).find((branch) => branch.type === 'array')
  if (typeof head === 'number' && array) return [withValue(array.items!, rest, value)]
  const base = (sample(object ?? schema) ?? {}) as Record<string, unknown>
  return { ...base, [head as string]: withValue(object?.properties?.[head as string] ?? {}, rest, value) }
}

/**
 * Where a schema leaves a door open: an object taking fields it does not declare (bodies only), or a
 * value without bounds (text without a length, a number beyond what a column holds, a list without a size).
 */
function* openings(schema: Schema, path: string, closed: boolean): Generator<string> {
  if (schema.anyOf) {
    for (const branch of schema.anyOf) yield* openings(branch, path, closed)
    return
  }
  if (schema.enum || schema.const !== undefined) return
  switch (schema.type) {
    case 'object':
      if (closed && schema.additionalProperties !== false) yield `${path || '(the body)'} takes undeclared fields`
      if (schema.patternProperties && schema.maxProperties === undefined) yield `${path} has no maxProperties`
      for (const [key, child] of Object.entries(schema.properties ?? {})) yield* openings(child, `${path}/${key}`, closed)
      for (const child of Object.values(schema.patternProperties ?? {})) yield* openings(child, `${path}/*`, closed)
      return
    case 'array':
      if (schema.maxItems === undefined) yield `${path} has no maxItems`
      if (schema.items) yield* openings(schema.items, `${path}/0`, closed)
      return
    case 'integer':
    case 'number': {
      const { minimum, maximum } = schema
      if (minimum === undefined || maximum === undefined || minimum < -INT_MAX || maximum > INT_MAX) yield `${path} is not bounded within ±${INT_MAX}`
      return
    }
    case 'string':
      if (schema.maxLength === undefined) yield `${path} has no maxLength`
  }
}

// ---- The stack, people and things to point at ----

let stack: Stack
let routes: RouteEntry[]
const tokens: Record<string, string> = {}
/** Path parameter values that name something that exists. */
const existing: Record<string, string> = {}

beforeAll(async () => {
  stack = await startStack()
  routes = (routeTables.get(stack.app) ?? []).filter((route) => route.method !== 'HEAD' && !route.url.startsWith('/docs'))
  tokens['/api/mp/'] = (await login.consumer(stack, 'sweeper')).token
  tokens['/api/sidebar/'] = (await login.staff(stack, 'guide_li')).token
  tokens['/api/admin/'] = (await login.admin(stack)).token
  existing.externalUserId = await addContact(stack, 'sweepee', 'guide_li')
  const admin = (path: string, body: unknown) => request(`${stack.appUrl}/api/admin${path}`, { token: tokens['/api/admin/'], body })
  // One of each thing an admin route edits, so a request that got through would have something to change.
  const created = [
    await admin('/products', { name: '样品', priceFen: 1000, stock: 10 }),
    await admin('/coupon-templates', { name: '样券', kind: 'amount_off', amountOffFen: 100, thresholdFen: 0, validDays: 7 }),
    await admin('/mall/items', { name: '样品券', kind: 'coupon', couponTemplateId: 1, pointsPrice: 10, stock: 5, perUserLimit: 1 }),
    await admin('/lotteries', {
      name: '样抽',
      startsAt: '2026-01-01T00:00:00.000Z',
      endsAt: '2036-01-01T00:00:00.000Z',
      costPoints: 1,
      freeDrawsPerDay: 1,
      maxDrawsPerUser: 5,
      prizes: [{ name: '积分', type: 'points', points: 5, weight: 1, stock: 5 }],
    }),
    await admin('/groupbuys', { productId: 1, groupSize: 2, priceFen: 800, durationMinutes: 60, stock: 5 }),
    await admin('/tags', { groupName: '样组', name: '样签' }),
    await admin('/script-categories', { name: '样类' }),
    await admin('/scripts', { type: 'text', title: '样话', content: '你好' }),
    await admin('/group-welcome-templates', { name: '样欢迎', text: '欢迎 %NICKNAME%' }),
    await admin('/shop/categories', { name: '样类目' }),
    await admin('/shop/banners', { imageUrl: 'https://example.com/a.png', linkType: 'category', linkId: 1 }),
  ]
  for (const reply of created) expect(reply.status, JSON.stringify(reply.body)).toBeLessThan(300)
  // The sweeper's own cart line and address, so a shop request that got through would have something to change.
  const mine = (path: string, body: unknown) => request(`${stack.appUrl}/api/mp${path}`, { token: tokens['/api/mp/'], body })
  for (const reply of [
    await mine('/cart/items', { skuId: 1, quantity: 1 }),
    await mine('/addresses', { name: '样人', phone: '13800138000', region: '样区', detail: '样路 1 号' }),
  ]) {
    expect(reply.status, JSON.stringify(reply.body)).toBeLessThan(300)
  }
  // A customer group (created in the WeCom client, so its callback brings it in) and a live code over it.
  const group = await request(`${stack.sandboxUrl}/sandbox/wecom/group-chats`, { body: { owner: 'guide_li', name: '样群', members: [{ who: 'sweepee' }] } })
  existing.chatId = group.body.chatId
  const liveCode = await admin('/group-live-codes', { name: '样群码', groupIds: [1], roomBaseName: '样群' })
  expect(liveCode.status, JSON.stringify(liveCode.body)).toBe(201)
})
afterAll(() => stack?.close())

/** Everything stored, table by table, but what moves by itself (rate-limit windows, the periodic syncs' rounds). */
async function snapshot(): Promise<Record<string, string>> {
  const names = stack.database.startsWith('postgres')
    ? (await stack.query<{ name: string }>("select tablename as name from pg_tables where schemaname = current_schema() order by 1")).map((row) => row.name)
    : (await stack.query<{ name: string }>("select name from sqlite_master where type = 'table' order by 1")).map((row) => row.name)
  const dumped: Record<string, string> = {}
  // The audit log keeps every admin request a service refused, on purpose: who tried what, and the answer.
  for (const name of names.filter((name) => !['rate_limit_windows', 'periodic_rounds', 'audit_entries'].includes(name))) {
    const rows = name === 'sqlite_sequence' ? `select * from "${name}" where name <> 'audit_entries'` : `select * from "${name}"`
    dumped[name] = JSON.stringify(await stack.query(`${rows} order by 1`))
  }
  return dumped
}

const tokenFor = (url: string) => Object.entries(tokens).find(([prefix]) => url.startsWith(prefix))?.[1]

/** The route's URL with each path parameter filled: `override` for one, something sensible for the rest. */
function pathOf(route: RouteEntry, override?: { name: string; value: string }) {
  return route.url.replace(/:(\w+)/g, (_, name: string) => {
    if (override?.name === name) return encodeURIComponent(override.value)
    return encodeURIComponent(existing[name] ?? String(sample(route.schema.params?.properties?.[name] ?? { type: 'integer' })))
  })
}

const queryOf = (values: Record<string, unknown>) =>
  Object.keys(values).length === 0 ? '' : `?${new URLSearchParams(Object.entries(values).map(([k, v]): [string, string] => [k, String(v)]))}`

const failures: string[] = []
/** A sweep sends thousands of requests. */
const SWEEP_TIMEOUT = 300_000

async function send(route: RouteEntry, where: string, url: string, body: unknown, expectation: Case) {
  const label = `${route.method} ${route.url} ${where}: ${expectation.label}`
  let reply: Awaited<ReturnType<typeof request<any>>>
  try {
    reply = await request(`${stack.appUrl}${url}`, { method: route.method, token: tokenFor(route.url), body })
  } catch (error) {
    failures.push(`${label} → no answer (${String(error)})`)
    return
  }
  const shaped = typeof reply.body?.error?.code === 'string' && typeof reply.body.error.message === 'string' && reply.body.error.message.length > 0
  if (reply.status >= 500) failures.push(`${label} → ${reply.status} ${JSON.stringify(reply.body)}`)
  else if (expectation.refuse && reply.status < 400) failures.push(`${label} → accepted with ${reply.status}`)
  else if (reply.status >= 400 && !shaped) failures.push(`${label} → ${reply.status} without the error shape: ${JSON.stringify(reply.body)}`)
}

/** Runs one route's requests and checks that nothing stored moved. */
async function sweep(route: RouteEntry, requests: () => Promise<void>) {
  const before = await snapshot()
  await requests()
  const after = await snapshot()
  const changed = Object.keys(after).filter((table) => after[table] !== before[table])
  if (changed.length > 0) failures.push(`${route.method} ${route.url}: bad input changed what is stored in ${changed.join(', ')}`)
}

describe('bad input on every route', () => {
  it('finds the routes in the app itself', () => {
    const names = routes.map((route) => `${route.method} ${route.url}`)
    expect(names).toEqual(expect.arrayContaining(['POST /api/mp/checkins/makeup', 'PATCH /api/admin/lotteries/:id', 'GET /api/sidebar/scripts']))
    expect(routes.filter((route) => route.url.startsWith('/api/')).length).toBeGreaterThan(100)
  })

  it('gives every route closed bodies and bounded values in its schemas', () => {
    const open = routes.flatMap((route) =>
      (['params', 'querystring', 'body'] as const).flatMap((part) => {
        const schema = route.schema[part]
        // A payment provider's notification may gain fields; its signature vouches for it.
        if (!schema || route.url.startsWith('/payments/')) return []
        return [...openings(schema, '', part === 'body')].map((where) => `${route.method} ${route.url} ${part}${where}`)
      }),
    )
    expect(open, open.join('\n')).toEqual([])
  })

  it('refuses bad path parameters', async () => {
    for (const route of routes.filter((route) => route.schema.params?.properties)) {
      await sweep(route, async () => {
        for (const [name, schema] of Object.entries(route.schema.params!.properties!)) {
          for (const bad of parameterCases(schema).filter((bad) => bad.refuse || route.method === 'GET')) {
            const body = route.schema.body ? sample(route.schema.body) : undefined
            await send(route, `path :${name}`, pathOf(route, { name, value: String(bad.value) }), body, bad)
          }
        }
      })
    }
    const found = failures.splice(0)
    expect(found, found.join('\n')).toEqual([])
  }, SWEEP_TIMEOUT)

  it('refuses bad query strings', async () => {
    for (const route of routes.filter((route) => route.schema.querystring?.properties)) {
      const query = route.schema.querystring!
      await sweep(route, async () => {
        for (const [name, schema] of Object.entries(query.properties!)) {
          for (const bad of parameterCases(schema).filter((bad) => bad.refuse || route.method === 'GET')) {
            const values = { ...(sample(query) as Record<string, unknown>), [name]: bad.value }
            await send(route, `query ${name}`, `${pathOf(route)}${queryOf(values)}`, route.schema.body ? sample(route.schema.body) : undefined, bad)
          }
        }
      })
    }
    const found = failures.splice(0)
    expect(found, found.join('\n')).toEqual([])
  }, SWEEP_TIMEOUT)

  it('refuses bad bodies, field by field, and fields no schema declares', async () => {
    for (const route of routes.filter((route) => route.schema.body && branches(route.schema.body).some((b) => b.type === 'object'))) {
      const schema = route.schema.body!
      await sweep(route, async () => {
        for (const field of fields(schema)) {
          // A value the field may take is not bad input: sent, it would rightly be stored.
          for (const bad of bodyCases(field.schema).filter((bad) => bad.refuse)) {
            await send(route, `body ${field.path.join('.')}`, pathOf(route), withValue(schema, field.path, bad.value), bad)
          }
        }
        // Nesting far deeper than a call stack, as the whole body and as each field (written out: no stringify goes that deep).
        const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`
        for (const key of [null, ...Object.keys(branches(schema).find((branch) => branch.type === 'object')?.properties ?? {})]) {
          const body = key === null ? deep : `{${JSON.stringify(key)}:${deep}}`
          await send(route, `body ${key ?? '(top)'}`, pathOf(route), body, { label: 'nesting 100 000 deep', value: undefined, refuse: true })
        }
        for (const path of objects(schema)) {
          const unknown = { label: 'an undeclared field', value: undefined, refuse: true }
          const body = withValue(schema, path, { ...(sample(pathTo(schema, path)) as object), undeclared: 1 })
          await send(route, `body ${path.join('.') || '(top)'}`, pathOf(route), body, unknown)
        }
      })
    }
    const found = failures.splice(0)
    expect(found, found.join('\n')).toEqual([])
  }, SWEEP_TIMEOUT)
})

/** The schema found at a path of a body. */
function pathTo(schema: Schema, path: Path): Schema {
  let current = schema
  for (const step of path) {
    const next = branches(current).find((branch) => (typeof step === 'number' ? branch.type === 'array' : branch.type === 'object'))
    current = typeof step === 'number' ? next!.items! : next!.properties![step]!
  }
  return current
}
