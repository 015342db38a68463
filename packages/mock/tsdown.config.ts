import { defineConfig, type UserConfig } from 'tsdown';

const common: UserConfig = {
  platform: 'node',
  target: 'node20',
  dts: true,
  // import.meta.url (to find the shipped openapi.json) also works in the CommonJS build.
  shims: true,
};

export default defineConfig([
  // ESM: the library and the CLI (which top-level awaits), sharing one chunk.
  {
    ...common,
    entry: ['src/index.ts', 'src/cli.ts'],
    format: 'esm',
    // The bundled spec ships inside the package, so the mock needs nothing else at run time.
    copy: [{ from: '../../spec/dist/openapi.json', to: 'dist' }],
  },
  { ...common, entry: ['src/index.ts'], format: 'cjs' },
]);
