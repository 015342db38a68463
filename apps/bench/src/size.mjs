// Size: our built client bundled and minified with esbuild (openapi-fetch included) as a browser's bundler
// and as a Node one would resolve it, bare openapi-fetch the same way, the Node modules each bundle imports
// (none for browsers: the node:http wire is the `node` build's alone), and the installed footprint of the
// official SDK with its dependencies.
import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const require = createRequire(import.meta.url);

// How a consumer's bundler would ship the code: one minified ESM file, in memory.
const BUNDLE = {
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'neutral',
  mainFields: ['module', 'main'],
  write: false,
};

/** The client bundled for browsers (its `browser` export condition): the bundle the size budget holds. */
export const BROWSER_BUNDLE = '@dingtalk-storage/client, browser condition (with openapi-fetch)';
/** The client bundled for Node (its `node` export condition, the node:http wire): reported beside it. */
export const NODE_BUNDLE = '@dingtalk-storage/client, node condition (with openapi-fetch)';

/** The file helpers' subpath bundled for browsers on its own: its own size (issue 26). */
export const FILES_BUNDLE = '@dingtalk-storage/client/files, browser condition (on its own)';

/**
 * The package export condition each esbuild platform resolves: `browser` (platform browser), `node`
 * (platform node), and neither (platform neutral: the `import` entry, what workers and other runtimes get).
 */
export const PLATFORMS = { browser: 'browser', default: 'neutral', node: 'node' };

const NODE_MODULES = new Set(builtinModules);

/** Records every Node built-in module the bundle imports (as `node:http` or `http`) and leaves it out. */
function nodeModulesSeen(seen) {
  return {
    name: 'node-modules-seen',
    setup(b) {
      // Bare names only (no ./, ../ or scope), then the exact list of Node's.
      b.onResolve({ filter: /^[a-z_][a-z_:/]*$/ }, ({ path }) => {
        if (!path.startsWith('node:') && !NODE_MODULES.has(path)) return undefined;
        const name = path.startsWith('node:') ? path : `node:${path}`;
        if (!seen.includes(name)) seen.push(name);
        return { path, external: true };
      });
    },
  };
}

/** `contents` bundled as `condition` resolves the packages: its sizes and the Node modules it imports. */
async function bundled(contents, condition = 'default') {
  const nodeImports = [];
  const result = await build({
    ...BUNDLE,
    platform: PLATFORMS[condition],
    // esbuild's own per platform (browser: browser, module, main); neutral has none, so BUNDLE's.
    ...(condition !== 'default' && { mainFields: undefined }),
    stdin: { contents, resolveDir: dirname(new URL(import.meta.url).pathname), loader: 'js' },
    plugins: [nodeModulesSeen(nodeImports)],
  });
  const code = result.outputFiles[0].contents;
  return { min: code.length, gzip: gzipSync(code, { level: 9 }).length, nodeImports: nodeImports.sort() };
}

/** The built client (packages/client/dist, through its package exports) bundled for `condition`. */
export const bundledClient = (condition) => bundled("export * from '@dingtalk-storage/client';", condition);

/**
 * `/files` bundled for browsers: on its own (the shared core code it imports included), and what it adds to a
 * bundle that already has the client (both bundled together, less the client alone).
 */
export async function bundledFiles() {
  const alone = await bundled("export * from '@dingtalk-storage/client/files';", 'browser');
  const both = await bundled(
    "export * from '@dingtalk-storage/client'; export * from '@dingtalk-storage/client/files';",
    'browser',
  );
  const core = await bundledClient('browser');
  return { alone, added: { min: both.min - core.min, gzip: both.gzip - core.gzip } };
}

/**
 * Where the client's bytes go: its sources bundled the same way, minified bytes per file (the published
 * dist is one file, so it cannot show this).
 */
async function clientBreakdown() {
  const source = fileURLToPath(new URL('../../../packages/client/src/index.ts', import.meta.url));
  const result = await build({
    ...BUNDLE,
    entryPoints: [source],
    define: { __CLIENT_VERSION__: '"0.0.0"' },
    metafile: true,
  });
  const inputs = Object.values(result.metafile.outputs)[0].inputs;
  return Object.fromEntries(
    Object.entries(inputs)
      .filter(([, input]) => input.bytesInOutput > 0)
      .map(([path, input]) => [
        path.includes('openapi-fetch') ? 'openapi-fetch' : basename(path),
        input.bytesInOutput,
      ])
      .sort((a, b) => b[1] - a[1]),
  );
}

function folderBytes(dir) {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += entry.name === 'node_modules' ? 0 : folderBytes(path);
    else if (entry.isFile()) total += statSync(path).size;
  }
  return total;
}

/** The package folder and every folder of its production dependency closure. */
function footprint(name, from = require.resolve('@alicloud/dingtalk/package.json'), seen = new Map()) {
  const manifestPath = createRequire(from).resolve(`${name}/package.json`);
  const dir = realpathSync(dirname(manifestPath));
  if (seen.has(dir)) return seen;
  seen.set(dir, folderBytes(dir));
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  for (const dep of Object.keys(manifest.dependencies ?? {})) footprint(dep, manifestPath, seen);
  return seen;
}

/**
 * What one more operation costs the client bundle: the client's sources bundled as a user's bundler would,
 * once with the generated operation table of the spec and once with the table the generator makes for the
 * spec plus one more operation (a copy of its last one under a new path and operationId).
 */
async function perOperation() {
  const { generate } = await import('../../../packages/client/scripts/generate.mjs');
  const spec = JSON.parse(readFileSync(require.resolve('@dingtalk-storage/spec/openapi.json'), 'utf8'));
  const [path, item] = Object.entries(spec.paths).at(-1);
  const method = Object.keys(item).find((key) => key !== 'parameters');
  const grown = structuredClone(spec);
  grown.paths[`${path}/copy`] = { [method]: { ...item[method], operationId: 'benchOperationCopy' } };
  const source = fileURLToPath(new URL('../../../packages/client/src/index.ts', import.meta.url));
  const size = async (table) => {
    const result = await build({
      ...BUNDLE,
      entryPoints: [source],
      define: { __CLIENT_VERSION__: '"0.0.0"' },
      plugins: [
        {
          name: 'operation-table',
          setup(b) {
            b.onLoad({ filter: /generated[\\/]operations\.ts$/ }, () => ({ contents: table, loader: 'ts' }));
          },
        },
      ],
    });
    return gzipSync(result.outputFiles[0].contents, { level: 9 }).length;
  };
  const operations = Object.values(spec.paths).flatMap((entry) => Object.keys(entry)).length;
  const before = await size(generate(spec));
  const after = await size(generate(grown));
  return { operations, before, after, bytes: after - before };
}

export async function measureSize() {
  const official = footprint('@alicloud/dingtalk');
  const client = {};
  for (const condition of Object.keys(PLATFORMS)) client[condition] = await bundledClient(condition);
  const { nodeImports: bareImports, ...bare } = await bundled("export { default } from 'openapi-fetch';");
  const sizes = ({ min, gzip }) => ({ min, gzip });
  const files = await bundledFiles();
  return {
    [BROWSER_BUNDLE]: sizes(client.browser),
    [NODE_BUNDLE]: sizes(client.node),
    'openapi-fetch (bare)': bare,
    [FILES_BUNDLE]: sizes(files.alone),
    filesAdded: files.added,
    filesNodeImports: files.alone.nodeImports,
    // The budget's: what a browser and a worker bundle of the client import from Node (nothing).
    nodeImports: { browser: client.browser.nodeImports, default: client.default.nodeImports },
    nodeBuildImports: client.node.nodeImports,
    clientBreakdown: await clientBreakdown(),
    perOperation: await perOperation(),
    officialInstalled: { bytes: [...official.values()].reduce((a, b) => a + b, 0), packages: official.size },
  };
}
