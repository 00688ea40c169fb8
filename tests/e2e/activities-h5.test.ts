// The consumer activities in the h5 build, served by the real server over the seeded demo: a draw,
// a group two consumers complete, and a purchase through a distributor's link.
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { NO_CHROMIUM_REASON, artifactPath, chromiumPath, launchChromium } from '../support/browser'
import { signedInConsumer } from '../support/mp-h5'
import { startProduct, type Product } from '../support/product'

describe.skipIf(!chromiumPath)(`activities in the mini-program h5${chromiumPath ? '' : ` (${NO_CHROMIUM_REASON})`}`, () => {
  let product: Product
  let browser: Browser
  const contexts: BrowserContext[] = []
  beforeAll(async () => {
    product = await startProduct()
    product.seed()
    browser = await launchChromium()
  })
  afterAll(async () => {
    await Promise.all(contexts.map((context) => context.close()))
    await browser?.close()
    await product?.stop()
  })

  async function signedIn(who: string): Promise<Page> {
    const { page, context, failures } = await signedInConsumer(browser, product.serverUrl, who)
    contexts.push(context)
    expect(failures).toEqual([])
    return page
  }

  const open = (page: Page, path: string) => page.goto(`${product.serverUrl}/mp/#${path}`)
  const textOf = async (page: Page, selector: string) => ((await page.locator(selector).textContent()) ?? '').trim()
  /** An amount as shown, ¥ and all, read back as a number of yuan. */
  const yuanOf = async (page: Page, selector: string) => {
    const text = await textOf(page, selector)
    expect(text).toMatch(/^¥\d/)
    return Number(text.slice(1))
  }

  async function apiAs(who: string) {
    const login = await fetch(`${product.serverUrl}/api/mp/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: `test_${who}~e2e${Math.random()}` }),
    })
    const { token } = (await login.json()) as { token: string }
    return async (path: string) => (await fetch(`${product.serverUrl}/api/mp${path}`, { headers: { authorization: `Bearer ${token}` } })).json() as Promise<any>
  }

  it('draws on the wheel and shows the prize and the balance the server answered', async () => {
    const page = await signedIn('alice')
    await page.locator('#entry-lottery').click()
    await page.locator('#lottery-draw').waitFor()
    await page.locator('#lottery-draw').click()
    await page.locator('#lottery-result').waitFor({ timeout: 15_000 })
    expect(await textOf(page, '#lottery-result')).toMatch(/恭喜抽中|谢谢参与/)
    const alice = await apiAs('alice')
    const me = await alice('/me')
    expect(await textOf(page, '#lottery-balance')).toBe(String(me.points.balance))
    const [lottery] = (await alice('/lotteries')).items
    expect(lottery.mine.drawsToday).toBe(1)
    await page.screenshot({ path: artifactPath('mp-lottery.png') })
  })

  it('lets two consumers complete a group', async () => {
    const alice = await signedIn('alice')
    await alice.locator('#entry-groupbuy').click()
    const { items } = await (await apiAs('alice'))('/groupbuys')
    const pair = items.find((campaign: { groupSize: number }) => campaign.groupSize === 2)
    await alice.locator(`#campaign-${pair.id}`).click()
    await alice.locator('#groupbuy-open').click()
    await alice.locator('#group-pay').click()
    await alice.getByText('拼团中').first().waitFor({ timeout: 15_000 })
    const groupPath = new URL(alice.url()).hash.slice(1)

    const bob = await signedIn('bob')
    await open(bob, groupPath)
    await bob.locator('#group-join').click()
    await bob.locator('#group-status', { hasText: '拼团成功' }).waitFor({ timeout: 15_000 })
    await bob.screenshot({ path: artifactPath('mp-group.png') })

    await alice.reload()
    await alice.locator('#group-status', { hasText: '拼团成功' }).waitFor()
  })

  it("buys through a distributor's link, and the distributor sees the frozen commission", async () => {
    const carol = await signedIn('carol')
    await carol.locator('#entry-distribution').click()
    await carol.locator('#earnings-frozen').waitFor()
    const frozenBefore = await yuanOf(carol, '#earnings-frozen')
    const code = await textOf(carol, '#distributor-code')

    const dave = await signedIn('dave')
    await open(dave, `/packages/distribution/invite/index?code=${code}`)
    await dave.locator('#invite-binding', { hasText: '的推荐' }).waitFor()
    const { items } = await (await apiAs('dave'))('/products')
    const cup = items.find((p: { name: string }) => p.name === '留量精选保温杯')
    await dave.locator(`#buy-${cup.id}`).click()
    await dave.locator('#order-pay').click()
    await dave.locator('#order-status', { hasText: '待发货' }).waitFor({ timeout: 15_000 })

    await carol.reload()
    await carol.locator('#earnings-frozen').waitFor()
    expect(await yuanOf(carol, '#earnings-frozen')).toBeCloseTo(frozenBefore + cup.priceFen / 1000, 2)
    // The share poster carries the mini-program code the WeChat API (here the sandbox) drew.
    await carol.locator('#distribution-poster').click()
    const poster = carol.locator('.poster__code img')
    await poster.waitFor()
    await expect.poll(() => poster.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true)
    await carol.screenshot({ path: artifactPath('mp-distribution.png'), fullPage: true })
  })
})
