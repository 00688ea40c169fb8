import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp, type App } from '../../src/app'
import { manualClock, startStack, type Stack } from '../support/stack'
import { adminOf, consumerOf, eventually } from '../support/activities'
import { ORDER_EXPIRY_JOB } from '../../src/orders/order-service'
import { JOBS_PER_ROUND } from '../../src/scheduler/scheduler'

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

/** Jobs due at the server's clock and not yet run. */
const dueJobs = async (app: App) =>
  Number((await app.database.query<{ n: number }>("select count(*) as n from scheduled_jobs where status = 'pending' and run_at <= ?", app.now().getTime()))[0]?.n)

describe('scheduled jobs at start', () => {
  it('runs the jobs that fell due while no server ran as soon as one starts, round after round, not a tick later', async () => {
    const admin = await adminOf(stack)
    const product = (await admin('/products', { body: { name: '香薰蜡烛', priceFen: 6_900, stock: 4 } })).body
    const ann = await consumerOf(stack, 'ann')
    const order = (await ann.call('/orders', { body: { items: [{ productId: product.id, quantity: 3 }] } })).body
    expect(order.status).toBe('pending_payment')

    // Down over the order's payment deadline; back with the production tick of a minute.
    // A backlog of more than two rounds of the scheduler: the order's expiry planned again and again.
    const backlog = JOBS_PER_ROUND * 2 + 100
    await stack.app.db.transaction(async (tx) => {
      for (let i = 0; i < backlog; i++) {
        await stack.app.scheduler.schedule(tx, { kind: ORDER_EXPIRY_JOB, key: `backlog-${i}`, runAt: new Date(order.payDeadline), payload: { orderId: order.id } })
      }
    })
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
    // Round after round, not a minute apart.
    await eventually(async () => ((await dueJobs(app)) === 0 ? true : undefined), 'the backlog to be worked through', 800)
  })
})
