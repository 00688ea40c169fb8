import { describe, expect, it } from 'vitest'
import { activitySuite, consumerOf, orderReaches, refundsSettle, type Consumer } from '../support/activities'
import { addContact } from '../support/stack'

const suite = activitySuite('2026-05-04T04:00:00Z', { payments: 'confirm', refunds: 'confirm', delayMs: 30 })
const { clock } = suite

const count = async (sql: string, ...args: unknown[]) => Number((await suite.stack.one<{ n: number }>(sql, ...args)).n)
const skuStock = (skuId: number) => count('select stock as n from product_skus where id = ?', skuId)
const productStock = (productId: number) => count('select stock as n from products where id = ?', productId)

/** A T-shirt in two colours and two sizes, each with its own price and stock. */
async function shirt(stocks: [number, number, number, number] = [5, 5, 5, 5], name = 'T恤') {
  const product = (await suite.admin('/products', { body: { name, priceFen: 9900, stock: 0 } })).body
  const combos = [
    ['白色', 'M', 9900],
    ['白色', 'L', 10_900],
    ['黑色', 'M', 9900],
    ['黑色', 'L', 10_900],
  ] as const
  const saved = await suite.admin(`/products/${product.id}/skus`, {
    method: 'PUT',
    body: {
      skus: combos.map(([colour, size, priceFen], i) => ({
        options: [
          { name: '颜色', value: colour },
          { name: '尺码', value: size },
        ],
        priceFen,
        stock: stocks[i],
      })),
    },
  })
  expect(saved.status, JSON.stringify(saved.body)).toBe(200)
  return saved.body as { id: number; skus: { id: number; spec: string; priceFen: number; stock: number }[] }
}

async function addressOf(consumer: Consumer) {
  const reply = await consumer.call('/addresses', { body: { name: '张三', phone: '13800138000', region: '上海市 上海市 徐汇区', detail: '漕溪北路 1 号' } })
  expect(reply.status).toBe(201)
  return reply.body.id as number
}

async function template(fields: Record<string, unknown>) {
  return (await suite.admin('/coupon-templates', { body: { name: '券', kind: 'amount_off', thresholdFen: 0, validDays: 30, ...fields } })).body.id as number
}
async function give(consumer: Consumer, templateId: number) {
  const reply = await suite.admin(`/customers/${consumer.id}/coupons`, { body: { templateId } })
  expect(reply.status, JSON.stringify(reply.body)).toBe(201)
  return reply.body.id as number
}

describe('catalog', () => {
  it('shows categories, banners and products with their gallery and SKUs, and searches by name', async () => {
    const drinks = (await suite.admin('/shop/categories', { body: { name: '茶饮', sortOrder: 2 } })).body
    const clothes = (await suite.admin('/shop/categories', { body: { name: '服饰', sortOrder: 1 } })).body
    const hidden = (await suite.admin('/shop/categories', { body: { name: '停售', active: false } })).body
    const tee = await shirt()
    await suite.admin(`/products/${tee.id}/shop`, {
      method: 'PUT',
      body: { categoryId: clothes.id, images: ['https://img.example.com/tee-1.png', 'https://img.example.com/tee-2.png'] },
    })
    const tea = (await suite.admin('/products', { body: { name: '龙井茶', priceFen: 5800, stock: 20 } })).body
    await suite.admin(`/products/${tea.id}/shop`, { method: 'PUT', body: { categoryId: drinks.id, images: [] } })
    const banner = await suite.admin('/shop/banners', { body: { title: '新品', imageUrl: 'https://img.example.com/b.png', linkType: 'product', linkId: tee.id } })
    expect(banner.status).toBe(201)
    const dangling = await suite.admin('/shop/banners', { body: { imageUrl: 'https://img.example.com/b.png', linkType: 'category', linkId: 99_999 } })
    expect(dangling.status).toBe(404)
    const unlinked = await suite.admin('/shop/banners', { body: { imageUrl: 'https://img.example.com/b.png', linkType: 'product' } })
    expect(unlinked.status).toBe(400)
    expect(unlinked.body.error.message).toBe('请选择跳转的商品')

    const alice = await consumerOf(suite.stack, 'alice')
    const home = (await alice.call('/shop/home')).body
    expect(home.categories.map((c: { name: string }) => c.name)).toEqual(['服饰', '茶饮'])
    expect(home.categories.some((c: { id: number }) => c.id === hidden.id)).toBe(false)
    expect(home.banners).toEqual([expect.objectContaining({ linkType: 'product', linkId: tee.id })])

    const inClothes = (await alice.call(`/shop/products?categoryId=${clothes.id}`)).body.items
    expect(inClothes).toEqual([expect.objectContaining({ id: tee.id, priceFen: 9900, stock: 20, imageUrl: 'https://img.example.com/tee-1.png' })])
    expect((await alice.call(`/shop/products?q=${encodeURIComponent('龙井')}`)).body.items.map((p: { id: number }) => p.id)).toEqual([tea.id])
    // The admin's product list and the older product list show the gallery's cover too, where there is a gallery.
    const adminList = (await suite.admin('/products')).body.items
    expect(adminList.find((p: { id: number }) => p.id === tee.id).imageUrl).toBe('https://img.example.com/tee-1.png')
    expect(adminList.find((p: { id: number }) => p.id === tea.id).imageUrl).toBeNull()
    expect((await alice.call('/products')).body.items.find((p: { id: number }) => p.id === tee.id).imageUrl).toBe('https://img.example.com/tee-1.png')

    const detail = (await alice.call(`/shop/products/${tee.id}`)).body
    expect(detail.images).toHaveLength(2)
    expect(detail.specs).toEqual([
      { name: '颜色', values: ['白色', '黑色'] },
      { name: '尺码', values: ['M', 'L'] },
    ])
    expect(detail.skus.map((s: { spec: string; priceFen: number }) => `${s.spec}:${s.priceFen}`)).toEqual(['白色 / M:9900', '白色 / L:10900', '黑色 / M:9900', '黑色 / L:10900'])

    // The old door keeps working: a product without options sells through its default SKU.
    const teaDetail = (await alice.call(`/shop/products/${tea.id}`)).body
    expect(teaDetail.skus).toEqual([expect.objectContaining({ spec: '', priceFen: 5800, stock: 20 })])
    const order = await alice.call('/orders', { body: { items: [{ productId: tea.id, quantity: 2 }] } })
    expect(order.status).toBe(201)
    expect(order.body.items[0]).toMatchObject({ skuId: teaDetail.skus[0].id, spec: '' })
    expect(await skuStock(teaDetail.skus[0].id)).toBe(18)
    expect(await productStock(tea.id)).toBe(18)
    // A product with options needs its SKU named, and its price is set per SKU.
    const vague = await alice.call('/orders', { body: { items: [{ productId: tee.id, quantity: 1 }] } })
    expect(vague.status).toBe(400)
    expect(vague.body.error.code).toBe('SKU_REQUIRED')
    const repriced = await suite.admin(`/products/${tee.id}`, { method: 'PATCH', body: { priceFen: 100 } })
    expect(repriced.status).toBe(409)
    expect(repriced.body.error.code).toBe('PRODUCT_HAS_SKUS')
    const bad = await suite.admin(`/products/${tee.id}/skus`, {
      method: 'PUT',
      body: { skus: [{ options: [{ name: '颜色', value: '白色' }], priceFen: 100, stock: 1 }, { options: [{ name: '颜色', value: '白色' }], priceFen: 100, stock: 1 }] },
    })
    expect(bad.status).toBe(400)
    expect(bad.body.error.message).toBe('规格「白色」重复了')
  })
})

describe('SKU stock', () => {
  it('never sells more of a SKU than its stock under concurrent checkouts, and gives it back to that SKU when unpaid', async () => {
    const tee = await shirt([3, 5, 5, 5], '限量T恤')
    const scarce = tee.skus[0]!
    const buyers = await Promise.all(Array.from({ length: 8 }, (_, i) => consumerOf(suite.stack, `skubuyer${i}`)))
    const addresses = await Promise.all(buyers.map(addressOf))
    const replies = await Promise.all(
      buyers.map((buyer, i) =>
        buyer.call('/checkout/orders', { body: { lines: [{ skuId: scarce.id, quantity: 1 }], addressId: addresses[i], couponId: null } }),
      ),
    )

    expect(replies.filter((r) => r.status === 201)).toHaveLength(3)
    expect(replies.filter((r) => r.status === 409).map((r) => r.body.error.code)).toEqual(Array(5).fill('OUT_OF_STOCK'))
    expect(await skuStock(scarce.id)).toBe(0)
    expect(await productStock(tee.id)).toBe(15)
    const placed = replies.find((r) => r.status === 201)!.body
    expect(placed.items).toEqual([expect.objectContaining({ skuId: scarce.id, spec: '白色 / M', priceFen: 9900 })])
    expect(placed.checkout).toMatchObject({ subtotalFen: 9900, discountFen: 0, address: { name: '张三', detail: '漕溪北路 1 号' } })

    clock.set('2026-05-04T04:16:00Z')
    await suite.stack.app.scheduler.runDue()
    clock.set('2026-05-04T04:00:00Z')
    expect(await skuStock(scarce.id)).toBe(3)
    expect(await productStock(tee.id)).toBe(18)
  })
})

describe('cart', () => {
  it('prices lines now and flags the ones that cannot be bought', async () => {
    const tee = await shirt([2, 5, 0, 5], '购物车T恤')
    const [whiteM, whiteL, blackM] = tee.skus as [(typeof tee.skus)[0], (typeof tee.skus)[0], (typeof tee.skus)[0]]
    const carol = await consumerOf(suite.stack, 'cartcarol')
    await carol.call('/cart/items', { body: { skuId: whiteM.id, quantity: 1 } })
    await carol.call('/cart/items', { body: { skuId: whiteM.id, quantity: 2 } })
    await carol.call('/cart/items', { body: { skuId: whiteL.id, quantity: 1 } })
    let cart = (await carol.call('/cart/items', { body: { skuId: blackM.id, quantity: 1 } })).body
    const line = (skuId: number) => cart.lines.find((l: { skuId: number }) => l.skuId === skuId)
    expect(line(whiteM.id)).toMatchObject({ quantity: 3, problem: 'short', stock: 2 })
    expect(line(blackM.id)).toMatchObject({ problem: 'sold_out' })
    expect(line(whiteL.id)).toMatchObject({ problem: null, priceFen: 10_900 })
    expect(cart.totalFen).toBe(10_900)

    cart = (await carol.call(`/cart/items/${line(whiteM.id).id}`, { method: 'PATCH', body: { quantity: 2 } })).body
    expect(line(whiteM.id).problem).toBeNull()
    // The admin reprices one SKU and stops another: the cart says so at once.
    await suite.admin(`/products/${tee.id}/skus`, {
      method: 'PUT',
      body: {
        skus: [
          { options: [{ name: '颜色', value: '白色' }, { name: '尺码', value: 'M' }], priceFen: 8800, stock: 2 },
          { options: [{ name: '颜色', value: '白色' }, { name: '尺码', value: 'L' }], priceFen: 10_900, stock: 5, active: false },
        ],
      },
    })
    cart = (await carol.call('/cart')).body
    expect(line(whiteM.id)).toMatchObject({ priceFen: 8800, problem: null })
    expect(line(whiteL.id).problem).toBe('unavailable')
    expect(cart.totalFen).toBe(17_600)
    const addressId = await addressOf(carol)
    const refused = await carol.call('/checkout/orders', { body: { addressId, couponId: null } })
    expect(refused.status).toBe(409)
    expect(refused.body.error.code).toBe('PRODUCT_UNAVAILABLE')

    cart = (await carol.call(`/cart/items/${line(whiteL.id).id}`, { method: 'DELETE' })).body
    cart = (await carol.call(`/cart/items/${line(blackM.id).id}`, { method: 'DELETE' })).body
    const order = await carol.call('/checkout/orders', { body: { addressId, couponId: null, expectedAmountFen: 17_600 } })
    expect(order.status, JSON.stringify(order.body)).toBe(201)
    expect(order.body.amountFen).toBe(17_600)
    expect((await carol.call('/cart')).body.lines).toEqual([])
    expect((await carol.call('/cart/items/999999', { method: 'PATCH', body: { quantity: 1 } })).status).toBe(404)
  })

  it('counts every unit of many first adds of one SKU at once, up to 99', async () => {
    const tee = await shirt([50, 50, 50, 50], '抢购T恤')
    const sku = tee.skus[0] as (typeof tee.skus)[0]
    const erin = await consumerOf(suite.stack, 'carterin')
    const adds = await Promise.all(Array.from({ length: 12 }, () => erin.call('/cart/items', { body: { skuId: sku.id, quantity: 2 } })))
    expect(adds.map((a) => a.status)).toEqual(Array(12).fill(200))
    let cart = (await erin.call('/cart')).body
    expect(cart.lines).toHaveLength(1)
    expect(cart.lines[0].quantity).toBe(24)
    await Promise.all(Array.from({ length: 8 }, () => erin.call('/cart/items', { body: { skuId: sku.id, quantity: 20 } })))
    cart = (await erin.call('/cart')).body
    expect(cart.lines[0].quantity).toBe(99)
  })

  it('keeps saved addresses with one default', async () => {
    const dave = await consumerOf(suite.stack, 'addrdave')
    const first = await addressOf(dave)
    const second = (await dave.call('/addresses', { body: { name: '李四', phone: '13900139000', region: '北京市', detail: '长安街 2 号', isDefault: true } })).body
    let list = (await dave.call('/addresses')).body.items
    expect(list.map((a: { id: number; isDefault: boolean }) => [a.id, a.isDefault])).toEqual([
      [second.id, true],
      [first, false],
    ])
    expect((await dave.call('/checkout/quote', { body: {} })).body.address.id).toBe(second.id)
    await dave.call(`/addresses/${second.id}`, { method: 'DELETE' })
    list = (await dave.call('/addresses')).body.items
    expect(list).toEqual([expect.objectContaining({ id: first, isDefault: true })])
    const badPhone = await dave.call('/addresses', { body: { name: '王五', phone: '123', region: '北京市', detail: '1 号' } })
    expect(badPhone.status).toBe(400)
  })
})

describe('checkout with coupons', () => {
  it('preselects the best applicable coupon and shows the points the order earns', async () => {
    const tee = await shirt([9, 9, 9, 9], '好券T恤')
    const erin = await consumerOf(suite.stack, 'couponerin')
    const small = await give(erin, await template({ name: '减10元', amountOffFen: 1000 }))
    const big = await give(erin, await template({ name: '满300减50', amountOffFen: 5000, thresholdFen: 30_000 }))
    const percent = await give(erin, await template({ name: '9折', kind: 'discount', discountPercent: 90 }))
    await addressOf(erin)
    const quoteOf = async (body: Record<string, unknown>) => (await erin.call('/checkout/quote', { body })).body

    let quote = await quoteOf({ lines: [{ skuId: tee.skus[0]!.id, quantity: 1 }] })
    expect(quote).toMatchObject({ subtotalFen: 9900, couponId: small, discountFen: 1000, amountFen: 8900, pointsEstimate: 89, placeable: true })
    expect(quote.coupons.find((c: { coupon: { id: number } }) => c.coupon.id === big).discountFen).toBeNull()
    quote = await quoteOf({ lines: [{ skuId: tee.skus[1]!.id, quantity: 3 }] })
    expect(quote).toMatchObject({ subtotalFen: 32_700, couponId: big, discountFen: 5000, amountFen: 27_700, pointsEstimate: 277 })
    quote = await quoteOf({ lines: [{ skuId: tee.skus[1]!.id, quantity: 3 }], couponId: percent })
    expect(quote).toMatchObject({ couponId: percent, discountFen: 3270 })
    quote = await quoteOf({ lines: [{ skuId: tee.skus[1]!.id, quantity: 3 }], couponId: null })
    expect(quote).toMatchObject({ couponId: null, discountFen: 0, amountFen: 32_700 })
    const tooSmall = await erin.call('/checkout/quote', { body: { lines: [{ skuId: tee.skus[0]!.id, quantity: 1 }], couponId: big } })
    expect(tooSmall.status).toBe(409)
    expect(tooSmall.body.error.code).toBe('COUPON_NOT_APPLICABLE')
  })

  it('redeems a coupon once under concurrent checkouts, and gives it back when the order is cancelled or refunded', async () => {
    const tee = await shirt([20, 20, 20, 20], '并发T恤')
    const frank = await consumerOf(suite.stack, 'couponfrank')
    const couponId = await give(frank, await template({ name: '减20元', amountOffFen: 2000 }))
    const addressId = await addressOf(frank)
    const replies = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        frank.call('/checkout/orders', { body: { lines: [{ skuId: tee.skus[i % 4]!.id, quantity: 1 }], addressId, couponId } }),
      ),
    )
    expect(replies.filter((r) => r.status === 201)).toHaveLength(1)
    expect(replies.filter((r) => r.status === 409).every((r) => r.body.error.code === 'COUPON_NOT_USABLE')).toBe(true)
    const placed = replies.find((r) => r.status === 201)!.body
    expect(placed.checkout).toMatchObject({ discountFen: 2000, couponName: '减20元' })
    expect(await count("select count(*) as n from coupons where id = ? and status = 'used'", couponId)).toBe(1)
    // Stock taken by the refused checkouts went back with them.
    expect(await productStock(tee.id)).toBe(79)

    // Unpaid at its deadline: the coupon is the customer's again.
    clock.set('2026-05-04T04:16:00Z')
    await suite.stack.app.scheduler.runDue()
    clock.set('2026-05-04T04:00:00Z')
    const back = (await frank.call('/coupons?status=available')).body.items.map((c: { id: number }) => c.id)
    expect(back).toContain(couponId)

    // Placed again, retried with the same key, paid, then refunded in full: used once, then back.
    const headers = { 'idempotency-key': 'checkout-frank-1' }
    const body = { lines: [{ skuId: tee.skus[0]!.id, quantity: 2 }], addressId, couponId }
    const [first, retry] = await Promise.all([frank.call('/checkout/orders', { body, headers }), frank.call('/checkout/orders', { body, headers })])
    expect(first.status).toBe(201)
    expect(retry.body.id).toBe(first.body.id)
    expect(first.body.amountFen).toBe(2 * 9900 - 2000)
    expect(await skuStock(tee.skus[0]!.id)).toBe(18)
    await frank.call(`/orders/${first.body.id}/pay`, { method: 'POST' })
    await orderReaches(frank, first.body.id, 'paid')
    expect(await count("select count(*) as n from coupons where id = ? and status = 'used'", couponId)).toBe(1)
    const refund = await suite.admin(`/orders/${first.body.id}/refund`, { body: { reason: '不想要了' } })
    expect(refund.status, JSON.stringify(refund.body)).toBe(200)
    await refundsSettle(suite.stack)
    expect(await count("select count(*) as n from coupons where id = ? and status = 'available'", couponId)).toBe(1)
    expect(await skuStock(tee.skus[0]!.id)).toBe(20)
  })
})

describe('exclusive advisor', () => {
  it("opens the customer's own guide, through the code with the fewest guides, and the brand's code before any guide", async () => {
    const pool = await suite.admin('/live-codes', { body: { name: '门店码', staffUserIds: ['guide_pool1', 'guide_adv'], dailyAddLimit: 50, backupStaffUserIds: [], tagIds: [], welcomeText: '你好' } })
    expect(pool.status, JSON.stringify(pool.body)).toBe(201)
    const own = await suite.admin('/live-codes', { body: { name: '顾问码', staffUserIds: ['guide_adv'], dailyAddLimit: 50, backupStaffUserIds: [], tagIds: [], welcomeText: '你好' } })
    const gina = await consumerOf(suite.stack, 'advisorgina')
    const before = (await gina.call('/advisor')).body
    expect(before.guide).toBeNull()
    expect(before.added).toBe(false)
    expect(before.qrCodeUrl).toEqual(expect.any(String))

    await addContact(suite.stack, 'advisorgina', 'guide_adv')
    const after = (await gina.call('/advisor')).body
    expect(after).toMatchObject({ added: true, guide: { name: expect.any(String) }, qrCodeUrl: own.body.qrCodeUrl })
  })
})
