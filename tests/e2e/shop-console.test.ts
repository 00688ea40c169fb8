// The console's storefront pages in Chromium, against the real server: an admin adds a category and
// a home banner leading to it, then gives a new product a category and two colours with their own
// price and stock, each checked through the API the mini-program uses.
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import type { AdminApi } from '../support/admin-api'
import { NO_CHROMIUM_REASON, artifactPath, chromiumPath } from '../support/browser'
import { consoleSession, consumerOf } from '../support/console'
import { repoRoot, type Product } from '../support/product'

describe.skipIf(!chromiumPath)(`admin console storefront pages in Chromium${chromiumPath ? '' : ` (${NO_CHROMIUM_REASON})`}`, () => {
  const session = consoleSession({ width: 1440 })
  let product: Product
  let page: Page
  let admin: AdminApi
  beforeAll(async () => {
    ;({ product, page, admin } = session)
  })

  const open = (label: string) => page.getByRole('navigation').getByRole('link', { name: label, exact: true }).click()
  const shopper = async () => {
    const { call } = await consumerOf(product, 'shop_console_buyer')
    return async (path: string) => (await call(path)).body
  }

  it('orders categories and banners that the home page shows', async () => {
    await open('商城装修')
    const categoryForm = page.getByRole('form', { name: '添加分类' })
    await categoryForm.getByLabel('分类名称').fill('文创')
    await categoryForm.getByLabel('排序（小的在前）').fill('1')
    await categoryForm.getByRole('button', { name: '添加分类' }).click()
    await page.locator('table tbody tr', { hasText: '文创' }).waitFor()

    const bannerForm = page.getByRole('form', { name: '添加轮播图' })
    await bannerForm.getByLabel('图片地址').fill('https://img.example.com/wenchuang.png')
    await bannerForm.getByLabel('标题（可不填）').fill('文创上新')
    await bannerForm.getByLabel('点击后打开').selectOption('category')
    await bannerForm.getByText('请选择跳转的分类').waitFor()
    await bannerForm.locator('select[name="bannerLinkId"]').selectOption({ label: '文创' })
    await bannerForm.getByRole('button', { name: '添加轮播图' }).click()
    await page.locator('table tbody tr', { hasText: '文创上新' }).getByText('分类：文创').waitFor()
    await page.screenshot({ path: artifactPath('admin-shop-settings.png'), fullPage: true })

    const home = await (await shopper())('/shop/home')
    const category = home.categories.find((c: { name: string }) => c.name === '文创')
    expect(home.banners).toEqual([expect.objectContaining({ title: '文创上新', linkType: 'category', linkId: category.id })])
  })

  it("sets a product's category and its SKUs, each with its own price and stock", async () => {
    const created = await admin.post('/products', { name: '帆布笔袋', priceFen: 3900, stock: 10 })
    await open('商品')
    await page.locator('table tbody tr', { hasText: '帆布笔袋' }).getByRole('button', { name: '编辑' }).click()

    const gallery = page.getByRole('form', { name: '分类与图片' })
    await gallery.getByLabel('分类').selectOption({ label: '文创' })
    await gallery.getByLabel(/商品图片/).fill('https://img.example.com/pen-1.png\nhttps://img.example.com/pen-2.png')
    await gallery.getByRole('button', { name: '保存分类与图片' }).click()
    await gallery.getByRole('status').filter({ hasText: '已保存' }).waitFor()

    const skus = page.getByRole('form', { name: '规格与库存' })
    expect(await skus.getByLabel('默认 售价').inputValue()).toBe('39.00')
    await skus.getByRole('button', { name: '添加规格' }).click()
    await skus.getByLabel('规格名 1').fill('颜色')
    await skus.getByLabel('规格值').fill('米白，藏青')
    await skus.getByText('「米白」的售价要大于 0，最多两位小数').waitFor()
    await skus.getByLabel('米白 售价').fill('39')
    await skus.getByLabel('米白 库存').fill('8')
    await skus.getByLabel('藏青 售价').fill('42.5')
    await skus.getByLabel('藏青 库存').fill('3')
    await skus.getByRole('button', { name: '保存规格' }).click()
    await skus.getByRole('status').filter({ hasText: '已保存' }).waitFor()
    await page.screenshot({ path: artifactPath('admin-shop-skus.png'), fullPage: true })

    const buyer = await shopper()
    const detail = await buyer(`/shop/products/${created.id}`)
    expect(detail.specs).toEqual([{ name: '颜色', values: ['米白', '藏青'] }])
    expect(detail.skus.map((s: { spec: string; priceFen: number; stock: number }) => [s.spec, s.priceFen, s.stock])).toEqual([
      ['米白', 3900, 8],
      ['藏青', 4250, 3],
    ])
    expect(detail.images).toEqual(['https://img.example.com/pen-1.png', 'https://img.example.com/pen-2.png'])
    const listed = await buyer(`/shop/products?categoryId=${detail.categoryId}`)
    expect(listed.items).toEqual([expect.objectContaining({ id: created.id, priceFen: 3900, stock: 11 })])
  })

  it('uploads pictures for a banner and a gallery, which the server then serves', async () => {
    const picture = join(repoRoot, 'seed/assets/banner-tea.jpg')
    await open('商城装修')
    const bannerForm = page.getByRole('form', { name: '添加轮播图' })
    // A file that is no picture is refused before it is sent.
    await bannerForm.getByLabel('上传图片').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a picture') })
    await bannerForm.getByRole('alert').filter({ hasText: '只能上传 PNG、JPEG、GIF 或 WebP 图片' }).waitFor()
    await bannerForm.getByLabel('上传图片').setInputFiles(picture)
    await expect.poll(() => bannerForm.getByLabel('图片地址').inputValue()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/images\/[0-9a-f]{64}\.jpg$/)
    await expect.poll(() => bannerForm.getByAltText('轮播图预览').evaluate((image: HTMLImageElement) => image.naturalWidth)).toBe(702)
    await bannerForm.getByLabel('标题（可不填）').fill('春茶上新')
    await bannerForm.getByRole('button', { name: '添加轮播图' }).click()
    const row = page.locator('table tbody tr', { hasText: '春茶上新' })
    await expect.poll(() => row.getByRole('img').evaluate((image: HTMLImageElement) => image.naturalWidth)).toBe(702)

    const created = await admin.post('/products', { name: '春茶礼盒', priceFen: 16800, stock: 5 })
    await open('商品')
    await page.locator('table tbody tr', { hasText: '春茶礼盒' }).getByRole('button', { name: '编辑' }).click()
    const gallery = page.getByRole('form', { name: '分类与图片' })
    await gallery.getByLabel(/商品图片/).fill('https://img.example.com/tea-box.png')
    await gallery.getByLabel('上传图片').setInputFiles(picture)
    const chosen = gallery.getByLabel('已选图片').getByRole('img')
    await expect.poll(() => chosen.count()).toBe(2)
    await gallery.getByRole('button', { name: '设为封面' }).click()
    await expect.poll(() => chosen.first().evaluate((image: HTMLImageElement) => image.naturalWidth)).toBe(702)
    await gallery.getByRole('button', { name: '保存分类与图片' }).click()
    await gallery.getByRole('status').filter({ hasText: '已保存' }).waitFor()
    await page.screenshot({ path: artifactPath('admin-product-gallery.png'), fullPage: true })
    // The product list shows the cover.
    const listed = page.locator('table tbody tr', { hasText: '春茶礼盒' }).locator('img')
    await expect.poll(() => listed.evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth)).toBe(702)

    const detail = await (await shopper())(`/shop/products/${created.id}`)
    expect(detail.images).toEqual([expect.stringMatching(/\/images\/[0-9a-f]{64}\.jpg$/), 'https://img.example.com/tea-box.png'])
    const served = await fetch(detail.images[0])
    expect(served.headers.get('content-type')).toBe('image/jpeg')
  })
})
