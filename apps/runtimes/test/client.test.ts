// The packed client on every runtime the README names: one consumer program (consumer/program.mjs), run from
// the installed tarballs on Node.js 20, 22 and 24, Bun and Deno, and bundled by esbuild for workerd and
// Chromium. Every runtime must give the same results on the transport its export conditions pick: the `node`
// build (node:http) on Node.js, Bun and Deno, the fetch build on workerd and in the browser; the helpers
// (uploadFile and downloadFile, paginate, waitForTask) each a column of their own. The table in the client
// README is written from them.
import { copyFileSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type MockServer, startMockServer } from '@dingtalk-storage/mock';
import { specOperation } from '@dingtalk-storage/spec/operations';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchChromium } from '../../../scripts/chromium.mjs';
import { createPackedConsumer, type PackedConsumer } from '../../../scripts/packed-consumer.mjs';
import { FILE_BYTES, FOLDERS, PAGE, PARTS } from '../consumer/program.mjs';
import { installRuntime, RUNTIMES } from '../src/runtimes.mjs';
import { startWorkerd } from '../src/workerd.mjs';
import { freePort, runToEnd } from './helpers.js';
import { checkedEach, recordTransport, writeResults } from './results.js';

let consumer: PackedConsumer;
let stateful: MockServer;
let prism: MockServer;
let urls: { stateful: string; prism: string; closed: string };

beforeAll(async () => {
  consumer = createPackedConsumer({ packages: ['spec', 'types', 'client'] });
  for (const file of ['program.mjs', 'cli.mjs', 'worker.mjs', 'page.mjs']) {
    copyFileSync(new URL(`../consumer/${file}`, import.meta.url), join(consumer.dir, file));
  }
  stateful = await startMockServer({ port: 0, mode: 'stateful' });
  prism = await startMockServer({ port: 0, mode: 'prism' });
  urls = { stateful: stateful.url, prism: prism.url, closed: `http://127.0.0.1:${await freePort()}` };
}, 240_000);

afterAll(async () => {
  writeResults();
  await Promise.all([stateful?.close(), prism?.close()]);
  consumer?.cleanup();
});

// What the program reports on a runtime where the client works: the 400's code is the one of the spec's
// example Prism answers with; the rest is the client's error classes and the program's own values.
const spec = JSON.parse(readFileSync(new URL('../../../spec/dist/openapi.json', import.meta.url), 'utf8'));
const paramErrorName = specOperation(spec, 'createSpace').responses.get(400)?.examples['paramError.name']
  ?.value as { code: string };
const expected = (transport: 'node:http' | 'fetch') => ({
  transport,
  created: { name: 'Runtime', quota: 1073741824, readBack: true },
  invalid: {
    name: 'StorageApiError',
    status: 400,
    code: paramErrorName.code,
  },
  network: 'StorageNetworkError',
  timeout: { name: 'StorageTimeoutError', received: 1 },
  aborted: 'stopped by the caller',
});

/** What the program reports of the helpers on the drive emulator, each check of the table on its own. */
type Reported = Record<string, unknown> & { files?: unknown; paginate?: unknown; wait?: unknown };
const helperChecks = (transport: 'node:http' | 'fetch') => ({
  client: ({ files, paginate, wait, ...client }: Reported) => expect(client).toEqual(expected(transport)),
  // Every part PUT (onProgress once per answered PUT), the size committed, the same bytes back.
  files: ({ files }: Reported) =>
    expect(files).toEqual({ puts: PARTS, committed: FILE_BYTES, downloaded: FILE_BYTES, sameSha256: true }),
  paginate: ({ paginate }: Reported) =>
    expect(paginate).toEqual({ items: FOLDERS, pages: [PAGE, PAGE, FOLDERS - 2 * PAGE] }),
  wait: ({ wait }: Reported) => expect(wait).toEqual({ async: true, status: 'SUCCESS', copied: ['project'] }),
});

/** `entry` bundled for the browser; `conditions` as a bundler for that runtime names them (wrangler's for workerd). */
const bundle = async (entry: string, conditions: string[] = ['browser']) =>
  (
    await build({
      entryPoints: [join(consumer.dir, entry)],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      conditions,
      write: false,
      logLevel: 'silent',
    })
  ).outputFiles[0]?.text ?? '';

/** The program's result, its transport noted for the table first (so a failing runtime still shows it). */
function reported(runtime: string, result: Reported | undefined): Reported {
  if (typeof result?.transport === 'string') recordTransport(runtime, result.transport);
  return result ?? {};
}

it.each([
  {
    name: 'Node.js 20',
    version: "the machine's (20.19+)",
    binary: () => process.execPath,
    reports: /^Node\.js 20\./,
  },
  ...RUNTIMES.filter((r) => r.name !== 'workerd').map((r) => ({
    name: r.name,
    version: r.version,
    binary: () => installRuntime(r, { log: console.log }),
    reports: new RegExp(`^(Node\\.js|Bun|Deno) ${r.version.replaceAll('.', '\\.')}$`),
  })),
])(
  '$name runs the program from the installed tarballs',
  ({ name, version, binary, reports }) =>
    checkedEach(
      name,
      version,
      async () => {
        const args =
          name === 'Deno' ? ['run', '--allow-net', '--allow-read', '--allow-env', 'cli.mjs'] : ['cli.mjs'];
        const output = await runToEnd(
          binary(),
          [...args, urls.stateful, urls.prism, urls.closed],
          consumer.dir,
        );
        const { runtime, result } = JSON.parse(output.trim().split('\n').pop() ?? '{}');
        expect(runtime).toMatch(reports);
        return reported(name, result);
      },
      helperChecks('node:http'),
    ),
  120_000,
);

it('workerd runs the program bundled', async () => {
  const runtime = RUNTIMES.find((r) => r.name === 'workerd');
  if (!runtime) throw new Error('workerd is not in RUNTIMES');
  const binary = installRuntime(runtime, { log: console.log });
  await checkedEach(
    'workerd',
    runtime.version,
    async () => {
      consumer.write('worker.bundle.mjs', await bundle('worker.mjs', ['workerd', 'worker', 'browser']));
      const version = (await runToEnd(binary, ['--version'], consumer.dir)).trim();
      expect(version.replaceAll('-', '')).toContain(runtime.version.split('.')[1] ?? ''); // workerd 2026-11-17
      const port = await freePort();
      const worker = await startWorkerd(binary, { dir: consumer.dir, workerFile: 'worker.bundle.mjs', port });
      try {
        const response = await fetch(worker.url, { method: 'POST', body: JSON.stringify(urls) });
        const text = await response.text();
        expect(response.status, `${text}\n${worker.output()}`).toBe(200);
        return reported('workerd', JSON.parse(text).result);
      } finally {
        await worker.stop();
      }
    },
    helperChecks('fetch'),
  );
}, 120_000);

it('Chromium runs the program bundled, in a page', async () => {
  const script = await bundle('page.mjs');
  const page: Server = createServer((req, res) => {
    const js = req.url === '/app.js';
    res.writeHead(200, { 'content-type': js ? 'text/javascript' : 'text/html' });
    res.end(js ? script : '<!doctype html><script type="module" src="/app.js"></script>');
  });
  await new Promise<void>((resolve) => page.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(page.address() as AddressInfo).port}`;
  // The page injects delays over the admin API, which answers no web page unless its origin is named.
  const pageMock = await startMockServer({ port: 0, mode: 'stateful', adminOrigins: [origin] });
  const browser = await launchChromium(chromium);
  try {
    await checkedEach(
      'Chromium',
      "Debian's package",
      async () => {
        const tab = await browser.newPage();
        await tab.goto(`${origin}/`);
        await tab.waitForFunction(() => 'run' in window, undefined, { timeout: 10_000 });
        const result = await tab.evaluate(
          (u: typeof urls) => (window as unknown as { run(u: unknown): Promise<unknown> }).run(u),
          { ...urls, stateful: pageMock.url },
        );
        return reported('Chromium', result as Reported);
      },
      helperChecks('fetch'),
    );
  } finally {
    await browser.close();
    page.close();
    await pageMock.close();
  }
}, 120_000);
