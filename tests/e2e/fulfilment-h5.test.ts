// Fulfilment end to end, in Chromium against the built product: a customer pays on the mini-program h5, an admin ships the
// order in the console with a carrier and waybill, the customer confirms receipt, asks for part of the money back, the admin
// approves it in the console's 售后 page, and the customer sees the refunded amount.
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AdminApi } from '../support/admin-api'
import { NO_CHROMIUM_REASON, artifactPath, chromiumPath } from '../support/browser'
import { consoleSession, consumerOf } from '../support/console'
import { signedInConsumer } from '../support/mp-h5'
import type { Product } from '../support/product'

describe.skipIf(!chromiumPath)(`fulfilment on the h5 preview and the console${chromiumPath ? '' : ` (${NO_CHROMIUM_REASON})`}`, () => {
  const session = consoleSession({ width: 1440 })
  let product: Product
  let admin: AdminApi
  let console_: Page
  let phone: Page
  let context: BrowserContext
  beforeAll(async () => {
    ;({ product, admin, page: console_ } = session)
    const signedIn = await signedInConsumer(session.browser, product.serverUrl, 'bob')
    ;({ page: phone, context } = signedIn)
  })
  afterAll(async () => {
    await context?.close()
  })

  const openOrder = (id: number) => phone.goto(`${product.serverUrl}/mp/#/packages/orders/detail/index?id=${id}`)
  const nav = (label: string) => console_.getByRole('navigation').getByRole('link', { name: label, exact: true }).click()

  it('pays, ships in the console, confirms receipt, and refunds part of it through an approved after-sales request', async () => {
    const kettle = await admin.post('/products', { name: '手冲壶', priceFen: 12_800, stock: 5 })
    const bob = await consumerOf(product, 'bob')
    const order = (await bob.call('/orders', 'POST', { items: [{ productId: kettle.id, quantity: 1 }] })).body

    await openOrder(order.id)
    await phone.locator('#order-pay').click()
    await phone.locator('#order-status', { hasText: '待发货' }).waitFor({ timeout: 20_000 })
    expect(await phone.locator('#order-confirm').count()).toBe(0)

    await nav('订单')
    await console_.getByRole('tab', { name: '待发货' }).click()
    const row = console_.locator(`#order-${order.id}`)
    await row.getByRole('button', { name: '发货' }).click()
    await row.getByLabel('快递公司').selectOption('SF')
    await row.getByLabel('快递单号').fill('SF12345')
    await row.getByText('顺丰单号为 SF 加 12–13 位数字').waitFor()
    expect(await row.getByRole('button', { name: '确认发货' }).isDisabled()).toBe(true)
    await row.getByLabel('快递单号').fill('SF1234567890123')
    await row.getByRole('button', { name: '确认发货' }).click()
    await console_.getByRole('tab', { name: '待收货' }).click()
    await console_.locator(`#order-${order.id}`, { hasText: '顺丰速运 SF1234567890123' }).waitFor()
    await console_.screenshot({ path: artifactPath('fulfilment-console-shipped.png') })

    await openOrder(order.id)
    await phone.locator('#order-shipment', { hasText: '顺丰速运 SF1234567890123' }).waitFor()
    await phone.locator('#order-confirm').click()
    await phone.locator('.nut-dialog-footer-ok', { hasText: '确认已收到' }).click()
    await phone.locator('#order-status', { hasText: '已完成' }).waitFor()

    await phone.locator('#order-after-sale-request').click()
    await phone.locator('#after-sale-kind-refund_only').click()
    await phone.locator('#after-sale-amount input').fill('30')
    await phone.locator('#after-sale-reason textarea').fill('壶盖有划痕，退部分款')
    await phone.locator('#after-sale-submit').click()
    await phone.locator('#after-sale-status', { hasText: '待审核' }).waitFor()

    await nav('售后')
    const request = console_.locator('table tbody tr', { hasText: '壶盖有划痕，退部分款' })
    await request.getByRole('button', { name: '同意退款' }).click()
    await console_.getByRole('combobox', { name: '售后状态' }).selectOption('')
    await console_.locator('table tbody tr', { hasText: '壶盖有划痕，退部分款' }).getByText('已同意').waitFor()

    await expect.poll(async () => (await bob.call(`/orders/${order.id}`)).body.afterSale.refund?.status, { timeout: 20_000 }).toBe('succeeded')
    await openOrder(order.id)
    await phone.locator('#after-sale-status', { hasText: '已退款' }).waitFor()
    expect((await phone.locator('#order-refunded').textContent())?.trim()).toBe('累计退款 ¥30')
    expect((await phone.locator('#order-status').textContent())?.trim()).toBe('已完成')
    await phone.screenshot({ path: artifactPath('fulfilment-h5-refunded.png') })
  })

  it('rejects a request in the console with a reason the customer reads, and keeps the order shippable', async () => {
    const mug = await admin.post('/products', { name: '马克杯', priceFen: 4_500, stock: 5 })
    const bob = await consumerOf(product, 'bob')
    const order = (await bob.call('/orders', 'POST', { items: [{ productId: mug.id, quantity: 1 }] })).body
    await bob.call(`/orders/${order.id}/pay`, 'POST')
    await expect.poll(async () => (await bob.call(`/orders/${order.id}`)).body.status, { timeout: 20_000 }).toBe('paid')

    await openOrder(order.id)
    await phone.locator('#order-after-sale-request').click()
    // Not shipped yet: only a refund is offered, and no more than was paid.
    expect(await phone.locator('#after-sale-kind-return_refund').count()).toBe(0)
    await phone.locator('#after-sale-amount input').fill('46')
    await phone.getByText('最多可退 ¥45').first().waitFor()
    await phone.locator('#after-sale-amount input').fill('45')
    await phone.locator('#after-sale-reason textarea').fill('拍错颜色了')
    await phone.locator('#after-sale-submit').click()
    await phone.locator('#after-sale-status', { hasText: '待审核' }).waitFor()

    await nav('售后')
    await console_.getByRole('combobox', { name: '售后状态' }).selectOption('pending')
    const request = console_.locator('table tbody tr', { hasText: '拍错颜色了' })
    await request.getByRole('button', { name: '拒绝' }).click()
    await request.getByLabel('拒绝原因').fill('已按您选的颜色打包，可收货后申请退货')
    await request.getByRole('button', { name: '确认拒绝' }).click()
    await console_.getByRole('combobox', { name: '售后状态' }).selectOption('rejected')
    await console_.locator('table tbody tr', { hasText: '拍错颜色了' }).getByText('已按您选的颜色打包，可收货后申请退货').waitFor()

    await openOrder(order.id)
    await phone.locator('#after-sale-status', { hasText: '已拒绝' }).waitFor()
    await phone.getByText('拒绝原因：已按您选的颜色打包，可收货后申请退货').waitFor()
    expect((await bob.call(`/orders/${order.id}`)).body).toMatchObject({ status: 'paid', refundedFen: 0, afterSaleAllowed: true })
  })

  it('sets the days before a shipped order completes by itself, and the after-sales window', async () => {
    await nav('售后')
    await console_.getByLabel('发货后自动确认收货（天）').fill('10')
    await console_.getByLabel('完成后可申请售后（天）').fill('15')
    await console_.getByRole('button', { name: '保存' }).click()
    await console_.getByText('已保存').waitFor()
    expect(await admin.get('/fulfilment/settings')).toEqual({ autoCompleteDays: 10, afterSalesDays: 15 })
    await console_.getByLabel('发货后自动确认收货（天）').fill('31')
    expect(await console_.getByRole('button', { name: '保存' }).isDisabled()).toBe(true)
    await console_.getByText('自动确认收货需 1–30 天，售后期需 0–30 天').waitFor()
  })
})
