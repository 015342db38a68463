import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'wire-parity',
    include: ['test/**/*.test.ts'],
    // Deadlines that only end a hang: the mock's start and every SDK call of a mode run in one beforeAll.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
