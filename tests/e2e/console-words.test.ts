// What the console shows a person is in their words: a refused value is explained in Chinese naming
// the field, a channel reads as its live code's name, status badges stay on one line, and a points
// adjustment picks a customer by number or phone with a preview and is confirmed before it happens.
import { describe, expect, it } from 'vitest'
import { NO_CHROMIUM_REASON, artifactPath, chromiumPath } from '../support/browser'
import { consoleSession, consumerOf } from '../support/console'

describe.skipIf(!chromiumPath)(`console words and layout in Chromium${chromiumPath ? '' : ` (${NO_CHROMIUM_REASON})`}`, () => {
  const session = consoleSession({ width: 1280 })

  it('adjusts points for a customer found by number, previewed and confirmed, and explains a refused amount in Chinese', async () => {
    const { page, product } = session
    const { customer } = await consumerOf(product, 'words_points')
    await page.getByRole('navigation').getByRole('link', { name: '积分调整', exact: true }).click()
    await page.getByPlaceholder('输入客户姓名、手机号或客户编号').fill(String(customer.id))
    await page.getByRole('button', { name: '查找' }).click()
    await page.getByRole('list', { name: '找到的客户' }).getByRole('button', { name: new RegExp(`#${customer.id}`) }).click()
    const card = page.getByLabel('已选客户')
    await card.getByText('当前积分 0').waitFor()

    await page.getByLabel('积分变动（扣减填负数）').fill('2000000')
    await page.getByLabel('原因').fill('活动补偿')
    await page.getByRole('button', { name: '调整积分' }).click()
    await page.getByText('调整后余额 2000000').waitFor()
    await page.getByRole('button', { name: '确认调整' }).click()
    const refusal = page.getByRole('alert')
    await refusal.waitFor()
    expect(await refusal.textContent()).toContain('积分变动不能大于 1000000')
    expect(await refusal.textContent()).not.toMatch(/[A-Za-z]/)

    await page.getByLabel('积分变动（扣减填负数）').fill('50')
    await page.getByRole('button', { name: '调整积分' }).click()
    // Nothing moves until the confirm button is pressed.
    await page.getByRole('button', { name: '取消' }).click()
    expect((await session.admin.get(`/customers/${customer.id}`)).sections.membership?.points.balance ?? 0).toBe(0)
    await page.getByRole('button', { name: '调整积分' }).click()
    await page.getByRole('button', { name: '确认调整' }).click()
    await page.getByText('已调整：+50 积分，客户当前余额 50').waitFor()
    await card.getByText('当前积分 50').waitFor()
    await page.screenshot({ path: artifactPath('console-points-adjust.png') })
  })

  it('finds a customer by the phone number a guide saved', async () => {
    const { page, product } = session
    const added = await fetch(`${product.sandboxUrl}/sandbox/wecom/contacts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: 'guide_li', who: 'words_phone', name: '电话客' }),
    })
    const { externalUserId } = (await added.json()) as { externalUserId: string }
    const login = await fetch(`${product.serverUrl}/api/sidebar/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: `test_guide_li~words-${Date.now()}` }),
    })
    const { token } = (await login.json()) as { token: string }
    const saved = await fetch(`${product.serverUrl}/api/sidebar/customers/${externalUserId}/profile`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ phone: '13612345678' }),
    })
    expect(saved.status).toBe(200)

    await page.getByLabel('已选客户').getByRole('button', { name: '换一位' }).click()
    await page.getByPlaceholder('输入客户姓名、手机号或客户编号').fill('13612345678')
    await page.getByRole('button', { name: '查找' }).click()
    await page.getByRole('list', { name: '找到的客户' }).getByRole('button', { name: /电话客/ }).click()
    await page.getByLabel('已选客户').getByText('136****5678').waitFor()
  })

  it("names a channel by its live code's name in the customer filter", async () => {
    const { page, product, admin } = session
    const code = await admin.post('/live-codes', { name: '门店海报码', staffUserIds: ['guide_li'], dailyAddLimit: 100 })
    const added = await fetch(`${product.sandboxUrl}/sandbox/wecom/contacts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: 'guide_li', who: 'words_channel', name: '渠道客', state: code.state }),
    })
    expect(added.status).toBe(201)
    await page.getByRole('navigation').getByRole('link', { name: '客户列表', exact: true }).click()
    const filter = page.getByLabel('筛选客户')
    await filter.getByRole('button', { name: '门店海报码（1）' }).waitFor()
    expect(await filter.textContent()).not.toContain('lc_')
  })

  it('keeps status badges on one line at 1280 and 1440 px', async () => {
    const { page, admin } = session
    await admin.post('/products', { name: '一款名字相当长的限量版手工紫砂茶具礼盒套装', priceFen: 9_900, stock: 5 })
    for (const width of [1280, 1440]) {
      await page.setViewportSize({ width, height: 900 })
      await page.getByRole('navigation').getByRole('link', { name: '商品', exact: true }).click()
      const badge = page.locator('.badge').first()
      await badge.waitFor()
      const box = await badge.boundingBox()
      expect(box?.height, `badge at ${width} px`).toBeLessThanOrEqual(22)
    }
    await page.setViewportSize({ width: 1280, height: 900 })
  })
})
