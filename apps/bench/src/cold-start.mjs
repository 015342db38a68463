// Cold start: a fresh node process that imports a client and completes one call against the local server;
// wall time (spawn to exit, measured here) and the child's peak RSS.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startLocalServer } from './local-server.mjs';
import { interleave, now } from './stats.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const scripts = {
  '@dingtalk-storage/client': `
    import { createStorageClient } from '@dingtalk-storage/client';
    const storage = createStorageClient({ accessToken: 'bench-token', baseUrl: process.argv[1] });
    await storage.createSpace({ unionId: 'u-bench', option: { name: 'Bench' } });
    process.stdout.write(String(process.resourceUsage().maxRSS));`,
  '@alicloud/dingtalk (official)': `
    import { createRequire } from 'node:module';
    const require = createRequire(${JSON.stringify(`${here}/`)});
    const Storage = require('@alicloud/dingtalk/storage_1_0');
    const { Config } = require('@alicloud/openapi-client');
    const { RuntimeOptions } = require('@alicloud/tea-util');
    const client = new Storage.default(new Config({ protocol: 'http', endpoint: new URL(process.argv[1]).host, regionId: 'central' }));
    await client.addSpaceWithOptions(
      new Storage.AddSpaceRequest({ unionId: 'u-bench', option: new Storage.AddSpaceRequestOption({ name: 'Bench' }) }),
      new Storage.AddSpaceHeaders({ xAcsDingtalkAccessToken: 'bench-token' }),
      new RuntimeOptions({}),
    );
    process.stdout.write(String(process.resourceUsage().maxRSS));`,
};

function runOnce(script, url, rss) {
  const start = now();
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--input-type=module', '-e', script, url], { cwd: here }, (error, stdout) => {
      if (error) return reject(error);
      rss.push(Number(stdout) / 1024); // MiB
      resolve(now() - start);
    });
  });
}

export async function measureColdStart({ rounds }) {
  const server = await startLocalServer();
  try {
    const rss = Object.fromEntries(Object.keys(scripts).map((n) => [n, []]));
    const wall = await interleave(
      Object.fromEntries(
        Object.entries(scripts).map(([name, script]) => [name, () => runOnce(script, server.url, rss[name])]),
      ),
      rounds,
    );
    return { wall, rss };
  } finally {
    await server.stop();
  }
}
