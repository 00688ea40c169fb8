// `npm test`: install, build (the end-to-end suites drive the built parts), type-check, then every suite.
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { installAndBuild, pnpm, root, step } from './lib/workspace.mjs'

installAndBuild()

const chromium = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => p && existsSync(p))
if (!chromium) {
  process.stdout.write(
    '\nNo Chromium found (set CHROMIUM_PATH, or `apt-get install -y chromium`): the browser suites will report themselves skipped.\n',
  )
}

if (!existsSync('/usr/lib/postgresql')) {
  process.stdout.write(
    '\nNo PostgreSQL found (`apt-get install -y postgresql`): the server suites run on SQLite only, and the PostgreSQL checks report themselves skipped.\n',
  )
}

step('Type-checking every part (strict)')
pnpm(['-r', '--workspace-concurrency=2', 'run', 'typecheck'])

step('Running every test suite (vitest)')
const summaryFile = join(root, 'tests/artifacts/vitest-summary.json')
mkdirSync(dirname(summaryFile), { recursive: true })
let failure = null
try {
  pnpm(['exec', 'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${summaryFile}`, ...process.argv.slice(2)], {
    env: chromium ? { CHROMIUM_PATH: chromium } : {},
  })
} catch (error) {
  failure = error
}
// One plain closing line that any CI can read, whatever the runner prints above it.
if (existsSync(summaryFile)) {
  const summary = JSON.parse(readFileSync(summaryFile, 'utf8'))
  process.stdout.write(`\nTests: ${summary.numPassedTests} passed, ${summary.numFailedTests} failed, ${summary.numPendingTests + summary.numTodoTests} skipped\n`)
}
if (failure) throw failure
