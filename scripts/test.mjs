// `npm test`: install, build (the end-to-end suites drive the built parts), type-check, then every suite.
import { existsSync } from 'node:fs'
import { installAndBuild, pnpm, step } from './lib/workspace.mjs'

installAndBuild()

const chromium = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => p && existsSync(p))
if (!chromium) {
  process.stdout.write(
    '\nNo Chromium found (set CHROMIUM_PATH, or `apt-get install -y chromium`): the browser suites will report themselves skipped.\n',
  )
}

step('Type-checking every part (strict)')
pnpm(['-r', '--workspace-concurrency=2', 'run', 'typecheck'])

step('Running every test suite (vitest)')
pnpm(['exec', 'vitest', 'run', ...process.argv.slice(2)], { env: chromium ? { CHROMIUM_PATH: chromium } : {} })
