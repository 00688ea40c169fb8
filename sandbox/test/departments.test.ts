import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSandbox, type Json, type Sandbox } from './helpers'

let sandbox: Sandbox
beforeAll(async () => {
  sandbox = await startSandbox()
})
afterAll(() => sandbox.close())

const userGet = (userid: string) => sandbox.wecom('user/get', { query: { userid } })
const departmentList = (id?: string) => sandbox.wecom('department/list', { query: id === undefined ? {} : { id } })
const listIds = (body: Json) => sandbox.wecom('user/list_id', { body })

describe('department/list', () => {
  it('answers the whole tree with its leaders, in WeCom’s fields', async () => {
    const reply = await departmentList()
    expect(reply.errcode).toBe(0)
    expect(reply.department).toEqual([
      { id: 1, name: '留量品牌', name_en: 'Liuliang', parentid: 0, order: expect.any(Number), department_leader: [] },
      { id: 2, name: '门店', name_en: 'Stores', parentid: 1, order: expect.any(Number), department_leader: [] },
      { id: 3, name: '南京西路店', name_en: expect.any(String), parentid: 2, order: expect.any(Number), department_leader: ['guide_li'] },
      { id: 4, name: '静安寺店', name_en: expect.any(String), parentid: 2, order: expect.any(Number), department_leader: ['guide_zhao'] },
      { id: 5, name: '运营中心', name_en: 'Operations', parentid: 1, order: expect.any(Number), department_leader: [] },
    ])
  })

  it('answers a department with every department under it, and 60123 for one that does not exist', async () => {
    expect(((await departmentList('2')).department as Json[]).map((department) => department.id)).toEqual([2, 3, 4])
    expect(((await departmentList('4')).department as Json[]).map((department) => department.id)).toEqual([4])
    expect((await departmentList('99')).errcode).toBe(60123)
    expect((await departmentList('abc')).errcode).toBe(60123)
  })
})

describe('user/get', () => {
  it('places the demo guides in their stores and says who leads one', async () => {
    expect(await userGet('guide_li')).toMatchObject({ department: [3], main_department: 3, is_leader_in_dept: [1] })
    expect(await userGet('guide_wang')).toMatchObject({ department: [3], main_department: 3, is_leader_in_dept: [0] })
    expect(await userGet('guide_zhao')).toMatchObject({ department: [4], main_department: 4, is_leader_in_dept: [1] })
    expect(await userGet('guide_sun')).toMatchObject({ department: [4], is_leader_in_dept: [0] })
    expect(await userGet('admin_chen')).toMatchObject({ department: [5], main_department: 5, is_leader_in_dept: [0] })
    expect(await userGet('zhangsan')).toMatchObject({ department: [1], main_department: 1 })
  })

  it('puts any other guide in one of the two stores, the same one every time', async () => {
    const stores = new Set<number>()
    for (const n of Array.from({ length: 12 }, (_, i) => i)) {
      const [department] = (await userGet(`guide_extra${n}`)).department as number[]
      expect([3, 4]).toContain(department)
      expect((await userGet(`guide_extra${n}`)).department).toEqual([department])
      stores.add(department as number)
    }
    expect(stores.size).toBe(2)
  })
})

describe('user/list_id', () => {
  it('lists the demo members and every member met in a request, one row per member and department', async () => {
    await userGet('guide_met')
    await sandbox.addContact({ userId: 'admin_desk', who: 'listid' })
    const reply = await listIds({ limit: 10000 })
    expect(reply).toMatchObject({ errcode: 0, next_cursor: '' })
    const rows = reply.dept_user as Json[]
    expect(rows).toEqual(expect.arrayContaining([
      { userid: 'guide_li', department: 3 },
      { userid: 'guide_sun', department: 4 },
      { userid: 'admin_chen', department: 5 },
      { userid: 'admin_desk', department: 5 },
      { userid: 'guide_met', department: (await userGet('guide_met')).main_department },
    ]))
    expect(rows.some((row) => typeof row.userid === 'string' && row.userid.startsWith('wm'))).toBe(false)
  })

  it('pages by cursor until next_cursor is empty, each row once', async () => {
    const all = (await listIds({})).dept_user as Json[]
    const paged: Json[] = []
    let cursor: string | undefined
    do {
      const page = await listIds({ cursor, limit: 2 })
      expect(page.errcode).toBe(0)
      expect((page.dept_user as Json[]).length).toBeLessThanOrEqual(2)
      paged.push(...(page.dept_user as Json[]))
      cursor = (page.next_cursor as string) || undefined
    } while (cursor)
    expect(paged).toEqual(all)
    expect(all.length).toBeGreaterThan(2)
  })

  it('refuses a limit outside 1 to 10000 and a cursor it did not give', async () => {
    expect((await listIds({ limit: 0 })).errcode).toBe(40058)
    expect((await listIds({ limit: 10001 })).errcode).toBe(40058)
    expect((await listIds({ cursor: 'not-a-cursor' })).errcode).toBe(40058)
  })
})
