// The audit log and the growth funnel in the console, in Chromium against the real server over the seeded
// demo: an admin changes a running lottery's odds, finds the change on 操作日志 with each prize's weight
// before and after, and exports the dashboard's channel funnel as CSV, which holds what the API counts.
import { readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import type { AdminLottery, Growth } from '@liuliang/shared'
import type { AdminApi } from '../support/admin-api'
import { NO_CHROMIUM_REASON, artifactPath, chromiumPath } from '../support/browser'
import { consoleSession } from '../support/console'
import type { Product } from '../support/product'

describe.skipIf(!chromiumPath)(`audit log and growth funnel in the console in Chromium${chromiumPath ? '' : ` (${NO_CHROMIUM_REASON})`}`, () => {
  const session = consoleSession({ seeded: true, width: 1440 })
  const { failures } = session
  let product: Product
  let page: Page
  let admin: AdminApi
  beforeAll(() => ({ product, page, admin } = session))

  const open = (label: string) => page.getByRole('navigation').getByRole('link', { name: label, exact: true }).click()
  const heading = (text: string) => page.getByRole('heading', { level: 1, name: text })

  it('records a lottery’s new odds, and 操作日志 shows each weight before and after', async () => {
    const now = Date.now()
    const lottery = (await admin.post('/lotteries', {
      name: '审计转盘',
      startsAt: new Date(now - 3600_000).toISOString(),
      endsAt: new Date(now + 7 * 86400_000).toISOString(),
      costPoints: 10,
      freeDrawsPerDay: 1,
      maxDrawsPerUser: 5,
      prizes: [
        { name: '保温杯', type: 'physical', weight: 10, stock: 5 },
        { name: '谢谢参与', type: 'thanks', weight: 90, stock: 0 },
      ],
    })) as AdminLottery

    await heading('客户列表').waitFor()
    await open('抽奖活动')
    await heading('抽奖活动').waitFor()
    const row = page.getByRole('row').filter({ hasText: '审计转盘' })
    await row.getByRole('button', { name: '调整概率' }).click()
    const editor = page.getByRole('form', { name: '调整「审计转盘」的中奖概率' })
    await editor.getByLabel('保温杯权重').fill('30')
    await editor.getByText('25%').waitFor()
    await editor.getByRole('button', { name: '保存概率' }).click()
    await editor.waitFor({ state: 'detached' })
    await row.getByText('保温杯（25%，库存 5）').waitFor()
    const saved = (await admin.get('/lotteries')).items.find((item: AdminLottery) => item.id === lottery.id) as AdminLottery
    expect(saved.prizes.map((prize) => prize.weight)).toEqual([30, 90])

    await open('操作日志')
    await heading('操作日志').waitFor()
    const filters = page.getByRole('form', { name: '筛选操作日志' })
    await filters.getByLabel('对象类型').selectOption({ label: '抽奖活动' })
    await filters.getByLabel('对象编号').fill(String(lottery.id))
    await filters.getByRole('button', { name: '查询' }).click()
    const entry = page.getByRole('row').filter({ hasText: `抽奖活动 #${lottery.id}` })
    await expect.poll(() => entry.count()).toBe(1)
    await entry.getByText('修改').waitFor()
    await entry.getByText('admin').waitFor()
    await entry.getByRole('button', { name: '详情' }).click()
    const changes = page.getByRole('table', { name: '修改内容' })
    await changes.getByRole('row', { name: '奖品「保温杯」· 中奖权重 10 30' }).waitFor()
    expect(await changes.getByRole('row').count()).toBe(2)
    await page.getByText(`PATCH /api/admin/lotteries/:id`).waitFor()
    await page.screenshot({ path: artifactPath('audit-log.png'), fullPage: true })

    // The log is only read: no row offers to change or remove an entry.
    expect(await page.getByRole('button', { name: /删除|编辑/ }).count()).toBe(0)
  })

  it('exports the channel funnel as CSV with the counts the API gives, and the chart as PNG', async () => {
    await open('数据看板')
    await heading('数据看板').waitFor()
    const card = page.locator('.chart-card').filter({ has: page.getByRole('heading', { name: '渠道转化漏斗', exact: true }) })
    await card.getByRole('img', { name: '渠道转化漏斗' }).locator('canvas').waitFor()
    const from = await page.getByLabel('开始日期').inputValue()
    const to = await page.getByLabel('结束日期').inputValue()
    const growth = (await admin.get(`/dashboard/growth?from=${from}&to=${to}`)) as Growth
    // The demo's live-code customers bought through more than one channel.
    expect(growth.funnel.filter((channel) => channel.repeatPurchase > 0 && channel.revenueFen > 0).length).toBeGreaterThan(1)

    const [csvDownload] = await Promise.all([page.waitForEvent('download'), card.getByRole('button', { name: '导出 CSV' }).click()])
    expect(csvDownload.suggestedFilename()).toBe(`渠道转化漏斗_${from}_${to}.csv`)
    const csv = readFileSync((await csvDownload.path()) as string, 'utf8')
    const [header, ...rows] = csv.replace(/^\uFEFF/, '').trim().split('\r\n').map((line) => line.split(','))
    expect(header?.slice(0, 4)).toEqual(['渠道', '新增', '满7天', '7天留存'])
    expect(rows.map((row) => [row[0], Number(row[1]), Number(row[3]), Number(row[8]), Number(row[10]), Number(row[12]), Number(row[14])])).toEqual(
      growth.funnel.map((c) => [c.name, c.added, c.stayed7, c.usedMiniProgram, c.firstPurchase, c.repeatPurchase, c.revenueFen / 100]),
    )

    const [pngDownload] = await Promise.all([page.waitForEvent('download'), card.getByRole('button', { name: '导出 PNG' }).click()])
    expect(pngDownload.suggestedFilename()).toBe(`渠道转化漏斗_${from}_${to}.png`)
    const png = readFileSync((await pngDownload.path()) as string)
    expect(png.subarray(1, 4).toString()).toBe('PNG')
    await page.screenshot({ path: artifactPath('growth-funnel.png'), fullPage: true })
    expect(failures).toEqual([])
  })
})
