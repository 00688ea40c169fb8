// Coupon operations across the console, the h5 mini-program and the sidebar, over the seeded demo: an
// admin issues a coupon to an audience (one guide's customers) in the console and watches the batch
// finish, and another to the same customer picked by number; the customer finds them, claims one more in
// the claim centre (领券中心), sees its redemption code, and the audience coupon is taken at checkout,
// where the discount shows; their guide redeems the claimed one in store from the sidebar's 核销 screen
// (a second look says 已核销); the console's statistics count both uses.
import { beforeAll, describe, expect, it } from 'vitest'
import type { BrowserContext, Page } from 'playwright-core'
import type { CouponStatsList, StaffList } from '@liuliang/shared'
import type { AdminApi } from '../support/admin-api'
import { NO_CHROMIUM_REASON, artifactPath, chromiumPath } from '../support/browser'
import { consoleSession, consumerOf } from '../support/console'
import type { Product } from '../support/product'

const GUIDE = 'guide_coupon_ops'
const WHO = 'coupon_shopper'

describe.skipIf(!chromiumPath)(`coupon operations in the console and the h5 mini-program${chromiumPath ? '' : ` (${NO_CHROMIUM_REASON})`}`, () => {
  const session = consoleSession({ seeded: true })
  const { failures } = session
  let product: Product
  let page: Page
  let admin: AdminApi
  beforeAll(() => ({ product, page, admin } = session))

  /** The h5 preview signed in as someone who is not a quick pick, on a phone of their own. */
  async function phoneOf(who: string): Promise<{ phone: Page; context: BrowserContext; errors: string[] }> {
    const context = await session.browser.newContext({ viewport: { width: 375, height: 800 } })
    const phone = await context.newPage()
    const errors: string[] = []
    phone.on('pageerror', (error) => errors.push(error.message))
    phone.setDefaultTimeout(20_000)
    const input = phone.locator('#dev-login-who input, input#dev-login-who').first()
    for (let attempt = 0; attempt < 3 && !(await input.isVisible()); attempt++) {
      await phone.goto(`${product.serverUrl}/mp/#/pages/dev-login/index`)
      await input.waitFor({ timeout: 10_000 }).catch(() => phone.reload())
    }
    await input.fill(who)
    await phone.locator('#dev-login-submit').click()
    await phone.locator('#entry-coupon-centre').waitFor()
    return { phone, context, errors }
  }

  it('issues to an audience, the customer claims one and uses the issued one at checkout, and the statistics count it', async () => {
    // The audience: the customers of a guide of their own, one person who also uses the mini-program.
    const added = await fetch(`${product.sandboxUrl}/sandbox/wecom/contacts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: GUIDE, who: WHO, name: '券小满' }),
    })
    expect(added.status).toBe(201)
    const shopper = await consumerOf(product, WHO)
    await expect.poll(async () => (await admin.post('/audiences/count', { filter: { staffUserIds: [GUIDE] } })).count, { timeout: 20_000 }).toBe(1)
    const guideName = ((await admin.get('/staff')) as StaffList).items.find((member) => member.userId === GUIDE)!.name
    const template = await admin.post('/coupon-templates', { name: '人群专享 减 15', kind: 'amount_off', amountOffFen: 1500, thresholdFen: 0, validDays: 30 })
    const address = await shopper.call('/addresses', 'POST', { name: '券小满', phone: '13800138000', region: '上海市 上海市 徐汇区', detail: '漕溪北路 66 号' })
    expect(address.status).toBe(201)

    // Console: 券运营 → 发券, to the guide's customers, with the live count before confirming.
    await page.goto(`${product.serverUrl}/admin/#/coupon-operations`)
    await page.getByRole('heading', { name: '券运营', level: 1 }).waitFor()
    await page.getByLabel('优惠券').selectOption(String(template.id))
    await page.getByLabel('筛选客户').getByRole('button', { name: guideName, exact: true }).click()
    await page.getByTestId('issue-audience-count').getByText('1', { exact: true }).waitFor()
    await page.getByRole('button', { name: '发放', exact: true }).click()
    await page.getByText('向符合条件的 1 位客户各发放 1 张「人群专享 减 15」，已持有未使用的客户跳过。').waitFor()
    await page.getByRole('button', { name: '确认发放' }).click()
    await page.getByTestId('batch-progress').getByText(/已完成：已发 1，跳过 0，共 1 人/).waitFor({ timeout: 30_000 })
    // And to one customer, found by their number and previewed before confirming.
    const fiveOff = ((await admin.get('/coupon-templates')).items as { id: number; name: string }[]).find((t) => t.name === '5 元无门槛券')!
    await page.getByLabel('优惠券').selectOption(String(fiveOff.id))
    await page.getByLabel('单个客户').check()
    await page.getByPlaceholder('输入客户姓名、手机号或客户编号').fill(String(shopper.customer.id))
    await page.getByRole('button', { name: '查找' }).click()
    await page.getByRole('list', { name: '找到的客户' }).getByRole('button', { name: new RegExp(`#${shopper.customer.id}`) }).click()
    await page.getByLabel('已选客户').getByText('券小满').waitFor()
    await page.getByRole('button', { name: '发放', exact: true }).click()
    await page.getByText(`向 券小满（#${shopper.customer.id}）发放 1 张「5 元无门槛券」。`).waitFor()
    await page.getByRole('button', { name: '确认发放' }).click()
    await page.getByRole('status').filter({ hasText: '已发放「5 元无门槛券」' }).waitFor()
    await page.getByRole('tab', { name: '发券记录' }).click()
    await page.getByRole('row', { name: /人群专享 减 15 已完成 1 1 0/ }).waitFor()
    await page.screenshot({ path: artifactPath('coupon-operations-batches.png'), fullPage: true })

    // The mini-program: the issued coupon is in 我的优惠券; the claim centre offers the demo's 满 99 减 10.
    let claimedCode = ''
    const [tee] = (await shopper.call(`/shop/products?q=${encodeURIComponent('T 恤')}`)).body.items
    const detail = (await shopper.call(`/shop/products/${tee.id}`)).body
    const sku = detail.skus.find((s: { stock: number; priceFen: number }) => s.stock > 0 && s.priceFen >= 9900)
    const { phone, context, errors } = await phoneOf(WHO)
    try {
      await phone.locator('#entry-coupon-centre').click()
      const claimable = phone.locator('.claim-item', { hasText: '满 99 减 10' })
      await claimable.waitFor()
      const claim = claimable.locator('[id^="claim-"]')
      expect(((await claim.textContent()) ?? '').trim()).toBe('立即领取')
      await claim.click()
      await phone.getByText('领取成功').first().waitFor()
      await claimable.getByText('再领一张').waitFor()
      await phone.screenshot({ path: artifactPath('coupon-claim-centre.png'), fullPage: true })
      await phone.locator('#centre-my-coupons').click()
      // Taro keeps the claim centre underneath; my coupons' cards are named by their coupon ids.
      const issued = phone.locator('[id^="coupon-"]', { hasText: '人群专享 减 15' })
      await issued.waitFor()
      await phone.locator('[id^="coupon-"]', { hasText: '满 99 减 10' }).waitFor()
      await phone.locator('[id^="coupon-"]', { hasText: '5 元无门槛券' }).waitFor()

      // A coupon's detail shows the code a guide redeems in store.
      await issued.click()
      await phone.locator('#coupon-code').waitFor()
      expect(((await phone.locator('#coupon-code').textContent()) ?? '').trim()).toMatch(/^\d{4}( \d{1,4})+$/)
      expect(await phone.locator('#coupon-qr img, img#coupon-qr').first().getAttribute('src')).toMatch(/^data:image\/png;base64,/)
      await phone.screenshot({ path: artifactPath('coupon-detail.png'), fullPage: true })

      // Checkout with the T-shirt: the audience coupon (15 off) beats 满 99 减 10 and is preselected.
      const claimed = (await shopper.call('/coupons')).body.items.find((c: { name: string }) => c.name === '满 99 减 10')
      claimedCode = (await shopper.call(`/coupons/${claimed.id}`)).body.redemptionCode
      await phone.goto(`${product.serverUrl}/mp/#/packages/shop/checkout/index?skuId=${sku.id}&quantity=1`)
      const chosen = phone.locator('.shop-coupon--chosen')
      await chosen.waitFor()
      expect(await chosen.textContent()).toContain('人群专享 减 15')
      await phone.locator('#checkout-discount', { hasText: '-¥15' }).waitFor()
      await phone.locator('#checkout-submit').click()
      await phone.locator('#order-status', { hasText: '待发货' }).waitFor({ timeout: 30_000 })
      const orderId = Number(new URL(phone.url().replace('/#/', '/')).searchParams.get('id'))
      const order = (await shopper.call(`/orders/${orderId}`)).body
      expect(order).toMatchObject({ status: 'paid', amountFen: sku.priceFen - 1500, checkout: { discountFen: 1500, couponName: '人群专享 减 15' } })
      expect(errors).toEqual([])
    } finally {
      await context.close()
    }

    // The sidebar: their guide enters the claimed coupon's code on the 核销 screen and redeems it, once.
    const sidebar = await session.browser.newPage({ viewport: { width: 360, height: 800 } })
    try {
      await sidebar.goto(`${product.serverUrl}/sidebar/`)
      await sidebar.getByPlaceholder('或输入导购的企业微信账号').fill(GUIDE)
      await sidebar.getByRole('button', { name: '登录', exact: true }).click()
      await sidebar.getByPlaceholder('按客户姓名搜索').fill('券小满')
      await sidebar.getByPlaceholder('按客户姓名搜索').press('Enter')
      await sidebar.getByRole('button', { name: /券小满/ }).click()
      await sidebar.getByRole('tab', { name: '核销' }).click()
      await sidebar.getByLabel('核销码').fill(claimedCode)
      await sidebar.getByRole('button', { name: '查询' }).click()
      const found = sidebar.getByLabel('券信息')
      await found.getByText('满 99 减 10').waitFor()
      await found.getByText('客户：券小满', { exact: false }).waitFor()
      await sidebar.getByLabel('核销门店（选填）').fill('徐汇旗舰店')
      await sidebar.getByRole('button', { name: '确认核销' }).click()
      await found.getByText(/核销成功：.*（徐汇旗舰店）/).waitFor()
      await sidebar.screenshot({ path: artifactPath('coupon-sidebar-redeemed.png'), fullPage: true })
      await sidebar.getByRole('button', { name: '查询' }).click()
      await found.getByText(/已核销：.*（徐汇旗舰店）/).waitFor()
      expect(await sidebar.getByRole('button', { name: '确认核销' }).count()).toBe(0)
    } finally {
      await sidebar.close()
    }

    // 领券中心 in the console: one of the demo's 满 99 减 10 claimed; its total is raised, never below that.
    await page.getByRole('tab', { name: '领券中心' }).click()
    await page.getByRole('button', { name: '调整「满 99 减 10」的发放总量' }).click()
    const table = page.getByRole('table')
    await table.getByLabel('发放总量').fill('0')
    await table.getByText('发放总量至少为 1').waitFor()
    await table.getByLabel('发放总量').fill('300')
    await table.getByRole('button', { name: '保存' }).click()
    await page.getByRole('row', { name: /满 99 减 10 1 \/ 300/ }).waitFor()

    // The console's statistics: issued to the audience, used at checkout, with the order's amount as GMV.
    await page.getByRole('tab', { name: '使用统计' }).click()
    const row = page.getByTestId(`coupon-stats-${template.id}`)
    await row.waitFor()
    const stats = ((await admin.get('/coupon-stats')) as CouponStatsList).items.find((s) => s.templateId === template.id)!
    expect(stats).toMatchObject({ issued: { total: 1, audience: 1 }, used: { total: 1, checkout: 1, store: 0 }, useRate: 1, gmvFen: sku.priceFen - 1500 })
    expect(await row.locator('td').allTextContents()).toEqual([
      '人群专享 减 15',
      '1',
      '1',
      '0',
      '0',
      '0',
      '1',
      '1',
      '0',
      '0',
      '100.0%',
      `¥${((sku.priceFen - 1500) / 100).toFixed(2)}`,
    ])
    const claimStats = ((await admin.get('/coupon-stats')) as CouponStatsList).items.find((s) => s.name === '满 99 减 10')!
    expect(claimStats.issued.claim).toBe(1)
    expect(claimStats.used.store).toBe(1)
    await page.screenshot({ path: artifactPath('coupon-operations-stats.png'), fullPage: true })
    expect(failures).toEqual([])
  }, 240_000)
})
