import { defineConfig } from 'vitest/config';
import LongestFirstSequencer from './test/support/longest-first-sequencer';

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
    // Three test files at a time: on a 2-CPU machine vitest's default is one (CPUs - 1), and most files spend their
    // time waiting on moto, a fake provider or a verification wait, which other files fill.
    maxWorkers: 3,
    sequence: { sequencer: LongestFirstSequencer },
    coverage: {
      provider: 'v8',
      include: ['lambdas/**', 'packages/*/src/**', 'local/**', 'lib/**'],
      reporter: ['text-summary'],
    },
  },
});
