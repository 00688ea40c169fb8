import { defineConfig } from 'vite'
import { defineAppConfig } from './vite.shared'

export default defineConfig(({ mode }) => defineAppConfig('sidebar', mode))
