// Subscription messages end to end, in Chromium against the built product: an admin picks the prize template
// from WeChat's list in the console, a customer who accepted it in WeChat draws on the h5 wheel (the preview
// reports the acceptance as the weapp reports wx.requestSubscribeMessage's answer), the sandbox delivers the
// message, and the console lists the send with its result.
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { adminApi } from '../support/admin-api'
import { NO_CHROMIUM_REASON, artifactPath, chromiumPath, launchChromium } from '../support/browser'
import { signInToConsole } from '../support/console'
import { signedInConsumer } from '../support/mp-h5'
import { startProduct, type Product } from '../support/product'

describe.skipIf(!chromiumPath)(`subscription messages in Chromium${chromiumPath ? '' : ` (${NO_CHROMIUM_REASON})`}`, () => {
  let product: Product
  let browser: Browser
  let console: Page
  const failures: string[] = []

  beforeAll(async () => {
    product = await startProduct()
    browser = await launchChromium()
    console = await signInToConsole(browser, product)
    console.on('pageerror', (error) => failures.push(error.message))
  })
  afterAll(async () => {
    await browser?.close()
    await product?.stop()
  })

  it('sends the prize message a customer subscribed to, and the console shows it delivered', async () => {
    await console.goto(`${product.serverUrl}/admin/#/subscription-messages`)
    const prizeCard = console.getByRole('group', { name: '抽奖中奖' })
    const select = prizeCard.getByLabel('模板')
    await expect.poll(() => select.locator('option').count()).toBeGreaterThan(1)
    const option = select.locator('option', { hasText: '中奖结果通知' })
    const templateId = (await option.getAttribute('value')) as string
    await select.selectOption(templateId)
    await prizeCard.getByText('已启用').waitFor()
    // A keyword of the template left empty would make WeChat refuse the message: the page says so.
    const tip = prizeCard.getByLabel('内容').nth(3)
    const tipText = await tip.inputValue()
    await tip.fill('')
    await prizeCard.getByRole('note').getByText(/thing4.*还没有内容/).waitFor()
    await tip.fill(tipText)
    await expect.poll(() => prizeCard.getByRole('note').count()).toBe(0)
    await console.getByRole('button', { name: '保存', exact: true }).click()
    await console.getByRole('status').getByText('已保存').waitFor()
    await console.screenshot({ path: artifactPath('console-subscription-messages.png'), fullPage: true })

    const admin = await adminApi(product)
    await admin.post('/lotteries', {
      name: '订阅消息测试转盘',
      startsAt: new Date(Date.now() - 3_600_000).toISOString(),
      endsAt: new Date(Date.now() + 86_400_000).toISOString(),
      costPoints: 0,
      freeDrawsPerDay: 3,
      maxDrawsPerUser: 3,
      prizes: [{ name: '幸运积分 8 分', type: 'points', weight: 1, stock: 100, points: 8 }],
    })
    // Dave taps 允许 in WeChat's dialog: WeChat keeps one send for him.
    await fetch(`${product.sandboxUrl}/sandbox/wechat/subscriptions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ who: 'dave', templateIds: [templateId] }),
    })

    const { page, failures: mpFailures } = await signedInConsumer(browser, product.serverUrl, 'dave')
    await page.locator('#entry-lottery').click()
    await page.locator('#lottery-draw').waitFor()
    await page.locator('#lottery-draw').click()
    await page.locator('#lottery-result').waitFor({ timeout: 15_000 })
    expect(mpFailures).toEqual([])

    const delivered = async () =>
      ((await (await fetch(`${product.sandboxUrl}/sandbox/wechat/subscribe-messages?touser=o_dave`)).json()) as { items: any[] }).items
    await expect.poll(async () => (await delivered()).length, { timeout: 10_000 }).toBe(1)
    expect((await delivered())[0]).toMatchObject({ template_id: templateId, page: 'packages/lottery/prizes/index', data: { thing1: '订阅消息测试转盘', thing2: '幸运积分 8 分' } })

    await console.getByRole('button', { name: '刷新' }).click()
    const sends = console.getByRole('region', { name: '发送记录' })
    const row = sends.locator('tbody tr', { hasText: '抽奖中奖' })
    await row.waitFor()
    expect(await row.textContent()).toContain('已送达')
    expect(await row.textContent()).toContain('幸运积分 8 分')
    await console.screenshot({ path: artifactPath('console-subscription-sends.png'), fullPage: true })
    expect(failures).toEqual([])
  })
})
