import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'emulator-e2e',
    include: ['test/**/*.test.ts'],
    // Deadlines that only end a hang: a flow is a few dozen local requests, a CLI start a second or two.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
