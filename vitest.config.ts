import { defineConfig } from 'vitest/config'

// One runner for every suite; each part keeps its tests beside its code.
export default defineConfig({
  test: {
    projects: ['shared', 'server', 'tests', 'sidebar-h5', 'miniprogram'].map((dir) => `${dir}/vitest.config.ts`),
  },
})
