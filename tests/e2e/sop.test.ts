// Activation SOP end to end: an admin writes an SOP for customers a live code brings in the console (a
// library script as its step, no quiet hours so the run's time of day does not matter); a customer scans
// the code and adds the guide in the sandbox, the server's tick puts the step on the guide's list and reminds them by app message; the guide
// opens the customer in the sidebar and sends the step, filled with the customer's name, by one tap; the
// console counts it sent on time for that guide.
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { adminApi, type AdminApi } from '../support/admin-api'
import { NO_CHROMIUM_REASON, artifactPath, chromiumPath, launchChromium } from '../support/browser'
import { signInToConsole } from '../support/console'
import { startProduct, type Product } from '../support/product'

describe.skipIf(!chromiumPath)(`activation SOP in Chromium${chromiumPath ? '' : ` (${NO_CHROMIUM_REASON})`}`, () => {
  let product: Product
  let browser: Browser
  let page: Page
  let admin: AdminApi
  let liveCodeState: string
  const failures: string[] = []

  beforeAll(async () => {
    // The SOP tick runs as often as the scheduler: every two seconds here.
    product = await startProduct({ SCHEDULER_INTERVAL_MS: '2000' })
    admin = await adminApi(product)
    await admin.post('/scripts', { type: 'text', title: 'SOP新客问候', content: '{{customerName}}您好，我是{{staffName}}，有问题随时找我' })
    // A library of more than a page: the greeting, written first and never sent, is the last of them.
    for (let i = 1; i <= 100; i++) await admin.post('/scripts', { type: 'text', title: `日常话术 ${i}`, content: '您好' })
    liveCodeState = (await admin.post('/live-codes', { name: '门店海报码', staffUserIds: ['guide_li'], dailyAddLimit: null })).state
    browser = await launchChromium()
    page = await signInToConsole(browser, product, 1400)
    page.on('pageerror', (error) => failures.push(error.message))
    page.setDefaultTimeout(30_000)
  })
  afterAll(async () => {
    await browser?.close()
    await product?.stop()
  })

  it('is written in the console, sent by the guide from the sidebar, and counted on time', async () => {
    await page.getByRole('navigation').getByRole('link', { name: '激活SOP', exact: true }).click()
    await page.getByRole('button', { name: '新建SOP' }).click()
    const form = page.getByRole('form', { name: '新建SOP' })
    await form.getByLabel('名称').fill('新客三步曲')
    await form.getByLabel('触发条件').selectOption({ label: '通过渠道活码添加' })
    await form.getByRole('combobox', { name: /^渠道活码/ }).selectOption({ label: '门店海报码' })
    await form.getByLabel('第 1 步时间').fill('00:00')
    await form.getByLabel('第 1 步话术').selectOption({ label: 'SOP新客问候' })
    await form.getByLabel('免打扰时段').uncheck()
    await form.getByRole('button', { name: '创建' }).click()
    const row = page.locator('table tbody tr', { hasText: '新客三步曲' })
    await row.getByText('第 0 天 00:00 · SOP新客问候').waitFor()

    const added = await fetch(`${product.sandboxUrl}/sandbox/wecom/contacts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ who: 'sop_shen', name: '沈小悦', state: liveCodeState }),
    })
    expect(added.status).toBe(201)
    // The tick enters her and reminds the guide.
    await expect
      .poll(async () => (await admin.get('/sops')).items.find((sop: { name: string }) => sop.name === '新客三步曲')?.enrolled, { timeout: 60_000, interval: 500 })
      .toBe(1)
    await expect
      .poll(
        async () => {
          const sent = (await (await fetch(`${product.sandboxUrl}/sandbox/wecom/messages?api=message/send`)).json()) as { items: { body: any }[] }
          return sent.items.some((item) => item.body.touser === 'guide_li' && String(item.body.text?.content).includes('「新客三步曲」第 1 步 · 沈小悦'))
        },
        { timeout: 60_000, interval: 500 },
      )
      .toBe(true)

    const sidebar = await browser.newPage({ viewport: { width: 360, height: 800 } })
    sidebar.on('pageerror', (error) => failures.push(error.message))
    sidebar.setDefaultTimeout(30_000)
    await sidebar.goto(`${product.serverUrl}/sidebar/`)
    await sidebar.getByRole('button', { name: 'guide_li', exact: true }).click()
    await sidebar.getByPlaceholder('按客户姓名搜索').fill('沈小悦')
    await sidebar.getByPlaceholder('按客户姓名搜索').press('Enter')
    await sidebar.getByRole('button', { name: /沈小悦/ }).click()
    const steps = sidebar.getByRole('region', { name: '激活SOP待发送' })
    await steps.getByText('激活SOP · 新客三步曲').waitFor()
    await sidebar.screenshot({ path: artifactPath('sidebar-sop-step.png'), fullPage: true })
    await steps.getByRole('button', { name: '一键发送' }).click()
    const payload = sidebar.getByLabel('消息内容（JSON）').last()
    await payload.waitFor()
    expect(JSON.parse((await payload.textContent()) ?? '')).toEqual({ msgtype: 'text', text: { content: '沈小悦您好，我是李娜，有问题随时找我' } })
    await steps.waitFor({ state: 'detached' })

    await page.reload()
    await row.getByRole('button', { name: '执行情况' }).click()
    const stats = page.getByRole('table', { name: '按导购的执行情况' })
    const guide = stats.locator('tr', { hasText: '李娜' })
    await guide.waitFor()
    expect(await guide.locator('td').allTextContents()).toEqual(['李娜', '1', '0', '0', '0', '0'])
    await page.screenshot({ path: artifactPath('admin-sop-stats.png'), fullPage: true })
    expect(failures).toEqual([])
  }, 240_000)
})
