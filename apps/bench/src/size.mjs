// Size: our client bundled and minified with esbuild (openapi-fetch included), bare openapi-fetch the same
// way, and the installed footprint of the official SDK with its dependencies.
import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
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

async function bundled(contents) {
  const result = await build({
    ...BUNDLE,
    stdin: { contents, resolveDir: dirname(new URL(import.meta.url).pathname), loader: 'js' },
  });
  const code = result.outputFiles[0].contents;
  return { min: code.length, gzip: gzipSync(code, { level: 9 }).length };
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
  return {
    '@dingtalk-storage/client (with openapi-fetch)': await bundled(
      "export * from '@dingtalk-storage/client';",
    ),
    'openapi-fetch (bare)': await bundled("export { default } from 'openapi-fetch';"),
    clientBreakdown: await clientBreakdown(),
    perOperation: await perOperation(),
    officialInstalled: { bytes: [...official.values()].reduce((a, b) => a + b, 0), packages: official.size },
  };
}
