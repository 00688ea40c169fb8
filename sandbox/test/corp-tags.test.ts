import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startSandbox, type Json, type Sandbox } from './helpers'

// Each test gets an empty tag library.
let sandbox: Sandbox
beforeEach(async () => {
  sandbox = await startSandbox()
})
afterEach(async () => {
  await sandbox.close()
})

const call = (api: string, body: unknown) => sandbox.externalcontact(api, body)
const addTags = (body: Json) => call('add_corp_tag', body)
const listAll = async () => (await call('get_corp_tag_list', {})).tag_group as Json[]
const names = (group: Json) => group.tag.map((tag: Json) => tag.name)

describe('add_corp_tag', () => {
  it('creates a group with et… ids and returns it', async () => {
    const reply = await addTags({ group_name: '等级', order: 5, tag: [{ name: 'VIP', order: 2 }, { name: '普通' }] })
    expect(reply.errcode).toBe(0)
    const group = reply.tag_group
    expect(group).toMatchObject({ group_name: '等级', order: 5, create_time: expect.any(Number) })
    expect(group.group_id).toMatch(/^et[0-9A-Za-z]{30}$/)
    expect(names(group)).toEqual(['VIP', '普通'])
    for (const tag of group.tag) expect(tag.id).toMatch(/^et[0-9A-Za-z]{30}$/)
    expect(group).not.toHaveProperty('deleted')
  })

  it('adds into an existing group by name or by id, collapsing duplicate names', async () => {
    const first = (await addTags({ group_name: '兴趣', tag: [{ name: '美妆' }, { name: '美妆' }] })).tag_group
    expect(first.tag).toHaveLength(1)
    const byName = (await addTags({ group_name: '兴趣', tag: [{ name: '美妆' }, { name: '母婴' }] })).tag_group
    expect(byName.group_id).toBe(first.group_id)
    expect(byName.tag.find((tag: Json) => tag.name === '美妆').id).toBe(first.tag[0].id)
    const byId = (await addTags({ group_id: first.group_id, group_name: 'ignored', tag: [{ name: '运动' }] })).tag_group
    expect(byId.group_name).toBe('兴趣')
    const [group] = await listAll()
    expect(names(group!).sort()).toEqual(['母婴', '美妆', '运动'].sort())
  })

  it('rejects an unknown group_id, an empty tag list and names over 30 characters', async () => {
    expect((await addTags({ group_id: 'etunknown', tag: [{ name: 'a' }] })).errcode).toBe(40068)
    expect((await addTags({ group_name: 'g', tag: [] })).errcode).toBe(40058)
    expect((await addTags({ group_name: 'g' })).errcode).toBe(40058)
    expect((await addTags({ tag: [{ name: 'a' }] })).errcode).toBe(40058)
    expect((await addTags({ group_name: 'g', tag: [{ name: '标'.repeat(31) }] })).errcode).toBe(40058)
    expect((await addTags({ group_name: 'g', tag: [{ name: '' }] })).errcode).toBe(40058)
    expect((await addTags({ group_name: 'g', tag: [{ name: '标'.repeat(30) }] })).errcode).toBe(0)
  })
})

describe('get_corp_tag_list', () => {
  it('lists groups and tags, larger order first', async () => {
    await addTags({ group_name: 'low', order: 1, tag: [{ name: 'a', order: 1 }, { name: 'b', order: 9 }] })
    await addTags({ group_name: 'high', order: 9, tag: [{ name: 'c' }] })
    const groups = await listAll()
    expect(groups.map((group) => group.group_name)).toEqual(['high', 'low'])
    expect(names(groups[1]!)).toEqual(['b', 'a'])
  })

  it('filters by group_id (which wins over tag_id) or by tag_id, reporting deleted ones', async () => {
    const one = (await addTags({ group_name: 'one', tag: [{ name: 'a' }, { name: 'b' }] })).tag_group
    const two = (await addTags({ group_name: 'two', tag: [{ name: 'c' }] })).tag_group
    const byGroup = (await call('get_corp_tag_list', { group_id: [two.group_id], tag_id: [one.tag[0].id] })).tag_group
    expect(byGroup.map((group: Json) => group.group_name)).toEqual(['two'])
    expect(byGroup[0].deleted).toBe(false)

    await call('del_corp_tag', { tag_id: [one.tag[0].id] })
    const byTag = (await call('get_corp_tag_list', { tag_id: [one.tag[0].id] })).tag_group
    expect(byTag).toHaveLength(1)
    expect(byTag[0].tag).toEqual([expect.objectContaining({ name: 'a', deleted: true })])
    expect(names((await listAll()).find((group) => group.group_name === 'one')!)).toEqual(['b'])
  })
})

describe('edit_corp_tag', () => {
  it('renames and reorders tags and groups', async () => {
    const group = (await addTags({ group_name: '等级', tag: [{ name: 'VIP' }, { name: '普通' }] })).tag_group
    expect((await call('edit_corp_tag', { id: group.tag[0].id, name: 'SVIP', order: 3 })).errcode).toBe(0)
    expect((await call('edit_corp_tag', { id: group.group_id, name: '会员等级' })).errcode).toBe(0)
    const [listed] = await listAll()
    expect(listed!.group_name).toBe('会员等级')
    expect(names(listed!)).toEqual(['SVIP', '普通'])
  })

  it('refuses a name already used in the same group, and unknown ids', async () => {
    const group = (await addTags({ group_name: 'g', tag: [{ name: 'a' }, { name: 'b' }] })).tag_group
    await addTags({ group_name: 'h', tag: [{ name: 'a' }] })
    expect((await call('edit_corp_tag', { id: group.tag[1].id, name: 'a' })).errcode).toBe(40071)
    expect((await call('edit_corp_tag', { id: group.group_id, name: 'h' })).errcode).toBe(40071)
    expect((await call('edit_corp_tag', { id: 'etnope', name: 'x' })).errcode).toBe(40068)
    expect((await call('edit_corp_tag', { name: 'x' })).errcode).toBe(40058)
  })
})

describe('del_corp_tag', () => {
  it('deletes tags and groups; a group without tags left goes too', async () => {
    const g = (await addTags({ group_name: 'g', tag: [{ name: 'a' }, { name: 'b' }] })).tag_group
    const h = (await addTags({ group_name: 'h', tag: [{ name: 'c' }] })).tag_group
    expect((await call('del_corp_tag', { group_id: [h.group_id] })).errcode).toBe(0)
    expect((await listAll()).map((group) => group.group_name)).toEqual(['g'])
    expect((await call('del_corp_tag', { tag_id: [g.tag[0].id, g.tag[1].id] })).errcode).toBe(0)
    expect(await listAll()).toEqual([])
    // The name is free again once its group is gone.
    expect((await addTags({ group_name: 'g', tag: [{ name: 'a' }] })).tag_group.group_id).not.toBe(g.group_id)
  })

  it('needs some id and refuses unknown or already deleted ones without deleting anything', async () => {
    const g = (await addTags({ group_name: 'g', tag: [{ name: 'a' }, { name: 'b' }] })).tag_group
    expect((await call('del_corp_tag', {})).errcode).toBe(40058)
    expect((await call('del_corp_tag', { tag_id: [g.tag[0].id, 'etnope'] })).errcode).toBe(40068)
    expect(names((await listAll())[0]!)).toEqual(['a', 'b'])
    await call('del_corp_tag', { tag_id: [g.tag[0].id] })
    expect((await call('del_corp_tag', { tag_id: [g.tag[0].id] })).errcode).toBe(40068)
  })
})
