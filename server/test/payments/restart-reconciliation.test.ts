// A server killed (kill -9) after the customer paid but before WeChat Pay's notification reached it:
// the notification finds no one and is given up on, yet the server that starts next on the same
// database asks WeChat Pay about every pending payment and pays the order, once.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig, processDatabaseEngine } from '../../src/env'
import { createTestDatabase } from '../support/postgres'
import { startSandbox, type Sandbox } from '../support/sandbox'
import { serverProcesses, sleep, type ServerProcess } from '../support/server-processes'
import { request } from '../support/stack'

const processes = serverProcesses()
let sandbox: Sandbox
let sandboxUrl = ''
let postgres: Awaited<ReturnType<typeof createTestDatabase>> | null = null
let envFor: (port: number) => NodeJS.ProcessEnv

beforeAll(async () => {
  postgres = processDatabaseEngine() === 'postgres' ? await createTestDatabase() : null
  const database = postgres ? { DATABASE_URL: postgres.url } : { DATABASE_PATH: join(mkdtempSync(join(tmpdir(), 'liuliang-restart-')), 'liuliang.db') }
  const baseEnv: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'warn', HOST: '127.0.0.1', ...database }
  ;({ sandbox, url: sandboxUrl } = await startSandbox(loadConfig(baseEnv)))
  envFor = (port) => ({
    ...baseEnv,
    PORT: String(port),
    WECHAT_API_BASE: sandboxUrl,
    WECOM_API_BASE: sandboxUrl,
    PAYMENT_API_BASE: sandboxUrl,
    PAYMENT_NOTIFY_URL: `http://127.0.0.1:${port}/payments/notify`,
  })
}, 60_000)

afterAll(async () => {
  await processes.stopAll()
  await sandbox?.close()
  await postgres?.drop()
}, 60_000)

const call = (server: ServerProcess, path: string, init: Parameters<typeof request>[1] = {}) => request(`${server.url}${path}`, init)

describe('a server killed between payment and notification', () => {
  it('leaves the payment to the next server, which asks WeChat Pay at start and pays the order once', async () => {
    const first = await processes.start('first', envFor)
    const admin = (await call(first, '/api/admin/login', { body: { username: 'admin', password: 'liuliang123' } })).body.token
    const product = (await call(first, '/api/admin/products', { token: admin, body: { name: '手冲壶', priceFen: 15_800, stock: 3 } })).body
    const consumer = (await call(first, '/api/mp/login', { body: { code: `test_restart~${Date.now()}` } })).body
    const order = (await call(first, '/api/mp/orders', { token: consumer.token, body: { items: [{ productId: product.id, quantity: 1 }] } })).body
    // The payer pays at once; WeChat Pay's notification waits, and meanwhile the server dies.
    await request(`${sandboxUrl}/sandbox/payments/mode`, { method: 'PUT', body: { payments: 'delay-notification', delayMs: 10 } })
    const started = await call(first, `/api/mp/orders/${order.id}/pay`, { token: consumer.token, method: 'POST' })
    expect(started.status, JSON.stringify(started.body)).toBe(200)
    first.child.kill('SIGKILL')
    await first.exited

    const released = await request(`${sandboxUrl}/sandbox/payments/release`, { method: 'POST' })
    expect(released.body).toEqual({ payments: 1, refunds: 0 })
    const notice = (await request(`${sandboxUrl}/sandbox/payments`)).body.notifications.find((n: { outTradeNo: string }) => n.outTradeNo === started.body.outTradeNo)
    expect(notice).toMatchObject({ status: null, attempts: 4 })

    const next = await processes.start('next', envFor)
    let status = ''
    for (let i = 0; i < 100 && status !== 'paid'; i++) {
      status = (await call(next, `/api/mp/orders/${order.id}`, { token: consumer.token })).body.status
      if (status !== 'paid') await sleep(100)
    }
    expect(status, processes.logs()).toBe('paid')
    const payments = (await call(next, '/api/admin/orders', { token: (await call(next, '/api/admin/login', { body: { username: 'admin', password: 'liuliang123' } })).body.token })).body
    expect(payments.items.find((o: { id: number }) => o.id === order.id)).toMatchObject({ status: 'paid', refund: null })
  }, 120_000)
})
