// The activities of activities-h5.test.ts in the weapp build inside WeChat DevTools, driven by
// miniprogram-automator. DevTools has no Linux build, so this runs only where WECHAT_DEVTOOLS_CLI
// points at its CLI; everywhere else it reports itself skipped. The DevTools user is one consumer;
// the other consumer and the distributor act through the API, as their own phones would.
import type MiniProgram from 'miniprogram-automator/out/MiniProgram'
import type Page from 'miniprogram-automator/out/Page'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { repoRoot, startProduct, type Product } from '../support/product'

const cliPath = process.env.WECHAT_DEVTOOLS_CLI
const SKIP_REASON = 'skipped: WECHAT_DEVTOOLS_CLI is not set (these specs drive WeChat DevTools, which is not installed here)'

// The weapp build has its API address compiled in (TARO_APP_API_BASE, http://127.0.0.1:8080 by default).
const apiPort = new URL(process.env.TARO_APP_API_BASE || 'http://127.0.0.1:8080').port || '80'

async function textOf(page: Page, selector: string): Promise<string | null> {
  const element = await page.$(selector)
  return element ? element.text() : null
}

async function tap(page: Page, selector: string): Promise<void> {
  await page.waitFor(selector)
  await (await page.$(selector))?.tap()
}

describe.skipIf(!cliPath)(`mini-program weapp activities in WeChat DevTools${cliPath ? '' : ` (${SKIP_REASON})`}`, () => {
  let product: Product
  let miniProgram: MiniProgram

  /** Another consumer's phone: the same API the mini-program calls. */
  async function consumer(who: string) {
    const login = await fetch(`${product.serverUrl}/api/mp/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: `test_${who}~automator${Math.random()}` }),
    })
    const { token } = (await login.json()) as { token: string }
    return async (path: string, method = 'GET', body?: unknown) =>
      (
        await fetch(`${product.serverUrl}/api/mp${path}`, {
          method,
          headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
          body: body ? JSON.stringify(body) : undefined,
        })
      ).json() as Promise<any>
  }

  async function paid(as: Awaited<ReturnType<typeof consumer>>, orderId: number) {
    await as(`/orders/${orderId}/pay`, 'POST')
    for (let attempt = 0; attempt < 50; attempt++) {
      if ((await as(`/orders/${orderId}`)).status === 'paid') return
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    throw new Error(`order ${orderId} was not paid`)
  }

  beforeAll(async () => {
    product = await startProduct({ PORT: apiPort })
    product.seed()
    const { default: automator } = await import('miniprogram-automator')
    miniProgram = await automator.launch({ cliPath, projectPath: repoRoot })
    // DevTools' wx.login codes mean nothing to the sandbox; answer with its single-use test codes.
    await miniProgram.mockWxMethod('login', function () {
      return { code: `test_automator~${Date.now()}${Math.random()}`, errMsg: 'login:ok' }
    })
  })
  afterAll(async () => {
    await miniProgram?.close()
    await product?.stop()
  })

  it('draws on the wheel and shows the result and the balance', async () => {
    const page = (await miniProgram.reLaunch('/packages/lottery/index')) as Page
    await tap(page, '#lottery-draw')
    await page.waitFor('#lottery-result')
    expect(await textOf(page, '#lottery-result')).toMatch(/恭喜抽中|谢谢参与/)
    const me = await (await consumer('automator'))('/me')
    expect(await textOf(page, '#lottery-balance')).toBe(String(me.points.balance))
  })

  it('opens a group that a second consumer completes', async () => {
    const bob = await consumer('bob')
    const pair = (await bob('/groupbuys')).items.find((campaign: { groupSize: number }) => campaign.groupSize === 2)
    const campaign = (await miniProgram.navigateTo(`/packages/groupbuy/campaign/index?id=${pair.id}`)) as Page
    await tap(campaign, '#groupbuy-open')
    const group = (await miniProgram.currentPage()) as Page
    await tap(group, '#group-pay')
    await group.waitFor(async () => (await textOf(group, '#group-status')) === '拼团中')
    const groupId = Number(group.query.id)

    const joined = await bob(`/groupbuy-groups/${groupId}/members`, 'POST')
    await paid(bob, joined.order.id)
    const again = (await miniProgram.redirectTo(`/packages/groupbuy/group/index?id=${groupId}`)) as Page
    await again.waitFor(async () => (await textOf(again, '#group-status')) === '拼团成功')
  })

  it("buys through a distributor's link, and the distributor's commission is frozen", async () => {
    const carol = await consumer('carol')
    const { code } = await carol('/distributor', 'POST')
    const frozenBefore = (await carol('/distributor/earnings')).frozen as number
    const cup = (await carol('/products')).items.find((p: { name: string }) => p.name === '留量精选保温杯')

    const invite = (await miniProgram.reLaunch(`/packages/distribution/invite/index?scene=${encodeURIComponent(`d=${code}`)}`)) as Page
    await invite.waitFor(async () => ((await textOf(invite, '#invite-binding')) ?? '').includes('的推荐'))
    await tap(invite, `#buy-${cup.id}`)
    const order = (await miniProgram.currentPage()) as Page
    await tap(order, '#order-pay')
    await order.waitFor(async () => (await textOf(order, '#order-status')) === '待发货')
    expect((await carol('/distributor/earnings')).frozen).toBe(frozenBefore + cup.priceFen / 10)
  })
})
