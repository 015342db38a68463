import { defineConfig } from 'tsdown';
import { packageVersion } from './package-version.ts';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  platform: 'neutral',
  target: 'es2022',
  dts: true,
  sourcemap: false,
  define: { __CLIENT_VERSION__: JSON.stringify(packageVersion) },
});
