// The bare side of the emulator benchmarks and the byte legs both sides share, over real HTTP on 127.0.0.1.
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTemporaryFolder } from '../../../scripts/temporary-folder.mjs';
import { getBytes, putBytes } from '../src/byte-legs.mjs';
import { CHUNK_BYTES } from '../src/bytes.mjs';
import { startLocalServer } from '../src/local-server.mjs';

describe('byte-server.mjs with the byte legs', () => {
  let folder;
  let dir;
  let server;
  beforeAll(async () => {
    folder = createTemporaryFolder('dingtalk-storage-bench-test-');
    dir = join(folder.path, 'bare');
    mkdirSync(dir);
    server = await startLocalServer(new URL('../src/byte-server.mjs', import.meta.url), [dir]);
  });
  afterAll(async () => {
    await server?.stop();
    folder?.remove();
  });

  it('writes a PUT to a file in its folder (no temp file left) and streams it back on GET', async () => {
    const size = 2 * CHUNK_BYTES + 3;
    await putBytes(`${server.url}/round-trip`, {}, size);
    expect(statSync(join(dir, 'round-trip')).size).toBe(size);
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    expect(await getBytes(`${server.url}/round-trip`, {})).toBe(size);
  });

  it('removes the file on DELETE; a GET of it then fails with the status', async () => {
    await putBytes(`${server.url}/gone`, {}, 10);
    await fetch(`${server.url}/gone`, { method: 'DELETE' }).then((res) => res.arrayBuffer());
    expect(existsSync(join(dir, 'gone'))).toBe(false);
    await expect(getBytes(`${server.url}/gone`, {})).rejects.toThrow(/GET .*\/gone answered 404/);
  });

  it('writes nothing outside its folder', async () => {
    await expect(putBytes(`${server.url}/..%2Fescaped`, {}, 10)).rejects.toThrow(/answered 500/);
    expect(existsSync(join(dir, '..', 'escaped'))).toBe(false);
  });
});

describe('putBytes', () => {
  it("reports a refusal sent while the body is still going (the server's status and body, not a broken pipe)", async () => {
    const refusing = createServer((_req, res) => {
      res.writeHead(403, { 'content-type': 'application/xml', connection: 'close' });
      res.end('<Error><Code>AccessDenied</Code></Error>');
    });
    await new Promise((resolve) => refusing.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${refusing.address().port}/object`;
      await expect(putBytes(url, {}, 64 * CHUNK_BYTES)).rejects.toThrow(/answered 403: .*AccessDenied/);
    } finally {
      refusing.closeAllConnections();
      await new Promise((resolve) => refusing.close(resolve));
    }
  });
});
