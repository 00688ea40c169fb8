// The lead centre on the server's clock: the daily job finds each kind of lead for the customer's guide
// (coupon about to expire, repurchase due after the brand's usual interval, birthday, silence, a
// customer deleting the guide), once per occasion however often it runs; the guide works them; a paid
// order converts them; a hand-over moves them. Purchase patterns and the 360 view's recommendations are
// checked against intervals computed here by hand, and a sent product card counts when it is bought.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { CUSTOMERS_PER_STEP } from '../../src/customers/customer-steps'
import { processDatabaseEngine } from '../../src/env'
import { adminOf, consumerOf, orderReaches, sandboxPayments, type AdminCall } from '../support/activities'
import { addContact, login, manualClock, request, startStack, type Stack } from '../support/stack'

const DAY = 86_400_000
const clock = manualClock('2026-02-01T02:00:00.000Z')
/** The morning the leads are found: 08:00 in Shanghai on 11 March. */
const G = Date.parse('2026-03-11T00:00:00.000Z')
/** A quiet day long before, where the brand's purchase history starts (04:00 UTC, whole days apart). */
const BASE = Date.parse('2025-06-01T04:00:00.000Z')

let stack: Stack
let admin: AdminCall
const tokens: Record<string, string> = {}
const people: Record<string, { externalUserId: string; id: number }> = {}
const products = { cleanser: 0, toner: 0, mask: 0 }
let categoryId: number

const sidebar = (userId: string, method: string, path: string, body?: unknown) =>
  request(`${stack.appUrl}/api/sidebar${path}`, { method, body, token: tokens[userId] })
const setClock = (ms: number) => clock.set(new Date(ms).toISOString())

async function insertCustomer(name: string): Promise<number> {
  const [row] = await stack.query<{ id: number }>('insert into customers (name, created_at, updated_at) values (?, ?, ?) returning id', name, BASE, BASE)
  return Number(row!.id)
}

/** A purchase straight into the database (the history the patterns are built from): one order of some products. */
async function insertOrder(customerId: number, productIds: number[], paidAt: number, status = 'completed') {
  const [order] = await stack.query<{ id: number }>(
    'insert into orders (customer_id, kind, status, amount_fen, pay_deadline, paid_at, created_at) values (?, ?, ?, ?, ?, ?, ?) returning id',
    customerId,
    'normal',
    status,
    1000 * productIds.length,
    paidAt + 15 * 60_000,
    status === 'cancelled' ? null : paidAt,
    paidAt,
  )
  for (const productId of productIds) {
    await stack.query('insert into order_items (order_id, product_id, name, price_fen, quantity) values (?, ?, ?, ?, ?)', order!.id, productId, `p${productId}`, 1000, 1)
  }
}

/** The median of whole days, as a person computes it: the middle value, or the two middle ones' mean rounded. */
function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length / 2
  return Math.round(sorted.length % 2 ? sorted[Math.floor(mid)]! : (sorted[mid - 1]! + sorted[mid]!) / 2)
}

const leadsOf = (customerId: number) =>
  stack.query<{ id: number; kind: string; status: string; detail: string; staff_id: number; converted_order_id: number | null; occasion: string }>(
    'select * from leads where customer_id = ? order by id',
    customerId,
  )

beforeAll(async () => {
  // The daily run goes when a test says, never by itself on a clock the story moves back and forth.
  stack = await startStack({}, { now: clock.now, schedulerIntervalMs: 0 })
  admin = await adminOf(stack)
  for (const userId of ['guide_li', 'guide_wang']) tokens[userId] = (await login.staff(stack, userId)).token
  await sandboxPayments(stack).mode({ payments: 'confirm', delayMs: 20 })

  for (const who of ['sam', 'cora', 'rita', 'bea', 'lou']) {
    const externalUserId = await addContact(stack, `lead_${who}`, 'guide_li')
    const [row] = await stack.query<{ id: number }>('select id from customers where external_user_id = ?', externalUserId)
    people[who] = { externalUserId, id: Number(row!.id) }
  }
  // WeCom stamps the adds with its own time: they are moved to when the story has them. Sam was added
  // long ago and nothing happened since; the others were added ten days before the leads are found.
  const addedAt = (who: string, at: number) =>
    Promise.all([
      stack.query('update customer_follows set first_added_at = ?, last_added_at = ? where customer_id = ?', at, at, people[who]!.id),
      stack.query('update timeline_events set occurred_at = ? where customer_id = ?', at, people[who]!.id),
    ])
  await addedAt('sam', Date.parse('2026-02-01T02:00:00.000Z'))
  for (const who of ['cora', 'rita', 'bea', 'lou']) await addedAt(who, Date.parse('2026-03-01T02:00:00.000Z'))
  setClock(Date.parse('2026-03-01T02:00:00.000Z'))

  categoryId = (await admin('/shop/categories', { body: { name: '洁面' } })).body.id
  for (const [key, name] of [['cleanser', '洗面奶'], ['toner', '爽肤水'], ['mask', '面膜']] as const) {
    const created = await admin('/products', { body: { name, priceFen: 9_900, stock: 100, imageUrl: `https://example.com/${key}.png` } })
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    products[key] = created.body.id
  }
  await stack.query('update products set category_id = ? where id in (?, ?)', categoryId, products.cleanser, products.toner)
})
afterAll(() => stack?.close())

describe('purchase patterns', () => {
  // Whole-day gaps between one customer's purchases of the cleanser, and of anything in its category.
  const cleanserGaps: number[] = []
  const maskGaps: number[] = []
  const categoryGaps: number[] = []

  beforeAll(async () => {
    const { cleanser, toner, mask } = products
    const buy = async (customerId: number, days: number[], productIds = [cleanser]) => {
      for (const day of days) await insertOrder(customerId, productIds, BASE + day * DAY)
    }
    const h1 = await insertCustomer('h1')
    await buy(h1, [0, 40])
    const h2 = await insertCustomer('h2')
    await buy(h2, [0, 38, 80])
    // Bought with a mask twice: the mask is often bought together with the cleanser.
    const h3 = await insertCustomer('h3')
    await buy(h3, [0, 44], [cleanser, mask])
    // Two orders on one day are one purchase; refunded and cancelled orders are no purchase.
    const h4 = await insertCustomer('h4')
    await buy(h4, [5, 5])
    await insertOrder(h4, [cleanser], BASE + 15 * DAY, 'refunded')
    await insertOrder(h4, [cleanser], BASE + 20 * DAY, 'cancelled')
    // A toner then a cleanser: a repurchase within the category, not of either product.
    const h5 = await insertCustomer('h5')
    await buy(h5, [0], [toner])
    await buy(h5, [30])
    cleanserGaps.push(40, 38, 42, 44)
    maskGaps.push(44)
    categoryGaps.push(40, 38, 42, 44, 30)
    // Rita bought the cleanser once, 45 days before the morning the leads are found.
    await insertOrder(people.rita!.id, [cleanser], G - 45 * DAY)
  })

  it('are rebuilt by the daily job from paid, unrefunded orders, as computed by hand', async () => {
    setClock(G)
    await stack.app.scheduler.runDue()
    const intervals = await stack.query<{ subject: string; subject_id: number; median_days: number; samples: number }>(
      'select subject, subject_id, median_days, samples from repurchase_intervals order by subject, subject_id',
    )
    expect(intervals.map((row) => ({ ...row, subject_id: Number(row.subject_id) }))).toEqual([
      { subject: 'category', subject_id: categoryId, median_days: median(categoryGaps), samples: categoryGaps.length },
      { subject: 'product', subject_id: products.cleanser, median_days: median(cleanserGaps), samples: cleanserGaps.length },
      { subject: 'product', subject_id: products.mask, median_days: median(maskGaps), samples: maskGaps.length },
    ])
    expect(median(cleanserGaps)).toBe(41)
    expect(median(categoryGaps)).toBe(40)
    const together = await stack.query('select product_id, with_product_id, orders from together_purchases order by product_id')
    expect(together.map((row) => [Number(row.product_id), Number(row.with_product_id), Number(row.orders)])).toEqual([
      [products.cleanser, products.mask, 2],
      [products.mask, products.cleanser, 2],
    ])
  })
})

describe('lead rules', () => {
  it('start from the defaults and take the brand’s own, with a brand script only', async () => {
    const rules = (await admin('/lead-rules')).body.items
    expect(rules.map((rule: { kind: string }) => rule.kind)).toEqual(['coupon_expiring', 'repurchase_due', 'birthday', 'silent', 'guide_deleted'])
    const script = await admin('/scripts', { body: { type: 'text', title: '券快到期', content: '{{customerName}}您好，您的优惠券快到期啦' } })
    expect(script.status, JSON.stringify(script.body)).toBe(201)
    const saved = await admin('/lead-rules/coupon_expiring', { method: 'PUT', body: { enabled: true, days: 3, conversionDays: 7, scriptId: script.body.id } })
    expect(saved.body).toMatchObject({ kind: 'coupon_expiring', days: 3, script: { id: script.body.id, title: '券快到期' } })

    const own = await sidebar('guide_li', 'POST', '/scripts', { type: 'text', title: '我的', content: '你好' })
    const refused = await admin('/lead-rules/birthday', { method: 'PUT', body: { enabled: true, days: 3, conversionDays: 7, scriptId: own.body.id } })
    expect(refused).toMatchObject({ status: 400, body: { error: { code: 'SCRIPT_NOT_FOUND' } } })
    const zero = await admin('/lead-rules/birthday', { method: 'PUT', body: { enabled: true, days: 0, conversionDays: 7, scriptId: null } })
    expect(zero.status).toBe(400)
    expect((await admin('/lead-rules/nothing', { method: 'PUT', body: { enabled: true, days: 3, conversionDays: 7, scriptId: null } })).status).toBe(400)
  })
})

describe('the daily lead run', () => {
  beforeAll(async () => {
    // Cora's coupon expires in two days; another in five, and a used one tomorrow, are no lead.
    const [template] = await stack.query<{ id: number }>(
      "insert into coupon_templates (name, kind, amount_off_fen, threshold_fen, valid_days, created_at) values ('满100减20', 'amount_off', 2000, 10000, 30, ?) returning id",
      G,
    )
    const coupon = (key: string, until: number, status = 'available') =>
      stack.query(
        "insert into coupons (template_id, customer_id, name, kind, amount_off_fen, threshold_fen, status, source, idempotency_key, valid_from, valid_until, created_at) values (?, ?, '满100减20', 'amount_off', 2000, 10000, ?, 'admin', ?, ?, ?, ?)",
        template!.id,
        people.cora!.id,
        status,
        key,
        G - 20 * DAY,
        until,
        G - 20 * DAY,
      )
    await coupon('lead-c1', G + 2 * DAY)
    await coupon('lead-c2', G + 5 * DAY)
    await coupon('lead-c3', G + DAY, 'used')
    // Bea's birthday is in two days; the guide writes it on her profile.
    setClock(G - 2 * DAY)
    expect((await sidebar('guide_li', 'PATCH', `/customers/${people.bea!.externalUserId}/profile`, { birthday: '1992-03-13' })).status).toBe(200)
    // Lou deleted her guide the day before.
    setClock(G - 22 * 3600_000)
    const removed = await request(`${stack.sandboxUrl}/sandbox/wecom/contacts/${people.lou!.externalUserId}?userId=guide_li&by=customer`, { method: 'DELETE' })
    expect(removed.status).toBe(200)
    await stack.query("update customer_follows set ended_at = ? where customer_id = ? and status = 'lost'", G - 22 * 3600_000, people.lou!.id)
    await stack.query("update timeline_events set occurred_at = ? where customer_id = ? and type = 'wecom_lost'", G - 22 * 3600_000, people.lou!.id)
    setClock(G)
  })

  it('finds each kind for the customer’s guide, with the reason', async () => {
    expect((await admin('/leads/generate', { method: 'POST' })).status).toBe(200)
    const li = Number((await stack.one("select id from staff where user_id = 'guide_li'")).id)
    const of = async (who: string) => (await leadsOf(people[who]!.id)).map((lead) => ({ kind: lead.kind, detail: lead.detail, status: lead.status, staff: Number(lead.staff_id) }))
    expect(await of('cora')).toEqual([{ kind: 'coupon_expiring', detail: '优惠券「满100减20」2 天后到期', status: 'new', staff: li }])
    expect(await of('rita')).toEqual([{ kind: 'repurchase_due', detail: '上次购买 45 天前，通常 41 天复购', status: 'new', staff: li }])
    expect(await of('bea')).toEqual([{ kind: 'birthday', detail: '3月13日生日，还有 2 天', status: 'new', staff: li }])
    expect(await of('sam')).toEqual([{ kind: 'silent', detail: '已 37 天没有互动', status: 'new', staff: li }])
    expect(await of('lou')).toEqual([{ kind: 'guide_deleted', detail: '3月10日删除了你，试试通过小程序或电话召回', status: 'new', staff: li }])
    const total = await stack.one<{ n: number }>('select count(*) as n from leads')
    expect(Number(total.n)).toBe(5)
  })

  it('stores a lead once per occasion, however often it runs', async () => {
    const again = await admin('/leads/generate', { method: 'POST' })
    expect(again.body.created).toEqual({ coupon_expiring: 0, repurchase_due: 0, birthday: 0, silent: 0, guide_deleted: 0 })
    // The next morning's planned run finds the same occasions again.
    setClock(G + DAY)
    await stack.app.scheduler.runDue()
    const jobs = await stack.app.scheduler.jobsOf('leads-daily')
    expect(jobs.filter((job) => job.status === 'done').length).toBeGreaterThanOrEqual(2)
    expect(Number((await stack.one<{ n: number }>('select count(*) as n from leads')).n)).toBe(5)
    setClock(G)
  })

  it('puts the leads on the guide’s to-do list with the rule’s script', async () => {
    const todos = (await sidebar('guide_li', 'GET', '/todos?kind=lead')).body.items
    expect(todos.map((todo: { title: string }) => todo.title).sort()).toEqual(['优惠券即将到期', '删除召回', '复购提醒', '沉默客户', '生日关怀'].sort())
    expect(todos.find((todo: { title: string }) => todo.title === '优惠券即将到期')).toMatchObject({
      kind: 'lead',
      status: 'new',
      detail: '优惠券「满100减20」2 天后到期',
      customer: { externalUserId: people.cora!.externalUserId },
      suggestion: { scriptId: expect.any(Number), content: '{{customerName}}您好，您的优惠券快到期啦' },
    })
    expect((await sidebar('guide_wang', 'GET', '/todos')).body.items).toEqual([])
  })

  it('is worked by its guide: contacted, then closed, each move with who and when', async () => {
    const [lead] = await leadsOf(people.sam!.id)
    expect((await sidebar('guide_wang', 'POST', `/leads/${lead!.id}/status`, { status: 'contacted' })).status).toBe(404)
    const contacted = await sidebar('guide_li', 'POST', `/leads/${lead!.id}/status`, { status: 'contacted' })
    expect(contacted.body).toMatchObject({ status: 'contacted', lastChange: { at: new Date(G).toISOString(), by: '李娜' } })
    const closed = await sidebar('guide_li', 'POST', `/leads/${lead!.id}/status`, { status: 'closed' })
    expect(closed.body.status).toBe('closed')
    const reopened = await sidebar('guide_li', 'POST', `/leads/${lead!.id}/status`, { status: 'contacted' })
    expect(reopened).toMatchObject({ status: 409, body: { error: { code: 'LEAD_FINISHED' } } })
    const changes = await stack.query('select from_status, to_status, staff_id from lead_changes where lead_id = ? order by id', lead!.id)
    expect(changes.map((change) => [change.from_status, change.to_status, change.staff_id === null ? null : 'guide'])).toEqual([
      [null, 'new', null],
      ['new', 'contacted', 'guide'],
      ['contacted', 'closed', 'guide'],
    ])
    expect((await sidebar('guide_li', 'GET', '/todos?kind=lead')).body.items.some((todo: { sourceId: number }) => todo.sourceId === lead!.id)).toBe(false)
  })

  it('is moved once when the guide taps twice at once', async () => {
    const [lead] = await leadsOf(people.lou!.id)
    const replies = await Promise.all(Array.from({ length: 5 }, () => sidebar('guide_li', 'POST', `/leads/${lead!.id}/status`, { status: 'contacted' })))
    expect(replies.map((reply) => [reply.status, reply.body.status])).toEqual(Array.from({ length: 5 }, () => [200, 'contacted']))
    const moves = await stack.query("select id from lead_changes where lead_id = ? and to_status = 'contacted'", lead!.id)
    expect(moves).toHaveLength(1)
  })

  it('is converted by a paid order within its window, and counted per guide and kind', async () => {
    const cora = await consumerOf(stack, 'lead_cora')
    expect(cora.id).toBe(people.cora!.id)
    const placed = await cora.call('/orders', { body: { items: [{ productId: products.mask, quantity: 1 }] } })
    expect(placed.status, JSON.stringify(placed.body)).toBe(201)
    await cora.call(`/orders/${placed.body.id}/pay`, { method: 'POST' })
    await orderReaches(cora, placed.body.id, 'paid')
    const [lead] = await leadsOf(people.cora!.id)
    expect(lead).toMatchObject({ status: 'converted', converted_order_id: placed.body.id })

    const stats = await admin('/leads/stats?from=2026-03-11&to=2026-03-11')
    const li = stats.body.rows.filter((row: { staff: { userId: string } }) => row.staff.userId === 'guide_li')
    expect(li).toEqual(
      expect.arrayContaining([
        { staff: { userId: 'guide_li', name: '李娜' }, kind: 'coupon_expiring', leads: 1, contacted: 0, converted: 1 },
        { staff: { userId: 'guide_li', name: '李娜' }, kind: 'silent', leads: 1, contacted: 1, converted: 0 },
      ]),
    )
    const listed = await admin('/leads?staffUserId=guide_li&status=converted')
    expect(listed.body.items.map((item: { customer: { id: number } }) => item.customer.id)).toEqual([people.cora!.id])
    const paged = await admin('/leads?limit=2')
    expect(paged.body.items).toHaveLength(2)
    const rest = await admin(`/leads?limit=10&cursor=${paged.body.nextCursor}`)
    expect(rest.body.items).toHaveLength(3)
  })
})

describe('recommendations in the 360 view', () => {
  it('shows the likely next purchases with their reasons, sends a product card once per request and counts the purchase', async () => {
    const view = (await sidebar('guide_li', 'GET', `/customers/${people.rita!.externalUserId}`)).body
    expect(view.sections.recommendations.items).toEqual([
      expect.objectContaining({ productId: products.cleanser, kind: 'repurchase', reason: '上次购买 45 天前，通常 41 天复购' }),
      expect.objectContaining({ productId: products.mask, kind: 'together', reason: '常与「洗面奶」一起购买（2 单）' }),
    ])
    const path = `/customers/${people.rita!.externalUserId}/recommendations/${products.cleanser}/sends`
    const sent = await sidebar('guide_li', 'POST', path, { requestId: 'rec-send-0001' })
    expect(sent.body.message).toEqual({
      msgtype: 'miniprogram',
      miniprogram: { appid: stack.config.wechat.appId, title: '洗面奶', imgUrl: 'https://example.com/cleanser.png', page: `packages/shop/product/index.html?id=${products.cleanser}` },
    })
    expect((await sidebar('guide_li', 'POST', path, { requestId: 'rec-send-0001' })).status).toBe(200)
    expect((await sidebar('guide_li', 'POST', `/customers/${people.rita!.externalUserId}/recommendations/${products.toner}/sends`, { requestId: 'rec-send-0002' })).status).toBe(404)
    expect(Number((await stack.one<{ n: number }>('select count(*) as n from recommendation_sends')).n)).toBe(1)

    const rita = await consumerOf(stack, 'lead_rita')
    const placed = await rita.call('/orders', { body: { items: [{ productId: products.cleanser, quantity: 1 }] } })
    await rita.call(`/orders/${placed.body.id}/pay`, { method: 'POST' })
    await orderReaches(rita, placed.body.id, 'paid')
    const stats = await admin('/recommendations/stats?from=2026-03-11&to=2026-03-11')
    expect(stats.body.rows).toEqual([{ staff: { userId: 'guide_li', name: '李娜' }, sends: 1, hits: 1 }])
    // The console's view of her: what is recommended now, and the card 李娜 sent, bought.
    const inConsole = await admin(`/customers/${people.rita!.id}/recommendations`)
    expect(inConsole.status, JSON.stringify(inConsole.body)).toBe(200)
    expect(inConsole.body).toMatchObject({
      sends: 1,
      bought: 1,
      recentSends: [{ productId: products.cleanser, productName: '洗面奶', staff: { userId: 'guide_li', name: '李娜' }, reason: '上次购买 45 天前，通常 41 天复购', bought: true }],
    })
    expect(Array.isArray(inConsole.body.items)).toBe(true)
    expect((await admin('/customers/999999/recommendations')).status).toBe(404)
    // The purchase also converted her repurchase lead.
    expect((await leadsOf(people.rita!.id))[0]).toMatchObject({ status: 'converted', converted_order_id: placed.body.id })
  })
})

describe('a customer handed to another guide', () => {
  it('takes their open leads along', async () => {
    const [lead] = await leadsOf(people.bea!.id)
    const ids = Object.fromEntries((await admin('/staff')).body.items.map((guide: { userId: string; id: number }) => [guide.userId, guide.id]))
    const started = await admin('/inheritance/on-job/transfers', {
      body: { handoverStaffId: ids.guide_li, takeoverStaffId: ids.guide_wang, customerIds: [people.bea!.id] },
    })
    expect(started.status, JSON.stringify(started.body)).toBe(201)
    setClock(G + 25 * 3600_000)
    await stack.app.scheduler.runDue()
    await request(`${stack.sandboxUrl}/sandbox/wecom/transfers/settle`, { method: 'POST', body: {} })
    await vi.waitFor(async () => expect((await leadsOf(people.bea!.id))[0]!.staff_id).toBe(ids.guide_wang), { timeout: 10_000 })
    const todos = (await sidebar('guide_wang', 'GET', '/todos?kind=lead')).body.items
    expect(todos).toEqual([expect.objectContaining({ sourceId: lead!.id, detail: '3月13日生日，还有 2 天' })])
    expect((await sidebar('guide_li', 'GET', '/todos?kind=lead')).body.items.some((todo: { sourceId: number }) => todo.sourceId === lead!.id)).toBe(false)
    const [moved] = await stack.query("select note from lead_changes where lead_id = ? and note is not null", lead!.id)
    expect(moved.note).toBe('客户转交给新导购')
  })
})

describe('a lead found just before its customer leaves the guide', () => {
  it('is not stored for the guide who no longer has them; the guide she deleted gets the win-back lead', async () => {
    const externalUserId = await addContact(stack, 'lead_nia', 'guide_li')
    const nia = Number((await stack.one('select id from customers where external_user_id = ?', externalUserId)).id)
    const li = Number((await stack.one("select id from staff where user_id = 'guide_li'")).id)
    // Her birthday is two days after the clock's day.
    expect((await sidebar('guide_li', 'PATCH', `/customers/${externalUserId}/profile`, { birthday: '1990-03-14' })).status).toBe(200)
    const found = (at: Date) => stack.app.leads.readLeads('leaving-run', { after: nia - 1, upTo: nia }, at)
    const store = (leads: Awaited<ReturnType<typeof found>>, at: Date) => stack.app.db.transaction((tx) => stack.app.leads.storeLeads(tx, leads, at))
    const kinds = (leads: Awaited<ReturnType<typeof found>>) => leads.flatMap((rule) => rule.found.map((lead) => ({ kind: rule.rule.kind, staffId: lead.staffId })))
    // A step's rules read her birthday lead for guide_li, apart from and before the step's unit of work…
    const at = clock.now()
    const before = await found(at)
    expect(kinds(before)).toEqual([{ kind: 'birthday', staffId: li }])
    // …and she deletes him before it writes.
    expect((await request(`${stack.sandboxUrl}/sandbox/wecom/contacts/${externalUserId}?userId=guide_li&by=customer`, { method: 'DELETE' })).status).toBe(200)
    await vi.waitFor(async () => expect((await stack.one('select status from customer_follows where customer_id = ?', nia)).status).toBe('lost'))
    // WeCom stamps the loss with its own time: moved to the story's.
    await stack.query("update customer_follows set ended_at = ? where customer_id = ? and status = 'lost'", at.getTime(), nia)
    expect((await store(before, at)).birthday).toBe(0)
    expect(await leadsOf(nia)).toEqual([])
    // The next reading finds him the lead to win her back, and it is stored.
    const after = await found(clock.now())
    expect(kinds(after)).toEqual([{ kind: 'guide_deleted', staffId: li }])
    expect((await store(after, clock.now())).guide_deleted).toBe(1)
    expect((await leadsOf(nia)).map((lead) => ({ kind: lead.kind, staff: Number(lead.staff_id) }))).toEqual([{ kind: 'guide_deleted', staff: li }])
  })
})

describe('a brand with many buyers', () => {
  it('finds their repurchase leads in one run, past the most values one SQL statement can bind', async () => {
    // 40,000 buyers of the cleanser 45 days before, each followed by Li: SQLite binds at most 32,766 values a statement.
    const li = Number((await stack.one("select id from staff where user_id = 'guide_li'")).id)
    const buyers = 40_000
    const leadsNow = async () => Number((await stack.one<{ n: number }>("select count(*) as n from leads where kind = 'repurchase_due'")).n)
    const before = await leadsNow()
    await stack.query(
      `with recursive n(i) as (select 1 union all select i + 1 from n where i < ${buyers})
       insert into customers (name, created_at, updated_at) select 'buyer ' || i, ?, ? from n`,
      BASE,
      BASE,
    )
    await stack.query(
      "insert into customer_follows (customer_id, staff_id, status, first_added_at, last_added_at) select id, ?, 'active', ?, ? from customers where name like 'buyer %'",
      li,
      BASE,
      BASE,
    )
    const paidAt = G - 45 * DAY
    await stack.query(
      "insert into orders (customer_id, kind, status, amount_fen, pay_deadline, paid_at, created_at) select id, 'normal', 'completed', 1000, ?, ?, ? from customers where name like 'buyer %'",
      paidAt + 15 * 60_000,
      paidAt,
      paidAt,
    )
    await stack.query(
      "insert into order_items (order_id, product_id, name, price_fen, quantity) select o.id, ?, 'cleanser', 1000, 1 from orders o join customers c on c.id = o.customer_id where c.name like 'buyer %'",
      products.cleanser,
    )
    // Statistics for the planner, as PostgreSQL's autovacuum takes them after such growth: without
    // them it plans for the few customers it saw and the run takes minutes there instead of seconds.
    await stack.query('analyze')
    setClock(G)
    const run = await admin('/leads/generate', { method: 'POST' })
    expect(run.status, JSON.stringify(run.body)).toBe(200)
    expect(run.body.created.repurchase_due).toBe(buyers)
    expect(await leadsNow()).toBe(before + buyers)
    if (processDatabaseEngine() === 'postgres') {
      // The planner was told of the leads as they grew: it had planned each connection's check of a new
      // lead change for the few leads there were, and kept that plan until autovacuum came by.
      const known = await stack.one<{ n: number }>("select reltuples as n from pg_class where relname = 'leads'")
      expect(Number(known.n)).toBeGreaterThan(buyers / 4)
    }
    const [one] = await stack.query<{ detail: string; staff_id: number }>(
      "select l.detail, l.staff_id from leads l join customers c on c.id = l.customer_id where c.name = 'buyer 20000'",
    )
    // The brand's usual interval by now includes the purchases of the stories above.
    expect({ detail: one!.detail, staff: Number(one!.staff_id) }).toEqual({ detail: expect.stringMatching(/^上次购买 45 天前，通常 4\d 天复购$/), staff: li })
  }, 60_000)

  it('is walked each morning a few thousand customers a job, to the same patterns', async () => {
    const patterns = () => stack.query('select subject, subject_id, median_days, samples from repurchase_intervals order by subject, subject_id')
    const before = await patterns()
    // The run planned for the morning two days after, as its scheduler finds it.
    setClock(G + 2 * DAY)
    await stack.app.scheduler.runDue()
    const newest = Number((await stack.one<{ id: number }>('select max(id) as id from customers')).id)
    const steps = Math.ceil(newest / CUSTOMERS_PER_STEP)
    expect(steps).toBeGreaterThan(20)
    const stepJobs = Array.from({ length: steps }, (_, i) => [`2026-03-13:${i * CUSTOMERS_PER_STEP}`, 'done'])
    // The patterns are settled by a job of their own after the steps, which starts the finding.
    for (const [kind, jobs] of [['leads-patterns', [...stepJobs, ['2026-03-13:finish', 'done']]], ['leads-find', stepJobs]] as const) {
      const ran = (await stack.app.scheduler.jobsOf(kind)).filter((job) => job.key.startsWith('2026-03-13:'))
      expect(ran.map((job) => [job.key, job.status])).toEqual(jobs)
    }
    expect(await patterns()).toEqual(before)
    expect(before.length).toBeGreaterThan(0)
    // The counts are the run's own, cleared once its patterns are settled.
    expect(await stack.query('select run from repurchase_gap_tallies union all select run from together_purchase_tallies')).toEqual([])
    setClock(G)
  }, 60_000)

  it('leaves no counts behind when its patterns cannot be saved, run by an admin or given up in the morning', async () => {
    const patterns = () => stack.query('select subject, subject_id, median_days, samples from repurchase_intervals order by subject, subject_id')
    const tallies = () => stack.query('select run from repurchase_gap_tallies union all select run from together_purchase_tallies')
    const before = await patterns()
    // The database refuses the new patterns, as a full disk would: every step's counts are in by then.
    const refusal =
      processDatabaseEngine() === 'postgres'
        ? [
            "create function refuse_patterns() returns trigger language plpgsql as $$ begin raise exception 'disk full'; end $$",
            'create trigger refuse_patterns before insert on repurchase_intervals for each row execute function refuse_patterns()',
          ]
        : ["create trigger refuse_patterns before insert on repurchase_intervals begin select raise(abort, 'disk full'); end"]
    for (const statement of refusal) await stack.query(statement)
    try {
      expect((await admin('/leads/generate', { method: 'POST' })).status).toBe(500)
      expect(await tallies()).toEqual([])

      // The next morning's run (planned for the 14th, run late) fails at its last step, is tried again a
      // few minutes apart, and is given up.
      const morning = G + 4 * DAY
      for (let minutes = 0; minutes <= 30; minutes += 6) {
        setClock(morning + minutes * 60_000)
        await stack.app.scheduler.runDue()
      }
      const steps = (await stack.app.scheduler.jobsOf('leads-patterns')).filter((job) => job.key.startsWith('2026-03-14:'))
      expect(steps.at(-1)).toMatchObject({ status: 'failed', attempts: 5 })
      expect(steps.slice(0, -1).every((job) => job.status === 'done')).toBe(true)
      expect(await tallies()).toEqual([])
      expect(await patterns()).toEqual(before)
    } finally {
      await stack.query('drop trigger refuse_patterns' + (processDatabaseEngine() === 'postgres' ? ' on repurchase_intervals' : ''))
      setClock(G)
    }
  }, 60_000)
})
