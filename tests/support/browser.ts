import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Browser } from 'playwright-core'
import { repoRoot } from './product'

/** Debian's Chromium (a test tool's own browser download cannot work on these machines). */
export const chromiumPath = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find(
  (path): path is string => Boolean(path && existsSync(path)),
)

export const NO_CHROMIUM_REASON = 'skipped: no Chromium here (apt-get install -y chromium, or set CHROMIUM_PATH)'

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  })
}

/** Screenshots are kept as test artifacts for a person to look at. */
export function artifactPath(name: string): string {
  const dir = join(repoRoot, 'tests/artifacts')
  mkdirSync(dir, { recursive: true })
  return join(dir, name)
}
