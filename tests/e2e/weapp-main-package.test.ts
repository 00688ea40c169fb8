// WeChat refuses a main package over 2 MB; we keep ours under 1.2 MB so activities can grow in
// their subpackages. Measures the built weapp output the way the benchmark reports it.
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { weappSizes } from '../../bench/src/package-sizes'
import { repoRoot } from '../support/product'

const MAIN_PACKAGE_LIMIT = 1.2 * 1024 * 1024
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`

describe('weapp package size', () => {
  it('keeps the main package under 1.2 MB', () => {
    const sizes = weappSizes(join(repoRoot, 'miniprogram/dist/weapp'))
    expect(sizes, 'build the mini-program first (pnpm build)').not.toBeNull()
    const { mainBytes, totalBytes } = sizes as NonNullable<typeof sizes>
    process.stdout.write(
      `weapp main package: ${kb(mainBytes)} of ${kb(MAIN_PACKAGE_LIMIT)} allowed; subpackages: ${kb(totalBytes - mainBytes)}\n`,
    )
    expect(mainBytes).toBeLessThan(MAIN_PACKAGE_LIMIT)
    expect(totalBytes - mainBytes, 'activity pages are in subpackages').toBeGreaterThan(0)
  })
})
