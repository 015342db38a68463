import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'contract-tests',
    include: ['test/**/*.test.ts'],
    // Against your own server (CONTRACT_BASE_URL), the files about the mock itself do not apply.
    exclude: process.env.CONTRACT_BASE_URL ? ['test/dynamic.test.ts', 'test/proxy.test.ts'] : [],
    // The suite's cost per operation of the spec, printed after the run (timing-reporter.ts).
    reporters: ['default', './timing-reporter.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
