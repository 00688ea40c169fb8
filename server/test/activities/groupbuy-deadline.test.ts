import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp, type App } from '../../src/app'
import { login, manualClock, request, startStack, type Stack } from '../support/stack'
import { adminOf, consumerOf, eventually, orderReaches } from '../support/activities'

const clock = manualClock('2026-07-01T02:00:00Z')
let stack: Stack
let restarted: App | undefined
beforeAll(async () => {
  stack = await startStack({}, { now: clock.now })
})
afterAll(async () => {
  await restarted?.close()
  await stack.close()
})

describe('group-buy deadline', () => {
  it('fails a group short of N at its deadline and refunds every paid member, across a restart', async () => {
    const admin = await adminOf(stack)
    const product = (await admin('/products', { body: { name: '坚果礼盒', priceFen: 15_800, stock: 50 } })).body
    const campaign = (await admin('/groupbuys', { body: { productId: product.id, groupSize: 3, priceFen: 8_800, durationMinutes: 30, stock: 10 } })).body
    const [lea, ben, cal] = await Promise.all(['lea', 'ben', 'cal'].map((who) => consumerOf(stack, who)))
    const opened = (await lea!.call(`/groupbuys/${campaign.id}/groups`, { method: 'POST' })).body
    await lea!.call(`/orders/${opened.order.id}/pay`, { method: 'POST' })
    await orderReaches(lea!, opened.order.id, 'paid')
    const joined = (await ben!.call(`/groupbuy-groups/${opened.group.id}/members`, { method: 'POST' })).body
    await ben!.call(`/orders/${joined.order.id}/pay`, { method: 'POST' })
    await orderReaches(ben!, joined.order.id, 'paid')
    // Cal holds the last seat but never pays.
    await cal!.call(`/groupbuy-groups/${opened.group.id}/members`, { method: 'POST' })
    const groupsOf = async (appUrl: string, token: string) =>
      (await request(`${appUrl}/api/admin/groupbuys`, { token })).body.items.find((c: any) => c.id === campaign.id).groups
    const { token } = await login.admin(stack)
    expect(await groupsOf(stack.appUrl, token)).toEqual({ open: 1, succeeded: 0, failed: 0 })

    // The server stops before the deadline and comes back after it.
    await stack.app.close()
    clock.set('2026-07-01T02:45:00Z')
    restarted = await buildApp({ config: stack.config, serveWeb: false, now: clock.now, schedulerIntervalMs: 0 })
    const url = await restarted.listen({ port: 0, host: '127.0.0.1' })
    stack.config.payment.notifyUrl = `${url}/payments/notify`
    expect(await restarted.scheduler.runDue()).toBeGreaterThan(0)

    // The stack's own app is closed: read through the restarted server's connection.
    const one = async <T = any>(text: string, ...params: unknown[]) => {
      const [row] = await restarted!.database.query<T>(text, ...params)
      if (row === undefined) throw new Error(`no row for: ${text}`)
      return row
    }
    const statusOf = async (orderId: number) => (await one<{ status: string }>('select status from orders where id = ?', orderId)).status
    await eventually(
      async () => ((await statusOf(opened.order.id)) === 'refunded' && (await statusOf(joined.order.id)) === 'refunded' ? true : undefined),
      'both refunds',
    )
    const group = await one('select status, paid_count from groupbuy_groups where id = ?', opened.group.id)
    expect(group).toEqual({ status: 'failed', paid_count: 2 })
    expect(await groupsOf(url, token)).toEqual({ open: 0, succeeded: 0, failed: 1 })
    const refunds = await one<{ n: number }>("select count(*) as n from refunds where status = 'succeeded'")
    expect(refunds.n).toBe(2)
    const failed = await one<{ n: number }>("select count(*) as n from timeline_events where type = 'groupbuy_failed'")
    expect(failed.n).toBe(2)
    // Running the job again changes nothing; the units come back to the campaign.
    expect(await restarted.scheduler.runDue()).toBe(0)
    const stock = await one<{ stock: number }>('select stock from groupbuy_campaigns where id = ?', campaign.id)
    expect(stock.stock).toBe(10)
  })
})
