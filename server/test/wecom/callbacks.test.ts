import { getSignature } from '@wecom/crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sealCallback, sealEchostr, buildXml } from '../../src/wecom/callback-envelope'
import { addContact, manualClock, request, startStack, type Stack } from '../support/stack'

let stack: Stack
beforeAll(async () => {
  stack = await startStack()
})
afterAll(() => stack.close())

interface DeliveredCallback {
  query: Record<string, string>
  body: string
  innerXml: string
}

const keys = () => ({
  token: stack.config.wecom.callbackToken,
  encodingAesKey: stack.config.wecom.encodingAesKey,
  corpId: stack.config.wecom.corpId,
})

async function lastCallback(): Promise<DeliveredCallback> {
  const reply = await request<{ items: DeliveredCallback[] }>(`${stack.sandboxUrl}/sandbox/wecom/callbacks`)
  const newest = reply.body.items[0]
  if (!newest) throw new Error('the sandbox delivered no callback')
  return newest
}

function post(query: object, body: string, contentType = 'text/xml') {
  return request(`${stack.appUrl}/wecom/callback?${new URLSearchParams(query as Record<string, string>)}`, {
    method: 'POST',
    body,
    headers: { 'content-type': contentType },
  })
}

/** The inner XML of a change_external_contact event, as WeCom writes it. */
const contactEvent = (changeType: string, userId: string, externalUserId: string) =>
  buildXml({
    ToUserName: stack.config.wecom.corpId,
    FromUserName: 'sys',
    CreateTime: Math.floor(Date.now() / 1000),
    MsgType: 'event',
    Event: 'change_external_contact',
    ChangeType: changeType,
    UserID: userId,
    ExternalUserID: externalUserId,
  })

const MINUTE = 60_000

const snapshot = () =>
  stack.one(
    `select (select count(*) from customers) as customers,
            (select count(*) from customer_follows) as follows,
            (select count(*) from timeline_events) as events,
            (select string_agg(status, ',' order by id) from customer_follows) as statuses`,
  )

describe('WeCom callbacks', () => {
  it('creates the customer and the follow relation from a sandbox add_external_contact', async () => {
    const externalUserId = await addContact(stack, 'ivan', 'guide_li', { name: '伊万' })
    const customer = await stack.one<{ id: number; name: string; unionid: string }>(
      'select * from customers where external_user_id = ?',
      externalUserId,
    )
    expect(customer).toMatchObject({ name: '伊万', unionid: 'u_ivan' })
    const follow = await stack.query(
      'select f.status, s.user_id from customer_follows f join staff s on s.id = f.staff_id where customer_id = ?',
      customer.id,
    )
    expect(follow).toEqual([{ status: 'active', user_id: 'guide_li' }])
    const events = await stack.query('select type from timeline_events where customer_id = ?', customer.id)
    expect(events).toEqual([{ type: 'wecom_added' }])
  })

  it('changes nothing when the same callback is delivered again', async () => {
    await addContact(stack, 'judy', 'guide_wang')
    const delivered = await lastCallback()
    const before = await snapshot()
    for (let i = 0; i < 3; i++) {
      const replay = await post(delivered.query, delivered.body)
      expect(replay.status).toBe(200)
    }
    expect(await snapshot()).toEqual(before)
  })

  it('rejects a tampered callback with 401 and stores nothing', async () => {
    await addContact(stack, 'kim', 'guide_wang')
    const delivered = await lastCallback()
    const before = await snapshot()
    const tamperedSignature = await post({ ...delivered.query, msg_signature: '0'.repeat(40) }, delivered.body)
    expect(tamperedSignature.status).toBe(401)
    expect(tamperedSignature.body.error.code).toBe('INVALID_SIGNATURE')
    const tamperedBody = await post(delivered.query, delivered.body.replace(/<Encrypt><!\[CDATA\[(.)/, '<Encrypt><![CDATA[A$1'))
    expect(tamperedBody.status).toBe(401)
    const forgedKeys = sealCallback({ ...keys(), token: 'SomeoneElse' }, delivered.innerXml)
    expect((await post(forgedKeys.query, forgedKeys.body)).status).toBe(401)
    expect(await snapshot()).toEqual(before)
  })

  it('answers malformed callbacks with 400 and the error shape, never 500', async () => {
    const signed = sealCallback(keys(), '<xml><Event>x</Event></xml>').query
    const cases: [object, string, string?][] = [
      [signed, 'not xml'],
      [signed, '<xml><ToUserName>x</ToUserName></xml>'],
      [signed, '<xml><Encrypt><![CDATA[!!!notbase64]]></Encrypt></xml>'],
      [{ timestamp: '1', nonce: '1' }, '<xml/>'],
      [signed, '', 'text/xml'],
      [signed, '{"Encrypt":"x"}', 'application/json'],
    ]
    for (const [query, body, type] of cases) {
      const reply = await post(query, body, type)
      expect(reply.status, body).toBeGreaterThanOrEqual(400)
      expect(reply.status, body).toBeLessThan(500)
      expect(reply.body.error.code, body).toEqual(expect.any(String))
    }
    // A correctly signed and encrypted event that lacks the ids it needs is malformed too.
    const incomplete = sealCallback(
      keys(),
      buildXml({ Event: 'change_external_contact', ChangeType: 'add_external_contact', CreateTime: 1700000000 }),
    )
    const reply = await post(incomplete.query, incomplete.body)
    expect(reply.status).toBe(400)
    expect(reply.body.error.code).toBe('MALFORMED_CALLBACK')
  })

  it('answers URL verification with the decrypted echostr, and 401 to a bad signature', async () => {
    const query = sealEchostr(keys(), '8923741209387')
    const ok = await fetch(`${stack.appUrl}/wecom/callback?${new URLSearchParams(query)}`)
    expect(ok.status).toBe(200)
    expect(await ok.text()).toBe('8923741209387')
    const bad = await request(`${stack.appUrl}/wecom/callback?${new URLSearchParams({ ...query, timestamp: '1' })}`)
    expect(bad.status).toBe(401)
  })

  it('marks the relation lost when the customer deletes the guide, and removed when the guide deletes them', async () => {
    const lostId = await addContact(stack, 'leo', 'guide_zhao')
    const removedId = await addContact(stack, 'mia', 'guide_zhao')
    const byCustomer = await request(`${stack.sandboxUrl}/sandbox/wecom/contacts/${lostId}?userId=guide_zhao&by=customer`, {
      method: 'DELETE',
    })
    expect(byCustomer.status).toBe(200)
    const byStaff = await request(`${stack.sandboxUrl}/sandbox/wecom/contacts/${removedId}?userId=guide_zhao&by=staff`, {
      method: 'DELETE',
    })
    expect(byStaff.status).toBe(200)
    const statusOf = (externalUserId: string) =>
      stack.one(
        `select f.status, case when f.ended_at is not null then 1 else 0 end as ended,
                (select string_agg(type, ',' order by t.id) from timeline_events t where t.customer_id = c.id) as events
         from customer_follows f join customers c on c.id = f.customer_id where c.external_user_id = ?`,
        externalUserId,
      )
    expect(await statusOf(lostId)).toEqual({ status: 'lost', ended: 1, events: 'wecom_added,wecom_lost' })
    expect(await statusOf(removedId)).toEqual({ status: 'removed', ended: 1, events: 'wecom_added,wecom_removed' })

    // Re-adding restarts the relation but keeps the first add's time.
    const first = await stack.query('select first_added_at from customer_follows order by id')
    await addContact(stack, 'leo', 'guide_zhao')
    expect((await statusOf(lostId)).status).toBe('active')
    expect(await stack.query('select first_added_at from customer_follows order by id')).toEqual(first)
  })

  it('records when the relation ended as the WeCom event says, not when the callback arrived', async () => {
    const externalUserId = await addContact(stack, 'nina', 'guide_li', { at: '2026-01-05T02:00:00Z' })
    const at = '2026-01-09T03:04:05Z'
    const reply = await request(
      `${stack.sandboxUrl}/sandbox/wecom/contacts/${externalUserId}?userId=guide_li&by=customer&at=${encodeURIComponent(at)}`,
      { method: 'DELETE' },
    )
    expect(reply.status).toBe(200)
    const follow = await stack.one(
      'select f.first_added_at, f.ended_at from customer_follows f join customers c on c.id = f.customer_id where c.external_user_id = ?',
      externalUserId,
    )
    expect(follow).toEqual({ first_added_at: Date.parse('2026-01-05T02:00:00Z'), ended_at: Date.parse(at) })
  })
})

describe('WeCom callbacks sent long ago or ahead of time', () => {
  it('are refused with 401 though correctly signed, and change nothing', async () => {
    const externalUserId = await addContact(stack, 'otto', 'guide_li')
    const before = await snapshot()
    const deleted = contactEvent('del_follow_user', 'guide_li', externalUserId)
    for (const offset of [-365 * 24 * 60 * MINUTE, -6 * MINUTE, 6 * MINUTE]) {
      const sealed = sealCallback(keys(), deleted, new Date(Date.now() + offset))
      const reply = await post(sealed.query, sealed.body)
      expect(reply.status, `sent ${offset / MINUTE} minutes from now`).toBe(401)
      expect(reply.body.error.code).toBe('STALE_CALLBACK')
    }
    expect(await snapshot()).toEqual(before)
    const recent = sealCallback(keys(), deleted, new Date(Date.now() - 4 * MINUTE))
    expect((await post(recent.query, recent.body)).status).toBe(200)
    expect(await snapshot()).not.toEqual(before)
  })

  it('refuses an old URL verification and a timestamp that is not one', async () => {
    const old = sealEchostr(keys(), '8923741209388', new Date(Date.now() - 365 * 24 * 60 * MINUTE))
    const reply = await request(`${stack.appUrl}/wecom/callback?${new URLSearchParams(old)}`)
    expect(reply.status).toBe(401)
    expect(reply.body.error.code).toBe('STALE_CALLBACK')

    const sealed = sealCallback(keys(), '<xml><Event>x</Event></xml>')
    const encrypt = /<Encrypt><!\[CDATA\[(.*?)\]\]>/.exec(sealed.body)?.[1] as string
    const query = { msg_signature: getSignature(keys().token, 'soon', '42', encrypt), timestamp: 'soon', nonce: '42' }
    const malformed = await post(query, sealed.body)
    expect(malformed.status).toBe(400)
    expect(malformed.body.error.code).toBe('MALFORMED_CALLBACK')
  })

  it('are measured by the server’s clock: a server whose clock is moved takes the sandbox’s deliveries on it', async () => {
    const clock = manualClock('2025-06-15T04:00:00Z')
    const moved = await startStack({}, { now: clock.now })
    try {
      const externalUserId = await addContact(moved, 'pia', 'guide_li')
      expect(await moved.one('select count(*) as n from customers where external_user_id = ?', externalUserId)).toEqual({ n: 1 })
      const movedKeys = { token: moved.config.wecom.callbackToken, encodingAesKey: moved.config.wecom.encodingAesKey, corpId: moved.config.wecom.corpId }
      const byWallClock = sealCallback(movedKeys, contactEvent('del_follow_user', 'guide_li', externalUserId))
      const reply = await request(`${moved.appUrl}/wecom/callback?${new URLSearchParams(byWallClock.query)}`, {
        method: 'POST',
        body: byWallClock.body,
        headers: { 'content-type': 'text/xml' },
      })
      expect(reply.status).toBe(401)
    } finally {
      await moved.close()
    }
  })
})

describe('WeCom events the WeCom API cannot back up', () => {
  const deliver = (xml: string) => {
    const sealed = sealCallback(keys(), xml)
    return post(sealed.query, sealed.body)
  }

  it('records an add of a contact WeCom cannot fetch and answers success, so WeCom stops retrying', async () => {
    const before = await snapshot()
    const added = contactEvent('add_external_contact', 'guide_li', 'wmNoSuchContact0000000000001')
    const reply = await deliver(added)
    expect(reply.status).toBe(200)
    expect(reply.body).toBe('success')
    expect(await snapshot()).toEqual(before)
    const recorded = await stack.one("select count(*) as n from wecom_callback_events where change_type = 'add_external_contact'")
    expect((await deliver(added)).status).toBe(200)
    expect(await stack.one("select count(*) as n from wecom_callback_events where change_type = 'add_external_contact'")).toEqual(recorded)
  })

  it('creates no follow for a member the contact does not follow', async () => {
    const externalUserId = await addContact(stack, 'quinn', 'guide_li')
    const before = await snapshot()
    const reply = await deliver(contactEvent('add_external_contact', 'guide_nobody', externalUserId))
    expect(reply.status).toBe(200)
    expect(await snapshot()).toEqual(before)
    expect(await stack.query("select id from staff where user_id = 'guide_nobody'")).toEqual([])
  })

  it('answers success to an edit of a contact WeCom no longer shows us', async () => {
    const externalUserId = await addContact(stack, 'rita', 'guide_zhao')
    const removed = await request(`${stack.sandboxUrl}/sandbox/wecom/contacts/${externalUserId}?userId=guide_zhao&by=staff`, { method: 'DELETE' })
    expect(removed.status).toBe(200)
    const reply = await deliver(contactEvent('edit_external_contact', 'guide_zhao', externalUserId))
    expect(reply.status).toBe(200)
  })
})
