import { defineProject } from 'vitest/config'

export default defineProject({
  test: {
    name: 'e2e',
    include: ['e2e/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    // These suites start real processes and browsers; run one file at a time on two cores.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 240_000,
    // A page waits on the server and the sandbox, which a busy CI machine slows down.
    expect: { poll: { timeout: 20_000 } },
  },
})
