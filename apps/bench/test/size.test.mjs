// The built client bundled as a browser's (and a worker's) bundler resolves it imports no Node module: the
// node:http wire is the `node` build's alone. Bundles packages/client/dist (pnpm build makes it).
import { describe, expect, it } from 'vitest';
import { bundledClient, bundledFiles } from '../src/size.mjs';

describe('the client bundled by export condition', () => {
  it.each(['browser', 'default'])('%s: imports no Node module', async (condition) => {
    const { nodeImports, gzip } = await bundledClient(condition);
    expect(gzip).toBeGreaterThan(0);
    expect(nodeImports).toEqual([]);
  });

  it('node: imports node:http, node:https and node:zlib (the check sees a Node import where there is one)', async () => {
    const { nodeImports } = await bundledClient('node');
    expect(nodeImports).toEqual(expect.arrayContaining(['node:http', 'node:https', 'node:zlib']));
  });

  it('/files for browsers: a bundle of its own that imports no Node module, and what it adds to the core', async () => {
    const files = await bundledFiles();
    expect(files.alone.gzip).toBeGreaterThan(0);
    expect(files.alone.nodeImports).toEqual([]);
    expect(files.added.gzip).toBeGreaterThan(0);
    expect(files.added.gzip).toBeLessThan(files.alone.gzip);
  });
});
