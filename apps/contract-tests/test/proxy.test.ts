// The CONTRACT_BASE_URL path is itself tested: a server that breaks the spec (ownerType "GROUP") behind the
// validating proxy is reported, by field, both by a direct call and by the suite run against it.
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createStorageClient, StorageApiError } from '@dingtalk-storage/client';
import { startValidatingProxy } from '@dingtalk-storage/mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const wrongSpace = {
  space: {
    id: '1',
    ownerType: 'GROUP',
    status: 'NORMAL',
    createTime: '2022-07-29T14:55Z',
    partitions: [{ partitionType: 'PUBLIC_OSS_PARTITION', quota: { used: 0, type: 'SHARE' } }],
  },
};

let wrongServer: Server;
let wrongUrl = '';
beforeAll(async () => {
  wrongServer = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(wrongSpace));
    });
  });
  await new Promise<void>((resolve) => wrongServer.listen(0, '127.0.0.1', resolve));
  wrongUrl = `http://127.0.0.1:${(wrongServer.address() as AddressInfo).port}`;
});
afterAll(() => {
  wrongServer.closeAllConnections();
  wrongServer.close();
});

describe('validating proxy', () => {
  it('turns a non-conforming answer into an error naming the field', async () => {
    const proxy = await startValidatingProxy({ upstream: wrongUrl });
    try {
      const response = await fetch(`${proxy.url}/v1.0/storage/spaces?unionId=u-1`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-acs-dingtalk-access-token': 'tok' },
        body: '{}',
      });
      expect(response.status).toBe(500);
      const problem = await response.json();
      expect(problem.validation).toEqual([
        expect.objectContaining({ location: ['response', 'body', 'space', 'ownerType'], severity: 'Error' }),
      ]);
      const storage = createStorageClient({ accessToken: 'tok', baseUrl: proxy.url, retry: false });
      const error = await storage.createSpace({ unionId: 'u-1' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StorageApiError);
      expect(error).toMatchObject({ status: 500 });
    } finally {
      await proxy.close();
    }
  });

  it('makes the suite fail against that server, pointing at space.ownerType', async () => {
    const suite = fileURLToPath(new URL('..', import.meta.url));
    const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve) => {
      execFile(
        join(suite, 'node_modules/.bin/vitest'),
        ['run', 'test/documented.test.ts'],
        {
          cwd: suite,
          env: { ...process.env, CONTRACT_BASE_URL: wrongUrl, FORCE_COLOR: '0' },
          timeout: 120_000,
        },
        (error, stdout, stderr) =>
          resolve({ code: error ? (error.code as number) : 0, output: stdout + stderr }),
      );
    });
    expect(code).not.toBe(0);
    expect(output).toContain('space.ownerType');
  });
});
