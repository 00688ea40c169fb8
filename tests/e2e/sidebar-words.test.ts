// The sidebar in a guide's words: a refused search is explained in Chinese naming the field, a new
// note leaves earlier reminders alone unless the guide ticks 「完成之前的提醒」, and tapping a reminder
// opens that customer's notes.
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { NO_CHROMIUM_REASON, artifactPath, chromiumPath, launchChromium } from '../support/browser'
import { startProduct, type Product } from '../support/product'

describe.skipIf(!chromiumPath)(`sidebar words in Chromium${chromiumPath ? '' : ` (${NO_CHROMIUM_REASON})`}`, () => {
  let product: Product
  let browser: Browser
  let page: Page
  const externalUserIds: Record<string, string> = {}

  beforeAll(async () => {
    product = await startProduct()
    for (const [who, name] of [
      ['words_amy', '艾米'],
      ['words_ben', '本杰'],
    ] as const) {
      const added = await fetch(`${product.sandboxUrl}/sandbox/wecom/contacts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ userId: 'guide_li', who, name }),
      })
      externalUserIds[name] = ((await added.json()) as { externalUserId: string }).externalUserId
    }
    browser = await launchChromium()
    page = await browser.newPage({ viewport: { width: 360, height: 800 } })
    await page.goto(`${product.serverUrl}/sidebar/`)
    await page.getByRole('button', { name: 'guide_li', exact: true }).click()
    await page.getByPlaceholder('按客户姓名搜索').fill('艾米')
    await page.getByPlaceholder('按客户姓名搜索').press('Enter')
    await page.getByRole('button', { name: /艾米/ }).click()
    await page.getByRole('region', { name: '客户概况' }).getByRole('heading', { name: /艾米/ }).waitFor()
  })
  afterAll(async () => {
    await browser?.close()
    await product?.stop()
  })

  const writeNote = async (content: string, when: string, completePrevious = false) => {
    await page.getByLabel('跟进内容').fill(content)
    await page.getByRole('button', { name: when, exact: true }).click()
    if (completePrevious) await page.getByLabel('完成之前的提醒').check()
    await page.getByRole('button', { name: '保存跟进' }).click()
    await page.getByRole('list', { name: '跟进记录' }).getByText(content).waitFor()
  }

  it('keeps earlier reminders when a note is added, and completes them only when asked', async () => {
    await page.getByRole('tab', { name: /跟进/ }).click()
    await writeNote('约周五回电', '明天')
    const reminders = page.getByRole('list', { name: '我的跟进提醒' })
    await reminders.getByText('约周五回电').waitFor()
    await writeNote('发了新品图', '3 天后')
    await reminders.getByText('发了新品图').waitFor()
    expect(await reminders.getByRole('listitem').count()).toBe(2)

    await writeNote('已回电，月底再联系', '1 个月后', true)
    await reminders.getByText('已回电，月底再联系').waitFor()
    await expect.poll(() => reminders.getByRole('listitem').count()).toBe(1)
    await page.screenshot({ path: artifactPath('sidebar-reminders-kept.png'), fullPage: true })
  })

  it("opens a reminder's customer on their notes from the to-do list, and comes back", async () => {
    const login = await fetch(`${product.serverUrl}/api/sidebar/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: `test_guide_li~words-${Date.now()}` }),
    })
    const { token } = (await login.json()) as { token: string }
    const note = await fetch(`${product.serverUrl}/api/sidebar/customers/${externalUserIds['本杰']}/follow-ups`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ content: '问问本杰礼盒到货没有', nextContactAt: new Date(Date.now() + 3_600_000).toISOString() }),
    })
    expect(note.status).toBe(201)

    await page.getByRole('tab', { name: '待办' }).click()
    await page.getByRole('button', { name: '打开本杰的跟进记录' }).click()
    await page.getByRole('region', { name: '客户概况' }).getByRole('heading', { name: /本杰/ }).waitFor()
    expect(await page.getByRole('tab', { name: /跟进/ }).getAttribute('aria-selected')).toBe('true')
    await page.getByRole('list', { name: '跟进记录' }).getByText('问问本杰礼盒到货没有').waitFor()
    await page.screenshot({ path: artifactPath('sidebar-reminder-opened.png'), fullPage: true })
    await page.getByRole('button', { name: '返回待办' }).click()
    await page.getByRole('region', { name: '我的待办提醒' }).getByText('问问本杰礼盒到货没有').waitFor()
  })

  it('explains a too-long script search in Chinese, naming the field', async () => {
    await page.getByRole('tab', { name: '话术库' }).click()
    await page.getByPlaceholder('搜索话术标题、内容或关键词').fill('话'.repeat(51))
    const message = page.getByText('搜索关键词最多 50 个字')
    await message.waitFor()
    expect(await message.textContent()).not.toMatch(/[A-Za-z]/)
  })
})
