// What `npm start` and `npm test` share: finding or bootstrapping pnpm, installing, building.
// Plain Node with no dependencies, because it runs before anything is installed.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

export const root = fileURLToPath(new URL('../..', import.meta.url))
const PNPM_VERSION = '12.21.0'

/** better-sqlite3 compiles from source here; node-gyp must use the local Node headers. */
export function buildEnv(extra = {}) {
  const env = { ...process.env, ...extra }
  if (!env.npm_config_nodedir && existsSync('/usr/include/node/node.h')) env.npm_config_nodedir = '/usr'
  return env
}

function hasPnpm12() {
  const probe = spawnSync('pnpm', ['--version'], { encoding: 'utf8', shell: process.platform === 'win32' })
  return probe.status === 0 && probe.stdout.trim().startsWith('12.')
}

/** pnpm 12 from PATH, or fetched once through npx from the npm registry. */
export function pnpmCommand() {
  return hasPnpm12() ? ['pnpm'] : ['npx', '--yes', `pnpm@${PNPM_VERSION}`]
}

export function run(command, args, { env } = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: root, env: buildEnv(env) })
  if (result.status !== 0) {
    const why = result.error ? result.error.message : `exit code ${result.status}`
    throw new Error(`${command} ${args.join(' ')} failed (${why})`)
  }
}

export function pnpm(args, options) {
  const [command, ...prefix] = pnpmCommand()
  run(command, [...prefix, ...args], options)
}

export function step(title) {
  process.stdout.write(`\n\u001b[36m▶ ${title}\u001b[0m\n`)
}

/** Installs exactly what the lockfile says, then builds every part. */
export function installAndBuild() {
  step('Installing dependencies (pnpm)')
  pnpm(['install', '--frozen-lockfile'])
  step('Building server, sandbox, sidebar, admin console and mini-program (weapp + h5)')
  pnpm(['run', 'build'])
}
