import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { externalUserIdFor } from '../src/directory'
import { startReceiver, startSandbox, WECOM, type Json, type Receiver, type Sandbox } from './helpers'

let clock = new Date('2026-05-01T02:00:00Z')
let receiver: Receiver
let sandbox: Sandbox
beforeAll(async () => {
  receiver = await startReceiver()
  sandbox = await startSandbox({ receiver, now: () => clock })
  for (const [who, userId] of [
    ['mia', 'guide_li'],
    ['ned', 'guide_li'],
    ['oli', 'guide_wang'],
  ] as const) {
    expect((await sandbox.addContact({ who, userId })).status).toBe(201)
  }
})
afterAll(async () => {
  await sandbox.close()
  await receiver.close()
})

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgAB4iG8MwAAAABJRU5ErkJggg==', 'base64')
const call = (api: string, body: unknown) => sandbox.externalcontact(api, body)
const customer = (who: string) => externalUserIdFor(WECOM.corpId, who)

async function uploadAttachment(mediaType: string, attachmentType = '1'): Promise<Json> {
  const form = new FormData()
  form.append('media', new Blob([PNG], { type: 'image/png' }), 'cover.png')
  const query = `access_token=${await sandbox.wecomToken()}&media_type=${mediaType}&attachment_type=${attachmentType}`
  const response = await fetch(`${sandbox.base}/cgi-bin/media/upload_attachment?${query}`, { method: 'POST', body: form })
  return (await response.json()) as Json
}

/** Creates a moment task and polls its job to the end, as a server does. */
async function createMoment(body: Json): Promise<{ momentId: string; result: Json; polls: number[] }> {
  const created = await call('add_moment_task', body)
  expect(created, JSON.stringify(created)).toMatchObject({ errcode: 0, jobid: expect.any(String) })
  const polls: number[] = []
  for (;;) {
    const job = await sandbox.wecom('externalcontact/get_moment_task_result', { query: { jobid: created.jobid as string } })
    polls.push(job.status as number)
    if (job.status === 3) return { momentId: (job.result as Json).moment_id as string, result: job.result as Json, polls }
  }
}

describe('upload_attachment', () => {
  it('gives moment media ids only for attachment_type 1', async () => {
    expect(await uploadAttachment('image')).toMatchObject({ errcode: 0, type: 'image', media_id: expect.any(String) })
    expect((await uploadAttachment('image', '2')).errcode).toBe(40058)
    expect((await uploadAttachment('voice')).errcode).toBe(40004)
  })
})

describe('add_moment_task', () => {
  it('refuses text over 2000 characters, mixed attachments, ten images and media not uploaded for moments', async () => {
    const image = { msgtype: 'image', image: { media_id: (await uploadAttachment('image')).media_id } }
    const refusal = async (body: Json) => ((await call('add_moment_task', body)).errmsg as string).split(',')[0]
    expect(await refusal({ text: { content: '字'.repeat(2001) } })).toMatch(/invalid text size/)
    expect((await call('add_moment_task', { text: { content: '字'.repeat(2000) } })).errcode).toBe(0)
    const link = { msgtype: 'link', link: { title: '新品', url: 'https://example.com', media_id: image.image.media_id } }
    expect(await refusal({ attachments: [image, link] })).toMatch(/invalid attachments msgtype/)
    expect(await refusal({ attachments: Array(10).fill(image) })).toMatch(/invalid attachments size/)
    expect(await refusal({ attachments: [link, link] })).toMatch(/invalid attachments size/)
    expect((await call('add_moment_task', { attachments: [{ msgtype: 'image', image: { media_id: 'not-uploaded' } }] })).errcode).toBe(40007)
    expect((await call('add_moment_task', {})).errcode).toBe(40058)
  })

  it('is a job: 创建中 first, then the moment id with the invalid senders and tags', async () => {
    const { momentId, result, polls } = await createMoment({
      text: { content: '春季上新' },
      visible_range: { sender_list: { user_list: ['guide_li', 'bad id!'] }, external_contact_list: { tag_list: ['etnotatag'] } },
    })
    expect(polls).toEqual([2, 3])
    expect(momentId).toMatch(/^mo/)
    expect(result).toMatchObject({ errcode: 0, invalid_sender_list: { user_list: ['bad id!'] }, invalid_external_contact_list: { tag_list: ['etnotatag'] } })
    expect((await sandbox.wecom('externalcontact/get_moment_task_result', { query: { jobid: 'nope' } })).errcode).toBe(40058)
  })
})

describe('a corp moment published by its members', () => {
  it('is unpublished (41062) until the member publishes it; then customers, who can see it, likes and comments', async () => {
    const { momentId } = await createMoment({ text: { content: '会员日' } })
    const task = await call('get_moment_task', { moment_id: momentId })
    expect(new Map((task.task_list as Json[]).map((row) => [row.userid, row.publish_status]))).toEqual(
      new Map([
        ['guide_li', 0],
        ['guide_wang', 0],
      ]),
    )
    expect((await call('get_moment_customer_list', { moment_id: momentId, userid: 'guide_li' })).errcode).toBe(41062)
    expect((await call('get_moment_comments', { moment_id: momentId, userid: 'guide_li' })).errcode).toBe(41062)
    expect((await call('get_moment_send_result', { moment_id: momentId, userid: 'guide_zhao' })).errcode).toBe(41061)
    expect((await call('get_moment_task', {})).errcode).toBe(41059)
    expect((await call('get_moment_task', { moment_id: 'monothere' })).errcode).toBe(41060)

    const published = await sandbox.request('POST', `/sandbox/wecom/moments/${momentId}/publications`, { userId: 'guide_li' })
    expect(published.status).toBe(201)
    const after = await call('get_moment_task', { moment_id: momentId })
    expect((after.task_list as Json[]).find((row) => row.userid === 'guide_li')?.publish_status).toBe(1)
    const reached = await call('get_moment_customer_list', { moment_id: momentId, userid: 'guide_li' })
    expect((reached.customer_list as Json[]).map((row) => row.external_userid).sort()).toEqual([customer('mia'), customer('ned')].sort())

    // A customer who deletes the guide no longer sees the post.
    expect((await sandbox.request('DELETE', `/sandbox/wecom/contacts/${customer('ned')}?userId=guide_li&by=customer`)).status).toBe(200)
    const seen = await call('get_moment_send_result', { moment_id: momentId, userid: 'guide_li' })
    expect(seen.customer_list).toEqual([{ external_userid: customer('mia') }])

    const interact = (body: Json) => sandbox.request('POST', `/sandbox/wecom/moments/${momentId}/interactions`, { userId: 'guide_li', ...body })
    expect((await interact({ kind: 'like', externalUserId: customer('mia') })).status).toBe(201)
    expect((await interact({ kind: 'like', externalUserId: customer('mia') })).status).toBe(201)
    expect((await interact({ kind: 'comment', byUserId: 'guide_wang' })).status).toBe(201)
    expect((await interact({ kind: 'comment' })).status).toBe(400)
    const comments = await call('get_moment_comments', { moment_id: momentId, userid: 'guide_li' })
    expect(comments.like_list).toEqual([{ external_userid: customer('mia'), create_time: clock.getTime() / 1000 }])
    expect(comments.comment_list).toEqual([{ userid: 'guide_wang', create_time: clock.getTime() / 1000 }])
    // guide_wang has not published: nobody can comment on a post that does not exist.
    expect((await interact({ userId: 'guide_wang', kind: 'like', externalUserId: customer('oli') })).status).toBe(400)
  })

  it('with tags only goes to the members whose customers have them, and is partly visible', async () => {
    const tag = await sandbox.request('POST', '/sandbox/wecom/corp-tags', { groupName: '兴趣', name: '瑜伽' })
    const tagId = tag.json.tagId as string
    await sandbox.request('POST', `/sandbox/wecom/contacts/${customer('oli')}/tags`, { userId: 'guide_wang', add: [tagId] })
    const { momentId } = await createMoment({ text: { content: '瑜伽课' }, visible_range: { external_contact_list: { tag_list: [tagId] } } })
    const task = await call('get_moment_task', { moment_id: momentId })
    expect(task.task_list).toEqual([{ userid: 'guide_wang', publish_status: 0 }])
    const list = await call('get_moment_list', { start_time: clock.getTime() / 1000 - 60, end_time: clock.getTime() / 1000 + 60, filter_type: 0 })
    expect((list.moment_list as Json[]).find((moment) => moment.moment_id === momentId)).toMatchObject({ create_type: 0, visible_type: 0, text: { content: '瑜伽课' } })
    expect((await call('get_moment_list', { start_time: 0, end_time: 31 * 24 * 3600 })).errcode).toBe(40058)
  })

  it('cannot be published once the task is cancelled, and a jobid is gone after 24 hours', async () => {
    const created = await call('add_moment_task', { text: { content: '取消' } })
    clock = new Date(clock.getTime() + 24 * 3600 * 1000 + 1000)
    expect((await sandbox.wecom('externalcontact/get_moment_task_result', { query: { jobid: created.jobid as string } })).errcode).toBe(40058)
    const { momentId } = await createMoment({ text: { content: '取消' } })
    expect((await call('cancel_moment_task', { moment_id: momentId })).errcode).toBe(0)
    expect((await sandbox.request('POST', `/sandbox/wecom/moments/${momentId}/publications`, { userId: 'guide_li' })).status).toBe(409)
  })
})

describe('a moment sent by department', () => {
  it('goes to the members of the department and of every department under it', async () => {
    const membersOf = async (departments: number[]) => {
      const { momentId } = await createMoment({ text: { content: '门店活动' }, visible_range: { sender_list: { department_list: departments } } })
      return ((await call('get_moment_task', { moment_id: momentId })).task_list as Json[]).map((row) => row.userid).sort()
    }
    // guide_li and guide_wang sit in 南京西路店 (3), under 门店 (2).
    expect(await membersOf([2])).toEqual(['guide_li', 'guide_wang'])
    expect(await membersOf([3])).toEqual(['guide_li', 'guide_wang'])
    expect(await membersOf([4])).toEqual([])
  })
})
