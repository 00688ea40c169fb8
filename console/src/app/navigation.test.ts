import { describe, expect, it } from 'vitest'
import { BUILT_IN_ROLE_DEFINITIONS, PERMISSION_AREAS, type BuiltInRole } from '@liuliang/shared'
import { canOnPage, homePage, NAV_GROUPS, PAGE_AREA, pageFromHash, pageRefusal, SCOPED_PAGES, visibleGroups, type Access, type PageKey } from './navigation'

describe('page addresses', () => {
  it('reads every page in the navigation from its #/key address', () => {
    for (const item of NAV_GROUPS.flatMap((group) => group.items)) expect(pageFromHash(`#/${item.key}`)).toBe(item.key)
    expect(pageFromHash('#/password')).toBe('password')
  })

  it('names no page for an empty or unknown address', () => {
    expect(pageFromHash('')).toBeNull()
    expect(pageFromHash('#/')).toBeNull()
    expect(pageFromHash('#/nowhere')).toBeNull()
  })
})

describe('pages by permission', () => {
  const role = (builtIn: BuiltInRole, departmentIds: number[] = []): Access => ({ permissions: [...BUILT_IN_ROLE_DEFINITIONS[builtIn].permissions], departmentIds })
  const keys = (access: Access) => visibleGroups(access).flatMap((group) => group.items.map((item) => item.key))
  const pages = NAV_GROUPS.flatMap((group) => group.items.map((item) => item.key))

  it('gives every page in the navigation an area, and the owner every page', () => {
    for (const page of pages) expect(PERMISSION_AREAS, page).toContain(PAGE_AREA[page as Exclude<PageKey, 'password'>])
    expect(keys(role('owner'))).toEqual(pages)
  })

  it('opens a page with its area’s view permission; manage opens it too', () => {
    expect(pageRefusal({ permissions: ['activation:view'], departmentIds: [] }, 'lotteries')).toBeNull()
    expect(pageRefusal({ permissions: ['activation:manage'], departmentIds: [] }, 'lotteries')).toBeNull()
    expect(pageRefusal({ permissions: ['conversion:manage'], departmentIds: [] }, 'lotteries')).toEqual({ kind: 'permission', permission: 'activation:view' })
  })

  it('shows finance its money pages and orders, but not the activities or the settings', () => {
    const finance = keys(role('finance'))
    expect(finance).toEqual(expect.arrayContaining(['after-sales', 'withdrawals', 'orders', 'dashboard']))
    for (const page of ['lotteries', 'customers', 'accounts', 'audit-log'] as const) expect(finance).not.toContain(page)
    expect(pageRefusal(role('finance'), 'audit-log')).toEqual({ kind: 'permission', permission: 'settings:view' })
  })

  it('puts 售后 and 提现审核 under finance, 操作日志 and the accounts under settings', () => {
    expect([PAGE_AREA['after-sales'], PAGE_AREA.withdrawals]).toEqual(['finance', 'finance'])
    expect([PAGE_AREA['audit-log'], PAGE_AREA.accounts, PAGE_AREA.roles]).toEqual(['settings', 'settings', 'settings'])
    expect(NAV_GROUPS.find((group) => group.title === '设置')?.items.map((item) => item.key)).toEqual(['accounts', 'roles', 'audit-log'])
  })

  it('lets a view-only role open pages but change nothing', () => {
    const readonly = role('readonly')
    expect(canOnPage(readonly, 'lotteries', 'view')).toBe(true)
    expect(canOnPage(readonly, 'lotteries', 'manage')).toBe(false)
    expect(canOnPage(role('operator'), 'lotteries', 'manage')).toBe(true)
    expect(canOnPage(role('finance'), 'orders', 'manage')).toBe(false)
  })

  it('shows an account limited to departments only the pages that work in its scope', () => {
    const storeManager = role('store_manager', [3])
    expect(keys(storeManager)).toEqual(['customers', 'dashboard'])
    expect(pageRefusal(storeManager, 'tags')).toEqual({ kind: 'scope' })
    expect(pageRefusal(storeManager, 'after-sales')).toEqual({ kind: 'permission', permission: 'finance:view' })
    // The same role over the whole brand sees every page of its areas.
    expect(keys(role('store_manager'))).toEqual(expect.arrayContaining(['customers', 'tags', 'rfm', 'dashboard']))
  })

  it('opens on the customer list, or else the first page the admin may see', () => {
    expect(homePage(role('owner'))).toBe('customers')
    expect(homePage(role('finance'))).toBe('products')
    expect(homePage({ permissions: [], departmentIds: [] })).toBe('password')
    expect(pageRefusal({ permissions: [], departmentIds: [3] }, 'password')).toBeNull()
  })
})
