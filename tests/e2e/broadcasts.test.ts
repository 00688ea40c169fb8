// Customer broadcasts end to end: customers add guides in the sandbox and one guide tags two of them, an
// admin composes a broadcast to the tag's customers in the console (seeing the live count), the guide
// confirms it in their WeCom client (the sandbox's control route), and the console shows who received it;
// with the receive rule at one a day, the next compose shows those customers as over it. The brand's image host
// (a real HTTP server here) holds the poster, so the send outlasts the console's wait and is followed on screen.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { adminApi, type AdminApi } from '../support/admin-api'
import { NO_CHROMIUM_REASON, chromiumPath, launchChromium } from '../support/browser'
import { signInToConsole } from '../support/console'
import { startProduct, type Product } from '../support/product'

describe.skipIf(!chromiumPath)(`customer broadcasts in Chromium${chromiumPath ? '' : ` (${NO_CHROMIUM_REASON})`}`, () => {
  let product: Product
  let browser: Browser
  let page: Page
  let admin: AdminApi
  let imageHost: Server
  let posterUrl: string
  /** Poster requests wait here until the test answers them. */
  const heldPosters: (() => void)[] = []
  const failures: string[] = []

  const sandbox = async (path: string, init: { method?: string; body?: unknown } = {}) => {
    const response = await fetch(`${product.sandboxUrl}/sandbox/wecom${path}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: init.body === undefined ? {} : { 'content-type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    })
    if (!response.ok) throw new Error(`sandbox ${path} answered ${response.status}: ${await response.text()}`)
    return (await response.json()) as any
  }

  beforeAll(async () => {
    product = await startProduct({ BROADCAST_ANSWER_WITHIN_MS: '500' })
    const poster = Buffer.from(await (await fetch(`${product.sandboxUrl}/sandbox/images/poster.png`)).arrayBuffer())
    imageHost = createServer((_request, response) => {
      heldPosters.push(() => response.writeHead(200, { 'content-type': 'image/png' }).end(poster))
    })
    await new Promise<void>((resolve) => imageHost.listen(0, '127.0.0.1', resolve))
    posterUrl = `http://127.0.0.1:${(imageHost.address() as AddressInfo).port}/spring.png`
    admin = await adminApi(product)
    const added: Record<string, string> = {}
    for (const [who, name, userId] of [
      ['alice', '林小艾', 'guide_li'],
      ['bob', '周博文', 'guide_li'],
      ['dora', '王朵朵', 'guide_wang'],
    ] as const) {
      added[who] = (await sandbox('/contacts', { body: { who, name, userId } })).externalUserId
    }
    // 李娜 marks her two customers 春季新品 in WeCom; the callbacks bring the tag and the marks to the product.
    const { tagId } = await sandbox('/corp-tags', { body: { groupName: '兴趣', name: '春季新品' } })
    for (const who of ['alice', 'bob']) await sandbox(`/contacts/${added[who]}/tags`, { body: { userId: 'guide_li', add: [tagId] } })
    browser = await launchChromium()
    page = await signInToConsole(browser, product, 1400)
    page.on('pageerror', (error) => failures.push(error.message))
    page.on('dialog', (dialog) => void dialog.accept())
  })
  afterAll(async () => {
    for (const answer of heldPosters.splice(0)) answer()
    await browser?.close()
    await product?.stop()
    imageHost?.close()
  })

  const open = (label: string) => page.getByRole('navigation').getByRole('link', { name: label, exact: true }).click()
  const preview = () => page.getByRole('status', { name: '群发人数' })

  it('composes to a tag’s customers with the live count, the guide confirms in WeCom, and the results show', async () => {
    await open('客户群发')
    await page.getByText('还没有群发').waitFor()
    await page.getByRole('button', { name: '新建群发' }).click()
    await page.getByLabel('群发名称（最多 50 字）').fill('春季新品上市')
    // Everyone first, then only those tagged 春季新品.
    await expect.poll(async () => preview().textContent(), { timeout: 15_000 }).toContain('共 3 位客户')
    await page.getByRole('button', { name: '春季新品', exact: true }).first().click()
    await expect.poll(async () => preview().textContent(), { timeout: 15_000 }).toContain('共 2 位客户')
    expect(await preview().textContent()).toContain('需 1 位员工确认')
    await page.getByLabel(/群发文字/).fill('春季新品到店，会员专享 9 折，欢迎来店里看看～')
    await page.getByRole('button', { name: '添加链接' }).click()
    await page.getByLabel('附件1标题').fill('春季新品图鉴')
    await page.getByLabel('附件1链接').fill('https://example.com/spring')
    await page.getByRole('button', { name: '添加图片' }).click()
    await page.getByLabel('附件2图片地址（JPG/PNG，10MB 以内）').fill(posterUrl)
    await page.getByRole('button', { name: '发送给员工确认' }).click()

    // The poster is still on its way to WeCom: the console answers with the send under way and follows it.
    const details = page.getByRole('region', { name: '群发详情' })
    await details.getByRole('status', { name: '发送进度' }).waitFor({ timeout: 20_000 })
    expect(await details.locator('.badge').textContent()).toBe('发送中')
    expect(heldPosters).toHaveLength(1)
    heldPosters.shift()!()
    await details.getByText('待员工确认').first().waitFor({ timeout: 20_000 })
    expect(await details.getByRole('status', { name: '发送进度' }).count()).toBe(0)
    await details.locator('table tbody tr', { hasText: '李娜' }).getByText('未确认').waitFor()

    // 李娜 taps 发送 in 群发助手.
    const [listed] = (await admin.get('/broadcasts')).items
    const task = (await admin.get(`/broadcasts/${listed.id}`)).tasks[0]
    expect(task.staff.userId).toBe('guide_li')
    await sandbox(`/group-messages/${task.msgid}/send`, { body: { userId: 'guide_li' } })

    // WeCom hands results out a moment later; 同步结果 until they are in.
    await expect
      .poll(
        async () => {
          const sync = details.getByRole('button', { name: '同步结果' })
          if (await sync.isVisible()) await sync.click()
          return (await details.getByRole('definition').nth(1).textContent()) ?? ''
        },
        { timeout: 30_000, interval: 1000 },
      )
      .toBe('2')
    await details.getByText('已完成').first().waitFor()
    const results = page.locator('table', { hasText: '送达时间' })
    await results.locator('tr', { hasText: '林小艾' }).getByText('已送达').waitFor()
    await results.locator('tr', { hasText: '周博文' }).getByText('已送达').waitFor()
    await details.locator('table tbody tr', { hasText: '李娜' }).getByText('已确认发送').waitFor()

    await details.getByRole('button', { name: '返回列表' }).click()
    const row = page.locator('table tbody tr', { hasText: '春季新品上市' })
    await row.getByText('已完成').waitFor()
    await row.getByText('2 / 2').waitFor()
  })

  it('with one broadcast a day, the next compose shows those customers as over the receive rule', async () => {
    await page.getByLabel('接收上限规则').selectOption({ label: '每天接收 1 条' })
    await page.getByRole('status').getByText('已保存').waitFor()
    await page.getByRole('button', { name: '新建群发' }).click()
    await page.getByRole('button', { name: '李娜', exact: true }).click()
    await expect.poll(async () => preview().textContent(), { timeout: 15_000 }).toContain('2 位客户本期已达接收上限')
    await page.getByRole('button', { name: '返回列表' }).click()
    expect(failures).toEqual([])
  })
})
