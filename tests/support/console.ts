import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'
import { adminApi, type AdminApi } from './admin-api'
import { launchChromium } from './browser'
import { startProduct, type Product } from './product'

/** A page of the admin console, signed in through its login page with the demo account (or another's). */
export async function signInToConsole(
  browser: Browser,
  product: Product,
  width = 1280,
  { username, password } = { username: 'admin', password: 'liuliang123' },
): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height: 900 } })
  await page.goto(`${product.serverUrl}/admin/`)
  await page.getByLabel('用户名').fill(username)
  await page.getByLabel('密码').fill(password)
  await page.getByRole('button', { name: /登录/ }).click()
  return page
}

/** A new mini-program customer, and a call to the mini-program API as them. */
export async function consumerOf(product: Product, who: string) {
  const reply = await fetch(`${product.serverUrl}/api/mp/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code: `test_${who}~${Date.now()}` }),
  })
  const { customer, token } = (await reply.json()) as { customer: { id: number }; token: string }
  const call = async (path: string, method = 'GET', body?: unknown) => {
    const response = await fetch(`${product.serverUrl}/api/mp${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    return { status: response.status, body: (await response.json()) as any }
  }
  return { customer, token, call }
}

/**
 * For a describe block: the product (over the demo data when `seeded`), the admin API and a signed-in
 * console tab whose uncaught page errors collect in `failures`, started before its tests and stopped
 * after them. Read the fields inside tests, once `beforeAll` has run.
 */
export function consoleSession(options: { width?: number; seeded?: boolean } = {}) {
  const session = { failures: [] as string[] } as { product: Product; admin: AdminApi; browser: Browser; page: Page; failures: string[] }
  beforeAll(async () => {
    session.product = await startProduct()
    if (options.seeded) session.product.seed()
    session.admin = await adminApi(session.product)
    session.browser = await launchChromium()
    session.page = await signInToConsole(session.browser, session.product, options.width)
    session.page.on('pageerror', (error) => session.failures.push(error.message))
  })
  afterAll(async () => {
    await session.browser?.close()
    await session.product?.stop()
  })
  return session
}
