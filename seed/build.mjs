// Bundles the seeder into dist/seed.js. The server's modules it uses (@liuliang/server) are
// TypeScript and bundled in, as @liuliang/shared is; npm dependencies stay external.
import { readFileSync } from 'node:fs'
import { build } from 'esbuild'

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'))

await build({
  entryPoints: { seed: 'src/main.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  external: Object.keys(pkg.dependencies).filter((name) => !name.startsWith('@liuliang/')),
  logLevel: 'warning',
})
