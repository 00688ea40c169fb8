// The sidebar's first screen, timed in headless Chromium against the built sidebar the server
// serves. Outside WeCom the sidebar opens with its development double: the bench plays the guide
// (typing their account where WeCom's OAuth would answer) and picks the first customer (where
// WeCom would name the chat's contact), as quickly as each picker appears.
import { existsSync } from 'node:fs'
import { chromium } from 'playwright-core'
import { percentile } from './load'
import { SERVER_URL } from './processes'

const CHROMIUM = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path): path is string => Boolean(path && existsSync(path)))
const RUNS = 7

export interface FirstScreen {
  runs: number
  /** from navigation until the customer's header is on screen, pickers included */
  medianMs: number
  worstMs: number
  /** from the customer being picked until their header is on screen */
  afterPickMedianMs: number
}

/** Each run in a fresh browser context: nothing cached, a new login. */
export async function measureFirstScreen(guideUserId: string): Promise<FirstScreen | null> {
  if (!CHROMIUM) return null
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] })
  try {
    const totals: number[] = []
    const afterPick: number[] = []
    for (let run = 0; run < RUNS; run++) {
      const context = await browser.newContext({ viewport: { width: 360, height: 800 } })
      const page = await context.newPage()
      const started = performance.now()
      await page.goto(`${SERVER_URL}/sidebar/`)
      await page.getByPlaceholder('或输入导购的企业微信账号').fill(guideUserId)
      await page.getByPlaceholder('或输入导购的企业微信账号').press('Enter')
      await page.locator('button.picker-item:enabled').first().click()
      const picked = performance.now()
      await page.getByRole('region', { name: '客户概况' }).getByRole('heading').waitFor()
      const shown = performance.now()
      totals.push(shown - started)
      afterPick.push(shown - picked)
      await context.close()
    }
    // The first run also warms the server's and the OS's caches; it counts like the others.
    totals.sort((a, b) => a - b)
    afterPick.sort((a, b) => a - b)
    return {
      runs: RUNS,
      medianMs: Math.round(percentile(totals, 50)),
      worstMs: Math.round(totals.at(-1) as number),
      afterPickMedianMs: Math.round(percentile(afterPick, 50)),
    }
  } finally {
    await browser.close()
  }
}
