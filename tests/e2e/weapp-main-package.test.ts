// WeChat refuses a main package over 2 MB; we keep ours under 1.2 MB so activities can grow in
// their subpackages. Measures the built weapp output, as DevTools would upload it.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { repoRoot } from '../support/product'

const WEAPP = join(repoRoot, 'miniprogram/dist/weapp')
const MAIN_PACKAGE_LIMIT = 1.2 * 1024 * 1024
const SUBPACKAGE_LIMIT = 2 * 1024 * 1024

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)],
  )
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`

describe('weapp package sizes', () => {
  it('keeps the main package under 1.2 MB and every subpackage under 2 MB', () => {
    expect(existsSync(join(WEAPP, 'app.json')), 'build the mini-program first (pnpm build)').toBe(true)
    const app = JSON.parse(readFileSync(join(WEAPP, 'app.json'), 'utf8')) as { subPackages?: { root: string }[] }
    const roots = (app.subPackages ?? []).map((p) => p.root.replace(/\/+$/, ''))
    const sizes = new Map<string, number>([['main', 0], ...roots.map((root): [string, number] => [root, 0])])
    for (const file of filesUnder(WEAPP)) {
      const path = relative(WEAPP, file).split('\\').join('/')
      const owner = roots.find((root) => path.startsWith(`${root}/`)) ?? 'main'
      sizes.set(owner, (sizes.get(owner) ?? 0) + statSync(file).size)
    }
    const main = sizes.get('main') ?? 0
    process.stdout.write(
      `weapp main package: ${kb(main)} of ${kb(MAIN_PACKAGE_LIMIT)}; ` +
        `subpackages: ${roots.map((root) => `${root} ${kb(sizes.get(root) ?? 0)}`).join(', ')}\n`,
    )
    expect(main).toBeLessThan(MAIN_PACKAGE_LIMIT)
    for (const root of roots) {
      expect(sizes.get(root), `${root} was built`).toBeGreaterThan(0)
      expect(sizes.get(root), root).toBeLessThan(SUBPACKAGE_LIMIT)
    }
  })
})
