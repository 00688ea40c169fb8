// The console's customer 360 detail in Chromium, against the real server over the seeded demo data: the
// admin opens a customer from the list, reads the same view guides see in the sidebar, and goes back to
// the list as they left it.
import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Customer360, CustomerPage } from '@liuliang/shared'
import type { AdminApi } from '../support/admin-api'
import { NO_CHROMIUM_REASON, artifactPath, chromiumPath } from '../support/browser'
import { consoleSession } from '../support/console'
import type { Product } from '../support/product'

describe.skipIf(!chromiumPath)(`console customer 360 in Chromium${chromiumPath ? '' : ` (${NO_CHROMIUM_REASON})`}`, () => {
  const session = consoleSession({ seeded: true })
  const { failures } = session
  let product: Product
  let page: Page
  let admin: AdminApi
  beforeAll(() => ({ product, page, admin } = session))

  const rows = () => page.locator('table tbody tr').filter({ has: page.locator('.customer-cell') })
  const back = () => page.getByRole('button', { name: '← 返回客户列表' }).click()

  it('opens a customer from the second page and comes back to that page', async () => {
    await rows().first().waitFor()
    await page.getByRole('button', { name: '下一页' }).click()
    await page.getByText('第 2 页').waitFor()
    const secondPage = (await admin.post('/audiences/customers', { filter: {}, limit: 40 })) as CustomerPage
    const first = secondPage.items[20]
    expect(first).toBeDefined()
    await rows().first().getByRole('button').click()
    const header = page.getByRole('region', { name: '客户概况' })
    await header.getByText(first?.name ?? '未命名客户').first().waitFor()
    await back()
    await page.getByText('第 2 页').waitFor()
    await rows().first().getByText(first?.name ?? '未命名客户').waitFor()
  })

  it("shows 林小艾's 360 as the admin API has it, read-only, and pages her timeline", async () => {
    const found = (await admin.post('/audiences/customers', { filter: { nameContains: '林小艾' } })) as CustomerPage
    const alice = found.items[0]
    expect(alice).toBeDefined()
    const view = (await admin.get(`/customers/${alice?.id}`)) as Customer360

    await page.getByPlaceholder('按客户姓名搜索').fill('林小艾')
    await page.getByRole('button', { name: '搜索' }).click()
    await page.getByText('第 1 页').waitFor()
    await expect.poll(() => rows().count()).toBe(found.items.length)
    await rows().first().getByRole('button', { name: '林小艾' }).click()

    const header = page.getByRole('region', { name: '客户概况' })
    await header.getByText('林小艾').waitFor()
    expect(view.sections.membership?.level.name).toEqual(expect.any(String))
    await header.getByText(view.sections.membership?.level.name ?? '', { exact: true }).waitFor()
    const tags = page.getByRole('region', { name: '客户标签' })
    expect(view.tags.length).toBeGreaterThan(0)
    for (const tag of view.tags) await tags.getByText(`${tag.groupName}·${tag.name}`).waitFor()
    // The console reads; editing stays with the guides in the sidebar.
    expect(await tags.getByRole('button', { name: '编辑标签' }).count()).toBe(0)

    const timeline = page.locator('.timeline__item')
    await expect.poll(() => timeline.count()).toBe(view.timeline.items.length)
    if (view.timeline.nextCursor) {
      const next = await admin.get(`/customers/${alice?.id}/timeline?cursor=${view.timeline.nextCursor}`)
      await page.getByRole('button', { name: '加载更多' }).click()
      await expect.poll(() => timeline.count()).toBe(view.timeline.items.length + next.items.length)
    }
    await page.screenshot({ path: artifactPath('console-customer-360.png'), fullPage: true })

    await page.getByRole('tab', { name: '订单' }).click()
    const orders = view.sections.orders
    const panel = page.getByRole('tabpanel')
    if (orders && orders.count > 0) {
      await panel.getByText('订单数').waitFor()
      await panel.getByText(orders.recent[0]?.title ?? '').first().waitFor()
    } else {
      await panel.getByText('还没有订单').waitFor()
    }

    await page.getByRole('tab', { name: /跟进/ }).click()
    await page.getByRole('list', { name: '跟进记录' }).waitFor()
    expect(await page.getByRole('button', { name: '保存跟进' }).count()).toBe(0)
    await page.getByRole('tab', { name: '资料' }).click()
    await page.getByText('艾艾 · 老客户').first().waitFor()
    expect(await page.getByRole('button', { name: '编辑资料' }).count()).toBe(0)

    await back()
    await expect.poll(() => page.getByPlaceholder('按客户姓名搜索').inputValue()).toBe('林小艾')
    await expect.poll(() => rows().count()).toBe(found.items.length)
    await page.getByTestId('audience-count').getByText(String(found.items.length), { exact: true }).waitFor()
    expect(failures).toEqual([])
  })
})
