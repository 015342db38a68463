import { dirname, resolve } from 'node:path';
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

const source = (path: string) => fileURLToPath(new URL(`./src/${path}`, import.meta.url));

/**
 * The `node` build: its default wire is node:http (default-wire-node.ts) instead of fetch, wherever
 * default-wire.js is imported from (the client's options and the file helpers' byte legs).
 */
const nodeWire = {
  name: 'dingtalk-storage:node-wire',
  resolveId(imported: string, importer: string | undefined) {
    return importer && resolve(dirname(importer), imported) === source('default-wire.js')
      ? source('default-wire-node.ts')
      : undefined;
  },
};

export default defineConfig([
  // The `default` and `browser` export conditions (workers, browsers): fetch, no Node module.
  // `files` (@dingtalk-storage/client/files) is its own entry, so the core bundle does not carry it.
  { ...common, entry: { index: 'src/index.ts', files: 'src/files/index.ts' }, platform: 'neutral' },
  // The `node` export condition (Node, Bun, Deno): node:http with keep-alive.
  {
    ...common,
    entry: { 'index.node': 'src/index.ts', 'files.node': 'src/files/index.ts' },
    platform: 'node',
    plugins: [nodeWire],
    clean: false,
  },
]);
