import { defineConfig } from 'tsdown';

// Declarations only, for ESM (.d.ts) and CommonJS (.d.cts) consumers; the package ships no JavaScript.
export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: { emitDtsOnly: true },
});
