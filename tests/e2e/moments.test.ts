// Customer moments end to end: an admin creates a moment with two pictures in the console; WeCom (the
// sandbox) turns its job into a moment; 李娜 publishes it in the client and a customer likes it; the
// console shows who published, the customers reached and the like, and reminds 王芳, who has not.
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { adminApi, type AdminApi } from '../support/admin-api'
import { NO_CHROMIUM_REASON, artifactPath, chromiumPath, launchChromium } from '../support/browser'
import { signInToConsole } from '../support/console'
import { startProduct, type Product } from '../support/product'

describe.skipIf(!chromiumPath)(`customer moments in Chromium${chromiumPath ? '' : ` (${NO_CHROMIUM_REASON})`}`, () => {
  let product: Product
  let browser: Browser
  let page: Page
  let admin: AdminApi
  const failures: string[] = []
  const customers: Record<string, string> = {}

  const sandbox = async (path: string, body: unknown) => {
    const response = await fetch(`${product.sandboxUrl}/sandbox/wecom${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
    if (!response.ok) throw new Error(`sandbox ${path} answered ${response.status}: ${await response.text()}`)
    return (await response.json()) as any
  }

  beforeAll(async () => {
    product = await startProduct()
    admin = await adminApi(product)
    for (const [who, name, userId] of [
      ['mo_amy', '林小艾', 'guide_li'],
      ['mo_bob', '周博文', 'guide_li'],
      ['mo_dora', '王朵朵', 'guide_wang'],
    ] as const) {
      customers[who] = (await sandbox('/contacts', { who, name, userId })).externalUserId
    }
    browser = await launchChromium()
    page = await signInToConsole(browser, product, 1400)
    page.setDefaultTimeout(30_000)
    page.on('pageerror', (error) => failures.push(error.message))
  })
  afterAll(async () => {
    await browser?.close()
    await product?.stop()
  })

  it('is created in the console, published by one guide, and the other is reminded', async () => {
    await page.getByRole('navigation').getByRole('link', { name: '客户朋友圈', exact: true }).click()
    await page.getByRole('button', { name: '新建朋友圈' }).click()
    const form = page.getByRole('form', { name: '新建朋友圈' })
    await form.getByRole('textbox', { name: /文字/ }).fill('春季新品上架，到店试用有小样相送')
    await form.getByLabel('附件').selectOption('image')
    await form.getByRole('textbox', { name: /图片地址/ }).fill(`${product.sandboxUrl}/sandbox/images/spring-1.png\n${product.sandboxUrl}/sandbox/images/spring-2.png`)
    await form.getByRole('button', { name: '创建并通知企业微信' }).click()

    const panel = page.getByRole('region', { name: '朋友圈发表情况' })
    await panel.getByText('状态 创建中').waitFor()
    await panel.getByRole('button', { name: '立即同步' }).click()
    await panel.getByText('状态 已创建').waitFor()
    const posts = panel.getByRole('table', { name: '每位导购的发表情况' })
    await posts.locator('tr', { hasText: '李娜' }).getByText('未发表').waitFor()
    await posts.locator('tr', { hasText: '王芳' }).getByText('未发表').waitFor()

    const [task] = (await admin.get('/moments')).items
    const { momentId } = await admin.get(`/moments/${task.id}`)
    await sandbox(`/moments/${momentId}/publications`, { userId: 'guide_li' })
    await sandbox(`/moments/${momentId}/interactions`, { userId: 'guide_li', kind: 'like', externalUserId: customers.mo_amy })

    // Reminding reads WeCom first: only 王芳 still has to publish.
    await panel.getByRole('button', { name: '提醒未发表的导购' }).click()
    await panel.getByText('已提醒 1 位导购发表').waitFor()
    const li = posts.locator('tr', { hasText: '李娜' })
    await li.getByText('已发表', { exact: true }).waitFor()
    expect((await li.locator('td').allTextContents()).slice(4, 7)).toEqual(['2', '0', '1'])
    await posts.locator('tr', { hasText: '王芳' }).getByText(/^1 次/).waitFor()
    const sent = (await (await fetch(`${product.sandboxUrl}/sandbox/wecom/messages?api=message/send`)).json()) as { items: { body: any }[] }
    expect(sent.items.map((item) => item.body.touser)).toEqual(['guide_wang'])

    await li.getByRole('button', { name: '可见客户' }).click()
    const reached = page.getByRole('region', { name: '可见客户' })
    await reached.getByText('林小艾').waitFor()
    await reached.getByText('周博文').waitFor()
    await page.getByRole('region', { name: '评论与点赞' }).locator('tr', { hasText: '林小艾' }).getByText('点赞').waitFor()
    await page.screenshot({ path: artifactPath('admin-moments.png'), fullPage: true })
    expect(failures).toEqual([])
  }, 240_000)
})
