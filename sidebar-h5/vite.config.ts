import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import { defineConfig, loadEnv } from 'vite'

const packageRoot = fileURLToPath(new URL('.', import.meta.url))
const at = (path: string) => fileURLToPath(new URL(path, import.meta.url))

// The server serves this build under /sidebar/.
export default defineConfig(({ mode }) => {
  // The sidebar needs the corp id and agent id to start WeCom OAuth; accept the server's own variable
  // names too so one environment configures both. Only these two are read: nothing else leaks into
  // the bundle.
  const env = loadEnv(mode, packageRoot, ['VITE_', 'WECOM_CORP_ID', 'WECOM_AGENT_ID'])
  return {
    root: at('src/app'),
    base: '/sidebar/',
    envDir: packageRoot,
    publicDir: false,
    plugins: [react()],
    define: {
      'import.meta.env.VITE_WECOM_CORP_ID': JSON.stringify(env.VITE_WECOM_CORP_ID ?? env.WECOM_CORP_ID ?? ''),
      'import.meta.env.VITE_WECOM_AGENT_ID': JSON.stringify(env.VITE_WECOM_AGENT_ID ?? env.WECOM_AGENT_ID ?? ''),
    },
    build: {
      outDir: at('dist'),
      emptyOutDir: true,
      // WeCom's in-app webview lags desktop browsers, especially on older iOS.
      target: ['es2020', 'chrome87', 'safari14'],
    },
    server: {
      port: 5173,
      strictPort: true,
      proxy: { '/api': 'http://127.0.0.1:8080' },
    },
  }
})
