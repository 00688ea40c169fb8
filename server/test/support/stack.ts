// Starts what production runs, on free ports: the sandbox and the server as real HTTP servers over
// a fresh database: a SQLite file, or a database of its own on the test run's PostgreSQL cluster when
// the suites run on PostgreSQL.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildApp, type App, type BuildAppOptions } from '../../src/app'
import { loadConfig, processDatabaseEngine, type Config } from '../../src/env'
import { createTestDatabase } from './postgres'
import type { SandboxOptions } from '@liuliang/sandbox'
import { startSandbox } from './sandbox'

export interface Stack {
  app: App
  config: Config
  appUrl: string
  sandboxUrl: string
  /** the database's location: a SQLite file path, or a postgres:// URL */
  database: string
  /** Raw SQL with `?` placeholders against the stack's database, for what a test checks directly. */
  query<T = any>(text: string, ...params: unknown[]): Promise<T[]>
  /** The first row of `query`; fails when there is none. */
  one<T = any>(text: string, ...params: unknown[]): Promise<T>
  /** Sends the sandbox's callbacks elsewhere (to play a second app), or back to the server with null. */
  deliverCallbacksTo(url: string | null): void
  close(): Promise<void>
}

export interface StackOptions {
  sandbox?: Pick<SandboxOptions, 'welcomeCodeTtlMs' | 'transfers' | 'groupChats' | 'groupMessages'>
  /** the server's clock (see buildApp) */
  now?: BuildAppOptions['now']
  /** the server's logger, to read what it logs (none by default) */
  logger?: BuildAppOptions['logger']
  /** how often the scheduler runs due jobs by itself (see buildApp); 0: only when a test calls runDue */
  schedulerIntervalMs?: BuildAppOptions['schedulerIntervalMs']
}

export async function startStack(env: Record<string, string> = {}, options: StackOptions = {}): Promise<Stack> {
  const dir = mkdtempSync(join(tmpdir(), 'liuliang-test-'))
  const postgres = processDatabaseEngine() === 'postgres' ? await createTestDatabase() : null
  const database = postgres?.url ?? join(dir, 'liuliang.db')
  const base = loadConfig({ ...(postgres ? { DATABASE_URL: database } : { DATABASE_PATH: database }), ...env })
  let callbackUrl = ''
  let redirectedTo: string | null = null
  const { sandbox, url: sandboxUrl } = await startSandbox(base, {
    callbackUrl: () => redirectedTo ?? callbackUrl,
    // The server refuses deliveries signed far from its own time: the sandbox keeps the same clock.
    now: options.now,
    ...options.sandbox,
  })
  const config: Config = {
    ...base,
    wechat: { ...base.wechat, apiBase: sandboxUrl },
    wecom: { ...base.wecom, apiBase: sandboxUrl },
    payment: { ...base.payment, apiBase: sandboxUrl },
  }
  const app = await buildApp({ config, serveWeb: false, logger: process.env.STACK_LOG ? { level: 'error' } : false, ...options })
  const appUrl = await app.listen({ port: 0, host: '127.0.0.1' })
  callbackUrl = `${appUrl}/wecom/callback`
  // The server reads its notify URL at each payment, so the port it got can still be filled in.
  config.payment.notifyUrl = `${appUrl}/payments/notify`
  return {
    app,
    config,
    appUrl,
    sandboxUrl,
    database,
    query: (text, ...params) => app.database.query(text, ...params),
    async one(text, ...params) {
      const [row] = await app.database.query(text, ...params)
      if (row === undefined) throw new Error(`no row for: ${text}`)
      return row as any
    },
    deliverCallbacksTo(url) {
      redirectedTo = url
    },
    async close() {
      await app.close()
      await sandbox.close()
      await postgres?.drop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

export interface JsonReply<T = any> {
  status: number
  body: T
}

/** A JSON request over real HTTP. */
/** Uploads a video or document into the library as the console does (the bytes as the body, the name in the address). */
export async function uploadLibraryFile(stack: Stack, token: string, data: Uint8Array, fileName: string, title?: string): Promise<JsonReply> {
  const query = new URLSearchParams({ fileName, ...(title === undefined ? {} : { title }) })
  const response = await fetch(`${stack.appUrl}/api/admin/materials/files?${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream', authorization: `Bearer ${token}` },
    body: data,
  })
  return { status: response.status, body: await response.json() }
}

export async function request<T = any>(
  url: string,
  init: { method?: string; body?: unknown; token?: string; headers?: Record<string, string> } = {},
): Promise<JsonReply<T>> {
  const headers: Record<string, string> = { ...init.headers }
  if (init.token) headers.authorization = `Bearer ${init.token}`
  if (init.body !== undefined) headers['content-type'] ??= 'application/json'
  const response = await fetch(url, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers,
    body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
  })
  const text = await response.text()
  let body: unknown = text
  try {
    body = JSON.parse(text)
  } catch {
    // not JSON: keep the text (callback replies are plain text)
  }
  return { status: response.status, body: body as T }
}

/** A JSON column as read by `stack.query`: text on SQLite, already parsed (jsonb) on PostgreSQL. */
export function json<T = any>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T
}

/** Logs in through the sandbox's test codes, as the mini-program, the sidebar and the console do. */
export const login = {
  consumer: async (stack: Stack, who: string) =>
    (await request(`${stack.appUrl}/api/mp/login`, { body: { code: `test_${who}~${Math.random()}` } })).body,
  staff: async (stack: Stack, userId: string) =>
    (await request(`${stack.appUrl}/api/sidebar/login`, { body: { code: `test_${userId}~${Math.random()}` } })).body,
  admin: async (stack: Stack) =>
    (
      await request(`${stack.appUrl}/api/admin/login`, {
        body: { username: stack.config.admin.username, password: stack.config.admin.password },
      })
    ).body,
}

/** Makes person `who` add staff member `userId` in the sandbox, which delivers the real callback. */
export async function addContact(stack: Stack, who: string, userId: string, extra: Record<string, string> = {}) {
  const reply = await request<{ externalUserId: string }>(`${stack.sandboxUrl}/sandbox/wecom/contacts`, {
    body: { userId, who, ...extra },
  })
  if (reply.status !== 201) throw new Error(`sandbox refused the contact: ${JSON.stringify(reply.body)}`)
  return reply.body.externalUserId
}

/** A clock the test moves by hand; give its `now` to startStack. */
export function manualClock(start: string) {
  let current = new Date(start)
  return {
    now: () => current,
    set: (iso: string) => {
      current = new Date(iso)
    },
  }
}
