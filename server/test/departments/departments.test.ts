// The member directory against the sandbox's WeCom: its department tree (1 留量品牌 → 2 门店 → 3 南京西路店 and 4 静安寺店,
// 5 运营中心), who sits in each store (guide_li and guide_wang in 3, led by guide_li; guide_zhao and guide_sun in 4, led by
// guide_zhao; admins in 5), and what the server derives from it: sub-department expansion and a leader's team.
import { describe, expect, it } from 'vitest'
import { adminStackForFile, type Json } from '../acquisition/helpers'
import { addContact, login, request } from '../support/stack'
import { createDepartmentService } from '../../src/departments/department-service'
import { serviceDeps } from '../../src/services'

const file = adminStackForFile()
const DEMO_STAFF = ['guide_li', 'guide_wang', 'guide_zhao', 'guide_sun', 'admin_chen']

const staffId = async (userId: string): Promise<number> => (await file.stack.one('select id from staff where user_id = ?', userId)).id
const idsOf = (userIds: string[]) => Promise.all(userIds.map(staffId)).then((ids) => ids.sort((a, b) => a - b))
const membershipsOf = async (userId: string) =>
  (
    await file.stack.query(
      'select department_id, is_leader from staff_departments where staff_id = ? order by department_id',
      await staffId(userId),
    )
  ).map((row: Json) => ({ departmentId: Number(row.department_id), isLeader: Boolean(row.is_leader) }))

async function meetDemoStaff() {
  for (const userId of DEMO_STAFF) await login.staff(file.stack, userId)
}

describe('ensureStaff', () => {
  it('stores the departments user/get places a newly met member in, leading or not', async () => {
    await login.staff(file.stack, 'guide_li')
    await login.staff(file.stack, 'guide_wang')
    await login.staff(file.stack, 'admin_chen')
    expect(await membershipsOf('guide_li')).toEqual([{ departmentId: 3, isLeader: true }])
    expect(await membershipsOf('guide_wang')).toEqual([{ departmentId: 3, isLeader: false }])
    expect(await membershipsOf('admin_chen')).toEqual([{ departmentId: 5, isLeader: false }])
  })
})

describe('syncDirectory', () => {
  it('stores the tree, each known member’s departments and the leaders, and the console shows them', async () => {
    await meetDemoStaff()
    const synced = await file.api('POST', '/departments/sync')
    expect(synced.status).toBe(200)
    expect(synced.body).toMatchObject({ departments: 5, removed: expect.any(Number), leaders: 2 })
    expect(synced.body.memberships).toBeGreaterThanOrEqual(DEMO_STAFF.length)

    const tree = await file.api('GET', '/departments')
    expect(tree.status).toBe(200)
    expect(tree.body.items.map((d: Json) => [d.id, d.name, d.parentId, d.depth])).toEqual([
      [1, '留量品牌', null, 0],
      [2, '门店', 1, 1],
      [3, '南京西路店', 2, 2],
      [4, '静安寺店', 2, 2],
      [5, '运营中心', 1, 1],
    ])
    const byId = new Map(tree.body.items.map((d: Json) => [d.id, d]))
    expect(byId.get(3)).toMatchObject({ memberCount: 2, leaders: [{ userId: 'guide_li', name: '李娜' }] })
    expect(byId.get(4)).toMatchObject({ memberCount: 2, leaders: [{ userId: 'guide_zhao', name: '赵敏' }] })
    expect(byId.get(5)).toMatchObject({ memberCount: 1, leaders: [] })
    expect(await membershipsOf('guide_zhao')).toEqual([{ departmentId: 4, isLeader: true }])
    expect(await membershipsOf('guide_sun')).toEqual([{ departmentId: 4, isLeader: false }])
  })

  it('removes a department WeCom no longer lists, with its memberships', async () => {
    await meetDemoStaff()
    await file.stack.query('insert into departments (id, name, parent_id, sort_order) values (?, ?, ?, ?)', 99, '已撤店', 2, 1)
    await file.stack.query('insert into staff_departments (staff_id, department_id, is_leader) values (?, 99, true)', await staffId('guide_sun'))
    const { body } = await file.api('POST', '/departments/sync')
    expect(body.removed).toBe(1)
    expect(await file.stack.query('select id from departments where id = ?', 99)).toEqual([])
    expect(await membershipsOf('guide_sun')).toEqual([{ departmentId: 4, isLeader: false }])
    expect((await file.api('GET', '/departments')).body.items.map((d: Json) => d.id)).not.toContain(99)
  })

  it('follows user/list_id’s cursor to the last page', async () => {
    await meetDemoStaff()
    const whole = await file.stack.app.departments.syncDirectory()
    const paged = createDepartmentService({ ...serviceDeps(file.stack.app), wecom: file.stack.app.wecom, listIdLimit: 2 })
    expect(await paged.syncDirectory()).toEqual(whole)
    expect(whole.memberships).toBeGreaterThan(4)
  })
})

describe('staffIdsInDepartments and teamOf', () => {
  it('expands a department to every department under it', async () => {
    await meetDemoStaff()
    await login.staff(file.stack, 'guide_extra1')
    await file.stack.app.departments.syncDirectory()
    const { departments } = file.stack.app
    const stores = await departments.staffIdsInDepartments([2])
    expect(stores).toEqual(expect.arrayContaining(await idsOf(['guide_li', 'guide_wang', 'guide_zhao', 'guide_sun', 'guide_extra1'])))
    expect(stores).not.toContain(await staffId('admin_chen'))
    expect(await departments.staffIdsInDepartments([4])).toEqual(expect.arrayContaining(await idsOf(['guide_zhao', 'guide_sun'])))
    expect(await departments.staffIdsInDepartments([4])).not.toContain(await staffId('guide_li'))
    expect(await departments.staffIdsInDepartments([1])).toContain(await staffId('admin_chen'))
    expect(await departments.staffIdsInDepartments([])).toEqual([])
  })

  it('walks a department up to the root, for what a parent department’s settings cover', async () => {
    await file.stack.app.departments.syncDirectory()
    const { departments } = file.stack.app
    expect((await departments.withAncestors([3])).sort()).toEqual([1, 2, 3])
    expect((await departments.withAncestors([4, 5])).sort()).toEqual([1, 2, 4, 5])
    expect(await departments.withAncestors([77])).toEqual([77])
    expect(await departments.withAncestors([])).toEqual([])
  })

  it('gives a leader the members of the departments they lead, and anyone else no team', async () => {
    await meetDemoStaff()
    await file.stack.app.departments.syncDirectory()
    const { departments } = file.stack.app
    const li = await departments.teamOf(await staffId('guide_li'))
    expect(li).toEqual(expect.arrayContaining(await idsOf(['guide_li', 'guide_wang'])))
    expect(li).not.toContain(await staffId('guide_zhao'))
    expect(await departments.teamOf(await staffId('guide_zhao'))).toEqual(expect.arrayContaining(await idsOf(['guide_zhao', 'guide_sun'])))
    expect(await departments.teamOf(await staffId('guide_wang'))).toEqual([])
    expect(await departments.teamOf(await staffId('admin_chen'))).toEqual([])
  })
})

describe('a department leader in the sidebar', () => {
  const sidebarAs = async (userId: string) => {
    const { token } = await login.staff(file.stack, userId)
    return (method: string, path: string, body?: unknown) => request(`${file.stack.appUrl}/api/sidebar${path}`, { method, body, token })
  }

  it('reads a team member’s customer, told whose it is, and changes nothing of theirs', async () => {
    await meetDemoStaff()
    await file.stack.app.departments.syncDirectory()
    const customer = await addContact(file.stack, 'team_wang1', 'guide_wang')
    const li = await sidebarAs('guide_li')

    const view = await li('GET', `/customers/${customer}`)
    expect(view.status).toBe(200)
    expect(view.body.teamMember).toEqual({ userId: 'guide_wang', name: '王芳' })
    expect((await li('GET', `/customers/${customer}/timeline`)).status).toBe(200)
    expect((await li('GET', `/customers/${customer}/follow-ups`)).status).toBe(200)

    for (const [method, path, body] of [
      ['PATCH', `/customers/${customer}/profile`, { city: '上海' }],
      ['PUT', `/customers/${customer}/tags`, { add: [], remove: [] }],
      ['POST', `/customers/${customer}/follow-ups`, { content: '替王芳记一笔' }],
    ] as const) {
      const reply = await li(method, path, body)
      expect(reply.status, `${method} ${path}`).toBe(403)
      expect(reply.body.error.code).toBe('CUSTOMER_NOT_FOLLOWED')
    }
    expect((await file.stack.one('select city from customers where external_user_id = ?', customer)).city).toBeNull()

    // Their own customer is theirs to change, and the view says so by naming no team member.
    const own = await addContact(file.stack, 'team_li1', 'guide_li')
    expect((await li('GET', `/customers/${own}`)).body.teamMember ?? null).toBeNull()
  })

  it('refuses a stranger’s customer, and a member who leads nothing reads only their own', async () => {
    await meetDemoStaff()
    await file.stack.app.departments.syncDirectory()
    const otherStore = await addContact(file.stack, 'team_zhao1', 'guide_zhao')
    const leaders = await addContact(file.stack, 'team_li2', 'guide_li')
    const li = await sidebarAs('guide_li')
    const wang = await sidebarAs('guide_wang')
    expect((await li('GET', `/customers/${otherStore}`)).status).toBe(403)
    expect((await li('GET', `/customers/${otherStore}/timeline`)).status).toBe(403)
    expect((await wang('GET', `/customers/${leaders}`)).status).toBe(403)
    // The other store's leader reads their own store's customers, not this one's.
    const zhao = await sidebarAs('guide_zhao')
    expect((await zhao('GET', `/customers/${leaders}`)).status).toBe(403)
    const sunCustomer = await addContact(file.stack, 'team_sun1', 'guide_sun')
    expect((await zhao('GET', `/customers/${sunCustomer}`)).body.teamMember).toEqual({ userId: 'guide_sun', name: '孙丽' })
  })

  it('lists the team’s customers for a leader, each once, and only their own for a member', async () => {
    await meetDemoStaff()
    await file.stack.app.departments.syncDirectory()
    const wangs = await addContact(file.stack, 'team_list1', 'guide_wang')
    const shared = await addContact(file.stack, 'team_list2', 'guide_wang')
    await addContact(file.stack, 'team_list2', 'guide_li')
    const zhaos = await addContact(file.stack, 'team_list3', 'guide_zhao')
    const listed = async (userId: string) =>
      ((await (await sidebarAs(userId))('GET', '/customers?q=team_list&limit=100')).body.items as Json[]).map((c) => c.externalUserId)
    const li = await listed('guide_li')
    expect(li.filter((id) => id === shared)).toHaveLength(1)
    expect(li).toEqual(expect.arrayContaining([wangs, shared]))
    expect(li).not.toContain(zhaos)
    expect(await listed('guide_wang')).toEqual(expect.arrayContaining([wangs, shared]))
    expect(await listed('guide_zhao')).toEqual([zhaos])
  })
})
