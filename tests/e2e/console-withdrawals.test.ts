// A distributor's commission from a referred purchase settles, they ask to withdraw it, and an admin
// approves the request in the console, confirming the payout; the distributor then sees it as withdrawn. Everything goes
// through the real doors: the sandbox payment gateway, the scheduler that settles commission, and
// the console in Chromium.
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { adminApi } from '../support/admin-api'
import { NO_CHROMIUM_REASON, artifactPath, chromiumPath, launchChromium } from '../support/browser'
import { startProduct, type Product } from '../support/product'

describe.skipIf(!chromiumPath)(`console withdrawal review in Chromium${chromiumPath ? '' : ` (${NO_CHROMIUM_REASON})`}`, () => {
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

  const consumer = async (who: string) => {
    const login = await fetch(`${product.serverUrl}/api/mp/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: `test_${who}~${Date.now()}` }),
    })
    const { token } = (await login.json()) as { token: string }
    return async (path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) => {
      const reply = await fetch(`${product.serverUrl}/api/mp${path}`, {
        method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
        headers: { authorization: `Bearer ${token}`, ...(init.body === undefined ? {} : { 'content-type': 'application/json' }), ...init.headers },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      })
      const body = (await reply.json()) as any
      if (!reply.ok) throw new Error(`${path} answered ${reply.status}: ${JSON.stringify(body)}`)
      return body
    }
  }

  /** Polls `read` until `done` holds; the gateway and the scheduler finish on their own clocks. */
  async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, seconds = 60): Promise<T> {
    for (let i = 0; i < seconds * 4; i++) {
      const value = await read()
      if (done(value)) return value
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
    throw new Error(`gave up waiting for ${what}`)
  }

  it('approves a withdrawal of settled commission', async () => {
    const admin = await adminApi(product)
    // No refund window, so the commission settles as soon as the order completes.
    await admin.put('/distribution/settings', { ...(await admin.get('/distribution/settings')), settleDays: 0 })
    const teapot = await admin.post('/products', { name: '紫砂壶', priceFen: 38_800, stock: 10 })

    const distributor = await consumer('wd_distributor')
    const { code } = await distributor('/distributor', { method: 'POST' })
    const buyer = await consumer('wd_buyer')
    await buyer('/referrals', { body: { distributorCode: code } })
    const order = await buyer('/orders', { body: { items: [{ productId: teapot.id, quantity: 1 }] } })
    await buyer(`/orders/${order.id}/pay`, { method: 'POST' })
    await until(() => buyer(`/orders/${order.id}`), (o) => o.status === 'paid', 'the payment')
    await admin.post(`/orders/${order.id}/ship`, { carrier: 'SF', trackingNo: 'SF100000000002' })
    await buyer(`/orders/${order.id}/confirm`, { method: 'POST' })

    // 10 % of 388 元, settled by the scheduler's next round.
    const earnings = await until(() => distributor('/distributor/earnings'), (e) => e.withdrawable > 0, 'the commission to settle')
    expect(earnings.withdrawable).toBe(3_880)
    const withdrawal = await distributor('/distributor/withdrawals', {
      body: { amountFen: 3_880 },
      headers: { 'idempotency-key': `wd-${Date.now()}` },
    })
    expect(withdrawal.status).toBe('pending')

    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
    await page.goto(`${product.serverUrl}/admin/`)
    await page.getByLabel('用户名').fill('admin')
    await page.getByLabel('密码').fill('liuliang123')
    await page.getByRole('button', { name: /登录/ }).click()
    await page.getByRole('navigation').getByRole('link', { name: '提现审核', exact: true }).click()
    const row = page.getByTestId(`withdrawal-${withdrawal.id}`)
    await row.getByText('¥38.80').waitFor()
    await page.screenshot({ path: artifactPath('admin-withdrawals.png') })
    await row.getByRole('button', { name: '通过' }).click()
    // Paying out is asked about first; nothing is paid until the admin confirms.
    await page.getByText('打款 ¥38.80').waitFor()
    expect((await distributor('/distributor/earnings')).withdrawn).toBe(0)
    await page.getByRole('button', { name: '确认通过并打款' }).click()
    await row.waitFor({ state: 'detached' })

    const after = await distributor('/distributor/earnings')
    expect(after).toMatchObject({ withdrawable: 0, withdrawn: 3_880 })
    const decided = await admin.get('/withdrawals')
    expect(decided.items.find((w: { id: number }) => w.id === withdrawal.id)).toMatchObject({ status: 'paid' })
    await page.close()
  })
})
