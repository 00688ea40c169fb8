// A store manager limited to 南京西路店 (department 3: 李娜 and 王芳) in the console: the navigation holds only the
// pages that work within a store (客户列表 and 数据看板), 客户列表 holds only the customers of that store's guides
// (not those of 静安寺店's 赵敏 and 孙丽), a customer's 360 opens, and a finance page by its address says 无权限.
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { adminApi, type AdminApi } from '../support/admin-api'
import { NO_CHROMIUM_REASON, artifactPath, chromiumPath, launchChromium } from '../support/browser'
import { signInToConsole } from '../support/console'
import { startProduct, type Product } from '../support/product'

const CUSTOMERS = [
  ['scope_li_a', '南京西路甲', 'guide_li'],
  ['scope_li_b', '南京西路乙', 'guide_li'],
  ['scope_wang', '南京西路丙', 'guide_wang'],
  ['scope_zhao', '静安寺甲', 'guide_zhao'],
  ['scope_sun', '静安寺乙', 'guide_sun'],
] as const
const IN_STORE = CUSTOMERS.filter(([, , guide]) => guide === 'guide_li' || guide === 'guide_wang').map(([, name]) => name)
const OTHER_STORE = CUSTOMERS.filter(([, , guide]) => guide === 'guide_zhao' || guide === 'guide_sun').map(([, name]) => name)

describe.skipIf(!chromiumPath)(`a store manager's console in Chromium${chromiumPath ? '' : ` (${NO_CHROMIUM_REASON})`}`, () => {
  let product: Product
  let browser: Browser
  let admin: AdminApi
  let page: Page
  const failures: string[] = []

  beforeAll(async () => {
    product = await startProduct()
    admin = await adminApi(product)
    // Customers add guides of both stores in WeCom; the callbacks bring them to the product.
    for (const [who, name, userId] of CUSTOMERS) {
      const added = await fetch(`${product.sandboxUrl}/sandbox/wecom/contacts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ who, name, userId }),
      })
      expect(added.ok, await added.text()).toBe(true)
    }
    await vi.waitFor(async () => expect((await admin.post('/audiences/count', { filter: {} })).count).toBe(CUSTOMERS.length), { timeout: 20_000 })

    // The owner makes the store manager's account; its first password is replaced before the console is used.
    const roles = (await admin.get('/roles')).items as { id: number; builtIn: string | null }[]
    const invited = await admin.post('/admin-accounts', {
      username: 'store_nanjing',
      displayName: '南京西路店长',
      roleId: roles.find((role) => role.builtIn === 'store_manager')!.id,
      departmentIds: [3],
    })
    const api = (path: string, body: unknown, token?: string) =>
      fetch(`${product.serverUrl}/api/admin${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(body),
      })
    const first = (await (await api('/login', { username: 'store_nanjing', password: invited.temporaryPassword })).json()) as { token: string }
    const changed = await api('/password', { currentPassword: invited.temporaryPassword, newPassword: 'nanjing-road-3' }, first.token)
    expect(changed.status).toBe(204)

    browser = await launchChromium()
    page = await signInToConsole(browser, product, 1400, { username: 'store_nanjing', password: 'nanjing-road-3' })
    page.on('pageerror', (error) => failures.push(error.message))
  })
  afterAll(async () => {
    await browser?.close()
    await product?.stop()
  })

  const nav = () => page.getByRole('navigation', { name: '主导航' })
  const rows = () => page.locator('table tbody tr').filter({ has: page.locator('.customer-cell') })

  it('offers the customer list and the dashboard, the list holding the customers of its own store’s guides', async () => {
    await page.getByText('南京西路店长（门店店长）').waitFor()
    await nav().getByRole('link', { name: '客户列表', exact: true }).waitFor()
    expect(await nav().getByRole('link').allTextContents()).toEqual(['客户列表', '数据看板'])
    await page.getByText('符合条件的客户').or(page.getByText('统计失败')).waitFor()
    await page.screenshot({ path: artifactPath('console-store-scope-customers.png'), fullPage: true })

    await expect.poll(async () => (await rows().allTextContents()).join(' ')).toContain(IN_STORE[0])
    await expect.poll(() => rows().count()).toBe(IN_STORE.length)
    const listed = (await rows().allTextContents()).join(' ')
    for (const name of IN_STORE) expect(listed).toContain(name)
    for (const name of OTHER_STORE) expect(listed).not.toContain(name)
    await page.getByTestId('audience-count').getByText(String(IN_STORE.length), { exact: true }).waitFor()
  })

  it('opens one of its customers’ 360', async () => {
    await rows().getByRole('button', { name: '南京西路丙' }).click()
    await page.getByRole('region', { name: '客户概况' }).getByText('南京西路丙').first().waitFor()
    await page.screenshot({ path: artifactPath('console-store-scope-360.png'), fullPage: true })
    await page.getByRole('button', { name: '← 返回客户列表' }).click()
    await rows().first().waitFor()
  })

  it('reads the dashboard’s guide figures for its own store only', async () => {
    await nav().getByRole('link', { name: '数据看板', exact: true }).click()
    const guides = page.getByRole('table', { name: '导购数据' })
    await guides.getByText('李娜').waitFor()
    const listed = await guides.textContent()
    expect(listed).toContain('王芳')
    for (const other of ['赵敏', '孙丽']) expect(listed).not.toContain(other)
    await page.screenshot({ path: artifactPath('console-store-scope-dashboard.png'), fullPage: true })
  })

  it('is told 无权限 on a finance page or a page outside its stores, opened by address', async () => {
    await page.goto(`${product.serverUrl}/admin/#/after-sales`)
    await page.getByRole('heading', { name: '无权限' }).waitFor()
    await page.getByText('打开「售后」需要「财务」的查看权限，你的角色（门店店长）没有。').waitFor()

    // Tags are in its area, but the page is not narrowed to a store.
    await page.goto(`${product.serverUrl}/admin/#/tags`)
    await page.getByText('「标签管理」不对门店账号开放').waitFor()
    expect(failures).toEqual([])
  })
})
