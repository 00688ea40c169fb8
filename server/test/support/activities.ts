// What the activity suites share: people who act through the real HTTP API, and waiting for the
// sandbox's asynchronous payment notifications to land.
import { afterAll, beforeAll, beforeEach } from 'vitest'
import { login, manualClock, request, startStack, type Stack } from './stack'

type Init = Parameters<typeof request>[1]

export async function adminOf(stack: Stack) {
  const { token } = await login.admin(stack)
  return (path: string, init: Init = {}) => request(`${stack.appUrl}/api/admin${path}`, { token, ...init })
}

export type AdminCall = Awaited<ReturnType<typeof adminOf>>

export async function consumerOf(stack: Stack, who: string, admin?: AdminCall, points = 0) {
  const { token, customer } = await login.consumer(stack, who)
  if (points > 0 && admin) await admin(`/customers/${customer.id}/points`, { body: { delta: points, reason: '测试' } })
  const call = (path: string, init: Init = {}) => request(`${stack.appUrl}/api/mp${path}`, { token, ...init })
  return {
    id: customer.id as number,
    token: token as string,
    call,
    balance: async () => (await call('/me')).body.points.balance as number,
  }
}

export type Consumer = Awaited<ReturnType<typeof consumerOf>>

/** Polls until `check` returns a value (not undefined), for work the sandbox finishes on its own; bounded. */
export async function eventually<T>(check: () => T | undefined | Promise<T | undefined>, what: string, tries = 200): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const value = await check()
    if (value !== undefined) return value
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  throw new Error(`gave up waiting for ${what}`)
}

/** Waits until the order reaches one of the statuses. */
export function orderReaches(consumer: Consumer, orderId: number, ...statuses: string[]) {
  return eventually(async () => {
    const order = (await consumer.call(`/orders/${orderId}`)).body
    return statuses.includes(order.status) ? order : undefined
  }, `order ${orderId} to be ${statuses.join(' or ')}`)
}

/** An admin ships a paid order (SF waybill), so the customer can confirm receipt. */
export async function shipOrder(admin: AdminCall, orderId: number, trackingNo = `SF${String(orderId).padStart(12, '0')}`) {
  const reply = await admin(`/orders/${orderId}/ship`, { body: { carrier: 'SF', trackingNo } })
  if (reply.status !== 200) throw new Error(`shipping order ${orderId}: ${reply.status} ${JSON.stringify(reply.body)}`)
  return reply.body
}

/** Waits until no refund is waiting for the provider. */
export function refundsSettle(stack: Stack) {
  return eventually(async () => {
    const row = await stack.one<{ n: number }>("select count(*) as n from refunds where status = 'pending'")
    return row.n === 0 ? true : undefined
  }, 'refunds to settle')
}

export function sandboxPayments(stack: Stack) {
  const control = (path: string, init: Init = {}) => request(`${stack.sandboxUrl}/sandbox/payments${path}`, init)
  return {
    mode: (mode: Record<string, unknown>) => control('/mode', { method: 'PUT', body: mode }),
    release: () => control('/release', { method: 'POST' }),
    renotify: (outTradeNo: string) => control(`/${outTradeNo}/notify`, { method: 'POST' }),
    list: async () => (await control('')).body,
  }
}

/**
 * One suite's stack on a clock the suite moves by hand, with an admin and the gateway's controls;
 * `gatewayMode` is restored before each test.
 */
export function activitySuite(start: string, gatewayMode: Record<string, unknown> = {}) {
  const suite = {
    clock: manualClock(start),
    stack: undefined as unknown as Stack,
    admin: undefined as unknown as AdminCall,
    gateway: undefined as unknown as ReturnType<typeof sandboxPayments>,
  }
  beforeAll(async () => {
    suite.stack = await startStack({}, { now: suite.clock.now })
    suite.admin = await adminOf(suite.stack)
    suite.gateway = sandboxPayments(suite.stack)
  })
  beforeEach(async () => {
    await suite.gateway.mode(gatewayMode)
  })
  afterAll(() => suite.stack.close())
  return suite
}
