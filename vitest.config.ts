// One vitest run over the whole repo: each package's own vitest.config.ts is a project named after it.
// `pnpm test` runs the same configs per package through turbo (cached); `pnpm vitest` runs them all here.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: ['spec/vitest.config.ts', 'packages/*/vitest.config.ts', 'apps/*/vitest.config.ts'],
  },
});
