import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'types',
    include: [],
    // The public types are checked by tsc through vitest's typecheck mode.
    typecheck: { enabled: true, only: true, include: ['test/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
  },
});
