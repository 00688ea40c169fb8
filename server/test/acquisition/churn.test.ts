import { describe, expect, it } from 'vitest'
import { request } from '../support/stack'
import { adminStackForFile, customerIdOf, scan, sent, type Json } from './helpers'

const file = adminStackForFile()

const remove = (externalUserId: string, userId: string, by: 'customer' | 'staff') =>
  request(`${file.stack.sandboxUrl}/sandbox/wecom/contacts/${externalUserId}?userId=${userId}&by=${by}`, { method: 'DELETE' })

describe('a customer deleting their guide', () => {
  it('is recorded as churn with its time, and the guide gets a WeCom app message', async () => {
    const { externalUserId } = await scan(file.stack, 'churner', { userId: 'guide_sad' })
    expect((await remove(externalUserId, 'guide_sad', 'customer')).status).toBe(200)

    const follow = await file.stack.one<{ status: string; ended_at: number }>(
      `select status, ended_at from customer_follows where customer_id = ?`,
      await customerIdOf(file.stack, externalUserId),
    )
    expect(follow.status).toBe('lost')
    expect(follow.ended_at).toBeGreaterThan(0)

    const [notice] = await sent(file.stack, 'message/send')
    expect(notice).toMatchObject({
      touser: 'guide_sad',
      msgtype: 'text',
      agentid: file.stack.config.wecom.agentId,
      text: { content: expect.stringContaining('客户「客户·churner」已于') },
    })

    const churn = (await file.api('GET', '/churn?kind=lost')).body
    expect(churn.items[0]).toMatchObject({
      externalUserId,
      customerName: '客户·churner',
      staffUserId: 'guide_sad',
      kind: 'lost',
      endedAt: new Date(follow.ended_at).toISOString(),
    })
  })

  it('keeps a guide deleting the customer apart, without a notice', async () => {
    const before = (await sent(file.stack, 'message/send')).length
    const { externalUserId } = await scan(file.stack, 'dropped', { userId: 'guide_tidy' })
    await remove(externalUserId, 'guide_tidy', 'staff')
    expect(await sent(file.stack, 'message/send')).toHaveLength(before)
    const removed = (await file.api('GET', '/churn?kind=removed')).body.items as Json[]
    expect(removed.map((entry) => [entry.externalUserId, entry.kind])).toEqual([[externalUserId, 'removed']])
    const lost = (await file.api('GET', '/churn?kind=lost')).body.items as Json[]
    expect(lost.some((entry) => entry.externalUserId === externalUserId)).toBe(false)
    const types = await file.stack.query(
      'select type from timeline_events where customer_id = ? order by id',
      await customerIdOf(file.stack, externalUserId),
    )
    expect(types).toEqual([{ type: 'wecom_added' }, { type: 'wecom_removed' }])
  })

  it('pages through ended relations of both kinds together, newest first', async () => {
    for (let i = 0; i < 5; i++) {
      const { externalUserId } = await scan(file.stack, `pager${i}`, { userId: 'guide_pager' })
      await remove(externalUserId, 'guide_pager', i % 2 === 0 ? 'customer' : 'staff')
    }
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const query: string = `/churn?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`
      const page = (await file.api('GET', query)).body
      seen.push(...page.items.map((entry: Json) => `${entry.customerName} ${entry.kind}`))
      cursor = page.nextCursor
    } while (cursor)
    expect(seen.slice(0, 5)).toEqual(['客户·pager4 lost', '客户·pager3 removed', '客户·pager2 lost', '客户·pager1 removed', '客户·pager0 lost'])
    expect(seen).toHaveLength(7)
  })
})
