import { defineProject } from 'vitest/config'

export default defineProject({
  test: {
    name: 'sidebar-h5',
    environment: 'node',
    include: ['src/**/*.test.ts'],
  },
})
