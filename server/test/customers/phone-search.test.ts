// The console finds a customer by the phone number a guide saved, though numbers are stored encrypted:
// a keyed hash beside each one is what the search matches.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addContact, login, request, startStack, type Stack } from '../support/stack'

let stack: Stack
let admin: string
let guide: string
beforeAll(async () => {
  stack = await startStack()
  admin = (await login.admin(stack)).token
  guide = (await login.staff(stack, 'guide_li')).token
})
afterAll(() => stack.close())

const search = (phone: string) => request(`${stack.appUrl}/api/admin/customers/by-phone?phone=${phone}`, { token: admin })
const savePhone = (externalUserId: string, phone: string | null) =>
  request(`${stack.appUrl}/api/sidebar/customers/${externalUserId}/profile`, { method: 'PATCH', token: guide, body: { phone } })

describe('finding a customer by phone', () => {
  it('finds the customer whose guide saved that number, and no one for another number', async () => {
    const externalUserId = await addContact(stack, 'phone_fay', 'guide_li', { name: '菲菲' })
    expect((await savePhone(externalUserId, '13912345678')).status).toBe(200)
    const found = await search('13912345678')
    expect(found.status).toBe(200)
    expect(found.body.items).toEqual([expect.objectContaining({ externalUserId, name: '菲菲' })])
    expect((await search('13912345679')).body.items).toEqual([])

    expect((await savePhone(externalUserId, null)).status).toBe(200)
    expect((await search('13912345678')).body.items).toEqual([])
  })

  it('gives numbers saved before lookups existed theirs, and refuses what is not a number in words', async () => {
    const externalUserId = await addContact(stack, 'phone_gus', 'guide_li', { name: '阿古' })
    await savePhone(externalUserId, '13712345678')
    await stack.query('update customers set phone_lookup = null where external_user_id = ?', externalUserId)
    expect((await search('13712345678')).body.items).toEqual([])
    await stack.app.customer360.backfillPhoneLookups()
    expect((await search('13712345678')).body.items).toEqual([expect.objectContaining({ externalUserId })])

    const bad = await search('12345')
    expect(bad.status).toBe(400)
    expect(bad.body.error.message).toBe('手机号格式不正确')
  })
})
