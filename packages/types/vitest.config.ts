import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'types',
    // The generator's spec rewrite is tested in JavaScript, as the generator is written (the package has
    // no Node types); the public types are checked by tsc through vitest's typecheck mode.
    include: ['test/**/*.test.mjs'],
    typecheck: { enabled: true, include: ['test/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
  },
});
