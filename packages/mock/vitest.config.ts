import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'mock',
    include: ['test/**/*.test.ts'],
    // Generous for a busy 2-core machine (the slowest test here took 2.5 s with two CPU hogs and every
    // package's tests running at once); tests that wait on a child or a close have their own shorter
    // deadlines that name what was still pending.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
