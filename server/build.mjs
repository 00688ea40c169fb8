// Bundles the server's process entries into dist/. Workspace TypeScript (@liuliang/shared) is
// bundled in; npm dependencies stay external and load from node_modules.
import { readFileSync } from 'node:fs'
import { build } from 'esbuild'

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'))
const external = Object.keys(pkg.dependencies).filter((name) => !name.startsWith('@liuliang/'))

await build({
  entryPoints: {
    server: 'src/server.ts',
    'db-copy': 'src/db/copy-main.ts',
  },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  external,
  logLevel: 'warning',
})
