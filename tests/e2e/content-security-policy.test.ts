// The built front ends and the API docs under the server's content security policy, in Chromium over
// the seeded demo data: each page works and the browser reports no violation of the policy.
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { NO_CHROMIUM_REASON, chromiumPath, launchChromium } from '../support/browser'
import { startProduct, type Product } from '../support/product'

/** What the browser refused on a page, and the page's own errors. */
async function watched(page: Page) {
  const problems: string[] = []
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`))
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) problems.push(`console: ${message.text()}`)
  })
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(`Content Security Policy violation: ${event.violatedDirective} ${event.blockedURI}`)
    })
  })
  return problems
}

describe.skipIf(!chromiumPath)(`the content security policy in Chromium${chromiumPath ? '' : ` (${NO_CHROMIUM_REASON})`}`, () => {
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

  it('is sent with every page, and forbids framing them', async () => {
    for (const path of ['/admin/', '/sidebar/', '/mp/', '/docs/']) {
      const response = await fetch(`${product.serverUrl}${path}`)
      expect(response.status, path).toBe(200)
      expect(response.headers.get('content-security-policy'), path).toMatch(/frame-ancestors 'none'/)
      expect(response.headers.get('x-frame-options'), path).toBe('DENY')
    }
  })

  it('lets the console show customers with their avatars and the dashboard’s charts', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
    const problems = await watched(page)
    await page.goto(`${product.serverUrl}/admin/`)
    await page.getByLabel('用户名').fill('admin')
    await page.getByLabel('密码').fill('liuliang123')
    await page.getByRole('button', { name: /登录/ }).click()
    await page.locator('table tbody tr .customer-cell').first().waitFor()
    await page.waitForLoadState('networkidle')
    await page.getByRole('link', { name: '数据看板', exact: true }).click()
    await page.locator('.chart-card__canvas canvas').first().waitFor()
    expect(problems).toEqual([])
    await page.close()
  })

  it('lets the sidebar boot in its development double and open a customer', async () => {
    const page = await browser.newPage({ viewport: { width: 360, height: 800 } })
    const problems = await watched(page)
    await page.goto(`${product.serverUrl}/sidebar/`)
    await page.getByRole('button', { name: 'guide_li', exact: true }).click()
    await page.getByPlaceholder('按客户姓名搜索').fill('林小艾')
    await page.getByPlaceholder('按客户姓名搜索').press('Enter')
    await page.getByRole('button', { name: /林小艾/ }).click()
    await page.getByRole('heading', { name: /林小艾/ }).waitFor()
    await page.waitForLoadState('networkidle')
    expect(problems).toEqual([])
    await page.close()
  })

  it('lets the mini-program h5 sign a consumer in and show the member card', async () => {
    const page = await browser.newPage({ viewport: { width: 375, height: 800 } })
    const problems = await watched(page)
    await page.goto(`${product.serverUrl}/mp/`)
    await page.locator('#dev-login-alice').click()
    await page.getByText('林小艾').first().waitFor()
    await page.waitForLoadState('networkidle')
    expect(problems).toEqual([])
    await page.close()
  })

  it('lets the OpenAPI docs render', async () => {
    const page = await browser.newPage()
    const problems = await watched(page)
    await page.goto(`${product.serverUrl}/docs/`)
    await page.getByText('Liuliang API').first().waitFor()
    expect(problems).toEqual([])
    await page.close()
  })
})
