// The admin console's conversion pages in Chromium, against the real server: an admin lists a
// product, edits and shelves it, runs a group-buy campaign and stops it, and changes the commission
// rules and approves a distributor — each checked through the API the mini-program uses.
import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import type { AdminApi } from '../support/admin-api'
import { NO_CHROMIUM_REASON, artifactPath, chromiumPath } from '../support/browser'
import { consoleSession, consumerOf } from '../support/console'
import type { Product } from '../support/product'

describe.skipIf(!chromiumPath)(`admin console conversion pages in Chromium${chromiumPath ? '' : ` (${NO_CHROMIUM_REASON})`}`, () => {
  const session = consoleSession({ width: 1440 })
  let product: Product
  let page: Page
  let admin: AdminApi
  beforeAll(async () => {
    ;({ product, page, admin } = session)
  })

  const open = (label: string) => page.getByRole('navigation').getByRole('link', { name: label, exact: true }).click()
  const heading = (text: string) => page.getByRole('heading', { level: 1, name: text })
  const consumer = async (who: string) => {
    const { call } = await consumerOf(product, who)
    return async (path: string, method = 'GET', body?: unknown) => (await call(path, method, body)).body
  }
  const productNamed = async (name: string) => (await admin.get('/products')).items.find((p: { name: string }) => p.name === name)

  it('lists the conversion pages in growth-loop order', async () => {
    await heading('客户列表').waitFor()
    const group = page.getByRole('navigation').locator('.sidenav__group', { hasText: '转化' })
    expect(await group.getByRole('link').allTextContents()).toEqual(['商品', '商城装修', '拼团活动', '分销设置', '订单', '售后', '提现审核'])
  })

  it('creates a product priced in yuan, refusing what the server would refuse', async () => {
    await open('商品')
    const form = page.getByRole('form', { name: '新建商品' })
    await form.getByLabel('商品名称').fill('云南普洱茶饼')
    await form.getByLabel('售价（元）').fill('29.999')
    await form.getByLabel('库存').fill('50')
    await form.getByText('售价须为 0.01–1000000 元，最多两位小数').waitFor()
    expect(await form.getByRole('button', { name: '创建商品' }).isDisabled()).toBe(true)
    await form.getByLabel('售价（元）').fill('29.9')
    await form.getByLabel(/商品介绍/).fill('357 克一饼')
    await form.getByRole('button', { name: '创建商品' }).click()
    await page.locator('table tbody tr', { hasText: '云南普洱茶饼' }).getByText('¥29.90').waitFor()
    expect(await productNamed('云南普洱茶饼')).toMatchObject({ priceFen: 2_990, stock: 50, description: '357 克一饼', imageUrl: null, active: true })
  })

  it('edits only the changed price, then takes the product off sale after asking', async () => {
    const row = page.locator('table tbody tr', { hasText: '云南普洱茶饼' })
    await row.getByRole('button', { name: '编辑' }).click()
    const form = page.getByRole('form', { name: '编辑「云南普洱茶饼」' })
    expect(await form.getByLabel('售价（元）').inputValue()).toBe('29.90')
    // A customer orders 2 while the form is open: a save that did not touch stock must keep that.
    const tea = await productNamed('云南普洱茶饼')
    const buyer = await consumer('conv_buyer')
    expect((await buyer('/orders', 'POST', { items: [{ productId: tea.id, quantity: 2 }] })).status).toBe('pending_payment')
    await form.getByLabel('售价（元）').fill('25')
    await form.getByRole('button', { name: '保存' }).click()
    await form.getByRole('status').filter({ hasText: '已保存' }).waitFor()
    expect(await productNamed('云南普洱茶饼')).toMatchObject({ priceFen: 2_500, stock: 48 })
    await page.screenshot({ path: artifactPath('admin-products.png') })

    page.once('dialog', (dialog) => void dialog.dismiss())
    await row.getByRole('button', { name: '下架' }).click()
    expect((await productNamed('云南普洱茶饼')).active).toBe(true)
    page.once('dialog', (dialog) => void dialog.accept())
    await row.getByRole('button', { name: '下架' }).click()
    await row.getByText('已下架').waitFor()
    const onSale = await (await consumer('conv_shelf'))('/products')
    expect(onSale.items.map((p: { name: string }) => p.name)).not.toContain('云南普洱茶饼')
  })

  it('asks before leaving a form with unsaved edits', async () => {
    await page.getByRole('button', { name: '新建商品' }).click()
    await page.getByRole('form', { name: '新建商品' }).getByLabel('商品名称').fill('未保存的商品')
    page.once('dialog', (dialog) => void dialog.dismiss())
    await open('拼团活动')
    expect(await heading('商品').isVisible()).toBe(true)
    expect(await page.getByRole('form', { name: '新建商品' }).getByLabel('商品名称').inputValue()).toBe('未保存的商品')
    page.once('dialog', (dialog) => void dialog.accept())
    await open('拼团活动')
    await heading('拼团活动').waitFor()
  })

  it('creates a group-buy campaign, changes its price and stock before anyone joins, and stops it after asking', async () => {
    await admin.post('/products', { name: '蜂蜜礼盒', priceFen: 19_900, stock: 100 })
    // Opened afresh so the product list includes the one just made.
    await open('商品')
    await open('拼团活动')
    const form = page.getByRole('form', { name: '新建拼团' })
    await form.getByLabel('商品').selectOption({ label: '蜂蜜礼盒（¥199.00）' })
    await form.getByLabel(/拼团价/).fill('99')
    await form.getByLabel('成团人数').fill('11')
    await form.getByText('成团人数须为 2–10 的整数').waitFor()
    await form.getByLabel('成团人数').fill('2')
    await form.getByLabel(/成团时限/).fill('60')
    await form.getByLabel('活动库存').fill('30')
    await form.getByRole('button', { name: '创建拼团' }).click()
    const row = page.locator('table tbody tr', { hasText: '蜂蜜礼盒' })
    await row.getByText('拼团中 0 · 成团 0 · 未成团 0').waitFor()
    const [created] = (await admin.get('/groupbuys')).items
    expect(created).toMatchObject({ productName: '蜂蜜礼盒', priceFen: 9_900, groupSize: 2, durationMinutes: 60, stock: 30, perUserLimit: 1, active: true })
    const shopper = await consumer('conv_groupbuy')
    expect((await shopper('/groupbuys')).items.map((c: { id: number }) => c.id)).toContain(created.id)

    await row.getByRole('button', { name: '编辑' }).click()
    const edit = page.getByRole('form', { name: '编辑拼团' })
    await edit.getByLabel(/拼团价/).fill('209')
    await edit.getByText('拼团价不能高于商品原价（199 元）').waitFor()
    await edit.getByLabel(/拼团价/).fill('89')
    await edit.getByLabel('活动库存').fill('40')
    await edit.getByRole('button', { name: '保存' }).click()
    await edit.getByRole('status').filter({ hasText: '已保存' }).waitFor()
    expect((await admin.get('/groupbuys')).items[0]).toMatchObject({ priceFen: 8_900, stock: 40, endsAt: null })

    await row.getByRole('button', { name: '查看团' }).click()
    await page.getByText('还没有人开团').waitFor()
    await page.screenshot({ path: artifactPath('admin-groupbuys.png') })

    page.once('dialog', (dialog) => void dialog.accept())
    await row.getByRole('button', { name: '停止' }).click()
    await row.getByText('已停止').waitFor()
    expect((await admin.get('/groupbuys')).items[0].active).toBe(false)
    expect((await shopper('/groupbuys')).items.map((c: { id: number }) => c.id)).not.toContain(created.id)
  })

  it('changes the commission rules and approves a distributor who applied', async () => {
    await open('分销设置')
    const form = page.getByRole('form', { name: '分销规则' })
    const level1 = form.getByLabel(/一级佣金比例/)
    await expect.poll(() => level1.inputValue()).toBe('10')
    await level1.fill('60')
    await form.getByText('一级佣金比例（%）须为 0–50 的整数').waitFor()
    expect(await form.getByRole('button', { name: '保存' }).isDisabled()).toBe(true)
    await level1.fill('12')
    await form.getByLabel(/二级佣金比例/).fill('3')
    await form.getByLabel(/结算等待天数/).fill('10')
    await form.getByLabel(/最低提现金额/).fill('50')
    await form.getByLabel('分销员申请').selectOption({ label: '人工审核' })
    await form.getByRole('button', { name: '保存' }).click()
    await form.getByRole('status').filter({ hasText: '已保存' }).waitFor()
    expect(await admin.get('/distribution/settings')).toEqual({ autoApprove: false, bindingDays: 30, level1Percent: 12, level2Percent: 3, settleDays: 10, minWithdrawalFen: 5_000 })

    const applicant = await consumer('conv_distributor')
    const applied = await applicant('/distributor', 'POST')
    expect(applied.status).toBe('pending')
    await open('订单')
    await open('分销设置')
    const row = page.locator('table tbody tr', { hasText: applied.code })
    await row.getByText('待审核').waitFor()
    await row.getByRole('button', { name: '通过' }).click()
    await row.getByText('已通过').waitFor()
    await page.screenshot({ path: artifactPath('admin-distribution.png') })
    expect((await applicant('/distributor')).distributor).toMatchObject({ code: applied.code, status: 'approved' })
  })
})
