// The storefront in the h5 build, served by the real server over the seeded demo: a customer browses,
// picks a SKU, fills the cart, saves an address, checks out with the coupon the server preselected,
// pays in the sandbox and finds the order waiting to be shipped.
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { NO_CHROMIUM_REASON, artifactPath, chromiumPath, launchChromium } from '../support/browser'
import { signedInConsumer } from '../support/mp-h5'
import { startProduct, type Product } from '../support/product'

describe.skipIf(!chromiumPath)(`the shop in the mini-program h5${chromiumPath ? '' : ` (${NO_CHROMIUM_REASON})`}`, () => {
  let product: Product
  let browser: Browser
  const contexts: BrowserContext[] = []
  beforeAll(async () => {
    product = await startProduct()
    product.seed()
    browser = await launchChromium()
  })
  afterAll(async () => {
    await Promise.all(contexts.map((context) => context.close()))
    await browser?.close()
    await product?.stop()
  })

  async function apiAs(who: string) {
    const login = await fetch(`${product.serverUrl}/api/mp/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: `test_${who}~e2e${Math.random()}` }),
    })
    const { token } = (await login.json()) as { token: string }
    return async (path: string) => (await fetch(`${product.serverUrl}/api/mp${path}`, { headers: { authorization: `Bearer ${token}` } })).json() as Promise<any>
  }
  const textOf = async (page: Page, selector: string) => ((await page.locator(selector).first().textContent()) ?? '').trim()
  const fill = async (page: Page, id: string, value: string) => {
    const input = page.locator(`#${id} input, input#${id}`).first()
    await input.fill(value)
  }

  it('browses, picks a SKU, checks out with the preselected coupon, pays, and sees the order to be shipped', async () => {
    const { page, context, failures } = await signedInConsumer(browser, product.serverUrl, 'alice')
    contexts.push(context)
    page.setDefaultTimeout(20_000)
    const alice = await apiAs('alice')
    const [tee] = (await alice(`/shop/products?q=${encodeURIComponent('T 恤')}`)).items
    const detail = await alice(`/shop/products/${tee.id}`)
    const blackM = detail.skus.find((sku: { spec: string }) => sku.spec === '黑色 / M')

    // Home: the banners, the categories and the products.
    await page.locator('#shop-cart').waitFor()
    expect(await page.locator('[id^="banner-"]').count()).toBeGreaterThan(0)
    // The demo's banner pictures were uploaded to the server, which serves them to the shop.
    await expect.poll(() => page.locator('[id^="banner-"] img').first().evaluate((image: HTMLImageElement) => image.naturalWidth)).toBeGreaterThan(0)
    expect(await page.locator('[id^="category-"]').count()).toBeGreaterThanOrEqual(3)
    await page.locator(`#product-${tee.id}`).click()

    // The SKU picker shows each option's price and stock; the chosen SKU's own price and stock.
    await page.locator('#sku-option-0-1').click()
    await page.locator('#sku-option-1-0').click()
    expect(await textOf(page, '#sku-chosen')).toBe('已选 黑色 / M')
    expect(await textOf(page, '#sku-stock')).toBe(`库存 ${blackM.stock}`)
    expect(await textOf(page, '#product-price')).toBe(`¥${blackM.priceFen / 100}`)
    expect(await textOf(page, '#sku-option-1-1')).toContain('无货')
    await page.screenshot({ path: artifactPath('mp-shop-product.png'), fullPage: true })
    await page.locator('#add-to-cart').click()
    await page.getByText('已加入购物车').first().waitFor()

    // The cart, priced now.
    await page.locator('#go-cart').click()
    await page.locator(`#cart-line-${blackM.id}`).waitFor()
    expect(await textOf(page, '#cart-total')).toBe(`¥${blackM.priceFen / 100}`)
    await page.locator('#cart-checkout').click()

    // No address yet: one is saved through the form, and the checkout comes back with it.
    await page.locator('#checkout-address').click()
    await page.locator('#address-add').click()
    await fill(page, 'address-name', '艾丽丝')
    await fill(page, 'address-phone', '13800138000')
    await fill(page, 'address-region', '上海市 上海市 徐汇区')
    await fill(page, 'address-detail', '漕溪北路 88 号')
    await page.locator('#address-save').click()
    await page.locator('#checkout-address', { hasText: '艾丽丝' }).waitFor()

    // The best of alice's coupons is preselected: 满 99 减 10 beats the 5 元 one, and 8.5 折 needs ¥299.
    const chosen = page.locator('.shop-coupon--chosen')
    await chosen.waitFor()
    expect(await chosen.textContent()).toContain('满 99 减 10')
    expect(await page.locator('.shop-coupon', { hasText: '8.5 折' }).textContent()).toContain('未满足使用条件')
    expect(await textOf(page, '#checkout-discount')).toBe('-¥10')
    expect(await textOf(page, '#checkout-amount')).toBe('¥119')
    expect(await textOf(page, '#checkout-points')).toBe('119 积分')
    await page.screenshot({ path: artifactPath('mp-shop-checkout.png'), fullPage: true })

    // Pay in the sandbox: the order is paid and waits to be shipped.
    await page.locator('#checkout-submit').click()
    await page.locator('#order-status', { hasText: '待发货' }).waitFor({ timeout: 20_000 })
    const orderId = Number(new URL(page.url().replace('/#/', '/')).searchParams.get('id'))
    const order = await alice(`/orders/${orderId}`)
    expect(order).toMatchObject({ status: 'paid', amountFen: 11_900, checkout: { discountFen: 1000, couponName: '满 99 减 10' } })
    expect(order.items).toEqual([expect.objectContaining({ skuId: blackM.id, spec: '黑色 / M' })])
    expect((await alice('/coupons?status=used')).items.map((c: { name: string }) => c.name)).toContain('满 99 减 10')
    expect((await alice('/cart')).lines).toEqual([])

    await page.goto(`${product.serverUrl}/mp/#/packages/orders/index`)
    await page.locator(`#order-${orderId}`, { hasText: '待发货' }).waitFor()
    await page.screenshot({ path: artifactPath('mp-shop-orders.png'), fullPage: true })

    // 我的 → 添加专属顾问: the guide alice is bound to, and the code that adds them.
    const advisor = await alice('/advisor')
    await page.goto(`${product.serverUrl}/mp/#/pages/mine/index`)
    await page.locator('#mine-advisor').click()
    await page.locator('#advisor-name').waitFor()
    expect(await textOf(page, '#advisor-name')).toBe(advisor.guide ? `你的专属顾问：${advisor.guide.name}` : '添加专属顾问')
    if (advisor.qrCodeUrl) expect(await page.locator('#advisor-qr img, img#advisor-qr').first().getAttribute('src')).toBe(advisor.qrCodeUrl)
    expect(failures).toEqual([])
  }, 180_000)
})
