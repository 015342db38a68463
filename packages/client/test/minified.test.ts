// Error names survive a minifier: `esbuild --minify` renames classes, so a name read from
// `constructor.name` would become `J`. The built client is minified here and its errors are made for real.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type * as Client from '../src/index.js';
import { dingtalkError, type FaultServer, hang, startFaultServer } from './fault-server.js';
import { TOKEN } from './fixtures.js';

let minified: typeof Client;
let server: FaultServer;
let folder: string | undefined;

beforeAll(async () => {
  const { outputFiles } = await build({
    entryPoints: [fileURLToPath(new URL('../dist/index.js', import.meta.url))],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'neutral',
    write: false,
  });
  folder = mkdtempSync(join(tmpdir(), 'client-minified-'));
  const file = join(folder, 'client.min.mjs');
  writeFileSync(file, outputFiles[0]?.text ?? '');
  minified = await import(pathToFileURL(file).href);
  server = await startFaultServer([dingtalkError(400, 'paramError'), hang]);
});
afterAll(async () => {
  if (folder) rmSync(folder, { recursive: true, force: true });
  await server?.close();
});

it('every error class keeps its name after minification', async () => {
  const { createStorageClient, StorageApiError, StorageTimeoutError, StorageValidationError } = minified;
  // A timeout that only a hang reaches, so the 400 arrives however busy the machine is; the hung second
  // request gets a short one of its own.
  const storage = createStorageClient({
    accessToken: TOKEN,
    baseUrl: server.url,
    timeoutMs: 60_000,
    retry: false,
  });
  const api = await storage.createSpace({ unionId: 'u-1' }).catch((e: unknown) => e);
  const timeout = await storage.createSpace({ unionId: 'u-1' }, { timeoutMs: 200 }).catch((e: unknown) => e);
  const network = await createStorageClient({
    accessToken: TOKEN,
    baseUrl: 'http://127.0.0.1:9',
    retry: false,
  })
    .createSpace({ unionId: 'u-1' })
    .catch((e: unknown) => e);
  let validation: unknown;
  try {
    createStorageClient({ accessToken: '' });
  } catch (error) {
    validation = error;
  }
  // The minifier did rename the classes, so the names below cannot come from constructor.name.
  expect(StorageApiError.name).not.toBe('StorageApiError');
  expect(StorageTimeoutError.name).not.toBe('StorageTimeoutError');
  expect([api, timeout, network, validation].map((e) => (e as Error).name)).toEqual([
    'StorageApiError',
    'StorageTimeoutError',
    'StorageNetworkError',
    'StorageValidationError',
  ]);
  expect(validation).toBeInstanceOf(StorageValidationError);
  expect(String(api)).toMatch(/^StorageApiError: /);
});
