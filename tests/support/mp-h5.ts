import type { Browser, BrowserContext, Page } from 'playwright-core'

/**
 * A phone of its own (separate storage) signed in on the h5 preview's login screen as `who`.
 * The launch-time sign-in reLaunches to the login page while the first page is still mounting,
 * and now and then the first page ends up in front: load again until the login shows.
 */
export async function signedInConsumer(browser: Browser, serverUrl: string, who: string): Promise<{ page: Page; context: BrowserContext; failures: string[] }> {
  const context = await browser.newContext({ viewport: { width: 375, height: 800 } })
  const page = await context.newPage()
  const failures: string[] = []
  page.on('pageerror', (error) => failures.push(error.message))
  const pick = page.locator(`#dev-login-${who}`)
  for (let attempt = 0; attempt < 3 && !(await pick.isVisible()); attempt++) {
    await page.goto(`${serverUrl}/mp/#/pages/dev-login/index`)
    await pick.waitFor({ timeout: 10_000 }).catch(() => page.reload())
  }
  await pick.click()
  await page.locator('#entry-lottery').waitFor()
  return { page, context, failures }
}
