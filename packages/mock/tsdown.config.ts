import { defineConfig, type UserConfig } from 'tsdown';

const common: UserConfig = {
  platform: 'node',
  target: 'node20',
  dts: true,
  // The spec is built into the code (src/spec.ts imports it): the mock reads no file, so the same code runs
  // in a browser under MSW.
  deps: { alwaysBundle: ['@dingtalk-storage/spec/openapi.json'] },
};

export default defineConfig([
  // ESM: the library, the MSW handlers, the vitest helper (vitest is ESM-only) and the CLI (which top-level
  // awaits), sharing chunks.
  {
    ...common,
    entry: ['src/index.ts', 'src/msw.ts', 'src/vitest.ts', 'src/vitest-setup.ts', 'src/cli.ts'],
    format: 'esm',
    // Also shipped as a file, for tools that want the spec the mock follows (`@dingtalk-storage/mock/openapi.json`).
    copy: [{ from: '../../spec/dist/openapi.json', to: 'dist' }],
  },
  { ...common, entry: ['src/index.ts', 'src/msw.ts'], format: 'cjs' },
]);
