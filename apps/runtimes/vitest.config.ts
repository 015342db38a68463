import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'runtimes',
    include: ['test/**/*.test.ts'],
    // One file at a time: each starts runtimes and mocks of its own (2 cores), and both write results.json.
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 240_000,
  },
});
