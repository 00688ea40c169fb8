// The customer export is dated by the brand's calendar: just after midnight in Shanghai is already
// tomorrow there, while UTC still says today.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addContact, login, manualClock, startStack, type Stack } from '../support/stack'

const clock = manualClock('2026-03-04T17:30:00Z') // 2026-03-05 01:30 in Asia/Shanghai
let stack: Stack
beforeAll(async () => {
  stack = await startStack({}, { now: clock.now })
})
afterAll(() => stack.close())

describe('customer CSV export', () => {
  it('names the file and writes each time in the business time zone', async () => {
    await addContact(stack, 'night_owl', 'guide_li', { name: '夜猫子', at: '2026-03-04T16:05:09Z' })
    const { token } = await login.admin(stack)
    const response = await fetch(`${stack.appUrl}/api/admin/audiences/export`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ filter: { nameContains: '夜猫子' } }),
    })
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="customers-2026-03-05.csv"')
    const [, row] = (await response.text()).trim().split('\r\n')
    // When they became a customer, then their RFM segment: they never bought.
    expect(row?.split(',').slice(-2)).toEqual(['2026-03-05 00:05:09', '未消费'])
  })
})
