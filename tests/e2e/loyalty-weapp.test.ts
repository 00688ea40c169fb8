// The same loyalty loop as loyalty-h5.test.ts, in the weapp build inside WeChat DevTools, driven by
// miniprogram-automator. DevTools has no Linux build, so this runs only where WECHAT_DEVTOOLS_CLI
// points at its CLI; everywhere else it reports itself skipped.
import type MiniProgram from 'miniprogram-automator/out/MiniProgram'
import type Page from 'miniprogram-automator/out/Page'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createFirstCheckinReward } from '../support/admin-api'
import { repoRoot, startProduct, type Product } from '../support/product'

const cliPath = process.env.WECHAT_DEVTOOLS_CLI
const SKIP_REASON = 'skipped: WECHAT_DEVTOOLS_CLI is not set (these specs drive WeChat DevTools, which is not installed here)'

// The weapp build has its API address compiled in (TARO_APP_API_BASE, http://127.0.0.1:8080 by default).
const apiPort = new URL(process.env.TARO_APP_API_BASE || 'http://127.0.0.1:8080').port || '80'

async function textOf(page: Page, selector: string): Promise<string | null> {
  const element = await page.$(selector)
  return element ? element.text() : null
}

describe.skipIf(!cliPath)(`mini-program weapp loyalty flow in WeChat DevTools${cliPath ? '' : ` (${SKIP_REASON})`}`, () => {
  let product: Product
  let miniProgram: MiniProgram
  let itemId: number

  beforeAll(async () => {
    product = await startProduct({ PORT: apiPort })
    itemId = await createFirstCheckinReward(product)

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

  it('logs in silently and shows the member card', async () => {
    const home = (await miniProgram.reLaunch('/pages/home/index')) as Page
    // The launch-time sign-in used DevTools' own code and failed; retry with the mocked login.
    const retry = await home.$('#home-signin-retry')
    if (retry) await retry.tap()
    await home.waitFor(async () => (await textOf(home, '#member-points')) === '0')
  })

  it('checks in and sees the points on the member card and in the ledger', async () => {
    const checkin = (await miniProgram.navigateTo('/packages/checkin/index')) as Page
    await checkin.waitFor('#checkin-button')
    await (await checkin.$('#checkin-button'))?.tap()
    await checkin.waitFor(async () => (await textOf(checkin, '#checkin-streak')) === '1')
    const home = (await miniProgram.navigateBack()) as Page
    await home.waitFor(async () => (await textOf(home, '#member-points')) === '5')

    const ledger = (await miniProgram.navigateTo('/packages/points/index')) as Page
    await ledger.waitFor('.ledger__item')
    const first = await ledger.$('.ledger__item')
    expect(await first?.text()).toContain('每日签到')
    await miniProgram.navigateBack()
  })

  it('redeems a mall item and finds the coupon under my coupons', async () => {
    const item = (await miniProgram.navigateTo(`/packages/mall/detail/index?id=${itemId}`)) as Page
    await item.waitFor('#redeem-button')
    await (await item.$('#redeem-button'))?.tap()
    await item.waitFor('#redeem-confirm')
    await (await item.$('#redeem-confirm'))?.tap()
    await item.waitFor('#redeem-result')
    expect(await textOf(item, '#redeem-result')).toContain('剩余积分 0')

    const coupons = (await miniProgram.navigateTo('/packages/coupons/index')) as Page
    await coupons.waitFor('.coupon-card')
    expect(await textOf(coupons, '.coupon-card')).toContain('5 元体验券')
  })
})
