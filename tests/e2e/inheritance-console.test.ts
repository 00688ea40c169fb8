// Customer inheritance end to end, over the seeded demo: 孙丽 (guide_sun) has resigned; her customers
// wait on WeCom's unassigned list and her customer group for a new owner. An admin hands them all to
// 王芳 in the console; WeCom (the sandbox) takes them over; the records say so; and 王芳 opens one of
// them in the sidebar and finds 孙丽's notes, the reminder that came with the customer, and the group
// she now owns.
import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import type { AdminApi } from '../support/admin-api'
import { NO_CHROMIUM_REASON, artifactPath, chromiumPath } from '../support/browser'
import { consoleSession } from '../support/console'
import type { Product } from '../support/product'

describe.skipIf(!chromiumPath)(`customer inheritance in Chromium${chromiumPath ? '' : ` (${NO_CHROMIUM_REASON})`}`, () => {
  const session = consoleSession({ seeded: true })
  const { failures } = session
  let product: Product
  let page: Page
  let admin: AdminApi
  beforeAll(() => ({ product, page, admin } = session))

  it("hands a resigned guide's customers to another guide from the console", async () => {
    await page.goto(`${product.serverUrl}/admin/#/inheritance`)
    await page.getByRole('heading', { name: '客户继承' }).waitFor()
    await page.getByRole('tab', { name: '离职继承' }).click()
    const row = page.getByRole('row').filter({ hasText: '孙丽' })
    await row.getByRole('cell', { name: '3', exact: true }).waitFor()
    await row.getByRole('button', { name: '分配客户和群' }).click()

    const form = page.getByRole('region', { name: '分配孙丽的客户' })
    for (const name of ['秦小雨', '宋佳怡', '唐悦']) await form.getByRole('cell', { name, exact: true }).waitFor()
    await form.getByLabel('全部待分配客户').check()
    const guides = (await admin.get('/inheritance/guides')).items as { staffId: number; userId: string }[]
    const wang = guides.find((guide) => guide.userId === 'guide_wang')
    await form.getByLabel('接替导购').selectOption(String(wang?.staffId))
    await form.getByRole('button', { name: '预览转接' }).click()
    await form.getByLabel('转接预览').getByText('将转接 3 位客户').waitFor()
    await form.getByRole('button', { name: '发起转接' }).click()
    await page.getByRole('button', { name: '确认转接' }).click()
    await form.getByRole('status').getByText('已发起 3 位客户的转接').waitFor()

    const groups = form.getByRole('region', { name: '转交客户群' })
    await groups.getByRole('cell', { name: '孙丽的老客群', exact: true }).waitFor()
    await groups.getByLabel('该导购名下的全部客户群').check()
    await groups.getByLabel('新群主').selectOption(String(wang?.staffId))
    await groups.getByRole('button', { name: '转交客户群' }).click()
    await page.getByRole('button', { name: '确认转交' }).click()
    await groups.getByRole('status').getByText('已转交 1 个客户群').waitFor()
    await page.screenshot({ path: artifactPath('inheritance-resigned-started.png'), fullPage: true })

    // WeCom takes them over (the sandbox's 24 hours, fast-forwarded), and says so through its callbacks.
    const settled = await fetch(`${product.sandboxUrl}/sandbox/wecom/transfers/settle`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ all: true }),
    })
    expect(((await settled.json()) as { settled: unknown[] }).settled).toHaveLength(3)

    await page.getByRole('tab', { name: '继承记录' }).click()
    await page.getByRole('button', { name: '刷新接替结果' }).click()
    await page.getByText('所有转接都有了结果').waitFor()
    const records = page.getByRole('row').filter({ hasText: '离职继承' })
    await expect.poll(() => records.filter({ hasText: '接替完毕' }).count()).toBe(3)
    await page.getByRole('region', { name: '客户群转交记录' }).getByRole('row').filter({ hasText: '孙丽的老客群' }).getByText('已转交').waitFor()
    const listed = await admin.get('/inheritance/transfers?kind=resigned')
    expect(listed.items.map((item: { status: string; takeover: { userId: string } }) => [item.status, item.takeover.userId])).toEqual([
      ['done', 'guide_wang'],
      ['done', 'guide_wang'],
      ['done', 'guide_wang'],
    ])
    expect((await admin.get('/inheritance/resigned')).items[0]).toMatchObject({ userId: 'guide_sun', unassignedCustomers: 0, groups: 0 })
    expect(failures).toEqual([])
  })

  it("shows the new guide the customer in the sidebar, with the old guide's notes, the reminder that came along and the group", async () => {
    const sidebar = await session.browser.newPage({ viewport: { width: 360, height: 800 } })
    await sidebar.goto(`${product.serverUrl}/sidebar/`)
    await sidebar.getByRole('button', { name: 'guide_wang', exact: true }).click()
    await sidebar.getByPlaceholder('按客户姓名搜索').fill('秦小雨')
    await sidebar.getByPlaceholder('按客户姓名搜索').press('Enter')
    await sidebar.getByRole('button', { name: /秦小雨/ }).click()
    await sidebar.getByRole('region', { name: '客户概况' }).getByRole('heading', { name: /秦小雨/ }).waitFor()
    await sidebar.getByRole('tab', { name: /跟进/ }).click()
    const notes = sidebar.getByRole('list', { name: '跟进记录' })
    await notes.getByText('敏感肌，只用无香型；下月新品到了告诉她', { exact: true }).waitFor()
    await notes.getByText('【孙丽转交】敏感肌，只用无香型；下月新品到了告诉她').waitFor()
    await sidebar.getByRole('list', { name: '我的跟进提醒' }).getByText('【孙丽转交】敏感肌，只用无香型；下月新品到了告诉她').waitFor()
    await sidebar.getByRole('tab', { name: '资料' }).click()
    await sidebar.getByRole('list', { name: '所在客户群' }).getByText(/孙丽的老客群/).waitFor()
    await sidebar.getByRole('list', { name: '所在客户群' }).getByText(/群主 王芳/).waitFor()
    await sidebar.screenshot({ path: artifactPath('inheritance-sidebar-new-guide.png'), fullPage: true })
  })

  it('previews an on-the-job transfer of all of a guide\'s customers, naming who cannot go and why', async () => {
    const guides = (await admin.get('/inheritance/guides')).items as { staffId: number; userId: string }[]
    const staffId = (userId: string) => String(guides.find((guide) => guide.userId === userId)?.staffId)
    const qin = (await admin.get(`/inheritance/guides/${staffId('guide_wang')}/customers?q=秦小雨`)).items[0].customer
    // 秦小雨 is on her way to 赵敏 already.
    await admin.post('/inheritance/on-job/transfers', { handoverStaffId: Number(staffId('guide_wang')), takeoverStaffId: Number(staffId('guide_zhao')), customerIds: [qin.id] })

    await page.getByRole('tab', { name: '在职继承' }).click()
    await page.getByLabel('原导购').selectOption(staffId('guide_wang'))
    await page.getByLabel('搜索客户').fill('秦小雨')
    const row = page.getByRole('row').filter({ hasText: '秦小雨' })
    await row.getByText('这位客户正在转接中，请等待结果').waitFor()
    expect(await row.getByRole('checkbox').isDisabled()).toBe(true)
    await page.getByLabel('搜索客户').fill('')

    await page.getByLabel('该导购的全部客户').check()
    await page.getByLabel('接替导购').selectOption(staffId('guide_li'))
    await page.getByLabel('转接提示语').fill('您好，后续由李娜为您服务')
    await page.getByRole('button', { name: '预览转接' }).click()
    const preview = page.getByLabel('转接预览')
    await preview.getByText('秦小雨：这位客户正在转接中，请等待结果').waitFor()
    await expect.poll(() => preview.getByRole('button', { name: '发起转接' }).isEnabled()).toBe(true)
    await page.screenshot({ path: artifactPath('inheritance-on-job-preview.png'), fullPage: true })
    expect(failures).toEqual([])
  })
})
