// Leaving the console ends the session on the server, not only in the tab: after logout or a password
// change the token the tab held is refused, and the console is back at its login page.
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { NO_CHROMIUM_REASON, chromiumPath, launchChromium } from '../support/browser'
import { signInToConsole } from '../support/console'
import { startProduct, type Product } from '../support/product'

describe.skipIf(!chromiumPath)(`console sessions in Chromium${chromiumPath ? '' : ` (${NO_CHROMIUM_REASON})`}`, () => {
  let product: Product
  let browser: Browser

  beforeAll(async () => {
    product = await startProduct()
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await product?.stop()
  })

  /** The token the tab holds, once the console shows its pages. */
  async function tokenOf(page: Page): Promise<string> {
    await page.getByRole('button', { name: '退出登录' }).waitFor()
    return page.evaluate(() => JSON.parse(sessionStorage.getItem('liuliang.admin.session') ?? '{}').token as string)
  }
  const statusWith = async (token: string) =>
    (await fetch(`${product.serverUrl}/api/admin/customers`, { headers: { authorization: `Bearer ${token}` } })).status

  it('logout makes the tab’s token worthless', async () => {
    const page = await signInToConsole(browser, product)
    const token = await tokenOf(page)
    expect(await statusWith(token)).toBe(200)
    const loggedOut = page.waitForResponse((response) => response.url().endsWith('/api/admin/logout'))
    await page.getByRole('button', { name: '退出登录' }).click()
    expect((await loggedOut).status()).toBe(204)
    await page.getByRole('button', { name: '登录' }).waitFor()
    expect(await statusWith(token)).toBe(401)
    await page.close()
  })

  it('a password change signs the tab out, and only the new password signs in', async () => {
    const page = await signInToConsole(browser, product)
    const token = await tokenOf(page)
    await page.getByRole('button', { name: '修改密码' }).click()
    await page.getByLabel('当前密码').fill('liuliang123')
    await page.getByLabel('新密码', { exact: true }).fill('a-new-password')
    await page.getByLabel('再次输入新密码').fill('a-new-password')
    await page.getByRole('button', { name: '保存' }).click()
    await page.getByText('密码已修改，请用新密码登录').waitFor()
    expect(await statusWith(token)).toBe(401)
    await page.getByLabel('用户名').fill('admin')
    await page.getByLabel('密码').fill('a-new-password')
    await page.getByRole('button', { name: /登录/ }).click()
    expect(await statusWith(await tokenOf(page))).toBe(200)
    await page.close()
  })
})
