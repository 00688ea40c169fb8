// The admin console's loyalty pages in Chromium, against the real server: an admin changes the
// check-in ladder, stocks the points mall and adjusts a customer's points.
import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import type { AdminApi } from '../support/admin-api'
import { NO_CHROMIUM_REASON, artifactPath, chromiumPath } from '../support/browser'
import { consoleSession, consumerOf } from '../support/console'
import type { Product } from '../support/product'

describe.skipIf(!chromiumPath)(`admin console loyalty pages in Chromium${chromiumPath ? '' : ` (${NO_CHROMIUM_REASON})`}`, () => {
  const session = consoleSession()
  let product: Product
  let page: Page
  let admin: AdminApi
  beforeAll(async () => {
    ;({ product, page, admin } = session)
    await admin.post('/coupon-templates', { name: '满 99 减 10', kind: 'amount_off', amountOffFen: 1000, thresholdFen: 9900, validDays: 30 })
  })

  const consumerLogin = (who: string) => consumerOf(product, who)
  const open = (label: string) => page.getByRole('navigation').getByRole('link', { name: label, exact: true }).click()

  it('changes the check-in ladder', async () => {
    await open('签到规则')
    const ladder = page.getByLabel(/连续签到奖励/)
    await expect.poll(() => ladder.inputValue()).toBe('5, 5, 10, 10, 15, 15, 30')
    await ladder.fill('2, 4, 6')
    await page.getByRole('button', { name: '保存' }).click()
    await page.getByRole('status').filter({ hasText: '已保存' }).waitFor()
    expect((await admin.get('/loyalty/checkin-rules')).ladder).toEqual([2, 4, 6])
  })

  it('asks before leaving a form with unsaved edits, and keeps them when the admin stays', async () => {
    await open('会员等级')
    const name = page.getByLabel('V2 名称')
    await expect.poll(() => name.inputValue()).toBe('银卡会员')
    await name.fill('白银会员')

    const prompts: string[] = []
    page.once('dialog', (dialog) => {
      prompts.push(dialog.message())
      void dialog.dismiss()
    })
    await open('签到规则')
    await expect.poll(() => prompts.length).toBe(1)
    expect(prompts[0]).toContain('未保存')
    expect(await name.inputValue()).toBe('白银会员')

    page.once('dialog', (dialog) => void dialog.accept())
    await open('签到规则')
    await page.getByLabel(/连续签到奖励/).waitFor()
    await open('会员等级')
    await expect.poll(() => page.getByLabel('V2 名称').inputValue()).toBe('银卡会员')

    // Saved edits leave without a question.
    await page.getByLabel('V2 名称').fill('白银会员')
    await page.getByRole('button', { name: '保存' }).click()
    await page.getByRole('status').filter({ hasText: '已保存' }).waitFor()
    page.once('dialog', (dialog) => {
      prompts.push(dialog.message())
      void dialog.dismiss()
    })
    await open('签到规则')
    await page.getByLabel(/连续签到奖励/).waitFor()
    expect(prompts).toHaveLength(1)
    page.removeAllListeners('dialog')
    expect((await admin.get('/loyalty/levels')).levels[1].name).toBe('白银会员')
  })

  it('keeps the open page in the address, across a reload and the back button', async () => {
    await open('会员等级')
    await open('优惠券')
    expect(new URL(page.url()).hash).toBe('#/coupons')
    await page.reload()
    await page.getByRole('heading', { name: '优惠券', exact: true }).waitFor()
    await page.goBack()
    await page.getByRole('heading', { name: '会员等级', exact: true }).waitFor()
  })

  it('puts a coupon item in the mall and takes it off sale', async () => {
    await open('积分商城')
    await page.getByLabel('名称').fill('满 99 减 10 优惠券')
    await page.getByLabel('发放的优惠券').selectOption({ label: '满 99 减 10' })
    await page.getByLabel('所需积分').fill('80')
    await page.getByLabel('库存').fill('100')
    await page.getByRole('button', { name: '上架' }).click()
    const row = page.locator('table tbody tr', { hasText: '满 99 减 10 优惠券' })
    await row.getByText('在售').waitFor()
    await page.screenshot({ path: artifactPath('admin-mall-items.png') })
    await row.getByRole('button', { name: '下架' }).click()
    await row.getByText('已下架').waitFor()
  })

  it('ships a redeemed gift with its tracking number', async () => {
    const mug = await admin.post('/mall/items', { name: '品牌马克杯', kind: 'physical', pointsPrice: 10, stock: 5, perUserLimit: 1 })
    const { token, customer } = await consumerLogin('console_ship')
    await admin.post(`/customers/${customer.id}/points`, { delta: 10, reason: '测试' })
    const address = { name: '周小船', phone: '13900139000', region: '浙江省 杭州市 西湖区', detail: '文三路 1 号' }
    const redeemed = await fetch(`${product.serverUrl}/api/mp/mall/items/${mug.id}/redemptions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ address }),
    })
    expect(redeemed.status).toBe(201)

    // Opened afresh, so the list includes the gift redeemed just now.
    await open('会员等级')
    await open('积分商城')
    const row = page.locator('table tbody tr', { hasText: '周小船' })
    page.once('dialog', (dialog) => void dialog.accept('SF0001'))
    await row.getByRole('button', { name: '发货' }).click()
    await row.waitFor({ state: 'detached' })
    const history = (await (await fetch(`${product.serverUrl}/api/mp/mall/redemptions`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
      items: { status: string; trackingNo: string }[]
    }
    expect(history.items[0]).toMatchObject({ status: 'shipped', trackingNo: 'SF0001' })
  })

  it('adjusts a customer’s points with a reason', async () => {
    const { customer, token } = await consumerLogin('console_pts')
    await open('积分调整')
    await page.getByPlaceholder('输入客户姓名、手机号或客户编号').fill(String(customer.id))
    await page.getByRole('button', { name: '查找' }).click()
    await page.getByRole('button', { name: new RegExp(`#${customer.id}`) }).click()
    await page.getByLabel(/积分变动/).fill('88')
    await page.getByLabel('原因').fill('门店活动奖励')
    await page.getByRole('button', { name: '调整积分' }).click()
    await page.getByRole('button', { name: '确认调整' }).click()
    await page.getByRole('status').filter({ hasText: '当前余额 88' }).waitFor()
    const me = (await (await fetch(`${product.serverUrl}/api/mp/me`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
      points: { balance: number }
    }
    expect(me.points.balance).toBe(88)
  })
})
