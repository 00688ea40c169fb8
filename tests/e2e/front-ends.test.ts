// The three front ends, built and served by the real server over the seeded demo data, in headless Chromium.
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { NO_CHROMIUM_REASON, artifactPath, chromiumPath, launchChromium } from '../support/browser'
import { startProduct, type Product } from '../support/product'

describe.skipIf(!chromiumPath)(`front ends in Chromium${chromiumPath ? '' : ` (${NO_CHROMIUM_REASON})`}`, () => {
  let product: Product
  let browser: Browser
  beforeAll(async () => {
    product = await startProduct()
    product.seed()
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await product?.stop()
  })

  async function openPage(path: string, width: number): Promise<Page> {
    const page = await browser.newPage({ viewport: { width, height: 800 } })
    const failures: string[] = []
    page.on('pageerror', (error) => failures.push(error.message))
    await page.goto(`${product.serverUrl}${path}`)
    expect(failures).toEqual([])
    return page
  }

  it('mini-program h5: a consumer logs in on the preview login screen and sees their member card', async () => {
    const page = await openPage('/mp/', 375)
    await page.locator('#dev-login-alice').click()
    await expect(page.getByText('林小艾').first().waitFor()).resolves.toBeUndefined()
    await expect(page.getByText('普通会员').first().waitFor()).resolves.toBeUndefined()
    await page.locator('#dev-login-alice').waitFor({ state: 'hidden' })
    await page.screenshot({ path: artifactPath('mp-home.png') })
  })

  it('sidebar: a guide picks a customer in the development double and sees who they are', async () => {
    const page = await openPage('/sidebar/', 360)
    await expect(page.getByText('开发模式').first().waitFor()).resolves.toBeUndefined()
    await page.getByRole('button', { name: 'guide_li', exact: true }).click()
    // The picker lists the guide's newest customers first; alice came early, so search for her.
    await page.getByPlaceholder('按客户姓名搜索').fill('林小艾')
    await page.getByPlaceholder('按客户姓名搜索').press('Enter')
    await page.getByRole('button', { name: /林小艾/ }).click()
    await expect(page.getByRole('heading', { name: /林小艾/ }).waitFor()).resolves.toBeUndefined()
    await expect(page.getByText('小程序用户').first().waitFor()).resolves.toBeUndefined()
    await expect(page.getByText(/客户等级·/).first().waitFor()).resolves.toBeUndefined()
    await page.screenshot({ path: artifactPath('sidebar-customer.png') })
  })

  it('admin console: the admin logs in and pages through the demo customers', async () => {
    const page = await openPage('/admin/', 1280)
    await page.getByLabel('用户名').fill('admin')
    await page.getByLabel('密码').fill('liuliang123')
    await page.getByRole('button', { name: /登录/ }).click()
    const rows = page.locator('table tbody tr').filter({ has: page.locator('.customer-cell') })
    await rows.first().waitFor()
    expect(await rows.count()).toBeGreaterThan(5)

    // Build an audience: all of VIP, lost = no. The live count must match the server's own answer.
    const allOf = page.locator('.filter-row').filter({ hasText: '同时包含' })
    await allOf.getByRole('button', { name: 'VIP', exact: true }).click()
    await page.getByLabel('已流失').selectOption('false')
    const login = await fetch(`${product.serverUrl}/api/admin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'liuliang123' }),
    })
    const { token } = (await login.json()) as { token: string }
    const tags = (await (
      await fetch(`${product.serverUrl}/api/admin/tags`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as { groups: { tags: { id: number; name: string }[] }[] }
    const vip = tags.groups.flatMap((g) => g.tags).find((t) => t.name === 'VIP')
    const expected = (await (
      await fetch(`${product.serverUrl}/api/admin/audiences/count`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ filter: { tags: { allOf: [vip?.id] }, lost: false } }),
      })
    ).json()) as { count: number }
    expect(expected.count).toBeGreaterThan(0)
    await page.getByTestId('audience-count').getByText(String(expected.count), { exact: true }).waitFor({ timeout: 5000 }).catch(async (error) => {
      await page.screenshot({ path: artifactPath('admin-customers-failed.png') })
      throw error
    })
    await page.screenshot({ path: artifactPath('admin-customers.png') })

    // The dashboard draws the demo data's growth; its totals are the server's.
    await page.getByRole('link', { name: '数据看板' }).click()
    await page.getByRole('button', { name: '近 90 天' }).click()
    await page.locator('.chart-card__canvas canvas').first().waitFor()
    const dashboard = (await (
      await fetch(`${product.serverUrl}/api/admin/dashboard?from=${await page.getByLabel('开始日期').inputValue()}&to=${await page.getByLabel('结束日期').inputValue()}`, {
        headers: { authorization: `Bearer ${token}` },
      })
    ).json()) as { totals: { customers: number; added: number } }
    expect(dashboard.totals.added).toBeGreaterThan(100)
    await page.locator('.stat-card', { hasText: '期间新增' }).getByText(String(dashboard.totals.added), { exact: true }).waitFor()
    expect(await page.getByRole('table', { name: '导购数据' }).locator('tbody tr').count()).toBe(4)
    await page.screenshot({ path: artifactPath('admin-dashboard.png'), fullPage: true })
  })
})

