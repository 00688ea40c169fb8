import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addContact, login, startStack, type Stack } from '../support/stack'

let stack: Stack
beforeAll(async () => {
  stack = await startStack()
})
afterAll(() => stack.close())

const customerRows = (who: string) =>
  stack.query<{
    id: number
    openid: string | null
    external_user_id: string | null
  }>('select * from customers where unionid = ? or openid = ? order by id', `u_${who}`, `o_${who}`)

describe('one customer per person across the mini-program and WeCom', () => {
  it('links a WeCom contact to the consumer who logged in first', async () => {
    const { customer } = await login.consumer(stack, 'frank')
    const externalUserId = await addContact(stack, 'frank', 'guide_li')
    const rows = await customerRows('frank')
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ id: customer.id, openid: 'o_frank', external_user_id: externalUserId })
  })

  it('links a consumer to the WeCom contact who was added first', async () => {
    const externalUserId = await addContact(stack, 'grace', 'guide_wang')
    const [contact] = await customerRows('grace')
    const { customer } = await login.consumer(stack, 'grace')
    expect(customer.id).toBe(contact?.id)
    expect(customer).toMatchObject({ isMiniProgramUser: true, isWecomContact: true })
    expect(await customerRows('grace')).toEqual([expect.objectContaining({ openid: 'o_grace', external_user_id: externalUserId })])
  })

  it('keeps one customer when two guides add the same person', async () => {
    await addContact(stack, 'heidi', 'guide_li')
    await addContact(stack, 'heidi', 'guide_zhao')
    expect(await customerRows('heidi')).toHaveLength(1)
    const follows = await stack.one<{ n: number }>(
      'select count(*) as n from customer_follows where customer_id = ?',
      (await customerRows('heidi'))[0]?.id,
    )
    expect(follows.n).toBe(2)
  })
})
