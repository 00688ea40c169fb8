import { configDefaults, defineProject } from 'vitest/config'

export default defineProject({
  test: {
    name: 'server',
    include: ['test/**/*.test.ts'],
    // The storm needs several servers on one PostgreSQL: it runs in the PostgreSQL project only.
    exclude: [...configDefaults.exclude, 'test/multi-instance/**'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
})
