// The mini-program h5 in a consumer's words and on a 390 px phone: a refused withdrawal is explained
// in Chinese naming the field, earnings read in yuan, the group page's buttons all fit on the screen,
// and confirming receipt is asked about first.
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { adminApi, type AdminApi } from '../support/admin-api'
import { NO_CHROMIUM_REASON, artifactPath, chromiumPath, launchChromium } from '../support/browser'
import { consumerOf } from '../support/console'
import { signedInConsumer } from '../support/mp-h5'
import { startProduct, type Product } from '../support/product'

const PHONE = { width: 390, height: 844 }

describe.skipIf(!chromiumPath)(`mini-program h5 words and layout${chromiumPath ? '' : ` (${NO_CHROMIUM_REASON})`}`, () => {
  let product: Product
  let admin: AdminApi
  let browser: Browser
  const contexts: BrowserContext[] = []
  beforeAll(async () => {
    product = await startProduct()
    admin = await adminApi(product)
    browser = await launchChromium()
  })
  afterAll(async () => {
    await Promise.all(contexts.map((context) => context.close()))
    await browser?.close()
    await product?.stop()
  })

  async function phoneOf(who: string): Promise<Page> {
    const { page, context, failures } = await signedInConsumer(browser, product.serverUrl, who)
    contexts.push(context)
    expect(failures).toEqual([])
    await page.setViewportSize(PHONE)
    return page
  }
  const open = (page: Page, path: string) => page.goto(`${product.serverUrl}/mp/#${path}`)
  const textOf = async (page: Page, selector: string) => ((await page.locator(selector).textContent()) ?? '').trim()

  it('explains a withdrawal over the limit in Chinese, and shows earnings in yuan', async () => {
    const dave = await consumerOf(product, 'dave')
    expect((await dave.call('/distributor', 'POST')).status).toBeLessThan(300)
    const page = await phoneOf('dave')
    await open(page, '/packages/distribution/index')
    await page.locator('#earnings-withdrawable').waitFor()
    expect(await textOf(page, '#earnings-withdrawable')).toBe('¥0')
    await page.locator('.withdraw__input input').fill('99999999')
    await page.locator('#distribution-withdraw').click()
    const message = page.getByText('提现金额不能大于 1000000 元')
    await message.waitFor()
    expect(await message.textContent()).not.toMatch(/[A-Za-z]/)
    await page.screenshot({ path: artifactPath('mp-withdrawal-refused.png') })
  })

  it("fits the group page's buttons, 邀请好友 included, on a 390 px screen", async () => {
    const teapot = await admin.post('/products', { name: '紫砂壶', priceFen: 38_800, stock: 10 })
    const campaign = await admin.post('/groupbuys', { productId: teapot.id, groupSize: 3, priceFen: 29_900, durationMinutes: 60, stock: 10 })
    const bob = await consumerOf(product, 'bob')
    const opened = await bob.call(`/groupbuys/${campaign.id}/groups`, 'POST')
    expect(opened.status).toBe(201)

    const page = await phoneOf('bob')
    await open(page, `/packages/groupbuy/group/index?id=${opened.body.group.id}`)
    for (const button of ['#group-pay', '#group-share']) {
      await page.locator(button).waitFor()
      const box = await page.locator(button).boundingBox()
      expect(box, button).not.toBeNull()
      expect(box!.x, button).toBeGreaterThanOrEqual(0)
      expect(box!.x + box!.width, button).toBeLessThanOrEqual(PHONE.width)
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width)
    await page.screenshot({ path: artifactPath('mp-group-390.png') })
  })

  it('asks before confirming receipt, and completes the order only on the explicit confirm', async () => {
    const cup = await admin.post('/products', { name: '保温杯', priceFen: 9_900, stock: 10 })
    const carol = await consumerOf(product, 'carol')
    const order = (await carol.call('/orders', 'POST', { items: [{ productId: cup.id, quantity: 1 }] })).body
    await carol.call(`/orders/${order.id}/pay`, 'POST')
    await expect.poll(async () => (await carol.call(`/orders/${order.id}`)).body.status, { timeout: 30_000 }).toBe('paid')
    await admin.post(`/orders/${order.id}/ship`, { carrier: 'SF', trackingNo: 'SF100000000001' })

    const page = await phoneOf('carol')
    await open(page, `/packages/orders/detail/index?id=${order.id}`)
    await page.locator('#order-confirm').click()
    await page.getByText('确认已收到 保温杯 吗？').waitFor()
    await page.locator('.nut-dialog-footer-cancel', { hasText: '还没收到' }).click()
    expect((await carol.call(`/orders/${order.id}`)).body.status).toBe('shipped')

    await page.locator('#order-confirm').click()
    await page.locator('.nut-dialog-footer-ok', { hasText: '确认已收到' }).click()
    await page.locator('#order-status', { hasText: '已完成' }).waitFor()
  })
})
