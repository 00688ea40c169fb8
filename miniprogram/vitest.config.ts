import { defineProject } from 'vitest/config'

// Unit tests of the app's pure logic; Taro's runtime is replaced per test with vi.mock.
export default defineProject({
  test: {
    name: 'miniprogram',
    environment: 'node',
    include: ['src/**/*.test.ts'],
  },
})
