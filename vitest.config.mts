import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/least-privilege/**', '**/node_modules/**'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    setupFiles: ['test/support/setup.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
    pool: 'forks',
    coverage: {
      provider: 'v8',
      include: ['lambdas/**', 'packages/*/src/**', 'local/**', 'lib/**'],
      reporter: ['text-summary'],
    },
  },
});
