// Bundles the bench's entries into dist/. The server's modules it imports (@liuliang/server) are
// TypeScript and bundled in, as @liuliang/shared is; npm dependencies stay external.
import { readFileSync } from 'node:fs'
import { build } from 'esbuild'

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'))

await build({
  entryPoints: {
    'bench-data': 'src/generate-data.ts',
    bench: 'src/run-bench.ts',
    'bench-baseline': 'src/baseline.ts',
  },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  external: Object.keys(pkg.dependencies).filter((name) => !name.startsWith('@liuliang/')),
  // The server's modules bring CommonJS packages into the bundle (close-with-grace); their require()
  // of Node's own modules needs a require in an ES module (named apart from the server's own createRequire).
  banner: { js: "import { createRequire as createBundleRequire } from 'node:module'; const require = createBundleRequire(import.meta.url);" },
  logLevel: 'warning',
})
