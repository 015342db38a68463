// The packed mock's CLI started under Node.js 22 and 24, Bun and Deno, in the stateful and prism modes,
// answering DingTalk's official Node SDK (storage_1_0 AddSpace): the wire format the client matches.
import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPackedConsumer, type PackedConsumer } from '../../../scripts/packed-consumer.mjs';
import { installRuntime, RUNTIMES } from '../src/runtimes.mjs';
import { freePort } from './helpers.js';
import { checked, writeResults } from './results.js';

const require = createRequire(import.meta.url);

let consumer: PackedConsumer;
beforeAll(() => {
  consumer = createPackedConsumer({ packages: ['spec', 'types', 'mock'] });
}, 240_000);
afterAll(() => {
  writeResults();
  consumer?.cleanup();
});

/** The official SDK's AddSpace against `url`: what DingTalk's own users send. */
async function officialAddSpace(url: string) {
  const Storage = require('@alicloud/dingtalk/storage_1_0');
  const { Config } = require('@alicloud/openapi-client');
  const { RuntimeOptions } = require('@alicloud/tea-util');
  const client = new Storage.default(
    new Config({ protocol: 'http', endpoint: new URL(url).host, regionId: 'central' }),
  );
  const answer = await client.addSpaceWithOptions(
    new Storage.AddSpaceRequest({
      unionId: 'u-1',
      option: new Storage.AddSpaceRequestOption({ name: 'Official', scene: 'runtime', sceneId: '1' }),
    }),
    new Storage.AddSpaceHeaders({ xAcsDingtalkAccessToken: 'runtime-token' }),
    new RuntimeOptions({}),
  );
  return answer.body.space;
}

/** The CLI under `binary`, ready once it printed its last line; rejects with its output otherwise. */
async function startCli(
  binary: string,
  args: string[],
): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(binary, args, { cwd: consumer.dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk;
  });
  for (
    const deadline = Date.now() + 30_000;
    !output.includes('stop it with');
    await new Promise((r) => setTimeout(r, 50))
  ) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the mock did not start under ${binary}:\n${output}`);
    }
  }
  return { child, url: /listening on (http:\/\/\S+)/.exec(output)?.[1] ?? '', output: () => output };
}

const runtimes = [
  { name: 'Node.js 20', version: "the machine's (20.19+)", binary: () => process.execPath },
  ...RUNTIMES.filter((r) => r.name !== 'workerd').map((r) => ({
    name: r.name,
    version: r.version,
    binary: () => installRuntime(r, { log: console.log }),
  })),
];
const cases = runtimes.flatMap((runtime) =>
  (['stateful', 'prism'] as const).map((mode) => ({ name: runtime.name, mode, runtime })),
);

it.each(cases)(
  '$name runs the mock ($mode) and it answers the official SDK',
  ({ name, mode, runtime }) =>
    checked(`mock ${mode}`, name, runtime.version, async () => {
      const bin = join('node_modules', '@dingtalk-storage', 'mock', 'bin', 'dingtalk-storage-mock.mjs');
      const prefix = name === 'Deno' ? ['run', '--allow-all', bin] : [bin];
      const port = await freePort();
      const cli = await startCli(runtime.binary(), [...prefix, '--port', String(port), '--mode', mode]);
      try {
        const space = await officialAddSpace(cli.url);
        expect(space.id, cli.output()).toMatch(/^\d+$/);
        // The stateful fake echoes what was sent; Prism answers the spec's example.
        if (mode === 'stateful')
          expect(space).toMatchObject({ name: 'Official', scene: 'runtime', sceneId: '1' });
      } finally {
        const exited = new Promise((resolve) => cli.child.once('exit', resolve));
        cli.child.kill('SIGTERM');
        await exited;
      }
    }),
  120_000,
);
