import { configDefaults, defineProject } from 'vitest/config'
import base from './vitest.config'

// The same server suites on PostgreSQL: a throwaway cluster for the run, a database per stack.
export default defineProject({
  test: {
    ...base.test,
    name: 'server-postgres',
    // The engine comparison and the SQLite-to-PostgreSQL copy open both engines themselves: once is
    // enough. The multi-instance storm runs here.
    exclude: [...configDefaults.exclude, 'test/db/**'],
    globalSetup: ['test/support/postgres-cluster.ts'],
    setupFiles: ['test/support/postgres-env.ts'],
  },
})
