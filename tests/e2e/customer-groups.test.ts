// Customer groups end to end: the sandbox plays the WeCom client (customers add guides, groups are
// created, people join, scan a group live code and leave), every change reaching the server as a real
// change_external_chat callback. An admin reads the group list and a group's members in the console,
// opens a group live code over two groups and writes a group welcome; a guide opens the sidebar in a
// group chat, sees its customers, and sends a script from the library into the group.
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { adminApi, type AdminApi } from '../support/admin-api'
import { NO_CHROMIUM_REASON, artifactPath, chromiumPath, launchChromium } from '../support/browser'
import { signInToConsole } from '../support/console'
import { startProduct, type Product } from '../support/product'

describe.skipIf(!chromiumPath)(`customer groups in Chromium${chromiumPath ? '' : ` (${NO_CHROMIUM_REASON})`}`, () => {
  let product: Product
  let browser: Browser
  let page: Page
  let admin: AdminApi
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
  const daysAgo = (days: number) => new Date(Date.now() - days * 24 * 3600 * 1000).toISOString()

  beforeAll(async () => {
    product = await startProduct()
    admin = await adminApi(product)
    for (const [who, name, userId] of [
      ['alice', '林小艾', 'guide_li'],
      ['bob', '周博文', 'guide_li'],
      ['dora', '王朵朵', 'guide_wang'],
    ]) {
      await sandbox('/contacts', { body: { who, name, userId, at: daysAgo(20) } })
    }
    const { chatId } = await sandbox('/group-chats', {
      body: { owner: 'guide_li', name: '李娜的会员福利群', members: [{ who: 'alice' }, { who: 'bob' }, { who: 'walkin_01' }], at: daysAgo(5) },
    })
    await sandbox(`/group-chats/${chatId}/members`, { body: { members: [{ who: 'walkin_02' }], scene: 'invite', at: daysAgo(3) } })
    const { memberIds } = await sandbox(`/group-chats/${chatId}/members`, { body: { members: [{ who: 'walkin_03' }], scene: 'link', at: daysAgo(2) } })
    await sandbox(`/group-chats/${chatId}/members/${memberIds[0]}?by=self&at=${encodeURIComponent(daysAgo(1))}`, { method: 'DELETE' })
    await sandbox('/group-chats', { body: { owner: 'guide_wang', name: '王芳的新品体验群', members: [{ who: 'dora' }], at: daysAgo(4) } })
    browser = await launchChromium()
    page = await signInToConsole(browser, product, 1400)
    page.on('pageerror', (error) => failures.push(error.message))
  })
  afterAll(async () => {
    await browser?.close()
    await product?.stop()
  })

  const open = (label: string) => page.getByRole('navigation').getByRole('link', { name: label, exact: true }).click()
  const row = (text: string) => page.locator('table tbody tr', { hasText: text })

  it('lists the groups with owner, size and joins and leaves, and a group’s members with who is a customer', async () => {
    await open('客户群')
    const group = row('李娜的会员福利群')
    await group.waitFor()
    const listed = (await admin.get('/customer-groups')).items.find((item: { name: string }) => item.name === '李娜的会员福利群')
    // The owner and three at the start, two who joined later, one of whom left; alice and bob are customers.
    expect(listed).toMatchObject({ owner: { userId: 'guide_li' }, memberCount: 5, customerCount: 2, joins: 6, leaves: 1 })
    await group.getByRole('cell', { name: '5', exact: true }).first().waitFor()

    // WeCom's own figures up to yesterday: both groups were opened in the last week.
    const wecomStats = page.getByRole('table', { name: '每日群统计' })
    await wecomStats.waitFor()
    const opened = await wecomStats.locator('tr', { hasText: '新增群' }).first().locator('td').allTextContents()
    expect(opened.slice(1).map(Number).reduce((sum, n) => sum + n, 0)).toBe(2)

    await page.getByLabel('群主').selectOption({ label: '王芳' })
    await row('王芳的新品体验群').waitFor()
    expect(await row('李娜的会员福利群').count()).toBe(0)
    await page.getByLabel('群主').selectOption('')
    await page.getByLabel('群名').fill('新品')
    await expect.poll(() => row('李娜的会员福利群').count()).toBe(0)
    await row('王芳的新品体验群').waitFor()
    await page.getByLabel('群名').fill('')

    await row('李娜的会员福利群').getByRole('button', { name: '成员与数据' }).click()
    const panel = page.getByRole('region', { name: '李娜的会员福利群的成员与数据' })
    await panel.getByRole('table', { name: '每日入群退群' }).waitFor()
    await panel.locator('tr', { hasText: '林小艾' }).getByText('外部联系人').waitFor()
    await panel.getByLabel('成员类型').selectOption('staff')
    await panel.locator('tbody tr', { hasText: '企业成员' }).first().waitFor()
    expect(await panel.locator('tbody tr', { hasText: '外部联系人' }).count()).toBe(0)
    await page.screenshot({ path: artifactPath('admin-customer-groups.png'), fullPage: true })
    expect(failures).toEqual([])
  })

  it('opens a group live code over two groups and counts the joins it brings', async () => {
    await open('群活码')
    await page.getByText('还没有群活码').waitFor()
    await page.getByRole('button', { name: '新建群活码' }).click()
    const form = page.getByRole('form', { name: '新建群活码' })
    await form.getByText('请至少选择一个客户群').waitFor()
    await form.getByLabel(/群活码名称/).fill('直播间进群')
    const picker = form.getByRole('group', { name: '客户群' })
    await picker.getByLabel(/李娜的会员福利群/).check()
    await picker.getByLabel(/王芳的新品体验群/).check()
    await form.getByLabel(/群名前缀/).fill('直播福利群')
    await form.getByRole('button', { name: '创建群活码' }).click()
    await page.getByRole('form', { name: '编辑群活码' }).waitFor()
    const created = (await admin.get('/group-live-codes')).items.find((code: { name: string }) => code.name === '直播间进群')
    expect(created).toMatchObject({ autoCreateRoom: true, roomBaseName: '直播福利群', joins: 0 })
    expect(created.groups.map((group: { name: string }) => group.name)).toEqual(['李娜的会员福利群', '王芳的新品体验群'])

    // Someone scans it in WeChat: the group the code sends them to says so, and the code counts them.
    const configId = new URL(created.qrCodeUrl).pathname.split('/').pop()?.replace('.png', '')
    const scan = await fetch(`${product.sandboxUrl}/sandbox/wecom/join-ways/${configId}/scans`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ who: 'live_viewer' }),
    })
    expect(scan.status).toBe(200)
    await expect.poll(async () => (await admin.get(`/group-live-codes/${created.id}/stats`)).joins).toBe(1)
    await page.reload()
    await row('直播间进群').getByRole('button', { name: '数据' }).click()
    await page.getByRole('region', { name: '直播间进群的数据' }).getByText('入群 1 人').waitFor()
    await page.screenshot({ path: artifactPath('admin-group-live-codes.png'), fullPage: true })
    expect(failures).toEqual([])
  })

  it('writes a group welcome with the joiner’s nickname, kept in WeCom', async () => {
    await open('入群欢迎语')
    await page.getByText('还没有入群欢迎语').waitFor()
    await page.getByRole('button', { name: '新建欢迎语' }).click()
    const form = page.getByRole('form', { name: '新建入群欢迎语' })
    await form.getByLabel(/名称/).fill('直播群欢迎')
    await form.getByLabel('欢迎语', { exact: true }).fill('欢迎 ')
    await form.getByRole('button', { name: '插入新成员昵称' }).click()
    expect(await form.getByTestId('group-welcome-preview').textContent()).toBe('欢迎 小林')
    await form.getByRole('button', { name: '创建' }).click()
    await page.getByRole('form', { name: '编辑入群欢迎语' }).waitFor()
    const saved = (await admin.get('/group-welcome-templates')).items.find((item: { name: string }) => item.name === '直播群欢迎')
    expect(saved).toMatchObject({ text: '欢迎 %NICKNAME%', notify: true })
    await page.screenshot({ path: artifactPath('admin-group-welcomes.png'), fullPage: true })
    expect(failures).toEqual([])
  })

  it('shows the guide the group’s customers in the sidebar and sends a script into the group', async () => {
    const group = (await admin.get('/customer-groups')).items.find((item: { name: string }) => item.name === '李娜的会员福利群')
    await admin.post('/scripts', { type: 'text', title: '群内新品预告', content: '各位好，我是{{staffName}}，周三新品试用开始报名' })
    const sidebar = await browser.newPage({ viewport: { width: 360, height: 800 } })
    sidebar.on('pageerror', (error) => failures.push(error.message))
    await sidebar.goto(`${product.serverUrl}/sidebar/?groupChat=${group.chatId}`)
    await sidebar.getByRole('button', { name: 'guide_li', exact: true }).click()
    const profile = sidebar.getByRole('region', { name: '客户群概况' })
    await profile.getByText('李娜的会员福利群').waitFor()
    const customers = sidebar.getByRole('region', { name: '群里的客户' })
    await customers.getByRole('listitem', { name: '林小艾' }).waitFor()
    await sidebar.screenshot({ path: artifactPath('sidebar-group.png'), fullPage: true })

    await sidebar.getByRole('tab', { name: '话术库' }).click()
    await sidebar.getByPlaceholder('搜索话术标题、内容或关键词').fill('群内新品预告')
    const item = sidebar.getByRole('list', { name: '话术列表' }).getByRole('listitem', { name: '群内新品预告' })
    await item.getByText(/^各位好，我是李娜/).waitFor()
    await item.getByRole('button', { name: '发送' }).click()
    await item.getByText('已发送', { exact: true }).waitFor()
    const payload = sidebar.getByLabel('消息内容（JSON）').last()
    await payload.waitFor()
    expect(JSON.parse((await payload.textContent()) ?? '')).toMatchObject({ msgtype: 'text', text: { content: expect.stringContaining('周三新品试用') } })
    await sidebar.screenshot({ path: artifactPath('sidebar-group-script-sent.png'), fullPage: true })
    expect(failures).toEqual([])
  })
})
