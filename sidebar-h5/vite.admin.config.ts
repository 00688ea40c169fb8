import { defineConfig } from 'vite'
import { defineAppConfig } from './vite.shared'

export default defineConfig(({ mode }) => defineAppConfig('admin', mode))
