import { fileURLToPath } from 'node:url';
import { defineConfig, type UserConfig } from 'tsdown';
import { packageVersion } from './package-version.ts';

const common: UserConfig = {
  format: ['esm', 'cjs'],
  target: 'es2022',
  dts: true,
  sourcemap: false,
  define: { __CLIENT_VERSION__: JSON.stringify(packageVersion) },
};

/** The `node` build: its default wire is node:http (default-wire-node.ts) instead of fetch. */
const nodeWire = {
  name: 'dingtalk-storage:node-wire',
  resolveId(source: string) {
    return source === './default-wire.js'
      ? fileURLToPath(new URL('./src/default-wire-node.ts', import.meta.url))
      : undefined;
  },
};

export default defineConfig([
  // The `default` and `browser` export conditions (workers, browsers): fetch, no Node module.
  { ...common, entry: ['src/index.ts'], platform: 'neutral' },
  // The `node` export condition (Node, Bun, Deno): node:http with keep-alive.
  { ...common, entry: { 'index.node': 'src/index.ts' }, platform: 'node', plugins: [nodeWire], clean: false },
]);
