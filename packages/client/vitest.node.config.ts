// The client's suite again, on the node:http wire: the same test files (not a copy), with default-wire.ts
// swapped for default-wire-node.ts as the `node` build swaps it (tsdown.config.ts). Tests that pass their
// own `fetch` use it here too, as users who pass one do.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.ts';

const fetchWire = fileURLToPath(new URL('./src/default-wire.js', import.meta.url));
const nodeWire = fileURLToPath(new URL('./src/default-wire-node.ts', import.meta.url));

export default mergeConfig(
  base,
  defineConfig({
    plugins: [
      {
        name: 'dingtalk-storage:node-wire',
        enforce: 'pre',
        // Wherever it is imported from: src/ (the client) and src/files/ (the byte legs).
        resolveId: (source: string, importer: string | undefined) =>
          importer && resolve(dirname(importer), source) === fetchWire ? nodeWire : undefined,
      },
    ],
    test: {
      name: 'client-node',
      // Type tests do not depend on the wire: the `client` project runs them.
      typecheck: { enabled: false },
      // Tests of the packed package and the built files do not depend on the wire under test either.
      exclude: ['test/packed-consumer.test.ts', 'test/dist.test.ts', 'test/minified.test.ts'],
    },
  }),
);
