// The loyalty loop in the mini-program's h5 build, served by the real server with the sandbox:
// check in, watch the points arrive, redeem them in the mall, find the coupon.
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { NO_CHROMIUM_REASON, artifactPath, chromiumPath, launchChromium } from '../support/browser'
import { createFirstCheckinReward } from '../support/admin-api'
import { startProduct, type Product } from '../support/product'

describe.skipIf(!chromiumPath)(`mini-program h5 loyalty flow in Chromium${chromiumPath ? '' : ` (${NO_CHROMIUM_REASON})`}`, () => {
  let product: Product
  let browser: Browser
  let page: Page
  let itemId: number
  const failures: string[] = []

  beforeAll(async () => {
    product = await startProduct()
    itemId = await createFirstCheckinReward(product)
    browser = await launchChromium()
    page = await browser.newPage({ viewport: { width: 375, height: 800 } })
    page.on('pageerror', (error) => failures.push(error.message))
  })
  afterAll(async () => {
    await browser?.close()
    await product?.stop()
  })

  const points = () => page.locator('#member-points').first()

  it('logs in and shows a member card with no points yet', async () => {
    await page.goto(`${product.serverUrl}/mp/`)
    await page.locator('#dev-login-alice').click()
    await expect.poll(() => points().textContent()).toBe('0')
    expect(failures).toEqual([])
  })

  it('checks in and sees the points rise on the member card and in the ledger', async () => {
    await page.locator('#entry-checkin').click()
    await page.locator('#checkin-button').click()
    await expect.poll(() => page.locator('#checkin-streak').textContent()).toBe('1')
    await page.getByText('今日已签到').first().waitFor()
    await page.screenshot({ path: artifactPath('mp-checkin.png') })

    await page.goBack()
    await expect.poll(() => points().textContent()).toBe('5')

    await page.locator('#entry-points').click()
    const entry = page.locator('[id^="ledger-"]').first()
    await entry.waitFor()
    expect(await entry.textContent()).toContain('每日签到')
    expect(await entry.textContent()).toContain('+5')
    await page.screenshot({ path: artifactPath('mp-points-ledger.png') })
    await page.goBack()
  })

  it('redeems a mall item and finds the coupon under my coupons', async () => {
    await page.locator('#entry-mall').click()
    await expect.poll(() => page.locator('#mall-balance').textContent()).toBe('5')
    await page.locator(`#mall-item-${itemId}`).click()
    await page.locator('#redeem-button').click()
    await page.locator('#redeem-confirm').click()
    await page.locator('#redeem-result').waitFor()
    expect(await page.locator('#redeem-result').textContent()).toContain('剩余积分 0')
    await page.screenshot({ path: artifactPath('mp-mall-redeemed.png') })

    await page.locator('#redeem-view-coupons').click()
    const coupon = page.locator('[id^="coupon-"]').first()
    await coupon.waitFor()
    expect(await coupon.textContent()).toContain('5 元体验券')
    // Let the page's slide-in finish so the screenshot shows it.
    await expect.poll(async () => (await coupon.boundingBox())?.x ?? 999).toBeLessThan(40)
    await page.screenshot({ path: artifactPath('mp-coupons.png') })
    expect(failures).toEqual([])
  })
})
