// The admin console's acquisition pages in Chromium, against the real server and sandbox: an admin
// sets up a channel's live code, downloads its QR image, sees a customer's scan counted and welcomed,
// and writes welcome messages with their preview.
import { readFileSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { adminApi } from '../support/admin-api'
import { NO_CHROMIUM_REASON, artifactPath, chromiumPath, launchChromium } from '../support/browser'
import { signInToConsole } from '../support/console'
import { startProduct, type Product } from '../support/product'

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47]

describe.skipIf(!chromiumPath)(`admin console acquisition pages in Chromium${chromiumPath ? '' : ` (${NO_CHROMIUM_REASON})`}`, () => {
  let product: Product
  let browser: Browser
  let page: Page
  let admin: Awaited<ReturnType<typeof adminApi>>
  let tagId: number

  beforeAll(async () => {
    product = await startProduct()
    admin = await adminApi(product)
    tagId = (await admin.post('/tags', { groupName: '客户来源', name: '门店海报' })).id
    // The guides become known to the console by being put in a first code.
    await admin.post('/live-codes', { name: '企业官网', staffUserIds: ['guide_li', 'guide_wang'], dailyAddLimit: null })
    browser = await launchChromium()
    page = await signInToConsole(browser, product, 1400)
  })
  afterAll(async () => {
    await browser?.close()
    await product?.stop()
  })

  const open = (label: string) => page.getByRole('navigation').getByRole('link', { name: label, exact: true }).click()
  const liveCodeNamed = async (name: string) => ((await admin.get('/live-codes')).items as { name: string }[]).find((code) => code.name === name) as any
  const row = (text: string) => page.locator('table tbody tr', { hasText: text })

  it('creates a live code with its guide pool, cap, tag and welcome, and downloads its QR image', async () => {
    await open('渠道活码')
    await row('企业官网').waitFor()
    await page.getByRole('button', { name: '新建活码' }).click()
    const form = page.getByRole('form', { name: '新建活码' })
    await form.getByText('请填写活码名称').waitFor()
    expect(await form.getByRole('button', { name: '创建活码' }).isDisabled()).toBe(true)
    await form.getByLabel(/活码名称/).fill('门店海报')
    await form.getByLabel('李娜的角色').selectOption('primary')
    await form.getByLabel('王芳的角色').selectOption('backup')
    await form.getByLabel(/每日添加上限/).fill('50')
    await form.getByRole('button', { name: '门店海报', exact: true }).click()
    await form.getByLabel(/这个活码的欢迎语/).fill('您好，我是导购')
    await form.getByRole('button', { name: '导购姓名' }).click()
    await form.getByLabel(/这个活码的欢迎语/).press('End')
    await form.getByLabel(/这个活码的欢迎语/).pressSequentially('，欢迎光临')
    expect(await form.getByTestId('welcome-preview-text').textContent()).toBe('您好，我是导购李娜，欢迎光临')
    await form.getByRole('button', { name: '创建活码' }).click()
    await page.getByRole('form', { name: '编辑活码' }).waitFor()

    const created = await liveCodeNamed('门店海报')
    expect(created).toMatchObject({
      dailyAddLimit: 50,
      staff: [{ staffUserId: 'guide_li' }],
      backupStaff: [{ staffUserId: 'guide_wang' }],
      tags: [{ id: tagId }],
      welcomeText: '您好，我是导购{{staffName}}，欢迎光临',
    })
    expect(created.qrCodeUrl).toMatch(/^http/)

    const codeRow = row('门店海报')
    await codeRow.getByRole('img', { name: '门店海报的二维码' }).waitFor()
    const [download] = await Promise.all([page.waitForEvent('download'), codeRow.getByRole('button', { name: '下载二维码' }).click()])
    expect(download.suggestedFilename()).toBe('门店海报.png')
    const bytes = readFileSync(await download.path())
    expect([...bytes.subarray(0, 4)]).toEqual(PNG_SIGNATURE)
    await page.screenshot({ path: artifactPath('admin-live-codes.png'), fullPage: true })
  })

  it('counts a customer’s scan for the guide and welcomes them by name', async () => {
    const code = await liveCodeNamed('门店海报')
    const added = await fetch(`${product.sandboxUrl}/sandbox/wecom/contacts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ who: 'acq_console', name: '周晓', state: code.state }),
    })
    expect(added.status).toBe(201)
    const { externalUserId } = (await added.json()) as { externalUserId: string }
    await expect
      .poll(async () => {
        const sent = (await (await fetch(`${product.sandboxUrl}/sandbox/wecom/messages?api=send_welcome_msg`)).json()) as {
          items: { body: { text?: { content: string } } }[]
        }
        return sent.items.map((item) => item.body.text?.content)
      })
      .toContain('您好，我是导购李娜，欢迎光临')

    // Opened afresh, the list shows the add.
    await open('欢迎语')
    await open('渠道活码')
    const codeRow = row('门店海报')
    await codeRow.getByText('李娜（1）').waitFor()
    await codeRow.getByRole('button', { name: '数据' }).click()
    const stats = page.getByRole('region', { name: '门店海报的数据' })
    await stats.getByText('添加 1 次').waitFor()

    // The customer deletes the guide: the churn list names the code they came through.
    const removed = await fetch(`${product.sandboxUrl}/sandbox/wecom/contacts/${externalUserId}?userId=guide_li&by=customer`, { method: 'DELETE' })
    expect(removed.status).toBe(200)
    const churn = page.getByRole('region', { name: '流失记录' })
    await expect
      .poll(async () => {
        await churn.getByRole('button', { name: '刷新' }).click()
        return churn.locator('tbody tr', { hasText: '周晓' }).textContent({ timeout: 2000 }).catch(() => '')
      })
      .toContain('客户删除了导购')
    expect(await churn.locator('tbody tr', { hasText: '周晓' }).textContent()).toContain('门店海报')
  })

  it('asks before leaving an edited form, and saves the edit', async () => {
    await row('门店海报').getByRole('button', { name: '编辑' }).click()
    const form = page.getByRole('form', { name: '编辑活码' })
    await form.getByLabel(/活码名称/).fill('门店海报·春季')

    const asked: string[] = []
    page.once('dialog', (dialog) => {
      asked.push(dialog.message())
      void dialog.dismiss()
    })
    await open('欢迎语')
    expect(asked).toEqual(['有未保存的修改，离开后将丢失。确定离开吗？'])
    await page.getByRole('heading', { name: '渠道活码' }).waitFor()
    expect(await form.getByLabel(/活码名称/).inputValue()).toBe('门店海报·春季')

    await form.getByRole('button', { name: '保存' }).click()
    await form.getByRole('status').filter({ hasText: '已保存' }).waitFor()
    expect(await liveCodeNamed('门店海报·春季')).toBeTruthy()
    // Saved: leaving no longer asks.
    await open('欢迎语')
    await page.getByRole('heading', { name: '欢迎语' }).waitFor()

    // Edited again, and the admin agrees to discard the edit: the page changes, nothing is saved.
    await open('渠道活码')
    await row('门店海报·春季').getByRole('button', { name: '编辑' }).click()
    await form.getByLabel(/活码名称/).fill('不会保存的名字')
    page.once('dialog', (dialog) => void dialog.accept())
    await open('欢迎语')
    await page.getByRole('heading', { name: '欢迎语' }).waitFor()
    expect(await liveCodeNamed('不会保存的名字')).toBeUndefined()
    await open('渠道活码')
  })

  it('deletes a live code only once the admin confirms', async () => {
    const codeRow = row('企业官网')
    page.once('dialog', (dialog) => void dialog.dismiss())
    await codeRow.getByRole('button', { name: '删除' }).click()
    expect(await liveCodeNamed('企业官网')).toBeTruthy()
    page.once('dialog', (dialog) => void dialog.accept())
    await codeRow.getByRole('button', { name: '删除' }).click()
    await codeRow.waitFor({ state: 'detached' })
    expect(await liveCodeNamed('企业官网')).toBeUndefined()
  })

  it('writes a default welcome with a link card, previewed as WeChat shows it, then disables and deletes it', async () => {
    await open('欢迎语')
    await page.getByRole('button', { name: '新建欢迎语' }).click()
    const form = page.getByRole('form', { name: '新建欢迎语' })
    await form.getByLabel(/名称/).first().fill('默认欢迎')
    const text = form.getByLabel(/欢迎语文字/)
    await text.fill('好'.repeat(1334))
    await form.getByText(/欢迎语文字超过 4000 字节/).waitFor()
    expect(await form.getByRole('button', { name: '创建欢迎语' }).isDisabled()).toBe(true)

    await text.fill('')
    await form.getByRole('button', { name: '客户称呼' }).click()
    await text.press('End')
    await text.pressSequentially('，欢迎来到留量！')
    await form.getByRole('button', { name: '添加链接' }).click()
    await form.getByLabel('附件1标题').fill('春季新品')
    await form.getByLabel('附件1链接').fill('https://shop.example.com/spring')
    const preview = form.getByRole('figure', { name: '欢迎语预览' })
    expect(await preview.getByTestId('welcome-preview-text').textContent()).toBe('王女士，欢迎来到留量！')
    await preview.getByText('春季新品').waitFor()
    await form.getByRole('button', { name: '创建欢迎语' }).click()
    await page.getByRole('form', { name: '编辑欢迎语' }).waitFor()

    const stored = ((await admin.get('/welcome-messages')).items as any[]).find((message) => message.name === '默认欢迎')
    expect(stored).toMatchObject({
      scope: 'default',
      text: '{{customerName}}，欢迎来到留量！',
      attachments: [{ type: 'link', title: '春季新品', url: 'https://shop.example.com/spring' }],
      enabled: true,
    })
    await page.screenshot({ path: artifactPath('admin-welcome-messages.png'), fullPage: true })

    const messageRow = row('默认欢迎')
    page.once('dialog', (dialog) => void dialog.accept())
    await messageRow.getByRole('button', { name: '停用' }).click()
    await messageRow.getByText('已停用').waitFor()
    expect((await admin.get(`/welcome-messages/${stored.id}`)).enabled).toBe(false)

    page.once('dialog', (dialog) => void dialog.dismiss())
    await messageRow.getByRole('button', { name: '删除' }).click()
    expect((await admin.get(`/welcome-messages/${stored.id}`)).id).toBe(stored.id)
    page.once('dialog', (dialog) => void dialog.accept())
    await messageRow.getByRole('button', { name: '删除' }).click()
    await messageRow.waitFor({ state: 'detached' })
    const left = ((await admin.get('/welcome-messages')).items as { id: number }[]).map((message) => message.id)
    expect(left).not.toContain(stored.id)
  })
})
