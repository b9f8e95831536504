import { defineConfig } from 'vitest/config';

/** The least-privilege check, run after the suite has recorded what every role used (see package.json `test`). */
export default defineConfig({
  test: {
    include: ['test/least-privilege/**/*.test.ts'],
    environment: 'node',
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
});
