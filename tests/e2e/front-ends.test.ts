// The three front ends, built and served by the real server over the seeded demo data, in headless Chromium.
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildChatMessage, type Script } from '@liuliang/shared'
import { NO_CHROMIUM_REASON, artifactPath, chromiumPath, launchChromium } from '../support/browser'
import { signedInConsumer } from '../support/mp-h5'
import { startProduct, type Product } from '../support/product'

describe.skipIf(!chromiumPath)(`front ends in Chromium${chromiumPath ? '' : ` (${NO_CHROMIUM_REASON})`}`, () => {
  let product: Product
  let browser: Browser
  beforeAll(async () => {
    product = await startProduct()
    product.seed()
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await product?.stop()
  })

  async function openPage(path: string, width: number): Promise<Page> {
    const page = await browser.newPage({ viewport: { width, height: 800 } })
    const failures: string[] = []
    page.on('pageerror', (error) => failures.push(error.message))
    await page.goto(`${product.serverUrl}${path}`)
    expect(failures).toEqual([])
    return page
  }

  it('mini-program h5: a consumer logs in on the preview login screen and sees their member card', async () => {
    const page = await openPage('/mp/', 375)
    await page.locator('#dev-login-alice').click()
    await expect(page.getByText('林小艾').first().waitFor()).resolves.toBeUndefined()
    await expect(page.getByText('普通会员').first().waitFor()).resolves.toBeUndefined()
    await page.locator('#dev-login-alice').waitFor({ state: 'hidden' })
    await page.screenshot({ path: artifactPath('mp-home.png') })
    // The tab bar switches tabs without a navigation the content security policy would refuse.
    const refused: string[] = []
    page.on('console', (message) => {
      if (message.type() === 'error' && message.text().includes('Content Security Policy')) refused.push(message.text())
    })
    await page.locator('.weui-tabbar__item').filter({ hasText: '我的' }).click()
    await page.getByText('积分明细').first().waitFor()
    await page.locator('.weui-tabbar__item').filter({ hasText: '首页' }).click()
    await page.locator('#shop-cart').waitFor()
    expect(refused).toEqual([])
  })

  it('sidebar: a guide picks a customer in the development double and sees who they are', async () => {
    const page = await openPage('/sidebar/', 360)
    await expect(page.getByText('开发模式').first().waitFor()).resolves.toBeUndefined()
    await page.getByRole('button', { name: 'guide_li', exact: true }).click()
    // The picker lists the guide's newest customers first; alice came early, so search for her.
    await page.getByPlaceholder('按客户姓名搜索').fill('林小艾')
    await page.getByPlaceholder('按客户姓名搜索').press('Enter')
    await page.getByRole('button', { name: /林小艾/ }).click()
    await expect(page.getByRole('heading', { name: /林小艾/ }).waitFor()).resolves.toBeUndefined()
    await expect(page.getByText('小程序用户').first().waitFor()).resolves.toBeUndefined()
    await expect(page.getByText(/客户等级·/).first().waitFor()).resolves.toBeUndefined()
    await page.screenshot({ path: artifactPath('sidebar-customer.png') })
  })

  /** What the API says, as a guide would see it: used to work out the payload the page must produce. */
  async function asGuide<T>(userId: string, path: string): Promise<T> {
    const login = await fetch(`${product.serverUrl}/api/sidebar/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: `test_${userId}~e2e-${Date.now()}-${Math.random()}` }),
    })
    const { token, staff } = (await login.json()) as { token: string; staff: { name: string } }
    const reply = await fetch(`${product.serverUrl}${path}`, { headers: { authorization: `Bearer ${token}` } })
    return { ...((await reply.json()) as object), staffName: staff.name } as T
  }

  /** The sidebar as guide_li in the chat with 林小艾, picked in the development double. */
  async function chatWithAlice(): Promise<Page> {
    const page = await openPage('/sidebar/', 360)
    await page.getByRole('button', { name: 'guide_li', exact: true }).click()
    await page.getByPlaceholder('按客户姓名搜索').fill('林小艾')
    await page.getByPlaceholder('按客户姓名搜索').press('Enter')
    await page.getByRole('button', { name: /林小艾/ }).click()
    await page.getByRole('heading', { name: /林小艾/ }).waitFor()
    return page
  }

  it('sidebar: a guide sends a picture of the brand’s library into the chat with one tap', async () => {
    const page = await chatWithAlice()

    await page.getByRole('tab', { name: '素材' }).click()
    await page.getByPlaceholder('搜索图片名称').fill('保温杯')
    const pictures = page.getByRole('list', { name: '图片列表' })
    await expect.poll(() => pictures.getByRole('listitem').count(), { timeout: 10_000 }).toBe(1)
    const cup = pictures.getByRole('listitem', { name: '留量精选保温杯' })
    await expect.poll(() => cup.getByRole('img').evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth)).toBeGreaterThan(0)
    await cup.getByRole('button', { name: '发送' }).click()
    await cup.getByText('已发送', { exact: true }).waitFor()

    // The payload is WeCom's image message with the media the server uploaded (to the sandbox) for it.
    const uploads = (await (await fetch(`${product.sandboxUrl}/sandbox/wecom/messages?api=media/upload`)).json()) as { items: { body: { media_id: string } }[] }
    const payload = page.getByLabel('消息内容（JSON）').last()
    await payload.waitFor()
    expect(JSON.parse((await payload.textContent()) ?? '')).toEqual({ msgtype: 'image', image: { mediaid: uploads.items[0]?.body.media_id } })
    await page.screenshot({ path: artifactPath('sidebar-picture-sent.png'), fullPage: true })
  })

  it('sidebar: a guide sends the brand’s book from the library as a file under its own name, and as a script', async () => {
    const page = await chatWithAlice()

    await page.getByRole('tab', { name: '素材' }).click()
    await page.getByRole('tab', { name: '文件' }).click()
    const book = page.getByRole('list', { name: '文件列表' }).getByRole('listitem', { name: '留量品牌手册' })
    await book.getByText('留量品牌手册.pdf', { exact: false }).waitFor()
    await book.getByRole('button', { name: '发送' }).click()
    await book.getByText('已发送', { exact: true }).waitFor()

    // WeCom's file message, its media uploaded (to the sandbox) as a file under the name the chat shows.
    const uploads = (await (await fetch(`${product.sandboxUrl}/sandbox/wecom/messages?api=media/upload`)).json()) as {
      items: { body: { type: string; filename: string; media_id: string } }[]
    }
    const upload = uploads.items.find((item) => item.body.type === 'file')
    expect(upload?.body.filename).toBe('留量品牌手册.pdf')
    const payload = page.getByLabel('消息内容（JSON）').last()
    await payload.waitFor()
    expect(JSON.parse((await payload.textContent()) ?? '')).toEqual({ msgtype: 'file', file: { mediaid: upload?.body.media_id } })
    await page.screenshot({ path: artifactPath('sidebar-file-sent.png'), fullPage: true })

    // The brand's script 品牌手册 sends the same book, by the same media.
    await page.getByRole('tab', { name: '话术库' }).click()
    await page.getByRole('group', { name: '话术类型' }).getByRole('button', { name: '视频/文件' }).click()
    const scripts = page.getByRole('list', { name: '话术列表' })
    await expect.poll(() => scripts.getByRole('listitem').count(), { timeout: 10_000 }).toBe(1)
    const script = scripts.getByRole('listitem', { name: '品牌手册' })
    await script.getByText('视频/文件').waitFor()
    await script.getByRole('button', { name: '品牌手册' }).click()
    // The guide can open the book from the script before sending it.
    const opened = await fetch((await script.getByRole('link', { name: '留量品牌手册.pdf' }).getAttribute('href')) ?? '')
    expect(opened.status).toBe(200)
    expect(opened.headers.get('content-type')).toBe('application/pdf')
    await script.getByRole('button', { name: '发送' }).click()
    await script.getByText('已发送', { exact: true }).waitFor()
    await expect.poll(async () => JSON.parse((await page.getByLabel('消息内容（JSON）').last().textContent()) ?? 'null')).toEqual({
      msgtype: 'file',
      file: { mediaid: upload?.body.media_id },
    })
    await page.screenshot({ path: artifactPath('sidebar-file-script-sent.png'), fullPage: true })
  })

  it('sidebar: a guide works a chat — 360 view, a tag, a note, then a script sent with one tap', async () => {
    const page = await chatWithAlice()

    // The first screen: who, with the remark a guide keeps, lifecycle, the three figures, tags.
    const header = page.getByRole('region', { name: '客户概况' })
    await header.getByRole('heading', { name: /林小艾/ }).waitFor()
    await header.getByText('艾艾 · 老客户').waitFor()
    for (const label of ['会员等级', '积分', '累计消费']) await header.getByText(label).waitFor()
    await page.getByRole('tab', { name: '动态' }).waitFor()
    await page.screenshot({ path: artifactPath('sidebar-360.png'), fullPage: true })

    // A tag, through the chip editor; WeCom (the sandbox) is told too.
    const tags = page.getByRole('region', { name: '客户标签' })
    await tags.getByRole('button', { name: '编辑标签' }).click()
    await tags.getByRole('button', { name: '香水', exact: true }).click()
    await tags.getByRole('button', { name: '保存标签' }).click()
    await tags.getByText('兴趣偏好·香水').waitFor()
    const marks = (await (await fetch(`${product.sandboxUrl}/sandbox/wecom/messages?api=mark_tag`)).json()) as {
      items: { body: { userid: string; add_tag: string[] } }[]
    }
    expect(marks.items[0]?.body).toMatchObject({ userid: 'guide_li', add_tag: [expect.any(String)] })

    // A note with a next contact: it lists for every guide and reminds this one.
    await page.getByRole('tab', { name: /跟进/ }).click()
    const note = `想要白茶香水礼盒，周末到店试香 ${Date.now()}`
    await page.getByLabel('跟进内容').fill(note)
    await page.getByRole('button', { name: '明天', exact: true }).click()
    await page.getByRole('button', { name: '保存跟进' }).click()
    await page.getByRole('list', { name: '跟进记录' }).getByText(note).waitFor()
    await page.getByRole('list', { name: '我的跟进提醒' }).getByText(note).waitFor()
    await page.getByRole('tab', { name: '动态' }).click()
    await page.getByRole('tabpanel').getByText('+香水').waitFor()

    // The script library: search, preview with the customer's name, one tap to send.
    await page.getByRole('tab', { name: '话术库' }).click()
    await page.getByPlaceholder('搜索话术标题、内容或关键词').fill('开场白')
    const results = page.getByRole('list', { name: '话术列表' })
    // The search runs a moment after typing stops: until then the whole library is still listed.
    await expect.poll(() => results.getByRole('listitem').count(), { timeout: 10_000 }).toBe(1)
    await page.locator('[aria-label="话术列表"][aria-busy="false"]').waitFor()
    const item = results.getByRole('listitem', { name: '添加好友欢迎语' })
    await item.getByText(/^林小艾您好/).waitFor()
    const before = Number((await item.getByText(/已发送 \d+ 次/).textContent())?.match(/\d+/)?.[0])
    await item.getByRole('button', { name: '发送' }).click()
    await item.getByText(`已发送 ${before + 1} 次`).waitFor()
    await item.getByText('已发送', { exact: true }).waitFor()

    const { items, staffName } = await asGuide<{ items: Script[]; staffName: string }>(
      'guide_li',
      `/api/sidebar/scripts?q=${encodeURIComponent('开场白')}`,
    )
    const expected = buildChatMessage(items[0] as Script, { customerName: '林小艾', staffName }).message
    expect(expected).not.toBeNull()
    const payload = page.getByLabel('消息内容（JSON）').last()
    await payload.waitFor()
    expect(JSON.parse((await payload.textContent()) ?? '')).toEqual(expected)
    await page.screenshot({ path: artifactPath('sidebar-script-sent.png'), fullPage: true })

    // A guide keeps their own script beside the brand's, and finds it at once.
    await page.getByRole('button', { name: /新建我的话术/ }).click()
    const form = page.getByRole('form', { name: '新建我的话术' })
    const title = `小李的到店邀约 ${Date.now()}`
    await form.getByLabel('标题').fill(title)
    await form.getByLabel('话术内容').fill('{{customerName}}，周末店里有新品试用，来的话提前告诉我～')
    await form.getByRole('button', { name: '保存话术' }).click()
    const mine = page.getByRole('listitem', { name: title })
    await mine.getByText('我的·文字').waitFor()
    await mine.getByText('林小艾，周末店里有新品试用').waitFor()

    // The note's next contact is on the guide's to-do list, with whom it is about.
    await page.getByRole('tab', { name: '待办' }).click()
    const todo = page.getByRole('region', { name: '我的待办提醒' })
    await todo.getByText(note).waitFor()
    await todo.getByText('林小艾').first().waitFor()
  })

  it('admin console: the admin logs in and pages through the demo customers', async () => {
    const page = await openPage('/admin/', 1280)
    await page.getByLabel('用户名').fill('admin')
    await page.getByLabel('密码').fill('liuliang123')
    await page.getByRole('button', { name: /登录/ }).click()
    const rows = page.locator('table tbody tr').filter({ has: page.locator('.customer-cell') })
    await rows.first().waitFor()
    expect(await rows.count()).toBeGreaterThan(5)

    // Build an audience: all of VIP, lost = no. The live count must match the server's own answer.
    const allOf = page.locator('.filter-row').filter({ hasText: '同时包含' })
    await allOf.getByRole('button', { name: 'VIP', exact: true }).click()
    await page.getByLabel('已流失').selectOption('false')
    const login = await fetch(`${product.serverUrl}/api/admin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'liuliang123' }),
    })
    const { token } = (await login.json()) as { token: string }
    const tags = (await (
      await fetch(`${product.serverUrl}/api/admin/tags`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as { groups: { tags: { id: number; name: string }[] }[] }
    const vip = tags.groups.flatMap((g) => g.tags).find((t) => t.name === 'VIP')
    const expected = (await (
      await fetch(`${product.serverUrl}/api/admin/audiences/count`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ filter: { tags: { allOf: [vip?.id] }, lost: false } }),
      })
    ).json()) as { count: number }
    expect(expected.count).toBeGreaterThan(0)
    await page.getByTestId('audience-count').getByText(String(expected.count), { exact: true }).waitFor({ timeout: 5000 }).catch(async (error) => {
      await page.screenshot({ path: artifactPath('admin-customers-failed.png') })
      throw error
    })
    await page.screenshot({ path: artifactPath('admin-customers.png') })

    // A paid demo order is refunded from the console, with a reason.
    await page.getByRole('link', { name: '订单', exact: true }).click()
    await page.getByLabel('订单状态').selectOption('paid')
    const paidRow = page.locator('table tbody tr').filter({ has: page.getByRole('button', { name: '退款' }) }).first()
    await paidRow.waitFor()
    const orderNumber = (await paidRow.locator('td').first().innerText()).trim()
    await paidRow.getByRole('button', { name: '退款' }).click()
    await page.getByLabel('退款原因').fill('顾客不想要了')
    await page.getByRole('button', { name: '确认退款' }).click()
    // The demo has a year of orders: the refunded one is found under 售后, not on the first page of all.
    await page.getByLabel('订单状态').selectOption('')
    await page.getByRole('tab', { name: '售后' }).click()
    await page
      .locator('table tbody tr', { hasText: orderNumber })
      .filter({ hasText: /退款中|已退款/ })
      .waitFor()

    // The dashboard draws the demo data's growth; its totals are the server's.
    await page.getByRole('link', { name: '数据看板', exact: true }).click()
    await page.getByRole('button', { name: '近 90 天' }).click()
    await page.locator('.chart-card__canvas canvas').first().waitFor()
    const dashboard = (await (
      await fetch(`${product.serverUrl}/api/admin/dashboard?from=${await page.getByLabel('开始日期').inputValue()}&to=${await page.getByLabel('结束日期').inputValue()}`, {
        headers: { authorization: `Bearer ${token}` },
      })
    ).json()) as { totals: { customers: number; added: number }; guides: unknown[] }
    expect(dashboard.totals.added).toBeGreaterThan(100)
    await page.locator('.stat-card', { hasText: '期间新增' }).getByText(String(dashboard.totals.added), { exact: true }).waitFor()
    // One row per guide the demo has (孙丽, who has left, still has her figures).
    expect(dashboard.guides).toHaveLength(5)
    expect(await page.getByRole('table', { name: '导购数据' }).locator('tbody tr').count()).toBe(dashboard.guides.length)
    await page.screenshot({ path: artifactPath('admin-dashboard.png'), fullPage: true })
  })

  it('admin console: a lottery created with three prizes shows its odds and appears in the mini-program', async () => {
    const page = await openPage('/admin/', 1280)
    await page.getByLabel('用户名').fill('admin')
    await page.getByLabel('密码').fill('liuliang123')
    await page.getByRole('button', { name: /登录/ }).click()
    await page.getByRole('link', { name: '抽奖活动', exact: true }).click()
    const name = `周末转盘${Date.now() % 10000}`
    await page.getByLabel('活动名称').fill(name)
    await page.getByRole('button', { name: '添加奖品' }).click()
    await page.getByRole('button', { name: '添加奖品' }).click()
    const prizes: [string, string, string][] = [
      ['口红小样', 'physical', '10'],
      ['50积分', 'points', '30'],
      ['谢谢参与', 'thanks', '60'],
    ]
    for (const [index, [prizeName, type, weight]] of prizes.entries()) {
      await page.getByLabel(`奖品${index + 1}名称`).fill(prizeName)
      await page.getByLabel(`奖品${index + 1}类型`).selectOption(type)
      await page.getByLabel(`奖品${index + 1}权重`).fill(weight)
    }
    expect(await page.getByTestId('prize-odds-0').innerText()).toBe('10%')
    expect(await page.getByTestId('prize-odds-2').innerText()).toBe('60%')
    await page.getByRole('button', { name: '创建抽奖' }).click()
    await page.getByRole('status').filter({ hasText: name }).waitFor()
    await page.locator('table tbody tr', { hasText: name }).waitFor()

    const login = await fetch(`${product.serverUrl}/api/mp/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: `test_bob~${Math.random()}` }),
    })
    const { token: bobToken } = (await login.json()) as { token: string }
    const listed = await fetch(`${product.serverUrl}/api/mp/lotteries`, { headers: { authorization: `Bearer ${bobToken}` } })
    const lotteries = (await listed.json()) as { items: { id: number; name: string }[] }
    const created = lotteries.items.find((l) => l.name === name)
    expect(created).toBeDefined()

    const consumer = await signedInConsumer(browser, product.serverUrl, 'bob')
    await consumer.page.goto(`${product.serverUrl}/mp/#/packages/lottery/index?id=${created?.id}`)
    await consumer.page.getByText(name).first().waitFor()
    for (const [prizeName] of prizes) await consumer.page.getByText(prizeName).first().waitFor()
    await consumer.context.close()
  })

  it("console: the login page asks for nothing the server lacks, the tab's icon included", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    const errors: string[] = []
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(`${message.text()} ${message.location().url}`)
    })
    await page.goto(`${product.serverUrl}/admin/`, { waitUntil: 'networkidle' })
    await page.getByLabel('用户名').waitFor()
    expect(errors).toEqual([])
    const icon = await fetch(`${product.serverUrl}/favicon.ico`)
    expect(icon.headers.get('content-type')).toBe('image/png')
    expect(Buffer.from(await icon.arrayBuffer()).subarray(1, 4).toString()).toBe('PNG')
    await page.close()
  })
})
