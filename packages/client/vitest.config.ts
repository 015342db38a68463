import { defineConfig } from 'vitest/config';
import { packageVersion } from './package-version.ts';

export default defineConfig({
  define: { __CLIENT_VERSION__: JSON.stringify(packageVersion) },
  test: {
    name: 'client',
    include: ['test/**/*.test.ts'],
    // Some tests start child processes or install packages; under a loaded CI machine they need room.
    testTimeout: 30_000,
    typecheck: { enabled: true, include: ['test/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
  },
});
