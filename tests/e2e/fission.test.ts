// Task fission end to end: an admin opens an activity on a live code's guides; a customer joins it in the
// h5 preview and gets a poster with their own WeCom code; a friend opens the shared poster, and two
// friends add the guide through that code in the sandbox (real encrypted add_external_contact
// callbacks with the poster's State); the customer sees 已邀请 2/2 and the reward land in their points,
// and the console's 任务宝 page shows the funnel and the counted invites.
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { adminApi, type AdminApi } from '../support/admin-api'
import { NO_CHROMIUM_REASON, artifactPath, chromiumPath, launchChromium } from '../support/browser'
import { consumerOf, signInToConsole } from '../support/console'
import { signedInConsumer } from '../support/mp-h5'
import { startProduct, type Product } from '../support/product'

describe.skipIf(!chromiumPath)(`task fission in Chromium${chromiumPath ? '' : ` (${NO_CHROMIUM_REASON})`}`, () => {
  let product: Product
  let browser: Browser
  let admin: AdminApi
  let activity: { id: number; name: string }
  const contexts: BrowserContext[] = []
  const failures: string[] = []

  beforeAll(async () => {
    product = await startProduct()
    admin = await adminApi(product)
    const code = await admin.post('/live-codes', { name: '任务宝导购池', staffUserIds: ['guide_li'], dailyAddLimit: null })
    activity = await admin.post('/fission-activities', {
      name: '邀 2 位好友得 88 积分',
      liveCodeId: code.id,
      goal: 2,
      reward: { kind: 'points', points: 88 },
      startsAt: new Date(Date.now() - 3600_000).toISOString(),
      endsAt: new Date(Date.now() + 7 * 86400_000).toISOString(),
      rules: '邀请 2 位新朋友添加顾问即得 88 积分',
    })
    browser = await launchChromium()
  })
  afterAll(async () => {
    await Promise.all(contexts.map((context) => context.close()))
    await browser?.close()
    await product?.stop()
  })

  async function signedIn(who: string): Promise<Page> {
    const signed = await signedInConsumer(browser, product.serverUrl, who)
    contexts.push(signed.context)
    signed.page.on('pageerror', (error) => failures.push(error.message))
    expect(signed.failures).toEqual([])
    return signed.page
  }
  const open = (page: Page, path: string) => page.goto(`${product.serverUrl}/mp/#${path}`)
  const textOf = async (page: Page, selector: string) => ((await page.locator(selector).textContent()) ?? '').trim()
  const addThroughPoster = async (who: string, state: string) => {
    const response = await fetch(`${product.sandboxUrl}/sandbox/wecom/contacts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ who, state }),
    })
    expect(response.status, await response.clone().text()).toBe(201)
  }

  it('a customer shares a poster, two friends add the guide through it, and the reward lands', async () => {
    const page = await signedIn('dave')
    await open(page, `/packages/fission/activity/index?id=${activity.id}`)
    await page.locator('#fission-join').click()
    await page.locator('#fission-progress').waitFor({ timeout: 15_000 })
    expect(await textOf(page, '#fission-progress')).toBe('已邀请 0/2')

    // The poster carries dave's own contact way: the QR image the server answered, loaded.
    const [participant] = (await admin.get(`/fission-activities/${activity.id}/participants`)).items
    const qr = page.locator('#fission-poster-qr img, img#fission-poster-qr').first()
    await qr.waitFor({ timeout: 15_000 })
    const { qrCodeUrl, state } = (await (await consumerOf(product, 'dave')).call(`/fission-activities/${activity.id}`)).body.me
    expect(state).toBe(participant.state)
    expect(await qr.getAttribute('src')).toBe(qrCodeUrl)
    await expect.poll(() => qr.evaluate((image: HTMLImageElement) => image.naturalWidth), { timeout: 15_000 }).toBeGreaterThan(0)
    await page.screenshot({ path: artifactPath('fission-poster.png') })

    // bob opens the poster dave shared, then adds the guide through it; so does a friend new to the mini-program.
    const bob = await signedIn('bob')
    await open(bob, `/packages/fission/poster/index?code=${encodeURIComponent(state)}`)
    await bob.locator('#fission-poster-qr img, img#fission-poster-qr').first().waitFor({ timeout: 15_000 })
    expect(await textOf(bob, '#fission-poster-inviter')).toContain('邀请你添加专属顾问')
    await bob.locator('#fission-me-too').waitFor()
    await addThroughPoster('bob', state)
    await addThroughPoster('fission_e2e_friend', state)

    await page.locator('#fission-refresh').click()
    await expect.poll(() => textOf(page, '#fission-progress'), { timeout: 15_000 }).toBe('已邀请 2/2')
    expect(await textOf(page, '#fission-reward')).toBe('奖励已发放：88 积分')
    const friends = page.locator('#fission-friends .fission__friend')
    await expect.poll(() => friends.count()).toBe(2)
    expect(await friends.allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('助力成功')]))
    expect((await (await consumerOf(product, 'dave')).call('/me')).body.points.balance).toBe(88)
    await page.screenshot({ path: artifactPath('fission-rewarded.png') })
    expect(failures).toEqual([])
  })

  it('the console shows the funnel and the counted invites', async () => {
    const page = await signInToConsole(browser, product, 1400)
    page.on('pageerror', (error) => failures.push(error.message))
    await page.getByRole('navigation').getByRole('link', { name: '任务宝', exact: true }).click()
    const row = page.locator('table tbody tr', { hasText: activity.name })
    await row.waitFor()
    expect(await row.textContent()).toContain('1 / 2 / 1')
    await row.getByRole('button', { name: '数据' }).click()
    await expect.poll(() => page.getByTestId('funnel-获得奖励').textContent(), { timeout: 15_000 }).toMatch(/^1/)
    expect(await page.getByTestId('funnel-海报浏览').textContent()).toMatch(/^2/)
    expect(await page.getByTestId('funnel-有效邀请').textContent()).toMatch(/^2/)
    await page.getByRole('tab', { name: '邀请记录' }).click()
    await page.getByLabel('邀请状态').selectOption('counted')
    const invites = page.locator('section[aria-label$="的数据"] table tbody tr', { hasText: '有效' })
    await expect.poll(() => invites.count(), { timeout: 15_000 }).toBe(2)
    await page.screenshot({ path: artifactPath('fission-console.png'), fullPage: true })
    expect(failures).toEqual([])
  })
})
