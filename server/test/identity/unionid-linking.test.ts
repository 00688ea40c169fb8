import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addContact, login, startStack, type Stack } from '../support/stack'

let stack: Stack
beforeAll(async () => {
  stack = await startStack()
})
afterAll(() => stack.close())

const customerRows = (who: string) =>
  stack.app.sqlite.prepare('select * from customers where unionid = ? or openid = ?').all(`u_${who}`, `o_${who}`) as {
    id: number
    openid: string | null
    external_user_id: string | null
  }[]

describe('one customer per person across the mini-program and WeCom', () => {
  it('links a WeCom contact to the consumer who logged in first', async () => {
    const { customer } = await login.consumer(stack, 'frank')
    const externalUserId = await addContact(stack, 'frank', 'guide_li')
    const rows = customerRows('frank')
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ id: customer.id, openid: 'o_frank', external_user_id: externalUserId })
  })

  it('links a consumer to the WeCom contact who was added first', async () => {
    const externalUserId = await addContact(stack, 'grace', 'guide_wang')
    const [contact] = customerRows('grace')
    const { customer } = await login.consumer(stack, 'grace')
    expect(customer.id).toBe(contact?.id)
    expect(customer).toMatchObject({ isMiniProgramUser: true, isWecomContact: true })
    expect(customerRows('grace')).toEqual([expect.objectContaining({ openid: 'o_grace', external_user_id: externalUserId })])
  })

  it('keeps one customer when two guides add the same person', async () => {
    await addContact(stack, 'heidi', 'guide_li')
    await addContact(stack, 'heidi', 'guide_zhao')
    expect(customerRows('heidi')).toHaveLength(1)
    const follows = stack.app.sqlite
      .prepare('select count(*) as n from customer_follows where customer_id = ?')
      .get(customerRows('heidi')[0]?.id) as { n: number }
    expect(follows.n).toBe(2)
  })
})
