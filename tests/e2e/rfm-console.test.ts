// RFM segments in the console, in Chromium against the real server over the seeded demo: an operator
// filters the customer list by 重要挽留, sees the same customers the admin API counts, opens one and
// reads the segment and its figures in the 360 view; the RFM page suggests thresholds from the
// buyers' medians, and the dashboard charts the daily sizes.
import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import type { AudiencePage, RfmSummary } from '@liuliang/shared'
import type { AdminApi } from '../support/admin-api'
import { NO_CHROMIUM_REASON, artifactPath, chromiumPath } from '../support/browser'
import { consoleSession } from '../support/console'
import type { Product } from '../support/product'

describe.skipIf(!chromiumPath)(`RFM segments in the console in Chromium${chromiumPath ? '' : ` (${NO_CHROMIUM_REASON})`}`, () => {
  const session = consoleSession({ seeded: true })
  const { failures } = session
  let product: Product
  let page: Page
  let admin: AdminApi
  beforeAll(() => ({ product, page, admin } = session))

  const rows = () => page.locator('table tbody tr').filter({ has: page.locator('.customer-cell') })

  it('filters the customer list by 重要挽留 and shows the segment in each row and in the 360 view', async () => {
    const expected = (await admin.post('/audiences/customers', { filter: { rfmSegments: ['important_retain'] }, limit: 100 })) as AudiencePage
    const { count } = (await admin.post('/audiences/count', { filter: { rfmSegments: ['important_retain'] } })) as { count: number }
    expect(count).toBeGreaterThan(0)
    expect(expected.items.every((customer) => customer.rfmSegment === 'important_retain')).toBe(true)

    await rows().first().waitFor()
    const filters = page.getByLabel('筛选客户')
    const chip = filters.getByRole('button', { name: '重要挽留客户', exact: true })
    await chip.click()
    await expect.poll(() => chip.getAttribute('aria-pressed')).toBe('true')
    await page.getByTestId('audience-count').getByText(String(count), { exact: true }).waitFor()
    await expect.poll(() => rows().count()).toBe(Math.min(count, 20))
    const cells = await rows().locator('td:nth-child(4)').allTextContents()
    expect(new Set(cells)).toEqual(new Set(['重要挽留客户']))
    const names = await rows().locator('.customer-cell button').allTextContents()
    expect(names).toEqual(expected.items.slice(0, 20).map((customer) => customer.name ?? '未命名客户'))
    await page.screenshot({ path: artifactPath('rfm-customer-list.png'), fullPage: true })

    await rows().first().getByRole('button').click()
    const header = page.getByRole('region', { name: '客户概况' })
    await header.getByText('重要挽留客户', { exact: true }).waitFor()
    await page.getByRole('tab', { name: '订单' }).click()
    const rfm = page.getByRole('region', { name: 'RFM 分群' })
    await rfm.getByText('重要挽留客户').waitFor()
    await rfm.getByText('最近消费（低）').waitFor()
    await rfm.getByText('统计周期内累计消费（高）').waitFor()
    await page.getByRole('button', { name: '← 返回客户列表' }).click()
    await page.getByTestId('audience-count').getByText(String(count), { exact: true }).waitFor()
  })

  it('suggests thresholds from the medians on the RFM page, and lists the segments as they stand', async () => {
    await page.goto(`${product.serverUrl}/admin/#/rfm`)
    await page.getByRole('heading', { name: 'RFM 分群', level: 1 }).waitFor()
    const sizes = page.getByRole('table', { name: '当前分群' })
    const { count } = (await admin.post('/audiences/count', { filter: { rfmSegments: ['important_retain'] } })) as { count: number }
    await sizes.getByRole('row', { name: new RegExp(`^重要挽留客户 低 低 高 ${count}$`) }).waitFor()
    await page.getByRole('button', { name: '按中位数建议' }).click()
    await page.getByText(/已按 \d+ 位消费客户的中位数填入/).waitFor()
    const suggestion = await admin.get('/rfm/suggestion?windowDays=365&monetaryMode=total')
    expect(await page.getByLabel('R 高：最近一次消费在多少天以内').inputValue()).toBe(String(suggestion.suggested.recencyDays))
    // The suggestion is not saved until the operator saves it: leaving asks first.
    page.once('dialog', (dialog) => void dialog.accept())
  })

  it('charts the daily segment sizes and moves on the dashboard', async () => {
    const summary = (await admin.get('/rfm/summary?from=2000-01-01&to=2000-01-02')) as RfmSummary
    expect(summary.current.length).toBe(9)
    await page.goto(`${product.serverUrl}/admin/#/dashboard`)
    await page.getByRole('img', { name: 'RFM 分群规模（每日统计）' }).waitFor()
    await page.getByRole('img', { name: 'RFM 分群变化（与上一次统计相比）' }).waitFor()
    await page.getByRole('table', { name: '期间主要分群流向' }).getByText('重要挽留客户').first().waitFor()
    await page.screenshot({ path: artifactPath('rfm-dashboard.png'), fullPage: true })
    expect(failures).toEqual([])
  })
})
