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
    const rows = page.locator('table tbody tr')
    await rows.first().waitFor()
    expect(await rows.count()).toBeGreaterThan(5)
    await page.screenshot({ path: artifactPath('admin-customers.png') })
  })
})
