import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

const at = (path: string) => fileURLToPath(new URL(path, import.meta.url))

// The server serves this build under /admin/.
export default defineConfig({
  root: at('src/app'),
  base: '/admin/',
  envDir: at('.'),
  publicDir: false,
  plugins: [react()],
  build: { outDir: at('dist'), emptyOutDir: true, target: 'baseline-widely-available' },
  server: { port: 5174, strictPort: true, proxy: { '/api': 'http://127.0.0.1:8080' } },
})
