import { afterAll, beforeAll } from 'vitest'
import { login, manualClock, request, startStack, type Stack } from '../support/stack'

/**
 * A stack on a hand-moved clock starting at `start`, with the admin signed in, for one test file.
 * `stack` is there once the file's beforeAll has run.
 */
export function useLoyaltyStack(start: string) {
  const clock = manualClock(start)
  let current: Stack | undefined
  let adminToken = ''
  beforeAll(async () => {
    current = await startStack({}, { now: clock.now })
    adminToken = (await login.admin(current)).token
  })
  afterAll(() => current?.close())
  const loyalty = {
    clock,
    get stack(): Stack {
      if (!current) throw new Error('the stack starts in beforeAll')
      return current
    },
    admin: (path: string, init: Parameters<typeof request>[1] = {}) =>
      request(`${loyalty.stack.appUrl}/api/admin${path}`, { token: adminToken, ...init }),
  }
  return loyalty
}
