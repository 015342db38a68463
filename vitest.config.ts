// One vitest run over the whole repo: each package's own vitest.config.ts is a project named after it.
// `pnpm test` runs the same configs per package through turbo (cached); `pnpm vitest` runs them all here.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      'spec/vitest.config.ts',
      'packages/*/vitest.config.ts',
      // The client's suite once more on the node:http wire (the `node` build's default).
      'packages/client/vitest.node.config.ts',
      'apps/*/vitest.config.ts',
    ],
  },
});
