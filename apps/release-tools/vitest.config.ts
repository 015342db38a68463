import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'release-tools',
    include: ['test/**/*.test.ts'],
    // The proof that an operation needs no code builds a copy of the repository and runs suites in it.
    testTimeout: 300_000,
  },
});
