import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp, type App } from '../../src/app'
import { manualClock, startStack, type Stack } from '../support/stack'
import { adminOf, consumerOf, eventually } from '../support/activities'

const clock = manualClock('2026-05-04T04:00:00Z')
let stack: Stack
let restarted: App | undefined
beforeAll(async () => {
  stack = await startStack({}, { now: clock.now })
})
afterAll(async () => {
  await restarted?.close()
  await stack.close()
})

describe('scheduled jobs at start', () => {
  it('runs the jobs that fell due while no server ran as soon as one starts, not a tick later', async () => {
    const admin = await adminOf(stack)
    const product = (await admin('/products', { body: { name: '香薰蜡烛', priceFen: 6_900, stock: 4 } })).body
    const ann = await consumerOf(stack, 'ann')
    const order = (await ann.call('/orders', { body: { items: [{ productId: product.id, quantity: 3 }] } })).body
    expect(order.status).toBe('pending_payment')

    // Down over the order's payment deadline; back with the production tick of a minute.
    await stack.app.close()
    clock.set('2026-05-04T05:00:00Z')
    restarted = await buildApp({ config: stack.config, serveWeb: false, now: clock.now, schedulerIntervalMs: 60_000 })
    await restarted.ready()

    const app = restarted
    const row = async () => (await app.database.query<{ status: string; stock: number }>(
      'select o.status, p.stock from orders o, products p where o.id = ? and p.id = ?',
      order.id,
      product.id,
    ))[0]
    const cancelled = await eventually(async () => ((await row())?.status === 'cancelled' ? row() : undefined), 'the overdue order to be cancelled')
    expect(cancelled).toEqual({ status: 'cancelled', stock: 4 })
  })
})
