// The lead centre end to end, over the seeded demo: 陈可乐's birthday is in two days, so the morning's
// run gave her guide 李娜 a birthday lead with the 生日祝福 script. The admin tunes a rule in the
// console; 李娜 opens her to-do list in the sidebar, opens the lead, sends the script by one tap, marks
// her contacted and closes the lead; the console's list shows who closed it. In the chat with a buyer
// due to buy again the sidebar recommends what they usually buy, with the reason, and sends its card; the
// console's 360 view of that buyer shows the same recommendations and the card sent.
import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import type { AdminApi } from '../support/admin-api'
import { NO_CHROMIUM_REASON, artifactPath, chromiumPath } from '../support/browser'
import { consoleSession } from '../support/console'
import type { Product } from '../support/product'

describe.skipIf(!chromiumPath)(`the lead centre in Chromium${chromiumPath ? '' : ` (${NO_CHROMIUM_REASON})`}`, () => {
  const session = consoleSession({ seeded: true })
  const { failures } = session
  let product: Product
  let page: Page
  let admin: AdminApi
  beforeAll(() => ({ product, page, admin } = session))
  /** the buyer due again and the product 李娜 sent them from the sidebar */
  type Sent = { customer: { name: string; externalUserId: string }; productName: string }
  let sent: Sent

  it('lets the admin tune a rule and find the birthday lead by guide and kind', async () => {
    await page.goto(`${product.serverUrl}/admin/#/leads`)
    await page.getByRole('heading', { name: '线索中心' }).waitFor()
    await page.getByRole('tab', { name: '线索规则' }).click()
    const rule = page.getByRole('form', { name: '沉默客户规则' })
    await expect.poll(() => rule.getByLabel('建议话术').locator('option:checked').textContent()).toBe('久未联系回访')
    await rule.getByLabel('无互动几天').fill('45')
    await rule.getByRole('button', { name: '保存' }).click()
    await rule.getByRole('status').getByText('已保存').waitFor()
    const saved = (await admin.get('/lead-rules')).items.find((item: { kind: string }) => item.kind === 'silent')
    expect(saved).toMatchObject({ days: 45, script: { title: '久未联系回访' } })

    await page.getByRole('tab', { name: '线索列表' }).click()
    await page.getByLabel('导购').selectOption({ label: '李娜' })
    await page.getByLabel('线索类型').selectOption({ label: '生日关怀' })
    const row = page.getByRole('row').filter({ hasText: '陈可乐' })
    await row.getByText(/生日，还有 2 天/).waitFor()
    await row.getByText('待跟进').waitFor()
    await page.screenshot({ path: artifactPath('leads-console-list.png'), fullPage: true })
  })

  it('lets the guide work the lead from the sidebar: the script by one tap, contacted, closed', async () => {
    const sidebar = await session.browser.newPage({ viewport: { width: 360, height: 800 } })
    const errors: string[] = []
    sidebar.on('pageerror', (error) => errors.push(error.message))
    await sidebar.goto(`${product.serverUrl}/sidebar/`)
    await sidebar.getByRole('button', { name: 'guide_li', exact: true }).click()
    await sidebar.getByPlaceholder('按客户姓名搜索').fill('陈可乐')
    await sidebar.getByPlaceholder('按客户姓名搜索').press('Enter')
    await sidebar.getByRole('button', { name: /陈可乐/ }).click()
    await sidebar.getByRole('region', { name: '客户概况' }).getByRole('heading', { name: /陈可乐/ }).waitFor()

    await sidebar.getByRole('tab', { name: '待办' }).click()
    const todos = sidebar.getByRole('region', { name: '我的待办提醒' })
    await todos.getByRole('listitem', { name: '生日关怀：陈可乐' }).waitFor()
    await sidebar.getByRole('button', { name: '打开陈可乐的生日关怀' }).click()

    const lead = sidebar.getByRole('region', { name: '线索' })
    await lead.getByText(/生日，还有 2 天/).waitFor()
    await lead.getByText('亲爱的陈可乐，生日快乐', { exact: false }).waitFor()
    await lead.getByRole('button', { name: '发送话术' }).click()
    await lead.getByText('已发送').waitFor()
    await sidebar.getByRole('region', { name: '模拟发送记录' }).getByText(/亲爱的陈可乐，生日快乐/).first().waitFor()

    await lead.getByRole('button', { name: '已联系' }).click()
    await lead.getByRole('heading', { name: /已联系/ }).waitFor()
    await lead.getByRole('button', { name: '关闭线索' }).click()
    await sidebar.getByRole('button', { name: '确认关闭' }).click()
    await lead.getByText('这条线索已关闭，已从待办中移除').waitFor()
    await sidebar.screenshot({ path: artifactPath('leads-sidebar-closed.png'), fullPage: true })

    await sidebar.getByRole('button', { name: '返回待办' }).click()
    await todos.getByRole('heading', { name: '待办' }).waitFor()
    await expect.poll(() => todos.getByRole('listitem', { name: '生日关怀：陈可乐' }).count()).toBe(0)
    expect(errors).toEqual([])
    await sidebar.close()
  })

  it('recommends to a buyer due again what they usually buy, with the reason, and sends its card by one tap', async () => {
    const due = (await admin.get('/leads?kind=repurchase_due&staffUserId=guide_li')).items[0] as { detail: string; customer: Sent['customer'] }
    expect(due.detail).toMatch(/^上次购买 \d+ 天前，通常 \d+ 天复购$/)
    const sidebar = await session.browser.newPage({ viewport: { width: 360, height: 800 } })
    await sidebar.goto(`${product.serverUrl}/sidebar/`)
    await sidebar.getByRole('button', { name: 'guide_li', exact: true }).click()
    await sidebar.getByPlaceholder('按客户姓名搜索').fill(due.customer.name)
    await sidebar.getByPlaceholder('按客户姓名搜索').press('Enter')
    // Demo names repeat: the buyer is the one whose WeCom avatar is theirs.
    await sidebar.locator(`button.picker-item:has(img[src*="${due.customer.externalUserId}"])`).click()
    const item = sidebar.getByRole('region', { name: '猜你想买' }).getByRole('listitem').filter({ hasText: /上次购买 \d+ 天前，通常 \d+ 天复购/ }).first()
    await item.waitFor()
    const productName = (await item.locator('b').textContent()) as string
    await item.getByRole('button', { name: '发商品' }).click()
    await item.getByRole('button', { name: '已发送' }).waitFor()
    await sidebar.getByRole('region', { name: '模拟发送记录' }).getByText(productName).first().waitFor()
    await sidebar.screenshot({ path: artifactPath('leads-sidebar-recommendation.png'), fullPage: true })
    await sidebar.close()
    const stats = await admin.get('/recommendations/stats')
    expect(stats.rows).toEqual([{ staff: { userId: 'guide_li', name: '李娜' }, sends: 1, hits: 0 }])
    sent = { customer: due.customer, productName }
  })

  it('shows in the console who closed the lead and when', async () => {
    await page.getByLabel('跟进状态').selectOption({ label: '已关闭' })
    const row = page.getByRole('row').filter({ hasText: '陈可乐' })
    await row.getByText('已关闭').waitFor()
    await row.getByText(/· 李娜/).waitFor()
    await page.getByRole('tab', { name: '转化统计' }).click()
    await page.getByRole('row').filter({ hasText: '李娜' }).filter({ hasText: '生日关怀' }).first().waitFor()
    expect(failures).toEqual([])
  })

  it("shows that buyer's recommendations in the console's 360 view, with the card the guide sent", async () => {
    await page.goto(`${product.serverUrl}/admin/#/customers`)
    await page.getByPlaceholder('按客户姓名搜索').fill(sent.customer.name)
    await page.getByRole('button', { name: '搜索' }).click()
    await page.locator('table tbody tr').filter({ has: page.locator(`img[src*="${sent.customer.externalUserId}"]`) }).getByRole('button').click()
    const recommended = page.getByRole('region', { name: '猜你想买' })
    await recommended.getByRole('listitem', { name: sent.productName }).getByText(/上次购买 \d+ 天前，通常 \d+ 天复购/).waitFor()
    await recommended.getByRole('status').getByText('导购发送推荐 1 次，之后购买 0 次（0%）').waitFor()
    await recommended.getByRole('list', { name: '最近发送的推荐' }).getByText(`李娜 发送「${sent.productName}」`).waitFor()
    await page.getByRole('region', { name: '客户概况' }).waitFor()
    await page.screenshot({ path: artifactPath('leads-console-recommendations.png'), fullPage: true })
    expect(failures).toEqual([])
  })
})
