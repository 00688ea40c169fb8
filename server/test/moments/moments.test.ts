// Customer moments end to end: the console creates a moment task, the sandbox plays WeCom (the job,
// each guide publishing in the client, customers liking and commenting), and the server's reads turn
// into per-guide status, reach, interactions and reminders by app message.
import { describe, expect, it } from 'vitest'
import { adminStackForFile, sent, type Json } from '../acquisition/helpers'
import { addContact, login, request } from '../support/stack'

const file = adminStackForFile()
const admin = (method: string, path: string, body?: unknown) => file.api(method, path, body)
const control = async (method: string, path: string, body?: unknown) => {
  const reply = await request(`${file.stack.sandboxUrl}/sandbox/wecom${path}`, { method, body })
  if (reply.status >= 300) throw new Error(`sandbox refused ${method} ${path}: ${JSON.stringify(reply.body)}`)
  return reply.body
}
const image = (name: string) => `${file.stack.sandboxUrl}/sandbox/images/${name}.png`

async function createMoment(body: Json): Promise<Json> {
  const reply = await admin('POST', '/moments', body)
  expect(reply.status, JSON.stringify(reply.body)).toBe(201)
  return reply.body
}
const momentIdOf = async (id: number) => (await file.stack.one('select moment_id from moment_tasks where id = ?', id)).moment_id as string
const postOf = (detail: Json, userId: string) => detail.posts.find((post: Json) => post.staffUserId === userId)

describe('a moment task', () => {
  it('is refused with WeCom’s limits before anything is uploaded', async () => {
    const refused = async (body: Json) => (await admin('POST', '/moments', body)).body.error
    expect(await refused({ text: '字'.repeat(2001) })).toMatchObject({ code: 'INVALID_MOMENT', message: '文字不能超过 2000 字' })
    expect(await refused({ text: '图文', imageUrls: [image('a')], link: { title: '新品', url: 'https://example.com/a', imageUrl: image('b') } })).toMatchObject({
      message: '图片、视频、链接只能选一种',
    })
    expect((await refused({ imageUrls: Array.from({ length: 10 }, (_, i) => image(`p${i}`)) })).code).toBe('VALIDATION_FAILED')
    expect(await refused({})).toMatchObject({ code: 'INVALID_MOMENT' })
    expect(await sent(file.stack, 'media/upload_attachment')).toEqual([])
  })

  it('goes from the job to each guide’s post; reminders reach those who have not published; 41062 posts are read once published', async () => {
    const mia = await addContact(file.stack, 'mo_mia', 'guide_li')
    await addContact(file.stack, 'mo_ned', 'guide_li')
    await addContact(file.stack, 'mo_oli', 'guide_wang')
    const created = await createMoment({ text: '春季上新，到店有礼', imageUrls: [image('spring-1'), image('spring-2')] })
    // WeCom answers 创建中 to the first poll: the task is still being created.
    expect(created).toMatchObject({ status: 'creating', attachmentKind: 'image', staffCount: 0 })
    expect((await sent(file.stack, 'media/upload_attachment')).length).toBe(2)

    // Two reads at once finish the job once.
    const [first] = await Promise.all([admin('POST', `/moments/${created.id}/sync`), admin('POST', `/moments/${created.id}/sync`)])
    expect(first.status).toBe(200)
    const detail = (await admin('GET', `/moments/${created.id}`)).body
    expect(detail).toMatchObject({ status: 'created', staffCount: 2, publishedCount: 0 })
    expect(detail.posts.map((post: Json) => [post.staffUserId, post.published])).toEqual([
      ['guide_li', false],
      ['guide_wang', false],
    ])
    expect((await file.stack.one('select count(*) as n from moment_posts where task_id = ?', created.id)).n).toBe(2)
    // Each guide has the moment to publish on their sidebar to-do list until they do.
    const todosOf = async (userId: string) =>
      (await request(`${file.stack.appUrl}/api/sidebar/todos?kind=moment`, { token: (await login.staff(file.stack, userId)).token })).body.items
    expect(await todosOf('guide_li')).toEqual([
      expect.objectContaining({ kind: 'moment', title: '客户朋友圈待发表', detail: expect.stringContaining('春季上新，到店有礼'), customer: { externalUserId: null, name: null, avatarUrl: null } }),
    ])

    const reminded = await admin('POST', `/moments/${created.id}/reminders`, {})
    expect(reminded.body).toEqual({ reminded: ['guide_li', 'guide_wang'] })
    const [message] = await sent(file.stack, 'message/send')
    expect(message).toMatchObject({ touser: 'guide_li|guide_wang', msgtype: 'text' })
    expect(message?.text.content).toContain('春季上新')

    const momentId = await momentIdOf(created.id)
    await control('POST', `/moments/${momentId}/publications`, { userId: 'guide_li' })
    await control('POST', `/moments/${momentId}/interactions`, { userId: 'guide_li', kind: 'like', externalUserId: mia })
    await control('POST', `/moments/${momentId}/interactions`, { userId: 'guide_li', kind: 'comment', externalUserId: mia })
    await control('POST', `/moments/${momentId}/interactions`, { userId: 'guide_li', kind: 'comment', byUserId: 'guide_wang' })

    // Reminding reads WeCom first: only guide_wang still has to publish.
    expect((await admin('POST', `/moments/${created.id}/reminders`, {})).body).toEqual({ reminded: ['guide_wang'] })
    const after = (await admin('GET', `/moments/${created.id}`)).body
    expect(after).toMatchObject({ publishedCount: 1, reachedCount: 2, commentCount: 2, likeCount: 1 })
    expect(postOf(after, 'guide_li')).toMatchObject({ published: true, reachedCount: 2, remindersSent: 1, commentCount: 2, likeCount: 1 })
    expect(postOf(after, 'guide_li').publishedAt).not.toBeNull()
    expect(postOf(after, 'guide_wang')).toMatchObject({ published: false, remindersSent: 2 })
    expect(await todosOf('guide_li')).toEqual([])
    expect(await todosOf('guide_wang')).toHaveLength(1)

    const reach = (await admin('GET', `/moments/${created.id}/posts/guide_li/customers`)).body.items
    expect(reach.map((person: Json) => person.name).sort()).toEqual(['客户·mo_mia', '客户·mo_ned'])
    const interactions = (await admin('GET', `/moments/${created.id}/interactions`)).body.items
    expect(interactions.map((item: Json) => [item.kind, item.by.kind, item.by.name])).toEqual(
      expect.arrayContaining([
        ['like', 'customer', '客户·mo_mia'],
        ['comment', 'customer', '客户·mo_mia'],
        ['comment', 'staff', '王芳'],
      ]),
    )
    // Read again: nothing is counted twice.
    await admin('POST', `/moments/${created.id}/sync`)
    expect((await admin('GET', `/moments/${created.id}/interactions`)).body.items).toHaveLength(3)

    // A customer who deletes the guide no longer sees the post.
    await control('DELETE', `/contacts/${mia}?userId=guide_li&by=customer`)
    const synced = (await admin('POST', `/moments/${created.id}/sync`)).body
    expect(postOf(synced, 'guide_li').reachedCount).toBe(1)

    const list = (await admin('GET', '/moments?limit=5')).body
    expect(list.items[0]).toMatchObject({ id: created.id, text: '春季上新，到店有礼', publishedCount: 1, staffCount: 2 })
  })

  it('for a tag goes only to the guides whose customers have it, as a link', async () => {
    await addContact(file.stack, 'mo_pam', 'guide_zhao')
    const tag = await control('POST', '/corp-tags', { groupName: '兴趣', name: '瑜伽' })
    const pam = (await file.stack.one("select external_user_id from customers where name = '客户·mo_pam'")).external_user_id
    await control('POST', `/contacts/${pam}/tags`, { userId: 'guide_zhao', add: [tag.tagId] })
    const tagId = (await file.stack.one('select id from tags where wecom_tag_id = ?', tag.tagId)).id
    const created = await createMoment({ text: '瑜伽课开课', link: { title: '报名', url: 'https://example.com/yoga', imageUrl: image('yoga') }, tagIds: [tagId] })
    const detail = (await admin('POST', `/moments/${created.id}/sync`)).body
    expect(detail).toMatchObject({ status: 'created', attachmentKind: 'link', tags: [{ id: tagId, name: '瑜伽' }] })
    expect(detail.posts.map((post: Json) => post.staffUserId)).toEqual(['guide_zhao'])
    expect((await admin('POST', '/moments', { text: 'x', tagIds: [99999] })).body.error.code).toBe('TAG_NOT_FOUND')
  })

  it('reminds a guide who has not published a day after, once, on the timer', async () => {
    await addContact(file.stack, 'mo_quinn', 'guide_zhao')
    const created = await createMoment({ text: '周末快闪', staffUserIds: ['guide_zhao'] })
    await admin('POST', `/moments/${created.id}/sync`)
    const remindersTo = async () => (await sent(file.stack, 'message/send')).filter((message) => message.text.content.includes('周末快闪')).map((message) => message.touser)
    await file.stack.app.moments.syncRecent()
    expect(await remindersTo()).toEqual([])
    // A day old: the timer's read reminds 赵敏 once, however often it runs.
    await file.stack.query('update moment_tasks set created_at = ? where id = ?', Date.now() - 25 * 3600 * 1000, created.id)
    await Promise.all([file.stack.app.moments.syncRecent(), file.stack.app.moments.syncRecent()])
    await file.stack.app.moments.syncRecent()
    expect(await remindersTo()).toEqual(['guide_zhao'])
    expect(postOf((await admin('GET', `/moments/${created.id}`)).body, 'guide_zhao')).toMatchObject({ published: false, remindersSent: 1 })
  })

  it('answers 404 for a task that does not exist', async () => {
    expect((await admin('GET', '/moments/99999')).status).toBe(404)
    expect((await admin('POST', '/moments/99999/reminders', {})).status).toBe(404)
  })
})
