import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import { loadEnv, type UserConfig } from 'vite'

const packageRoot = fileURLToPath(new URL('.', import.meta.url))
const at = (path: string) => fileURLToPath(new URL(path, import.meta.url))

/** The server serves each app under its own prefix: `/sidebar/` and `/admin/`. */
export type AppName = 'sidebar' | 'admin'

const roots: Record<AppName, string> = { sidebar: 'src/app', admin: 'src/admin/app' }

export function defineAppConfig(app: AppName, mode: string): UserConfig {
  // The sidebar needs the corp id and agent id to start WeCom OAuth; accept the server's own variable
  // names too so one environment configures both. Only these two are read: nothing else leaks into
  // the bundle.
  const env = loadEnv(mode, packageRoot, ['VITE_', 'WECOM_CORP_ID', 'WECOM_AGENT_ID'])
  return {
    root: at(roots[app]),
    base: `/${app}/`,
    envDir: packageRoot,
    publicDir: false,
    plugins: [react()],
    define: {
      'import.meta.env.VITE_WECOM_CORP_ID': JSON.stringify(env.VITE_WECOM_CORP_ID ?? env.WECOM_CORP_ID ?? ''),
      'import.meta.env.VITE_WECOM_AGENT_ID': JSON.stringify(env.VITE_WECOM_AGENT_ID ?? env.WECOM_AGENT_ID ?? ''),
    },
    build: {
      outDir: at(`dist/${app}`),
      emptyOutDir: true,
      // WeCom's in-app webview lags desktop browsers, especially on older iOS.
      target: app === 'sidebar' ? ['es2020', 'chrome87', 'safari14'] : 'baseline-widely-available',
    },
    server: {
      port: app === 'sidebar' ? 5173 : 5174,
      strictPort: true,
      proxy: { '/api': 'http://127.0.0.1:8080' },
    },
  }
}
