import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runEntry, startProduct, type Product } from '../support/product'

let product: Product
beforeAll(async () => {
  product = await startProduct()
})
afterAll(() => product?.stop())

describe('the product as npm start runs it', () => {
  it('answers health, serves OpenAPI at /docs and the built front ends', async () => {
    expect(await (await fetch(`${product.serverUrl}/healthz`)).json()).toEqual({ status: 'ok' })
    const docs = await fetch(`${product.serverUrl}/docs`)
    expect(docs.status).toBe(200)
    const spec = (await (await fetch(`${product.serverUrl}/docs/json`)).json()) as { paths: Record<string, unknown> }
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(['/api/mp/login', '/api/sidebar/login', '/api/admin/login', '/wecom/callback']))
    for (const site of ['/admin/', '/sidebar/', '/mp/']) {
      const page = await fetch(`${product.serverUrl}${site}`)
      expect(page.status, site).toBe(200)
      expect(page.headers.get('content-type'), site).toContain('text/html')
      const html = await page.text()
      const asset = html.match(/(?:src|href)="(\/(?:admin|sidebar|mp)\/[^"]+\.js)"/)?.[1]
      expect(asset, `${site} references its script under its own prefix`).toBeDefined()
      expect((await fetch(`${product.serverUrl}${asset}`)).status, asset).toBe(200)
    }
  })

  it('seeds the demo brand through the sandbox, and a second run changes nothing', () => {
    const first = product.seed()
    expect(first).toMatch(/Demo data: \d+ customers/)
    const db = new Database(`${product.dataDir}/liuliang.db`, { readonly: true })
    const count = () =>
      db
        .prepare(
          `select (select count(*) from customers) as customers,
                  (select count(*) from customers where openid is not null and external_user_id is not null) as linked,
                  (select count(*) from customer_follows where status = 'lost') as lost,
                  (select count(*) from timeline_events) as events,
                  (select count(*) from staff where is_admin = 1) as admins,
                  (select count(distinct date(first_added_at / 1000, 'unixepoch')) from customer_follows) as days,
                  (select count(*) from checkins) as checkins,
                  (select count(*) from point_ledger) as pointEntries,
                  (select coalesce(sum(balance), 0) from point_accounts) as points,
                  (select count(*) from coupons) as coupons,
                  (select count(*) from mall_items) as mallItems,
                  (select count(*) from mall_redemptions) as redemptions,
                  (select count(*) from live_codes) as codes,
                  (select count(*) from live_code_adds) as codeAdds,
                  (select count(distinct staff_id) from live_code_adds) as codeGuides,
                  (select count(*) from welcome_messages) as welcomes,
                  (select count(*) from scripts) as scripts,
                  (select count(distinct type) from scripts) as scriptTypes,
                  (select count(*) from script_categories) as scriptCategories,
                  (select count(*) from script_sends) as scriptSends,
                  (select count(*) from follow_ups) as followUps,
                  (select count(*) from admins where must_change_password = false) as consoleAccounts`,
        )
        .get() as Record<string, number>
    const after = count()
    expect(after.customers).toBeGreaterThanOrEqual(200)
    expect(after.linked).toBeGreaterThan(50)
    expect(after.lost).toBeGreaterThan(5)
    expect(after.admins).toBe(1)
    expect(after.consoleAccounts, 'the owner, a finance colleague and a store manager, each past a one-time password').toBe(3)
    expect(after.scripts).toBeGreaterThanOrEqual(30)
    expect(after.scriptTypes, 'text, image, link, mini-program and library file scripts').toBe(5)
    expect(after.scriptCategories).toBeGreaterThan(5)
    expect(after.scriptSends).toBeGreaterThan(20)
    expect(after.followUps).toBeGreaterThan(3)
    expect(after.days, 'adds are spread over weeks, not one day').toBeGreaterThan(20)
    expect(after.checkins, 'weeks of check-ins').toBeGreaterThan(500)
    expect(after.coupons).toBeGreaterThan(5)
    expect(after.mallItems).toBeGreaterThan(3)
    expect(after.redemptions).toBeGreaterThan(0)
    expect(after.codes).toBe(3)
    expect(after.codeAdds, 'people came through the live codes').toBeGreaterThan(30)
    expect(after.codeGuides, 'live codes spread their adds over their pools').toBeGreaterThan(2)
    expect(after.welcomes).toBeGreaterThanOrEqual(4)

    product.seed()
    expect(count()).toEqual(after)
    db.close()
  })
})

describe('production mode', () => {
  it('refuses to start without its secrets and names them', () => {
    const result = runEntry('server/dist/server.js', { PATH: process.env.PATH, NODE_ENV: 'production', INIT_CWD: product.dataDir })
    expect(result.status).toBe(1)
    for (const name of ['JWT_SECRET', 'ADMIN_PASSWORD', 'WECHAT_SECRET', 'WECOM_SECRET', 'WECOM_ENCODING_AES_KEY']) {
      expect(result.stderr).toContain(name)
    }
  })
})
