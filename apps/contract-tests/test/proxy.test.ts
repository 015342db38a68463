// The CONTRACT_BASE_URL path is itself tested: a server that breaks the spec (ownerType "GROUP") behind the
// validating proxy is reported, by field, both by a direct call and by the suite run against it; servers
// that key spaces wrongly fail the idempotency cases, and one that keys them right passes them.
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
    const { code, output } = await runSuite('test/documented.test.ts', wrongUrl);
    expect(code).not.toBe(0);
    expect(output).toContain('space.ownerType');
  });
});

/** Runs one file of the suite against `baseUrl`, as the README tells users to. */
function runSuite(file: string, baseUrl: string): Promise<{ code: number | null; output: string }> {
  const suite = fileURLToPath(new URL('..', import.meta.url));
  // Plain text: FORCE_COLOR (set by a parent vitest) would win over NO_COLOR.
  const { FORCE_COLOR: _, ...env } = process.env;
  return new Promise((resolve) => {
    execFile(
      join(suite, 'node_modules/.bin/vitest'),
      ['run', file],
      { cwd: suite, env: { ...env, CONTRACT_BASE_URL: baseUrl, NO_COLOR: '1' }, timeout: 120_000 },
      (error, stdout, stderr) =>
        resolve({ code: error ? (error.code as number) : 0, output: stdout + stderr }),
    );
  });
}

type SpaceKey = (unionId: string, scene: string, sceneId: string) => string;

/** A server that answers spec-valid spaces, one per key, and gets them back by id: the key is under test. */
async function keyedServer(key: SpaceKey): Promise<{ url: string; close(): void }> {
  const spaces = new Map<string, Record<string, unknown>>();
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => {
      raw += chunk;
    });
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://server');
      const answer = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.method === 'GET') {
        const id = decodeURIComponent(url.pathname.split('/').pop() ?? '');
        const space = [...spaces.values()].find((s) => s.id === id);
        return space
          ? answer(200, { space })
          : answer(404, { code: 'spaceNotFound', message: `no space ${id}`, requestid: 'r' });
      }
      const option = JSON.parse(raw || '{}').option ?? {};
      const scene = option.scene ?? 'default';
      const sceneId = option.sceneId ?? '0';
      const k = key(url.searchParams.get('unionId') ?? '', scene, sceneId);
      if (!spaces.has(k)) {
        spaces.set(k, {
          ...wrongSpace.space,
          ownerType: 'USER',
          id: String(spaces.size + 1),
          scene,
          sceneId,
        });
      }
      answer(200, { space: spaces.get(k) });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

describe('the idempotency cases against servers that key spaces', () => {
  it.each<[string, SpaceKey, string]>([
    [
      'on sceneId alone',
      (_u, _scene, sceneId) => sceneId,
      'the same sceneId in another scene is another space',
    ],
    [
      'per operator (unionId, scene, sceneId)',
      (unionId, scene, sceneId) => JSON.stringify([unionId, scene, sceneId]),
      'another operator (unionId) gets the same space',
    ],
    ['per operator alone', (unionId) => unionId, 'different sceneIds give different spaces'],
  ])('%s: the suite fails, naming the case', async (_, key, failing) => {
    const server = await keyedServer(key);
    try {
      const { code, output } = await runSuite('test/idempotency.test.ts', server.url);
      expect(code).not.toBe(0);
      expect(output).toMatch(new RegExp(`(FAIL|×).*${failing.replace(/[()]/g, '\\$&')}`));
    } finally {
      server.close();
    }
  });

  it('per (scene, sceneId): the suite passes', async () => {
    const server = await keyedServer((_u, scene, sceneId) => JSON.stringify([scene, sceneId]));
    try {
      const { code, output } = await runSuite('test/idempotency.test.ts', server.url);
      expect(output).toMatch(/Tests\s+6 passed/);
      expect(code).toBe(0);
    } finally {
      server.close();
    }
  });
});
