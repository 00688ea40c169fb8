import { existsSync } from 'node:fs'
import { defineConfig } from 'vitest/config'

// The server suites run twice: on SQLite, and on PostgreSQL where Debian's postgresql is installed
// (`.ci/run` installs it; `npm test` says so when it is missing).
const postgres = existsSync('/usr/lib/postgresql') ? ['server/vitest.postgres.config.ts'] : []

// One runner for every suite; each part keeps its tests beside its code.
export default defineConfig({
  test: {
    projects: [...['shared', 'server', 'sandbox', 'bench', 'tests', 'ui', 'sidebar-h5', 'console', 'miniprogram'].map((dir) => `${dir}/vitest.config.ts`), ...postgres],
  },
})
